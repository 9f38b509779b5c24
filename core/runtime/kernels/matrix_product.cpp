#include "matrix_product.h"

#include "kernel_scratch.h"
#include "parallel_for.h"

// Eigen must not start its own OpenMP team inside a product: the kernels already split the work
// over threads, and Eigen's team synchronizes by spinning, which collapses when another process
// shares the cores.
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

// Eigen's GEMM building blocks (Eigen/src/Core/products/GeneralBlockPanelKernel.h, the same
// instantiations its own product uses for these operands). Our row-major C = A * B is Eigen's
// column-major C^T = B^T * A^T: Eigen's lhs is B^T (packed per block, here per call of multiply)
// and its rhs is A^T (packed once, by PackedMatrix::pack).
template <typename T> struct EigenGemm {
    using Index = Eigen::Index;
    using Traits = Eigen::internal::gebp_traits<T, T>;
    using Mapper = Eigen::internal::const_blas_data_mapper<T, Index, Eigen::ColMajor>;
    using ResMapper = Eigen::internal::blas_data_mapper<T, Index, Eigen::ColMajor, Eigen::Unaligned, 1>;
    using PackLhs = Eigen::internal::gemm_pack_lhs<T, Index, Mapper, Traits::mr, Traits::LhsProgress,
                                                   typename Traits::LhsPacket4Packing, Eigen::ColMajor>;
    using PackRhs = Eigen::internal::gemm_pack_rhs<T, Index, Mapper, Traits::nr, Eigen::ColMajor>;
    using Kernel = Eigen::internal::gebp_kernel<T, T, Index, ResMapper, Traits::mr, Traits::nr, false, false>;
};

template <typename T>
PackedMatrix<T>::PackedMatrix(int64_t m, int64_t k, T* storage) : m_m(m), m_k(k), m_data(storage) {
    // depth blocks as Eigen would choose them for a product of this shape
    Eigen::Index kc = std::max<int64_t>(k, 1), mc = 1024, nc = std::max<int64_t>(m, 1);
    Eigen::internal::computeProductBlockingSizes<T, T>(kc, mc, nc, Eigen::Index(1));
    m_kc = std::max<int64_t>(1, kc);
}

template <typename T> int64_t PackedMatrix<T>::packedSize(int64_t m, int64_t k) {
    return m * k;
}

template <typename T> void PackedMatrix<T>::pack(const T* a, int64_t lda, int64_t r0, int64_t r1) {
    typename EigenGemm<T>::PackRhs packRhs;
    // A^T is k x m column-major with leading dimension lda: column j is row j of A
    const typename EigenGemm<T>::Mapper rhs(a, lda);
    for (int64_t k2 = 0; k2 < m_k; k2 += m_kc) {
        const int64_t kc = std::min(m_kc, m_k - k2);
        // block k2 holds kc x m values; rows r0.. start at r0 * kc inside it (panels of nr)
        packRhs(m_data + k2 * m_m + r0 * kc, rhs.getSubMapper(k2, r0), kc, r1 - r0);
    }
}

template <typename T>
void PackedMatrix<T>::multiply(const T* b, int64_t ldb, int64_t n, T* c, int64_t ldc, int64_t r0, int64_t r1) const {
    using Gemm = EigenGemm<T>;
    if (n <= 0 || r1 <= r0)
        return;
    for (int64_t r = r0; r < r1; ++r)
        std::fill_n(c + r * ldc, n, T(0));
    if (m_k <= 0)
        return;
    Eigen::Index kc = m_kc, mc = n, nc = r1 - r0;
    Eigen::internal::computeProductBlockingSizes<T, T>(kc, mc, nc, Eigen::Index(1));
    mc = std::max<Eigen::Index>(1, std::min<Eigen::Index>(mc, n));
    T* blockA = threadScratch<T, 4>(static_cast<size_t>(mc * m_kc));
    typename Gemm::PackLhs packLhs;
    typename Gemm::Kernel gebp;
    const typename Gemm::Mapper lhs(b, ldb);    // B^T: n x k column-major, column j is row j of B
    const typename Gemm::ResMapper res(c, ldc); // C^T: n x m column-major
    for (int64_t i2 = 0; i2 < n; i2 += mc) {
        const int64_t rows = std::min<int64_t>(mc, n - i2);
        for (int64_t k2 = 0; k2 < m_k; k2 += m_kc) {
            const int64_t depth = std::min(m_kc, m_k - k2);
            packLhs(blockA, lhs.getSubMapper(i2, k2), depth, rows);
            gebp(res.getSubMapper(i2, r0), blockA, m_data + k2 * m_m + r0 * depth, rows, depth, r1 - r0, T(1));
        }
    }
}

template class PackedMatrix<float>;
template class PackedMatrix<double>;

template void matrixProduct<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t, const float*,
                                   int64_t, float, float*, int64_t);
template void matrixProduct<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t,
                                    const double*, int64_t, double, double*, int64_t);
template void parallelMatrixProduct<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t,
                                           const float*, int64_t, float, float*, int64_t, int);
template void parallelMatrixProduct<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t,
                                            const double*, int64_t, double, double*, int64_t, int);

} // namespace autosplit
