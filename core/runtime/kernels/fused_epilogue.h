#pragma once

// The last step of a compute kernel's output loop: add the bias and apply the node's fused
// activation to a block while it is still in cache (KernelInfo::appliesFusedActivation). The
// switch on the activation kind sits outside the element loops, so they vectorize.

#include "../../graph/fused_activation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace autosplit {

namespace epilogue_detail {

template <typename T, typename F>
inline void transform(const T* __restrict x, T* __restrict y, int64_t count, T bias, F f) {
    for (int64_t i = 0; i < count; ++i)
        y[i] = f(x[i] + bias);
}

template <typename T, typename F> inline void transform(T* y, int64_t count, T bias, F f) {
    for (int64_t i = 0; i < count; ++i)
        y[i] = f(y[i] + bias);
}

} // namespace epilogue_detail

// y[i] = activation(x[i] + bias) for i in [0, count), x and y distinct (in place: the overload
// below); the same values as FusedActivation::apply.
template <typename T>
inline void applyBiasActivation(const T* x, T* y, int64_t count, T bias, const FusedActivation& activation) {
    using Kind = FusedActivation::Kind;
    const T alpha = static_cast<T>(activation.alpha), beta = static_cast<T>(activation.beta);
    auto transform = [&](auto f) { epilogue_detail::transform(x, y, count, bias, f); };
    switch (activation.kind) {
    case Kind::None:
        transform([](T v) { return v; });
        return;
    case Kind::Relu:
        transform([](T v) { return v < T(0) ? T(0) : v; });
        return;
    case Kind::Clip:
        transform([=](T v) { return v < alpha ? alpha : (beta < v ? beta : v); });
        return;
    case Kind::LeakyRelu:
        transform([=](T v) { return v >= T(0) ? v : alpha * v; });
        return;
    case Kind::Sigmoid:
        transform([](T v) { return T(1) / (T(1) + std::exp(-v)); });
        return;
    case Kind::HardSigmoid:
        transform([=](T v) { return std::clamp(alpha * v + beta, T(0), T(1)); });
        return;
    case Kind::HardSwish:
        transform([](T v) { return v * std::clamp(v / T(6) + T(0.5), T(0), T(1)); });
        return;
    case Kind::Swish:
        transform([](T v) { return v / (T(1) + std::exp(-v)); });
        return;
    }
}

// y[i] = activation(y[i] + bias) for i in [0, count).
template <typename T> inline void applyBiasActivation(T* y, int64_t count, T bias, const FusedActivation& activation) {
    using epilogue_detail::transform;
    using Kind = FusedActivation::Kind;
    const T alpha = static_cast<T>(activation.alpha), beta = static_cast<T>(activation.beta);
    switch (activation.kind) {
    case Kind::None:
        if (bias != T(0))
            transform(y, count, bias, [](T v) { return v; });
        return;
    case Kind::Relu:
        transform(y, count, bias, [](T v) { return v < T(0) ? T(0) : v; });
        return;
    case Kind::Clip:
        transform(y, count, bias, [=](T v) { return v < alpha ? alpha : (beta < v ? beta : v); });
        return;
    case Kind::LeakyRelu:
        transform(y, count, bias, [=](T v) { return v >= T(0) ? v : alpha * v; });
        return;
    case Kind::Sigmoid:
        transform(y, count, bias, [](T v) { return T(1) / (T(1) + std::exp(-v)); });
        return;
    case Kind::HardSigmoid:
        transform(y, count, bias, [=](T v) { return std::clamp(alpha * v + beta, T(0), T(1)); });
        return;
    case Kind::HardSwish:
        transform(y, count, bias, [](T v) { return v * std::clamp(v / T(6) + T(0.5), T(0), T(1)); });
        return;
    case Kind::Swish:
        transform(y, count, bias, [](T v) { return v / (T(1) + std::exp(-v)); });
        return;
    }
}

// The same on a rows x cols block with row stride ld and one bias per row (bias may be null).
template <typename T>
inline void applyBiasActivation(T* y, int64_t rows, int64_t cols, int64_t ld, const T* bias,
                                const FusedActivation& activation) {
    if (!bias && activation.isNone())
        return;
    for (int64_t r = 0; r < rows; ++r)
        applyBiasActivation(y + r * ld, cols, bias ? bias[r] : T(0), activation);
}

} // namespace autosplit
