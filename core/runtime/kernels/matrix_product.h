#pragma once

// General matrix products on row-major buffers for Gemm, MatMul and ConvTranspose, on the CPU
// path's conv GEMM and matrix-vector kernels (cpu/cpu_kernels.h): a transposed operand is copied
// to row-major once per call (O(mk) or O(kn) against the product's O(mnk)). Float and double.

#include <cstdint>

namespace autosplit {

// C[m x n] = alpha * op(A) * op(B) + beta * C, single-threaded. op(A) is m x k: A is stored m x k
// (lda >= k) or, with transA, k x m (lda >= m); likewise op(B) is k x n. beta == 0 never reads C.
template <typename T>
void matrixProduct(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha, const T* a,
                   int64_t lda, const T* b, int64_t ldb, T beta, T* c, int64_t ldc);

// The same product split over up to `threads` threads (parallelFor) by blocks of C's columns (or
// rows, when C is narrow); runs single-threaded when the product is too small to pay for a team.
template <typename T>
void parallelMatrixProduct(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha,
                           const T* a, int64_t lda, const T* b, int64_t ldb, T beta, T* c,
                           int64_t ldc, int threads);

} // namespace autosplit
