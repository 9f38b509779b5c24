// Conv and ConvTranspose on 1-3 spatial dims. Conv is a matrix product per (image, group): the
// weights [M/G, C/G*k] times the input (1x1 stride-1 convs) or its im2col matrix [C/G*k, output
// pixels], by the CPU path's conv GEMM (cpu/cpu_kernels.h) straight into the NCHW output with
// bias and fused activation; column tiles or output-channel blocks are spread over threads.
// Depthwise 1-D/2-D convs are the CPU path's direct loops over a vector of planes at a time.
// ConvTranspose is a GEMM (W^T X) followed by col2im.

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/cpu/cpu_kernels.h"
#include "core/runtime/kernels/float_inputs.h"
#include "core/runtime/kernels/fused_epilogue.h"
#include "core/runtime/kernels/im2col.h"
#include "core/runtime/kernels/kernel_output.h"
#include "core/runtime/kernels/kernel_scratch.h"
#include "core/runtime/kernels/matrix_product.h"
#include "core/runtime/kernels/parallel_for.h"
#include "core/runtime/kernels/spatial_geometry.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace autosplit {

namespace {

template <typename T> Status convolve(KernelContext& ctx) {
    const HostTensor& X = ctx.input(0);
    const HostTensor& Wt = ctx.input(1);
    const HostTensor* B = ctx.hasInput(2) ? &ctx.input(2) : nullptr;
    // A fourth input is a residual Add fused into the conv (passes/residual_add_fusion).
    const HostTensor* Z = ctx.node.residualAdd && ctx.hasInput(3) ? &ctx.input(3) : nullptr;
    if (X.rank() < 3 || X.rank() > 5)
        return ctx.fail("input X has shape " + shapeOf(X) +
                        ", expected rank 3 to 5 (N, C and 1-3 spatial dims)");
    if (Wt.rank() != X.rank())
        return ctx.fail("weight W has shape " + shapeOf(Wt) + ", expected rank " +
                        std::to_string(X.rank()) + " like input X " + shapeOf(X));
    const int64_t N = X.dim(0), C = X.dim(1), M = Wt.dim(0), G = ctx.node.attrInt("group", 1);
    if (G < 1 || C % G != 0 || M % G != 0)
        return ctx.fail("group " + std::to_string(G) + " does not divide the " + std::to_string(C) +
                        " input and " + std::to_string(M) + " output channels");
    if (Wt.dim(1) != C / G)
        return ctx.fail("weight W has shape " + shapeOf(Wt) + ", expected " +
                        std::to_string(C / G) + " input channels per group for input X " +
                        shapeOf(X) + " and group " + std::to_string(G));
    if (B && (B->rank() != 1 || B->dim(0) != M))
        return ctx.fail("bias B has shape " + shapeOf(*B) + ", expected [" + std::to_string(M) +
                        "]");
    const std::vector<int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    const std::vector<int64_t> kernel(Wt.dims().begin() + 2, Wt.dims().end());
    if (ctx.node.attribute("kernel_shape") && ctx.node.attrInts("kernel_shape") != kernel)
        return ctx.fail("attribute 'kernel_shape' does not match weight W " + shapeOf(Wt));
    auto geometry = windowGeometry(ctx, inSpatial, kernel, false);
    if (!geometry)
        return geometry.error();
    const SpatialGeometry& g = *geometry;

    std::vector<int64_t> outDims{N, M};
    for (int64_t d : g.outDims())
        outDims.push_back(d);
    if (Z && Z->dims() != outDims)
        return ctx.fail("residual input Z has shape " + shapeOf(*Z) +
                        ", expected the output's shape " + TensorShape::of(outDims).toString());
    auto YAllocated = newOutput(ctx, X.dtype(), outDims);
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    const T* x = X.data<T>();
    const T* w = Wt.data<T>();
    const T* bias = B ? B->data<T>() : nullptr;
    const T* z = Z ? Z->data<T>() : nullptr;
    T* y = Y.mutableData<T>();
    const FusedActivation& act = ctx.node.activation;
    const int threads = std::max(1, ctx.threads);
    const int64_t cg = C / G, mg = M / G, S = g.outSize(), inS = g.inSize(),
                  K = cg * g.kernelSize();
    const CpuKernelSet<T>& kernels = cpuKernelsOf<T>();
    ctx.outputs[0] = Y;
    if (Y.elementCount() == 0)
        return Status::success();

    if (cg == 1 && G == C && g.rank <= 2) {
        // the residual, if any, goes on after the conv, with the activation after it
        const FusedActivation none;
        const FusedActivation& convAct = z ? none : act;
        // across a vector of planes at once (register transposes in and out), in bands of output
        // rows
        kernels.depthwiseConv(x, w, bias, y, N, C, M, g, convAct, threads);
        if (z) {
            const int64_t total = Y.elementCount();
            parallelRange(total, threads, total, [&](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i)
                    y[i] += z[i];
                applyBiasActivation(y + begin, end - begin, T(0), act);
            });
        }
        return Status::success();
    }

    const bool pointwise =
        g.kernelSize() == 1 && g.stride == SpatialGeometry::Dims3{1, 1, 1} && !g.hasPadding();
    const int64_t units = N * G;
    // Column tiles: an im2col tile and its output block (about 512 KB together) stay in L2
    // between being written and being read again; with few units, at least one tile per thread,
    // balanced.
    constexpr int64_t kTileBytes = 512 * 1024, kMinTileColumns = 64;
    int64_t tiles =
        ceilDiv((pointwise ? mg : K + mg) * S * static_cast<int64_t>(sizeof(T)), kTileBytes);
    if (units < 4 * threads)
        tiles = ceilDiv(ceilDiv(units * tiles, threads) * threads, units);
    tiles = std::clamp<int64_t>(tiles, 1, std::max<int64_t>(1, S / kMinTileColumns));
    // whole strips of the GEMM kernel per tile, so only the last tile has a partial one
    const int64_t strip = kernels.convGemmStripWidth;
    const int64_t tileColumns = std::min(S, ceilDiv(ceilDiv(S, tiles), strip) * strip);
    tiles = ceilDiv(S, tileColumns);
    if (auto s = checkScratch(ctx, K * std::max(S, tileColumns), "the im2col matrix"); !s)
        return s;
    const bool parallel = threads > 1 && N * M * S * K > (int64_t(1) << 16);

    if (!parallel || units * tiles >= threads) {
        // Each (image, group, column tile) is one GEMM on one thread. Dynamic scheduling: when
        // another process holds a core, the other thread takes over its tiles.
        const int64_t items = units * tiles;
        parallelFor(
            items, parallel ? threads : 1,
            [&](int64_t begin, int64_t end) {
                thread_local std::vector<ColumnSegment> segments;
                T* col =
                    pointwise ? nullptr : threadScratch<T>(static_cast<size_t>(K * tileColumns));
                for (int64_t item = begin; item < end; ++item) {
                    const int64_t unit = item / tiles, n = unit / G, group = unit % G;
                    const int64_t s0 = (item % tiles) * tileColumns,
                                  s1 = std::min(S, s0 + tileColumns);
                    const T* xg = x + (n * C + group * cg) * inS;
                    const T* matrix = xg + s0;
                    int64_t ld = S;
                    if (!pointwise) {
                        tileSegments(g, s0, s1, segments);
                        im2col(xg, g, segments, col, s1 - s0, 0, cg);
                        matrix = col;
                        ld = s1 - s0;
                    }
                    const int64_t offset = (n * M + group * mg) * S + s0;
                    kernels.convGemm(w + group * mg * K, K, matrix, ld, y + offset, S, mg, s1 - s0,
                                     K, bias ? bias + group * mg : nullptr,
                                     z ? z + offset : nullptr, act);
                }
            },
            1);
        return Status::success();
    }

    // Few, small images (deep layers at batch 1): one im2col matrix shared by the threads, blocks
    // of output channels handed out dynamically.
    T* col = pointwise ? nullptr : threadScratch<T, 1>(static_cast<size_t>(K * S));
    std::vector<ColumnSegment> segments;
    tileSegments(g, 0, S, segments);
    const int64_t rowBlock = std::max<int64_t>(8, ceilDiv(ceilDiv(mg, 4 * threads), 8) * 8);
    const int64_t rowBlocks = ceilDiv(mg, rowBlock);
    for (int64_t unit = 0; unit < units; ++unit) {
        const int64_t n = unit / G, group = unit % G;
        const T* xg = x + (n * C + group * cg) * inS;
        if (!pointwise)
            parallelFor(cg, threads,
                        [&](int64_t c0, int64_t c1) { im2col(xg, g, segments, col, S, c0, c1); });
        parallelFor(
            rowBlocks, threads,
            [&](int64_t begin, int64_t end) {
                for (int64_t block = begin; block < end; ++block) {
                    const int64_t r0 = block * rowBlock, r1 = std::min(mg, r0 + rowBlock);
                    const int64_t offset = (n * M + group * mg + r0) * S;
                    kernels.convGemm(w + (group * mg + r0) * K, K, pointwise ? xg : col, S,
                                     y + offset, S, r1 - r0, S, K,
                                     bias ? bias + group * mg + r0 : nullptr,
                                     z ? z + offset : nullptr, act);
                }
            },
            1);
    }
    return Status::success();
}

// ConvTranspose geometry (canonical 3-D like SpatialGeometry, `in` is X's and `out` is Y's).
Result<SpatialGeometry> transposeGeometry(const KernelContext& ctx,
                                          std::span<const int64_t> inSpatial,
                                          std::span<const int64_t> kernel) {
    const size_t rank = inSpatial.size();
    auto strides = spatialAttribute(ctx, "strides", rank, 1, 1);
    if (!strides)
        return strides.error();
    auto dilations = spatialAttribute(ctx, "dilations", rank, 1, 1);
    if (!dilations)
        return dilations.error();
    auto pads = spatialAttribute(ctx, "pads", 2 * rank, 0, 0);
    if (!pads)
        return pads.error();
    auto outputPadding = spatialAttribute(ctx, "output_padding", rank, 0, 0);
    if (!outputPadding)
        return outputPadding.error();
    std::vector<int64_t> outputShape = ctx.node.attrInts("output_shape");
    if (outputShape.size() == rank + 2) // some exporters give N and C too
        outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
    if (!outputShape.empty() && outputShape.size() != rank)
        return ctx.fail("attribute 'output_shape' has " + std::to_string(outputShape.size()) +
                        " values, expected " + std::to_string(rank));
    for (int64_t d : outputShape)
        if (d < 1 || d > kMaxKernelElements)
            return ctx.fail("attribute 'output_shape' has the value " + std::to_string(d));
    const std::string autoPad = ctx.node.attrString("auto_pad", "NOTSET");
    if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
        autoPad != "SAME_LOWER")
        return ctx.fail("auto_pad '" + autoPad +
                        "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");

    SpatialGeometry g;
    g.rank = static_cast<int>(rank);
    for (size_t i = 0; i < rank; ++i) {
        const size_t c = SpatialGeometry::kMaxRank - rank + i;
        const int64_t in = inSpatial[i], k = kernel[i], s = (*strides)[i], d = (*dilations)[i];
        if (k < 1 || in < 0)
            return ctx.fail("spatial dim " + std::to_string(i) + " has input size " +
                            std::to_string(in) + " and kernel size " + std::to_string(k));
        if ((*outputPadding)[i] >= std::max(s, d))
            return ctx.fail("output_padding " + std::to_string((*outputPadding)[i]) +
                            " must be smaller than stride " + std::to_string(s) + " or dilation " +
                            std::to_string(d));
        g.in[c] = in;
        g.kernel[c] = k;
        g.stride[c] = s;
        g.dilation[c] = d;
        // The output a full transposed conv produces before any padding is removed.
        const int64_t full = s * (in - 1) + (*outputPadding)[i] + (k - 1) * d + 1;
        int64_t out = 0;
        if (!outputShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            out = outputShape.empty() ? in * s : outputShape[i];
            // negative total: the output extends past the full one (like output_padding)
            const int64_t total = full - out;
            // SAME_LOWER puts the larger half at the start, SAME_UPPER (and an explicit
            // output_shape) at the end, as ONNX's reference and its backend tests do; the half
            // is truncated toward zero, so a negative odd total extends the end
            const int64_t half = total / 2;
            g.padBegin[c] = autoPad == "SAME_LOWER" ? total - half : half;
            g.padEnd[c] = total - g.padBegin[c];
        } else {
            if (autoPad == "NOTSET") {
                g.padBegin[c] = (*pads)[i];
                g.padEnd[c] = (*pads)[i + rank];
            }
            out = full - g.padBegin[c] - g.padEnd[c];
        }
        if (out < 1)
            return ctx.fail("spatial dim " + std::to_string(i) + " gives an output of size " +
                            std::to_string(out));
        g.out[c] = out;
    }
    return g;
}

template <typename T> Status convolveTransposed(KernelContext& ctx) {
    const HostTensor& X = ctx.input(0);
    const HostTensor& Wt = ctx.input(1);
    const HostTensor* B = ctx.hasInput(2) ? &ctx.input(2) : nullptr;
    if (X.rank() < 3 || X.rank() > 5)
        return ctx.fail("input X has shape " + shapeOf(X) +
                        ", expected rank 3 to 5 (N, C and 1-3 spatial dims)");
    if (Wt.rank() != X.rank())
        return ctx.fail("weight W has shape " + shapeOf(Wt) + ", expected rank " +
                        std::to_string(X.rank()) + " like input X " + shapeOf(X));
    const int64_t N = X.dim(0), C = X.dim(1), G = ctx.node.attrInt("group", 1);
    if (G < 1 || C % G != 0)
        return ctx.fail("group " + std::to_string(G) + " does not divide the " + std::to_string(C) +
                        " input channels");
    if (Wt.dim(0) != C)
        return ctx.fail("weight W has shape " + shapeOf(Wt) + ", expected " + std::to_string(C) +
                        " input channels in dim 0 for input X " + shapeOf(X));
    const int64_t cg = C / G, mg = Wt.dim(1), M = mg * G;
    if (B && (B->rank() != 1 || B->dim(0) != M))
        return ctx.fail("bias B has shape " + shapeOf(*B) + ", expected [" + std::to_string(M) +
                        "]");
    const std::vector<int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    const std::vector<int64_t> kernel(Wt.dims().begin() + 2, Wt.dims().end());
    if (ctx.node.attribute("kernel_shape") && ctx.node.attrInts("kernel_shape") != kernel)
        return ctx.fail("attribute 'kernel_shape' does not match weight W " + shapeOf(Wt));
    auto geometry = transposeGeometry(ctx, inSpatial, kernel);
    if (!geometry)
        return geometry.error();
    const SpatialGeometry& g = *geometry;

    std::vector<int64_t> outDims{N, M};
    for (int64_t d : g.outDims())
        outDims.push_back(d);
    auto YAllocated = newOutput(ctx, X.dtype(), outDims);
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    ctx.outputs[0] = Y;
    if (Y.elementCount() == 0)
        return Status::success();
    const T* x = X.data<T>();
    const T* w = Wt.data<T>();
    const T* bias = B ? B->data<T>() : nullptr;
    T* y = Y.mutableData<T>();
    const FusedActivation& act = ctx.node.activation;
    const int threads = std::max(1, ctx.threads);
    const int64_t kvol = g.kernelSize(), inS = g.inSize(), outS = g.outSize();
    const int64_t rows = mg * kvol;
    if (auto s = checkScratch(ctx, rows * inS, "the column matrix of the transposed conv"); !s)
        return s;
    T* col = threadScratch<T, 1>(static_cast<size_t>(rows * inS));
    const int64_t ID = g.in[0], IH = g.in[1], IW = g.in[2], OD = g.out[0], OH = g.out[1],
                  OW = g.out[2];

    for (int64_t n = 0; n < N; ++n)
        for (int64_t group = 0; group < G; ++group) {
            // col[(m, k), pixel] = sum over the group's input channels c of W[c, m, k] * X[c,
            // pixel]
            const T* xg = x + (n * C + group * cg) * inS;
            parallelMatrixProduct(true, false, rows, inS, cg, T(1), w + group * cg * rows, rows, xg,
                                  inS, T(0), col, inS, threads);
            const bool parallel = threads > 1 && mg > 1 && rows * inS > (int64_t(1) << 14);
            parallelFor(mg, parallel ? threads : 1, [&](int64_t mBegin, int64_t mEnd) {
                for (int64_t m = mBegin; m < mEnd; ++m) {
                    T* ym = y + (n * M + group * mg + m) * outS;
                    std::fill_n(ym, outS, bias ? bias[group * mg + m] : T(0));
                    for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
                        for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
                            for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                                const T* crow = col + (((m * g.kernel[0] + kd) * g.kernel[1] + kh) *
                                                           g.kernel[2] +
                                                       kw) *
                                                          inS;
                                const int64_t ow0 = kw * g.dilation[2] - g.padBegin[2];
                                int64_t first = 0, last = 0;
                                validRange(ow0, g.stride[2], OW, IW, first, last);
                                for (int64_t id = 0; id < ID; ++id) {
                                    const int64_t od =
                                        id * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
                                    if (od < 0 || od >= OD)
                                        continue;
                                    for (int64_t ih = 0; ih < IH; ++ih) {
                                        const int64_t oh =
                                            ih * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
                                        if (oh < 0 || oh >= OH)
                                            continue;
                                        const T* src = crow + (id * IH + ih) * IW;
                                        T* dst = ym + (od * OH + oh) * OW;
                                        for (int64_t iw = first; iw < last; ++iw)
                                            dst[ow0 + iw * g.stride[2]] += src[iw];
                                    }
                                }
                            }
                    applyBiasActivation(ym, outS, T(0), act);
                }
            });
        }
    return Status::success();
}

} // namespace

void registerConvKernels(KernelRegistry& registry) {
    registry.add(
        {"Conv", "", sameFloatTypes, byFloatType<convolve<float>, convolve<double>>, true});
    registry.add({"ConvTranspose", "", sameFloatTypes,
                  byFloatType<convolveTransposed<float>, convolveTransposed<double>>, true});
}

} // namespace autosplit
