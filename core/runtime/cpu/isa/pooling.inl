// The inner loops of the pools: one kernel tap combined into an output row, and plane sums.
// Part of isa_kernels.inc.

template <typename T>
void windowMax(T* __restrict y, const T* __restrict x, int64_t stride, int64_t count) {
    // y < x ? x : y keeps y when x is NaN, like std::max(y, x) in the op-level kernel
    if (stride == 1)
        for (int64_t j = 0; j < count; ++j)
            y[j] = y[j] < x[j] ? x[j] : y[j];
    else
        for (int64_t j = 0; j < count; ++j)
            y[j] = y[j] < x[j * stride] ? x[j * stride] : y[j];
}

template <typename T>
void windowSum(T* __restrict y, const T* __restrict x, int64_t stride, int64_t count) {
    if (stride == 1)
        for (int64_t j = 0; j < count; ++j)
            y[j] += x[j];
    else
        for (int64_t j = 0; j < count; ++j)
            y[j] += x[j * stride];
}

template <typename T> T sum(const T* x, int64_t n) {
    // four vector accumulators hide the add latency
    constexpr int64_t L = kLanes<T>;
    Vec<T> acc[4] = {};
    int64_t i = 0;
    for (; i + 4 * L <= n; i += 4 * L)
        for (int j = 0; j < 4; ++j)
            acc[j] += loadVec(x + i + j * L);
    for (; i + L <= n; i += L)
        acc[0] += loadVec(x + i);
    const Vec<T> all = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    T total = 0;
    for (int64_t l = 0; l < L; ++l)
        total += all[l];
    for (; i < n; ++i)
        total += x[i];
    return total;
}
