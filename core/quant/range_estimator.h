#pragma once

// Range choice for a quantizer (DESIGN.md, "Accuracy"): which [lo, hi] the codes cover.
//
// - MinMax: the smallest and largest value. Nothing is clipped; outliers stretch the step.
// - Percentile: the values between the (100 - p) and p percentiles (p = 99.99 by default; of |x|
//   for symmetric schemes), found with std::nth_element and linear interpolation between the two
//   neighbouring order statistics. Clips the rare tail to shrink the step.
// - Mse: the clipping that minimises the mean squared error between the values and their
//   fake-quantized version. The search scales the min/max range [min(lo, 0), max(hi, 0)] (for
//   symmetric schemes [-max|x|, max|x|]) by a ratio r in (0, 1] on a grid r = k / K (K =
//   mseCandidates, 100 by default), coarse to fine: every S-th ratio with S = round(sqrt(K)),
//   then every ratio within S steps of the best of those, then a golden-section refinement
//   between the best grid ratio's neighbours (mseRefineSteps). The error is a U-shaped curve in r
//   (clipping error falls with r, rounding error grows) that is only piecewise smooth, hence a
//   grid rather than a pure golden-section search; the coarse pass assumes the U holds at a
//   1/S scale, which lets it score about 4 sqrt(K) + mseRefineSteps candidates instead of K.
//   Since r = 1 is the min/max range and is always scored, the result is never worse than
//   MinMax on the values searched. Candidates are scored with a multiplication by 1/scale
//   instead of the division the quantizer uses (much faster; the two round differently only
//   for values within an ulp of a rounding boundary), and a candidate is dropped as soon as its
//   running error exceeds the best so far. They are scored on at most mseSampleLimit values (an
//   evenly strided subset) so that huge activation samples stay cheap; the range ends always come
//   from all values.

#include "core/quant/quantizer.h"

#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace autosplit {

enum class RangeMethod { MinMax, Percentile, Mse };

// "minmax", "percentile", "mse".
std::string_view rangeMethodName(RangeMethod method);
std::optional<RangeMethod> parseRangeMethod(std::string_view name);

struct RangeOptions {
    RangeMethod method = RangeMethod::MinMax;
    double percentile = 99.99;        // Percentile: the share kept, in percent, in (0, 100]
    int mseCandidates = 100;          // Mse: grid points over the clipping ratio
    int mseRefineSteps = 10;          // Mse: golden-section steps after the grid
    int64_t mseSampleLimit = 1 << 16; // Mse: values scored per candidate, at most

    // Checks the numbers; names the bad one.
    Status validate() const;
};

// The range of `values` for `scheme` (symmetric schemes get [-m, m]). Per tensor: the scheme's
// axis is ignored here. Fails on NaN/inf values or bad options; an empty span gives [0, 0].
Result<Range> chooseRange(std::span<const float> values, const QuantScheme& scheme,
                          const RangeOptions& options, std::string_view label = "tensor");

// The same when the values at hand are a sample (an observer's reservoir) and the exact extremes
// of the full data are known: MinMax returns `extremes`; Percentile and Mse work on the sample,
// with the Mse grid spanning `extremes`.
Result<Range> chooseRange(std::span<const float> sample, Range extremes, const QuantScheme& scheme,
                          const RangeOptions& options, std::string_view label = "tensor");

// Quantizer parameters for a tensor: one range per channel along scheme.axis (or one range).
Result<QuantParams> chooseParams(const HostTensor& tensor, const QuantScheme& scheme,
                                 const RangeOptions& options, std::string_view label = "tensor");

// chooseParams then fakeQuantize: a new tensor.
Result<HostTensor> fakeQuantize(const HostTensor& tensor, const QuantScheme& scheme,
                                const RangeOptions& options, std::string_view label = "tensor");

// The p-th percentile (0..100) of values, linearly interpolated; reorders `values`.
float percentileInPlace(std::span<float> values, double p);

// Mean squared error of fake-quantizing finite values with params (per tensor); for the search.
double fakeQuantMse(std::span<const float> values, const QuantParams& params);

} // namespace autosplit
