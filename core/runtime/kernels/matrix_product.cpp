#include "matrix_product.h"

#include "parallel_for.h"

// Eigen must not start its own OpenMP team inside a product: parallelMatrixProduct splits the
// work over parallelFor's threads, and Eigen's team synchronizes by spinning, which collapses
// when another process shares the cores.
#define EIGEN_DONT_PARALLELIZE
// GCC 12 flags its own AVX-512 intrinsics as "maybe uninitialized" (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <Eigen/Core>
#pragma GCC diagnostic pop

#include <algorithm>

namespace autosplit {

namespace {

template <typename T> using RowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T> using ConstView = Eigen::Map<const RowMajor<T>, Eigen::Unaligned, Eigen::OuterStride<>>;
template <typename T> using View = Eigen::Map<RowMajor<T>, Eigen::Unaligned, Eigen::OuterStride<>>;

template <typename T, typename A, typename B> void accumulate(View<T>& c, const A& a, const B& b, T alpha, T beta) {
    if (beta == T(0))
        c.noalias() = alpha * a * b;
    else {
        if (beta != T(1))
            c *= beta;
        c.noalias() += alpha * a * b;
    }
}

} // namespace

template <typename T>
void matrixProduct(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
                   const T* b, int64_t ldb, T beta, T* c, int64_t ldc) {
    if (m <= 0 || n <= 0)
        return;
    View<T> cv(c, m, n, Eigen::OuterStride<>(ldc));
    if (k <= 0) {
        if (beta == T(0))
            cv.setZero();
        else
            cv *= beta;
        return;
    }
    const ConstView<T> av(a, transA ? k : m, transA ? m : k, Eigen::OuterStride<>(lda));
    const ConstView<T> bv(b, transB ? n : k, transB ? k : n, Eigen::OuterStride<>(ldb));
    if (!transA && !transB)
        accumulate(cv, av, bv, alpha, beta);
    else if (transA && !transB)
        accumulate(cv, av.transpose(), bv, alpha, beta);
    else if (!transA && transB)
        accumulate(cv, av, bv.transpose(), alpha, beta);
    else
        accumulate(cv, av.transpose(), bv.transpose(), alpha, beta);
}

template <typename T>
void parallelMatrixProduct(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
                           const T* b, int64_t ldb, T beta, T* c, int64_t ldc, int threads) {
    // Below ~0.5 MFLOP a team costs more than it saves.
    constexpr int64_t kMinWork = int64_t(1) << 18;
    constexpr int64_t kMinColumns = 32, kMinRows = 16;
    const int64_t work = m * n * std::max<int64_t>(k, 1);
    int teams = std::max(1, threads);
    if (work < kMinWork)
        teams = 1;
    const bool byColumns = n >= kMinColumns * teams || n >= m;
    const int64_t extent = byColumns ? n : m;
    teams =
        static_cast<int>(std::min<int64_t>(teams, std::max<int64_t>(1, extent / (byColumns ? kMinColumns : kMinRows))));
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
                    matrixProduct(transA, transB, end - begin, n, k, alpha, transA ? a + begin : a + begin * lda, lda,
                                  b, ldb, beta, c + begin * ldc, ldc);
            }
        },
        1);
}

template void matrixProduct<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t, const float*,
                                   int64_t, float, float*, int64_t);
template void matrixProduct<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t,
                                    const double*, int64_t, double, double*, int64_t);
template void parallelMatrixProduct<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t,
                                           const float*, int64_t, float, float*, int64_t, int);
template void parallelMatrixProduct<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t,
                                            const double*, int64_t, double, double*, int64_t, int);

} // namespace autosplit
