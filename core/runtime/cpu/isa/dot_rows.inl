// Matrix times vector: y[i * ldy] = sum over p of w[i * ldw + p] * x[p], the products with one
// output row or column (fully connected layers at batch 1), where the conv GEMM's register
// blocks would fill one lane of each vector. Part of isa_kernels.inc.

template <typename T>
void dotRows(const T* w, int64_t ldw, const T* x, T* y, int64_t ldy, int64_t rows, int64_t k) {
    constexpr int64_t L = kLanes<T>;
    int64_t i = 0;
    // four rows at a time share each load of x
    for (; i + 4 <= rows; i += 4) {
        const T* r[4] = {w + i * ldw, w + (i + 1) * ldw, w + (i + 2) * ldw, w + (i + 3) * ldw};
        Vec<T> acc[4] = {};
        int64_t p = 0;
        for (; p + L <= k; p += L) {
            const Vec<T> xv = loadVec(x + p);
            for (int j = 0; j < 4; ++j)
                acc[j] += loadVec(r[j] + p) * xv;
        }
        for (int j = 0; j < 4; ++j) {
            T total = 0;
            for (int64_t l = 0; l < L; ++l)
                total += acc[j][l];
            for (int64_t q = p; q < k; ++q)
                total += r[j][q] * x[q];
            y[(i + j) * ldy] = total;
        }
    }
    for (; i < rows; ++i) {
        const T* r = w + i * ldw;
        Vec<T> acc = {};
        int64_t p = 0;
        for (; p + L <= k; p += L)
            acc += loadVec(r + p) * loadVec(x + p);
        T total = 0;
        for (int64_t l = 0; l < L; ++l)
            total += acc[l];
        for (; p < k; ++p)
            total += r[p] * x[p];
        y[i * ldy] = total;
    }
}
