#pragma once

// Matrix products on row-major buffers for the compute kernels (Conv, ConvTranspose, Gemm,
// MatMul), through Eigen's GEMM on Eigen::Map views: no copies, a transposed operand is a
// transposed view. Instantiated for float and double.

#include <cstdint>

namespace autosplit {

// C[m x n] = alpha * op(A) * op(B) + beta * C, single-threaded. op(A) is m x k: A is stored m x k
// (lda >= k) or, with transA, k x m (lda >= m); likewise op(B) is k x n. beta == 0 never reads C.
template <typename T>
void matrixProduct(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
                   const T* b, int64_t ldb, T beta, T* c, int64_t ldc);

// The same product split over up to `threads` OpenMP threads by blocks of C's columns (or rows,
// when C is narrow); runs single-threaded when the product is too small to pay for a team.
template <typename T>
void parallelMatrixProduct(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
                           const T* b, int64_t ldb, T beta, T* c, int64_t ldc, int threads);

// A matrix A (m x k, row-major), typically a conv's weights, packed once into the layout of
// Eigen's GEMM micro-kernel so that every product with it, over many column blocks of B and from
// any thread, skips re-packing A (Eigen's public product packs both operands on every call).
// The packed data lives in caller-provided storage (packedSize() elements, 64-byte aligned).
template <typename T> class PackedMatrix {
public:
    PackedMatrix(int64_t m, int64_t k, T* storage);
    static int64_t packedSize(int64_t m, int64_t k);

    // Packs rows [r0, r1) of A (lda >= k); r0 must be a multiple of 8. Disjoint row ranges may be
    // packed by different threads.
    void pack(const T* a, int64_t lda, int64_t r0, int64_t r1);
    // C[r0:r1, 0:n] = A[r0:r1, :] * B with B k x n (ldb), C's rows ldc apart; r0 a multiple of 8.
    // Single-threaded; uses this thread's scratch for B's packed blocks.
    void multiply(const T* b, int64_t ldb, int64_t n, T* c, int64_t ldc, int64_t r0, int64_t r1) const;

    int64_t rows() const { return m_m; }
    int64_t depth() const { return m_k; }

private:
    int64_t m_m, m_k, m_kc;
    T* m_data;
};

} // namespace autosplit
