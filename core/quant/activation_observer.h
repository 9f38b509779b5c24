#pragma once

// Statistics of one activation tensor across calibration batches, for its range choice.
//
// Min and max are tracked exactly over everything observed. Percentile and MSE clipping need the
// values themselves, so the observer keeps a uniform random sample of bounded size (a reservoir,
// Li's "Algorithm L", which draws O(k log(n / k)) random numbers for n values instead of one per
// value). A reservoir rather than a histogram: a histogram needs its bin range up front, and
// re-binning when a later batch widens the range loses resolution exactly in the tail that
// percentile clipping looks at; the reservoir keeps real values at any range, costs k floats, and
// is exact (holds everything) while fewer than k values have been seen. The seed is fixed, so
// calibration is reproducible. With the default k = 65536, the 99.99th percentile rests on about
// 7 sample values beyond it; raise the size for rarer tails.

#include "core/quant/quantizer.h"
#include "core/quant/range_estimator.h"

#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace autosplit {

class ActivationObserver {
public:
    explicit ActivationObserver(std::string name = {}, size_t reservoirSize = 65536,
                                uint64_t seed = 1);

    // Adds a batch. Fails (observing nothing of it) on a non-float tensor or a NaN/inf value.
    Status observe(const HostTensor& tensor);
    Status observe(std::span<const float> values);

    const std::string& name() const { return m_name; }
    int64_t count() const { return m_count; }
    float min() const { return m_min; }
    float max() const { return m_max; }
    // Mean and mean square of everything observed.
    double mean() const { return m_count ? m_sum / static_cast<double>(m_count) : 0.0; }
    double meanSquare() const {
        return m_count ? m_sumSquares / static_cast<double>(m_count) : 0.0;
    }
    // The reservoir: every value while count() <= capacity, else a uniform sample of capacity
    // values.
    const std::vector<float>& sample() const { return m_sample; }
    size_t capacity() const { return m_capacity; }

    // The range for a scheme (min/max from the exact extremes, percentile and MSE from the
    // sample). Fails when nothing has been observed.
    Result<Range> range(const QuantScheme& scheme, const RangeOptions& options) const;
    Result<QuantParams> params(const QuantScheme& scheme, const RangeOptions& options) const;

private:
    void drawNextSkip();

    std::string m_name;
    size_t m_capacity;
    std::mt19937_64 m_rng;
    std::vector<float> m_sample;
    int64_t m_count = 0;
    float m_min = 0.0f;
    float m_max = 0.0f;
    double m_sum = 0.0;
    double m_sumSquares = 0.0;
    // Algorithm L state: the running W and the stream index of the next value to keep.
    double m_w = 1.0;
    int64_t m_next = 0;
};

} // namespace autosplit
