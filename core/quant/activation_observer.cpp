#include "core/quant/activation_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace autosplit {

ActivationObserver::ActivationObserver(std::string name, size_t reservoirSize, uint64_t seed)
    : m_name(std::move(name)), m_capacity(std::max<size_t>(reservoirSize, 1)), m_rng(seed) {
    m_sample.reserve(std::min<size_t>(m_capacity, 1 << 20));
}

Status ActivationObserver::observe(const HostTensor& tensor) {
    if (tensor.dtype() != DataType::Float)
        return Error{"activation '" + m_name + "' is " + std::string(nameOf(tensor.dtype())) +
                     "; only float32 activations are observed"};
    return observe(tensor.span<float>());
}

void ActivationObserver::drawNextSkip() {
    // Li (1994), Algorithm L: W = W * exp(log(U) / k); skip floor(log(U) / log(1 - W)) values.
    std::uniform_real_distribution<double> uniform(std::numeric_limits<double>::min(), 1.0);
    const double k = static_cast<double>(m_capacity);
    m_w *= std::exp(std::log(uniform(m_rng)) / k);
    const double skip = std::floor(std::log(uniform(m_rng)) / std::log1p(-m_w));
    // W close to 0 makes the skip astronomically large; cap it instead of overflowing.
    const double capped =
        std::min(skip, static_cast<double>(std::numeric_limits<int64_t>::max() / 4));
    m_next += static_cast<int64_t>(capped) + 1;
}

Status ActivationObserver::observe(std::span<const float> values) {
    if (Status s = checkFinite(values, m_name); !s)
        return s;
    if (values.empty())
        return Status::success();
    auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    if (m_count == 0) {
        m_min = *lo;
        m_max = *hi;
    } else {
        m_min = std::min(m_min, *lo);
        m_max = std::max(m_max, *hi);
    }
    for (float x : values) {
        m_sum += x;
        m_sumSquares += static_cast<double>(x) * x;
    }

    const int64_t first = m_count;
    const int64_t end = m_count + static_cast<int64_t>(values.size());
    int64_t i = first;
    // Fill phase: keep everything until the reservoir is full.
    while (i < end && m_sample.size() < m_capacity)
        m_sample.push_back(values[static_cast<size_t>(i++ - first)]);
    if (m_sample.size() == m_capacity && m_next == 0) {
        m_next = static_cast<int64_t>(m_capacity) - 1;
        drawNextSkip();
    }
    // Replacement phase: jump straight to the kept indices.
    std::uniform_int_distribution<size_t> slot(0, m_capacity - 1);
    while (m_next < end && m_next >= i) {
        m_sample[slot(m_rng)] = values[static_cast<size_t>(m_next - first)];
        drawNextSkip();
    }
    m_count = end;
    return Status::success();
}

Result<Range> ActivationObserver::range(const QuantScheme& scheme,
                                        const RangeOptions& options) const {
    if (m_count == 0)
        return Error{"activation '" + m_name + "' has not been observed"};
    return chooseRange(m_sample, Range{m_min, m_max}, scheme, options, m_name);
}

Result<QuantParams> ActivationObserver::params(const QuantScheme& scheme,
                                               const RangeOptions& options) const {
    auto r = range(scheme, options);
    if (!r)
        return r.error();
    QuantScheme perTensor = scheme;
    perTensor.axis = -1;
    return paramsFromRange(perTensor, *r);
}

} // namespace autosplit
