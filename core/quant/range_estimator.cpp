#include "core/quant/range_estimator.h"

#include "core/runtime/kernels/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace autosplit {

std::string_view rangeMethodName(RangeMethod method) {
    switch (method) {
    case RangeMethod::MinMax:
        return "minmax";
    case RangeMethod::Percentile:
        return "percentile";
    case RangeMethod::Mse:
        return "mse";
    }
    return "minmax";
}

std::optional<RangeMethod> parseRangeMethod(std::string_view name) {
    for (RangeMethod m : {RangeMethod::MinMax, RangeMethod::Percentile, RangeMethod::Mse})
        if (rangeMethodName(m) == name)
            return m;
    return std::nullopt;
}

Status RangeOptions::validate() const {
    if (!(percentile > 0.0 && percentile <= 100.0))
        return Error{"percentile " + std::to_string(percentile) + " is not in (0, 100]"};
    if (mseCandidates < 1 || mseCandidates > 100000)
        return Error{"MSE search candidates " + std::to_string(mseCandidates) +
                     " is not in 1..100000"};
    if (mseRefineSteps < 0 || mseRefineSteps > 100)
        return Error{"MSE refinement steps " + std::to_string(mseRefineSteps) +
                     " is not in 0..100"};
    if (mseSampleLimit < 1)
        return Error{"MSE sample limit must be at least 1"};
    return Status::success();
}

float percentileInPlace(std::span<float> values, double p) {
    if (values.empty())
        return 0.0f;
    const double position =
        std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(position));
    const double fraction = position - static_cast<double>(below);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below),
                     values.end());
    const float a = values[below];
    if (fraction == 0.0 || below + 1 >= values.size())
        return a;
    // After nth_element everything past `below` is >= a; the next order statistic is their minimum.
    const float b =
        *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
    return static_cast<float>(a + fraction * (static_cast<double>(b) - a));
}

namespace {

// Sum of squared fake-quantization errors, abandoned (returning a value > limit) as soon as the
// partial sum exceeds `limit`: most clipping candidates lose long before the end.
double fakeQuantSse(std::span<const float> values, const QuantParams& params, double limit) {
    // quantizeValue and dequantizeValue fused: in zero-point-relative codes r = q - zp the
    // reconstruction is r * scale, so no integer conversion is needed and the loop vectorises.
    const double scale = params.scale[0];
    const double inverse = 1.0 / scale;
    const double lo = static_cast<double>(params.qmin - params.zeroPoint[0]);
    const double hi = static_cast<double>(params.qmax - params.zeroPoint[0]);
    constexpr size_t kBlock = 512;
    double sum = 0.0;
    for (size_t start = 0; start < values.size(); start += kBlock) {
        const size_t end = std::min(values.size(), start + kBlock);
        double block = 0.0;
        // The reduction needs explicit permission to be reordered into SIMD lanes.
#pragma omp simd reduction(+ : block)
        for (size_t i = start; i < end; ++i) {
            const double x = values[i];
            const double v = x * inverse;
            const double r = roundHalfEven(v < lo ? lo : (v > hi ? hi : v));
            const double e = x - static_cast<double>(static_cast<float>(r * scale));
            block += e * e;
        }
        sum += block;
        if (sum > limit)
            return sum;
    }
    return sum;
}

} // namespace

double fakeQuantMse(std::span<const float> values, const QuantParams& params) {
    if (values.empty() || params.scale.empty())
        return 0.0;
    return fakeQuantSse(values, params, std::numeric_limits<double>::infinity()) /
           static_cast<double>(values.size());
}

namespace {

Range extremesOf(std::span<const float> values) {
    if (values.empty())
        return {};
    auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    return {*lo, *hi};
}

// The min/max range the MSE search scales down: symmetric [-m, m], else [min(lo,0), max(hi,0)].
Range baseRange(Range extremes, const QuantScheme& scheme) {
    if (scheme.symmetric) {
        const float m = std::max(std::fabs(extremes.lo), std::fabs(extremes.hi));
        return {-m, m};
    }
    return {std::min(extremes.lo, 0.0f), std::max(extremes.hi, 0.0f)};
}

Range percentileRange(std::span<const float> sample, Range extremes, const QuantScheme& scheme,
                      double p) {
    if (sample.empty())
        return baseRange(extremes, scheme);
    if (scheme.symmetric) {
        std::vector<float> magnitudes(sample.size());
        std::transform(sample.begin(), sample.end(), magnitudes.begin(),
                       [](float x) { return std::fabs(x); });
        const Range base = baseRange(extremes, scheme);
        const float m = std::min(percentileInPlace(magnitudes, p), base.hi);
        return {-m, m};
    }
    std::vector<float> copy(sample.begin(), sample.end());
    const float hi = percentileInPlace(copy, p);
    const float lo = percentileInPlace(copy, 100.0 - p);
    return {std::max(lo, extremes.lo), std::min(hi, extremes.hi)};
}

Range mseRange(std::span<const float> sample, Range extremes, const QuantScheme& scheme,
               const RangeOptions& options) {
    const Range base = baseRange(extremes, scheme);
    if (sample.empty() || !(base.hi > base.lo))
        return base;
    // Score on an evenly strided subset when the sample is large.
    std::vector<float> strided;
    std::span<const float> scored = sample;
    const int64_t n = static_cast<int64_t>(sample.size());
    if (n > options.mseSampleLimit) {
        const int64_t step = (n + options.mseSampleLimit - 1) / options.mseSampleLimit;
        strided.reserve(static_cast<size_t>(n / step + 1));
        for (int64_t i = 0; i < n; i += step)
            strided.push_back(sample[static_cast<size_t>(i)]);
        scored = strided;
    }
    QuantScheme perTensor = scheme;
    perTensor.axis = -1;
    auto rangeAt = [&](double r) {
        return Range{static_cast<float>(r * base.lo), static_cast<float>(r * base.hi)};
    };
    // Errors are sums of squares over `scored` (the same count for every candidate). A grid
    // candidate's sum stops once it exceeds the best so far; the golden-section steps compare two
    // candidates with each other, so they need full sums.
    constexpr double kNoLimit = std::numeric_limits<double>::infinity();
    auto sse = [&](const Range& range, double limit) {
        auto params = paramsFromRange(perTensor, range);
        return params ? fakeQuantSse(scored, *params, limit) : kNoLimit;
    };

    // The grid r = k / K, coarse to fine: every S-th point (S ~ sqrt(K)), then every point within
    // S steps of the best coarse one. From r = 1 downwards with a strict comparison, so ties keep
    // the wider (less clipping) range and r = 1 (min/max) is always scored.
    const int K = options.mseCandidates;
    const int S = std::max(1, static_cast<int>(std::lround(std::sqrt(static_cast<double>(K)))));
    Range best = rangeAt(1.0);
    double bestError = sse(best, kNoLimit);
    int bestK = K;
    auto tryK = [&](int k) {
        const Range candidate = rangeAt(static_cast<double>(k) / K);
        const double e = sse(candidate, bestError);
        if (e < bestError) {
            bestError = e;
            best = candidate;
            bestK = k;
        }
    };
    for (int k = K - S; k >= 1; k -= S)
        tryK(k);
    const int coarseK = bestK;
    for (int k = std::min(K - 1, coarseK + S - 1); k >= std::max(1, coarseK - S + 1); --k)
        if (k != coarseK)
            tryK(k);
    const double bestRatio = static_cast<double>(bestK) / K;
    // Golden-section search between the best grid point's neighbours.
    double a = std::max(bestRatio - 1.0 / K, 0.5 / K);
    double b = std::min(bestRatio + 1.0 / K, 1.0);
    const double g = (std::sqrt(5.0) - 1.0) / 2.0;
    double c = b - g * (b - a);
    double d = a + g * (b - a);
    double ec = sse(rangeAt(c), kNoLimit);
    double ed = sse(rangeAt(d), kNoLimit);
    for (int step = 0; step < options.mseRefineSteps; ++step) {
        if (ec < ed) {
            b = d;
            d = c;
            ed = ec;
            c = b - g * (b - a);
            ec = sse(rangeAt(c), kNoLimit);
        } else {
            a = c;
            c = d;
            ec = ed;
            d = a + g * (b - a);
            ed = sse(rangeAt(d), kNoLimit);
        }
        for (auto [r, e] : {std::pair{c, ec}, std::pair{d, ed}}) {
            if (e < bestError) {
                bestError = e;
                best = rangeAt(r);
            }
        }
    }
    return best;
}

Result<Range> chooseRangeChecked(std::span<const float> sample, Range extremes,
                                 const QuantScheme& scheme, const RangeOptions& options) {
    switch (options.method) {
    case RangeMethod::MinMax:
        return scheme.symmetric ? baseRange(extremes, scheme) : extremes;
    case RangeMethod::Percentile:
        return percentileRange(sample, extremes, scheme, options.percentile);
    case RangeMethod::Mse:
        return mseRange(sample, extremes, scheme, options);
    }
    return extremes;
}

Status checkInputs(const QuantScheme& scheme, const RangeOptions& options) {
    if (Status s = validateScheme(scheme); !s)
        return s;
    return options.validate();
}

} // namespace

Result<Range> chooseRange(std::span<const float> values, const QuantScheme& scheme,
                          const RangeOptions& options, std::string_view label) {
    if (Status s = checkInputs(scheme, options); !s)
        return s.error();
    if (Status s = checkFinite(values, label); !s)
        return s.error();
    return chooseRangeChecked(values, extremesOf(values), scheme, options);
}

Result<Range> chooseRange(std::span<const float> sample, Range extremes, const QuantScheme& scheme,
                          const RangeOptions& options, std::string_view label) {
    if (Status s = checkInputs(scheme, options); !s)
        return s.error();
    if (!std::isfinite(extremes.lo) || !std::isfinite(extremes.hi) || extremes.lo > extremes.hi)
        return Error{"range of '" + std::string(label) + "' is not a finite interval"};
    if (Status s = checkFinite(sample, label); !s)
        return s.error();
    return chooseRangeChecked(sample, extremes, scheme, options);
}

Result<QuantParams> chooseParams(const HostTensor& tensor, const QuantScheme& scheme,
                                 const RangeOptions& options, std::string_view label) {
    if (Status s = checkInputs(scheme, options); !s)
        return s.error();
    if (tensor.dtype() != DataType::Float)
        return Error{"tensor '" + std::string(label) + "' is " +
                     std::string(nameOf(tensor.dtype())) + "; only float32 tensors are quantized"};
    const std::span<const float> values = tensor.span<float>();
    if (Status s = checkFinite(values, label); !s)
        return s.error();
    auto layout = channelLayout(tensor.dims(), scheme.axis, label);
    if (!layout)
        return layout.error();
    if (scheme.axis < 0) {
        const Range r = *chooseRangeChecked(values, extremesOf(values), scheme, options);
        return paramsFromRange(scheme, r);
    }
    const ChannelLayout l = *layout;
    std::vector<Range> ranges(static_cast<size_t>(l.channels));
    // Channels are independent; a big tensor's MSE search is worth both cores.
    const int threads =
        tensor.elementCount() > 4096 ? static_cast<int>(std::thread::hardware_concurrency()) : 1;
    parallelFor(
        l.channels, std::max(1, threads),
        [&](int64_t begin, int64_t end) {
            std::vector<float> channel;
            for (int64_t c = begin; c < end; ++c) {
                channel.clear();
                channel.reserve(static_cast<size_t>(l.outer * l.inner));
                for (int64_t o = 0; o < l.outer; ++o) {
                    const float* p = values.data() + (o * l.channels + c) * l.inner;
                    channel.insert(channel.end(), p, p + l.inner);
                }
                ranges[static_cast<size_t>(c)] =
                    *chooseRangeChecked(channel, extremesOf(channel), scheme, options);
            }
        },
        1);
    return paramsFromRanges(scheme, ranges);
}

Result<HostTensor> fakeQuantize(const HostTensor& tensor, const QuantScheme& scheme,
                                const RangeOptions& options, std::string_view label) {
    auto params = chooseParams(tensor, scheme, options, label);
    if (!params)
        return params.error();
    return fakeQuantize(tensor, *params, label);
}

} // namespace autosplit
