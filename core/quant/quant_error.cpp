#include "core/quant/quant_error.h"

#include "core/quant/quantizer.h"

#include <cmath>
#include <limits>
#include <string>

namespace autosplit {

namespace {

Status checkSizes(size_t a, size_t b) {
    if (a != b)
        return Error{"cannot compare " + std::to_string(a) + " values with " + std::to_string(b)};
    return Status::success();
}

Status checkPair(const HostTensor& a, const HostTensor& b, std::string_view label) {
    if (a.dtype() != DataType::Float || b.dtype() != DataType::Float)
        return Error{"error of '" + std::string(label) + "' needs float32 tensors, got " +
                     a.describe() + " and " + b.describe()};
    if (a.dims() != b.dims())
        return Error{"error of '" + std::string(label) + "' compares different shapes " +
                     a.describe() + " and " + b.describe()};
    return Status::success();
}

struct Sums {
    double signal = 0.0;
    double noise = 0.0;
};

Sums sums(std::span<const float> a, std::span<const float> b) {
    Sums s;
    for (size_t i = 0; i < a.size(); ++i) {
        const double x = a[i];
        const double e = x - static_cast<double>(b[i]);
        s.signal += x * x;
        s.noise += e * e;
    }
    return s;
}

// Sizes equal and every value finite: a NaN would otherwise pass through as the error itself.
Status checkValues(std::span<const float> a, std::span<const float> b, std::string_view label) {
    if (Status s = checkSizes(a.size(), b.size()); !s)
        return s;
    if (Status s = checkFinite(a, label); !s)
        return s;
    return checkFinite(b, std::string(label) + " (approximation)");
}

Result<double> mseChecked(std::span<const float> original, std::span<const float> approximation,
                          std::string_view label) {
    if (Status s = checkValues(original, approximation, label); !s)
        return s.error();
    if (original.empty())
        return 0.0;
    return sums(original, approximation).noise / static_cast<double>(original.size());
}

Result<double> sqnrChecked(std::span<const float> original, std::span<const float> approximation,
                           std::string_view label) {
    if (Status s = checkValues(original, approximation, label); !s)
        return s.error();
    const Sums s = sums(original, approximation);
    if (s.noise == 0.0)
        return std::numeric_limits<double>::infinity();
    if (s.signal == 0.0)
        return -std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(s.signal / s.noise);
}

} // namespace

Result<double> mse(std::span<const float> original, std::span<const float> approximation) {
    return mseChecked(original, approximation, "values");
}

Result<double> mse(const HostTensor& original, const HostTensor& approximation,
                   std::string_view label) {
    if (Status s = checkPair(original, approximation, label); !s)
        return s.error();
    return mseChecked(original.span<float>(), approximation.span<float>(), label);
}

Result<double> sqnrDb(std::span<const float> original, std::span<const float> approximation) {
    return sqnrChecked(original, approximation, "values");
}

Result<double> sqnrDb(const HostTensor& original, const HostTensor& approximation,
                      std::string_view label) {
    if (Status s = checkPair(original, approximation, label); !s)
        return s.error();
    return sqnrChecked(original.span<float>(), approximation.span<float>(), label);
}

} // namespace autosplit
