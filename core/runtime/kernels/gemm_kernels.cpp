// Gemm (alpha, beta, transA, transB, C broadcast to the output) and MatMul (1-D operands, batch
// dims broadcast numpy-style) on the CPU path's GEMM (matrix_product.h), split over threads by
// output blocks.

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/kernels/float_inputs.h"
#include "core/runtime/kernels/fused_epilogue.h"
#include "core/runtime/kernels/kernel_output.h"
#include "core/runtime/kernels/matrix_product.h"
#include "core/runtime/kernels/parallel_for.h"

#include <algorithm>
#include <string>
#include <vector>

namespace autosplit {

namespace {

// The fused activation over a whole output, in parallel when it is large.
template <typename T>
void applyActivationInPlace(T* y, int64_t count, const FusedActivation& act, int threads) {
    if (act.isNone() && !act.hasOutputAffine())
        return;
    constexpr int64_t kChunk = 16384;
    const int64_t chunks = (count + kChunk - 1) / kChunk;
    parallelFor(
        chunks, threads,
        [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i)
                applyBiasActivation(y + i * kChunk, std::min(kChunk, count - i * kChunk), T(0),
                                    act);
        },
        1);
}

template <typename T> Status gemm(KernelContext& ctx) {
    const HostTensor& A = ctx.input(0);
    const HostTensor& B = ctx.input(1);
    const HostTensor* C = ctx.hasInput(2) ? &ctx.input(2) : nullptr;
    if (A.rank() != 2 || B.rank() != 2)
        return ctx.fail("inputs A " + shapeOf(A) + " and B " + shapeOf(B) +
                        " must be matrices (rank 2)");
    const bool transA = ctx.node.attrInt("transA", 0) != 0,
               transB = ctx.node.attrInt("transB", 0) != 0;
    const T alpha = static_cast<T>(ctx.node.attrFloat("alpha", 1.f));
    const T beta = static_cast<T>(ctx.node.attrFloat("beta", 1.f));
    const int64_t M = A.dim(transA ? 1 : 0), K = A.dim(transA ? 0 : 1);
    const int64_t KB = B.dim(transB ? 1 : 0), N = B.dim(transB ? 0 : 1);
    if (K != KB)
        return ctx.fail("inputs A " + shapeOf(A) + (transA ? " (transposed)" : "") + " and B " +
                        shapeOf(B) + (transB ? " (transposed)" : "") +
                        " do not multiply: " + std::to_string(K) + " vs " + std::to_string(KB));
    if (!C && ctx.opset < 11)
        return ctx.fail("input C is required before opset 11");
    // C broadcasts to [M, N] from the right: [], [N], [1], [M or 1, N or 1]
    int64_t cRows = 1, cCols = 1;
    if (C) {
        bool fits = C->rank() <= 2;
        if (C->rank() >= 1)
            cCols = C->dim(C->rank() - 1);
        if (C->rank() == 2)
            cRows = C->dim(0);
        fits = fits && (cCols == N || cCols == 1) && (cRows == M || cRows == 1);
        if (!fits)
            return ctx.fail("input C " + shapeOf(*C) + " does not broadcast to the output [" +
                            std::to_string(M) + "," + std::to_string(N) + "]");
    }

    auto YAllocated = newOutput(ctx, A.dtype(), {M, N});
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    T* y = Y.mutableData<T>();
    const int threads = std::max(1, ctx.threads);
    T productBeta = T(0);
    if (C && beta != T(0)) {
        const T* c = C->data<T>();
        for (int64_t i = 0; i < M; ++i)
            for (int64_t j = 0; j < N; ++j)
                y[i * N + j] = beta * c[(cRows == 1 ? 0 : i) * cCols + (cCols == 1 ? 0 : j)];
        productBeta = T(1);
    }
    parallelMatrixProduct(transA, transB, M, N, K, alpha, A.data<T>(), A.dim(1), B.data<T>(),
                          B.dim(1), productBeta, y, N, threads);
    applyActivationInPlace(y, M * N, ctx.node.activation, threads);
    ctx.outputs[0] = std::move(Y);
    return Status::success();
}

template <typename T> Status matmul(KernelContext& ctx) {
    const HostTensor& A = ctx.input(0);
    const HostTensor& B = ctx.input(1);
    if (A.rank() < 1 || B.rank() < 1)
        return ctx.fail("inputs A " + shapeOf(A) + " and B " + shapeOf(B) +
                        " must have rank 1 or more");
    // 1-D operands: A becomes a row [1, K], B a column [K, 1]; that dim is dropped from the output.
    std::vector<int64_t> a = A.dims(), b = B.dims();
    const bool rowA = a.size() == 1, columnB = b.size() == 1;
    if (rowA)
        a.insert(a.begin(), 1);
    if (columnB)
        b.push_back(1);
    const int64_t M = a[a.size() - 2], K = a.back(), KB = b[b.size() - 2], N = b.back();
    if (K != KB)
        return ctx.fail("inputs A " + shapeOf(A) + " and B " + shapeOf(B) +
                        " do not multiply: " + std::to_string(K) + " vs " + std::to_string(KB));
    // batch dims, right-aligned and broadcast
    const size_t batchRank = std::max(a.size(), b.size()) - 2;
    std::vector<int64_t> batchA(batchRank, 1), batchB(batchRank, 1), batch(batchRank, 1);
    std::copy(a.begin(), a.end() - 2, batchA.end() - static_cast<std::ptrdiff_t>(a.size() - 2));
    std::copy(b.begin(), b.end() - 2, batchB.end() - static_cast<std::ptrdiff_t>(b.size() - 2));
    for (size_t i = 0; i < batchRank; ++i) {
        if (batchA[i] != batchB[i] && batchA[i] != 1 && batchB[i] != 1)
            return ctx.fail("inputs A " + shapeOf(A) + " and B " + shapeOf(B) +
                            " have batch dims that do not broadcast");
        batch[i] = batchA[i] == 1 ? batchB[i] : batchA[i];
    }
    std::vector<int64_t> outDims = batch;
    if (!rowA)
        outDims.push_back(M);
    if (!columnB)
        outDims.push_back(N);
    auto YAllocated = newOutput(ctx, A.dtype(), outDims);
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    T* y = Y.mutableData<T>();
    const T* pa = A.data<T>();
    const T* pb = B.data<T>();
    const int threads = std::max(1, ctx.threads);
    int64_t batches = 1, batchesA = 1, batchesB = 1;
    for (size_t i = 0; i < batchRank; ++i) {
        batches *= batch[i];
        batchesA *= batchA[i];
        batchesB *= batchB[i];
    }

    if (batchesB == 1 && batchesA == batches) {
        // B is one matrix (weights): every batch of A stacks into one tall product
        parallelMatrixProduct(false, false, batches * M, N, K, T(1), pa, K, pb, N, T(0), y, N,
                              threads);
    } else {
        // element strides of each batch dim in A and B (0 where broadcast)
        std::vector<int64_t> strideA(batchRank, 0), strideB(batchRank, 0);
        for (int64_t i = static_cast<int64_t>(batchRank) - 1, sa = M * K, sb = K * N; i >= 0; --i) {
            const auto u = static_cast<size_t>(i);
            strideA[u] = batchA[u] == 1 ? 0 : sa;
            strideB[u] = batchB[u] == 1 ? 0 : sb;
            sa *= batchA[u];
            sb *= batchB[u];
        }
        auto offsets = [&](int64_t index, int64_t& offA, int64_t& offB) {
            offA = offB = 0;
            for (int64_t i = static_cast<int64_t>(batchRank) - 1; i >= 0; --i) {
                const auto u = static_cast<size_t>(i);
                const int64_t coordinate = index % batch[u];
                index /= batch[u];
                offA += coordinate * strideA[u];
                offB += coordinate * strideB[u];
            }
        };
        // many small products: one per thread; few large ones: each split over the threads
        if (threads > 1 && batches >= threads && M * N * K < (int64_t(1) << 20)) {
            parallelFor(
                batches, threads,
                [&](int64_t beginI, int64_t endI) {
                    for (int64_t i = beginI; i < endI; ++i) {
                        int64_t offA = 0, offB = 0;
                        offsets(i, offA, offB);
                        matrixProduct(false, false, M, N, K, T(1), pa + offA, K, pb + offB, N, T(0),
                                      y + i * M * N, N);
                    }
                },
                0);
        } else {
            for (int64_t i = 0; i < batches; ++i) {
                int64_t offA = 0, offB = 0;
                offsets(i, offA, offB);
                parallelMatrixProduct(false, false, M, N, K, T(1), pa + offA, K, pb + offB, N, T(0),
                                      y + i * M * N, N, threads);
            }
        }
    }
    applyActivationInPlace(y, Y.elementCount(), ctx.node.activation, threads);
    ctx.outputs[0] = std::move(Y);
    return Status::success();
}

} // namespace

void registerGemmKernels(KernelRegistry& registry) {
    registry.add({"Gemm", "", sameFloatTypes, byFloatType<gemm<float>, gemm<double>>, true});
    registry.add({"MatMul", "", sameFloatTypes, byFloatType<matmul<float>, matmul<double>>, true});
}

} // namespace autosplit
