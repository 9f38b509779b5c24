// Bias plus fused activation over a row (the last step of a compute kernel's output loop, while
// the data is in cache). The switch on the activation kind sits outside the element loops, so
// they vectorize. Part of isa_kernels.inc.

template <typename T, typename F>
inline void transformTo(const T* __restrict x, T* __restrict y, int64_t count, T bias, F f) {
    for (int64_t i = 0; i < count; ++i)
        y[i] = f(x[i] + bias);
}

template <typename T, typename F> inline void transformInPlace(T* y, int64_t count, T bias, F f) {
    for (int64_t i = 0; i < count; ++i)
        y[i] = f(y[i] + bias);
}

// Calls transform(f) with the activation's element function (without the output affine map).
template <typename T, typename Transform>
inline void withActivationKind(const FusedActivation& activation, Transform transform) {
    using Kind = FusedActivation::Kind;
    const T alpha = static_cast<T>(activation.alpha), beta = static_cast<T>(activation.beta);
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
        transform([](T v) { return v * std::clamp(v * T(1.0 / 6.0) + T(0.5), T(0), T(1)); });
        return;
    case Kind::Swish:
        transform([](T v) { return v / (T(1) + std::exp(-v)); });
        return;
    }
}

// Calls transform(f) with the element function of the activation and its output affine map; the
// same values as FusedActivation::apply.
template <typename T, typename Transform>
inline void withActivation(const FusedActivation& activation, Transform transform) {
    if (!activation.hasOutputAffine())
        return withActivationKind<T>(activation, transform);
    const T scale = static_cast<T>(activation.outScale),
            shift = static_cast<T>(activation.outShift);
    withActivationKind<T>(activation,
                          [&](auto f) { transform([=](T v) { return f(v) * scale + shift; }); });
}

template <typename T>
void biasActivationTo(const T* x, T* y, int64_t count, T bias, const FusedActivation& activation) {
    withActivation<T>(activation, [&](auto f) { transformTo(x, y, count, bias, f); });
}

template <typename T>
void biasActivation(T* y, int64_t count, T bias, const FusedActivation& activation) {
    if (activation.isNone() && !activation.hasOutputAffine() && bias == T(0))
        return;
    withActivation<T>(activation, [&](auto f) { transformInPlace(y, count, bias, f); });
}
