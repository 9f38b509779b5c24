#include "core/runtime/kernels/matrix_product.h"

#include "core/runtime/cpu/cpu_kernels.h"
#include "core/runtime/kernels/kernel_scratch.h"
#include "core/runtime/kernels/parallel_for.h"

#include <algorithm>

namespace autosplit {

namespace {

// rows x cols of src (row stride ld) transposed into dst (cols x rows, row-major), in tiles
// that stay in cache.
template <typename T>
void transposeInto(const T* src, int64_t ld, int64_t rows, int64_t cols, T* dst) {
    constexpr int64_t kTile = 32;
    for (int64_t i0 = 0; i0 < rows; i0 += kTile)
        for (int64_t j0 = 0; j0 < cols; j0 += kTile) {
            const int64_t i1 = std::min(rows, i0 + kTile), j1 = std::min(cols, j0 + kTile);
            for (int64_t i = i0; i < i1; ++i)
                for (int64_t j = j0; j < j1; ++j)
                    dst[j * rows + i] = src[i * ld + j];
        }
}

// The rows x cols matrix stored transposed at x (cols x rows, row stride ld), copied row-major
// into the thread's scratch slot (a vector stored with a stride becomes contiguous the same way).
template <typename T, int Slot>
const T* transposedCopy(const T* x, int64_t ld, int64_t rows, int64_t cols) {
    T* packed = threadScratch<T, Slot>(static_cast<size_t>(rows * cols));
    transposeInto(x, ld, cols, rows, packed);
    return packed;
}

// P[m x n] = op(A) * op(B) into p (row stride ldp).
template <typename T>
void product(bool transA, bool transB, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda,
             const T* b, int64_t ldb, T* p, int64_t ldp) {
    const CpuKernelSet<T>& kernels = cpuKernelsOf<T>();
    // one output row against a transposed B (a fully connected layer at batch 1): dot products
    // of B's rows with A's row
    if (m == 1 && transB) {
        kernels.dotRows(b, ldb, transA ? transposedCopy<T, 6>(a, lda, 1, k) : a, p, 1, n, k);
        return;
    }
    // one output column: dot products of op(A)'s rows with B's column
    if (n == 1 && !transA) {
        kernels.dotRows(a, lda, transB || ldb == 1 ? b : transposedCopy<T, 7>(b, ldb, 1, k), p, ldp,
                        m, k);
        return;
    }
    const T* w = transA ? transposedCopy<T, 6>(a, lda, m, k) : a;
    const T* rhs = transB ? transposedCopy<T, 7>(b, ldb, k, n) : b;
    kernels.convGemm(w, transA ? k : lda, rhs, transB ? n : ldb, p, ldp, m, n, k, nullptr, nullptr,
                     FusedActivation());
}

} // namespace

template <typename T>
void matrixProduct(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha, const T* a,
                   int64_t lda, const T* b, int64_t ldb, T beta, T* c, int64_t ldc) {
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0) {
        for (int64_t i = 0; i < m; ++i)
            for (int64_t j = 0; j < n; ++j)
                c[i * ldc + j] = beta == T(0) ? T(0) : beta * c[i * ldc + j];
        return;
    }
    if (alpha == T(1) && beta == T(0)) {
        product(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        return;
    }
    T* p = threadScratch<T, 8>(static_cast<size_t>(m * n));
    product(transA, transB, m, n, k, a, lda, b, ldb, p, n);
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
            T& out = c[i * ldc + j];
            out = beta == T(0) ? alpha * p[i * n + j] : alpha * p[i * n + j] + beta * out;
        }
}

template <typename T>
void parallelMatrixProduct(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha,
                           const T* a, int64_t lda, const T* b, int64_t ldb, T beta, T* c,
                           int64_t ldc, int threads) {
    // Below ~0.5 MFLOP a team costs more than it saves.
    constexpr int64_t kMinWork = int64_t(1) << 18;
    constexpr int64_t kMinColumns = 32, kMinRows = 16;
    const int64_t work = m * n * std::max<int64_t>(k, 1);
    int teams = std::max(1, threads);
    if (work < kMinWork)
        teams = 1;
    const bool byColumns = n >= kMinColumns * teams || n >= m;
    const int64_t extent = byColumns ? n : m;
    teams = static_cast<int>(std::min<int64_t>(
        teams, std::max<int64_t>(1, extent / (byColumns ? kMinColumns : kMinRows))));
    if (teams <= 1) {
        matrixProduct(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    // Two blocks per thread, handed out dynamically: when another process holds a core, the
    // other thread takes over. Blocks are multiples of 16 so each starts on a vector boundary.
    const int64_t block = ((extent + 2 * teams - 1) / (2 * teams) + 15) / 16 * 16;
    const int64_t blocks = (extent + block - 1) / block;
    parallelFor(
        blocks, teams,
        [&](int64_t beginI, int64_t endI) {
            for (int64_t i = beginI; i < endI; ++i) {
                const int64_t begin = i * block, end = std::min(extent, begin + block);
                if (byColumns)
                    matrixProduct(transA, transB, m, end - begin, k, alpha, a, lda,
                                  transB ? b + begin * ldb : b + begin, ldb, beta, c + begin, ldc);
                else
                    matrixProduct(transA, transB, end - begin, n, k, alpha,
                                  transA ? a + begin : a + begin * lda, lda, b, ldb, beta,
                                  c + begin * ldc, ldc);
            }
        },
        1);
}

template void matrixProduct<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*,
                                   int64_t, const float*, int64_t, float, float*, int64_t);
template void matrixProduct<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*,
                                    int64_t, const double*, int64_t, double, double*, int64_t);
template void parallelMatrixProduct<float>(bool, bool, int64_t, int64_t, int64_t, float,
                                           const float*, int64_t, const float*, int64_t, float,
                                           float*, int64_t, int);
template void parallelMatrixProduct<double>(bool, bool, int64_t, int64_t, int64_t, double,
                                            const double*, int64_t, const double*, int64_t, double,
                                            double*, int64_t, int);

} // namespace autosplit
