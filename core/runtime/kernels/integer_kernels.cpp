// The integer ops of quantized layers (core/runtime/integer_lowering.h): IntegerConv and
// IntegerMatMul of the "autosplit" domain, which a QDQ graph's DequantizeLinear -> Conv/Gemm/MatMul
// -> [Add] -> [activation] -> [Clip] -> QuantizeLinear chains are lowered to. uint8 codes times
// int8 weight codes summed in int32 by the CPU path's integer kernels (cpu/isa/integer_gemm.inl),
// then one requantization per output: the real value through the absorbed residual, activation and
// clip to the next layer's uint8 code (or to float when no QuantizeLinear follows).
//
// Inputs: integer_lowering.h's IntegerSlot. Attributes: weight_depth (k), wide (some |w| > 64),
// the Conv's (kernel_shape always set), clip_low / clip_high when a Clip was absorbed after the
// activation.

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/cpu/cpu_kernels.h"
#include "core/runtime/integer_lowering.h"
#include "core/runtime/kernels/im2col.h"
#include "core/runtime/kernels/kernel_output.h"
#include "core/runtime/kernels/kernel_scratch.h"
#include "core/runtime/kernels/parallel_for.h"
#include "core/runtime/kernels/spatial_geometry.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace autosplit {

namespace {

// The residual: floats, or codes dequantized in the requantization.
struct Addend {
    const float* values = nullptr;
    const uint8_t* codes = nullptr;
    float scale = 1.f;
    int32_t zero = 0;

    explicit operator bool() const { return values || codes; }
    // The row's parameters with the residual of the outputs from `offset` on.
    IntegerRow at(IntegerRow row, int64_t offset) const {
        if (values)
            row.addend = values + offset;
        if (codes) {
            row.addendCodes = codes + offset;
            row.addendScale = scale;
            row.addendZero = zero;
        }
        return row;
    }
};

// What every output row shares and what differs per output channel.
struct Requantization {
    std::vector<IntegerRow> rows; // per output channel, without addend
    bool codes = false;
};

// The prepared weights (integer_lowering.cpp): M rows of k codes then zeros up to a multiple of
// 4, and the row sums the input zero point's correction needs.
struct PreparedWeights {
    const int8_t* codes = nullptr;
    const int32_t* rowSums = nullptr;
    int64_t rows = 0, depth = 0, ld = 0;
    bool wide = false; // some |w| > 64: the int16 pair sums could saturate (integer_gemm.inl)
};

Result<PreparedWeights> preparedWeights(const KernelContext& ctx) {
    const HostTensor& w = ctx.input(kIntegerW);
    const int64_t depth = ctx.node.attrInt("weight_depth", -1);
    if (w.dtype() != DataType::Int8 || w.rank() != 2 || depth < 0 ||
        w.dim(1) != (depth + 3) / 4 * 4)
        return ctx.fail("the prepared weights " + w.describe() + " do not hold rows of " +
                        std::to_string(depth) + " codes padded to a multiple of 4");
    if (!ctx.hasInput(kIntegerRowSums) || ctx.input(kIntegerRowSums).dtype() != DataType::Int32 ||
        ctx.input(kIntegerRowSums).elementCount() != w.dim(0))
        return ctx.fail("the weights' row sums are missing or not " + std::to_string(w.dim(0)) +
                        " int32");
    PreparedWeights p;
    p.codes = w.data<int8_t>();
    p.rowSums = ctx.input(kIntegerRowSums).data<int32_t>();
    p.rows = w.dim(0);
    p.depth = depth;
    p.ld = w.dim(1);
    p.wide = ctx.node.attrInt("wide", 1) != 0;
    return p;
}

Result<float> scalarFloat(const KernelContext& ctx, size_t slot, const char* what) {
    if (!ctx.hasInput(slot))
        return ctx.fail(std::string(what) + " is missing");
    const HostTensor& t = ctx.input(slot);
    if (t.dtype() != DataType::Float || t.elementCount() != 1)
        return ctx.fail(std::string(what) + " must be one float, got " + t.describe());
    const float v = t.data<float>()[0];
    if (!(v > 0.f) || !std::isfinite(v))
        return ctx.fail(std::string(what) + " must be positive and finite, got " +
                        std::to_string(v));
    return v;
}

Result<int32_t> zeroPoint(const KernelContext& ctx, size_t slot, const char* what) {
    if (!ctx.hasInput(slot))
        return 0;
    const HostTensor& t = ctx.input(slot);
    if (t.dtype() != DataType::UInt8 || t.elementCount() != 1)
        return ctx.fail(std::string(what) + " must be one uint8, got " + t.describe());
    return static_cast<int32_t>(t.data<uint8_t>()[0]);
}

// A tensor's per-tensor quantization: its scale and zero point inputs ("the input").
struct Grid {
    float scale;
    int32_t zero;
};

Result<Grid> gridOf(const KernelContext& ctx, size_t scaleSlot, size_t zeroSlot,
                    const std::string& what) {
    auto s = scalarFloat(ctx, scaleSlot, (what + " scale").c_str());
    if (!s)
        return s.error();
    auto z = zeroPoint(ctx, zeroSlot, (what + " zero point").c_str());
    if (!z)
        return z.error();
    return Grid{*s, *z};
}

// The per-channel requantization of an op with M output channels and input zero point zx.
Result<Requantization> requantization(const KernelContext& ctx, int64_t M, int32_t zx, float sx,
                                      const PreparedWeights& w) {
    const HostTensor& ws = ctx.input(kIntegerWScale);
    if (ws.dtype() != DataType::Float || (ws.elementCount() != 1 && ws.elementCount() != M))
        return ctx.fail("the weight scale has " + std::to_string(ws.elementCount()) +
                        " elements for " + std::to_string(M) + " output channels");
    const HostTensor* bias = ctx.hasInput(kIntegerBias) ? &ctx.input(kIntegerBias) : nullptr;
    if (bias && (bias->dtype() != DataType::Float || bias->elementCount() != M))
        return ctx.fail("the bias " + bias->describe() + " does not have " + std::to_string(M) +
                        " floats");
    Requantization r;
    r.codes = ctx.hasInput(kIntegerYScale);
    float ys = 1.f;
    int32_t yz = 0;
    if (r.codes) {
        auto grid = gridOf(ctx, kIntegerYScale, kIntegerYZero, "the output");
        if (!grid)
            return grid.error();
        ys = grid->scale;
        yz = grid->zero;
    }
    const FusedActivation& act = ctx.node.activation;
    const float lo = ctx.node.attrFloat("clip_low", -std::numeric_limits<float>::infinity());
    const float hi = ctx.node.attrFloat("clip_high", std::numeric_limits<float>::infinity());
    r.rows.resize(static_cast<size_t>(M));
    for (int64_t m = 0; m < M; ++m) {
        IntegerRow& row = r.rows[static_cast<size_t>(m)];
        row.offset = -zx * w.rowSums[m];
        row.scale = sx * ws.data<float>()[ws.elementCount() == 1 ? 0 : m];
        row.bias = bias ? bias->data<float>()[m] : 0.f;
        row.activation = act.isNone() && !act.hasOutputAffine() ? nullptr : &act;
        row.clampLow = lo;
        row.clampHigh = hi;
        row.outScale = ys;
        row.outZero = yz;
    }
    return r;
}

struct Output {
    uint8_t* codes = nullptr;
    float* values = nullptr;
    void row(const CpuIntegerKernels& k, const int32_t* acc, int64_t n, const IntegerRow& params,
             int64_t offset) const {
        k.requantizeRow(acc, n, params, codes ? codes + offset : nullptr,
                        values ? values + offset : nullptr);
    }
};

Result<Output> allocateOutput(KernelContext& ctx, bool codes, std::vector<int64_t> dims) {
    auto y = newOutput(ctx, codes ? DataType::UInt8 : DataType::Float, std::move(dims));
    if (!y)
        return y.error();
    ctx.outputs[0] = std::move(*y);
    Output out;
    if (codes)
        out.codes = ctx.outputs[0].mutableData<uint8_t>();
    else
        out.values = ctx.outputs[0].mutableData<float>();
    return out;
}

// Depthwise 1-D/2-D conv, one channel plane at a time: the plane padded with the zero point's
// code, the taps summed in int32, the plane requantized as one row.
void depthwise(const uint8_t* x, uint8_t zx, const PreparedWeights& w, const Requantization& rq,
               const Addend& addend, const Output& out, int64_t N, int64_t C,
               const SpatialGeometry& g, int threads) {
    const CpuIntegerKernels& k = cpuKernels().i8;
    const int64_t kh = g.kernel[1], kw = g.kernel[2], H = g.in[1], W = g.in[2];
    const int64_t outH = g.out[1], outW = g.out[2], S = outH * outW;
    const int64_t padH = (outH - 1) * g.stride[1] + (kh - 1) * g.dilation[1] + 1;
    const int64_t padW = (outW - 1) * g.stride[2] + (kw - 1) * g.dilation[2] + 1;
    parallelFor(
        N * C, threads,
        [&](int64_t begin, int64_t end) {
            uint8_t* padded = threadScratch<uint8_t>(static_cast<size_t>(padH * padW));
            int32_t* acc = threadScratch<int32_t>(static_cast<size_t>(S));
            for (int64_t plane = begin; plane < end; ++plane) {
                const int64_t c = plane % C;
                const uint8_t* src = x + plane * H * W;
                std::fill_n(padded, padH * padW, zx);
                for (int64_t ih = 0; ih < H; ++ih) {
                    const int64_t ph = ih + g.padBegin[1];
                    if (ph < 0 || ph >= padH)
                        continue;
                    const int64_t first = std::max<int64_t>(0, -g.padBegin[2]);
                    const int64_t last = std::min<int64_t>(W, padW - g.padBegin[2]);
                    if (last > first)
                        std::memcpy(padded + ph * padW + first + g.padBegin[2],
                                    src + ih * W + first, static_cast<size_t>(last - first));
                }
                k.depthwisePlane(padded, padW, w.codes + c * w.ld, kh, kw, g.stride[1], g.stride[2],
                                 g.dilation[1], g.dilation[2], outH, outW, acc);
                out.row(k, acc, S, addend.at(rq.rows[static_cast<size_t>(c)], plane * S),
                        plane * S);
            }
        },
        1);
}

// Depthwise conv in the path's float depthwise loops on the codes minus the zero point: each
// product is at most 255 * 127 and a window of up to 512 taps sums to below 2^24, where float
// arithmetic on integers is exact, so this is the integer result, at the float kernel's speed
// (its vector-of-planes loops beat the integer plane loop 3 to 5 times on MobileNetV2).
bool depthwiseInFloatIsExact(const SpatialGeometry& g) {
    return g.kernelSize() * 255 * 127 < (int64_t(1) << 24);
}

void depthwiseExactFloat(const uint8_t* x, uint8_t zx, const PreparedWeights& w,
                         const Requantization& rq, const Addend& addend, const Output& out,
                         int64_t N, int64_t C, const SpatialGeometry& g, int threads) {
    const int64_t taps = g.kernelSize(), S = g.outSize();
    std::vector<float> wf(static_cast<size_t>(C * taps));
    for (int64_t c = 0; c < C; ++c)
        for (int64_t t = 0; t < taps; ++t)
            wf[static_cast<size_t>(c * taps + t)] = static_cast<float>(w.codes[c * w.ld + t]);
    std::vector<IntegerRow> rows(static_cast<size_t>(N * C));
    for (int64_t p = 0; p < N * C; ++p) {
        IntegerRow row = rq.rows[static_cast<size_t>(p % C)];
        row.offset = 0; // the zero point is already out of the codes
        rows[static_cast<size_t>(p)] = addend.at(row, p * S);
    }
    cpuKernels().i8.depthwiseCodes(x, zx, wf.data(), N, C, g, rows.data(), out.codes, out.values,
                                   threads);
}

// Conv as products of the weights and packed panels of the (im2col) input, per (image, group)
// and column tile, the way the float conv tiles its work.
void convolveGemm(const uint8_t* x, uint8_t zx, const PreparedWeights& w, const Requantization& rq,
                  const Addend& addend, const Output& out, int64_t N, int64_t C, int64_t M,
                  int64_t G, const SpatialGeometry& g, int threads) {
    const CpuIntegerKernels& k = cpuKernels().i8;
    const int64_t cg = C / G, mg = M / G, S = g.outSize(), inS = g.inSize(), K = w.depth;
    const int64_t strip = k.stripWidth, panelBytes = (K + 3) / 4 * 4 * strip;
    const bool pointwise =
        g.kernelSize() == 1 && g.stride == SpatialGeometry::Dims3{1, 1, 1} && !g.hasPadding();
    constexpr int64_t kRowBlock = 32;
    // Column tiles of whole strips whose im2col rows and panels (about 256 KB) stay in L2, and
    // not so wide that a block of rows' accumulators (kRowBlock x the tile) outgrows it.
    constexpr int64_t kTileBytes = 256 * 1024, kMaxTileColumns = 1024;
    const int64_t units = N * G;
    // rows [r0, r1) of the group times the packed panels of columns [s0, s0 + width), each
    // block of rows over every strip, then each row requantized in one pass over the width
    auto multiply = [&](const uint8_t* panels, int64_t n, int64_t group, int64_t s0, int64_t width,
                        int64_t r0, int64_t r1, int32_t* acc, int64_t ldAcc) {
        const int64_t strips = ceilDiv(width, strip);
        for (int64_t b0 = r0; b0 < r1; b0 += kRowBlock) {
            const int64_t rows = std::min(kRowBlock, r1 - b0);
            const int64_t m0 = group * mg + b0;
            for (int64_t s = 0; s < strips; ++s)
                k.gemmPanel(w.codes + m0 * w.ld, w.ld, panels + s * panelBytes, K, acc + s * strip,
                            ldAcc, rows, w.wide);
            for (int64_t r = 0; r < rows; ++r) {
                const int64_t offset = (n * M + m0 + r) * S + s0;
                out.row(k, acc + r * ldAcc, width,
                        addend.at(rq.rows[static_cast<size_t>(m0 + r)], offset), offset);
            }
        }
    };
    // the im2col matrix (or the input itself) of columns [s0, s1) packed into panels
    auto pack = [&](const uint8_t* xg, int64_t s0, int64_t s1, uint8_t* col, uint8_t* panels,
                    std::vector<ColumnSegment>& segments) {
        const uint8_t* matrix = xg + s0;
        int64_t ld = S;
        if (!pointwise) {
            tileSegments(g, s0, s1, segments);
            im2col(xg, g, segments, col, s1 - s0, 0, cg, zx);
            matrix = col;
            ld = s1 - s0;
        }
        for (int64_t s = 0; s * strip < s1 - s0; ++s)
            k.packPanel(matrix + s * strip, ld, K, std::min(strip, s1 - s0 - s * strip),
                        panels + s * panelBytes);
    };

    const int64_t allStrips = ceilDiv(S, strip);
    if (threads > 1 && units * allStrips < 4 * threads) {
        // Few output pixels (deep layers at batch 1): each image's panels packed once and
        // shared, blocks of output channels handed out to the threads.
        std::vector<ColumnSegment> segments;
        uint8_t* col = pointwise ? nullptr : threadScratch<uint8_t, 2>(static_cast<size_t>(K * S));
        uint8_t* panels = threadScratch<uint8_t, 3>(static_cast<size_t>(panelBytes * allStrips));
        const int64_t ldAcc = allStrips * strip;
        for (int64_t unit = 0; unit < units; ++unit) {
            const int64_t n = unit / G, group = unit % G;
            pack(x + (n * C + group * cg) * inS, 0, S, col, panels, segments);
            parallelFor(
                ceilDiv(mg, kRowBlock), threads,
                [&](int64_t begin, int64_t end) {
                    int32_t* acc = threadScratch<int32_t>(static_cast<size_t>(kRowBlock * ldAcc));
                    multiply(panels, n, group, 0, S, begin * kRowBlock,
                             std::min(mg, end * kRowBlock), acc, ldAcc);
                },
                1);
        }
        return;
    }
    int64_t tileStrips = std::clamp<int64_t>(kTileBytes / std::max<int64_t>(1, 2 * K * strip), 1,
                                             std::max<int64_t>(1, kMaxTileColumns / strip));
    int64_t tiles = ceilDiv(allStrips, tileStrips);
    if (units * tiles < 2 * threads) { // more, smaller tiles, for every thread
        tiles = std::min(allStrips, ceilDiv(2 * threads, units));
        tileStrips = ceilDiv(allStrips, tiles);
        tiles = ceilDiv(allStrips, tileStrips);
    }
    const int64_t tileColumns = tileStrips * strip;
    parallelFor(
        units * tiles, threads,
        [&](int64_t begin, int64_t end) {
            thread_local std::vector<ColumnSegment> segments;
            uint8_t* col =
                pointwise ? nullptr : threadScratch<uint8_t>(static_cast<size_t>(K * tileColumns));
            uint8_t* panels =
                threadScratch<uint8_t, 1>(static_cast<size_t>(panelBytes * tileStrips));
            int32_t* acc = threadScratch<int32_t>(static_cast<size_t>(kRowBlock * tileColumns));
            for (int64_t item = begin; item < end; ++item) {
                const int64_t unit = item / tiles, n = unit / G, group = unit % G;
                const int64_t s0 = (item % tiles) * tileColumns, s1 = std::min(S, s0 + tileColumns);
                pack(x + (n * C + group * cg) * inS, s0, s1, col, panels, segments);
                multiply(panels, n, group, s0, s1 - s0, 0, mg, acc, tileColumns);
            }
        },
        1);
}

Status integerConv(KernelContext& ctx) {
    const HostTensor& X = ctx.input(kIntegerX);
    auto prepared = preparedWeights(ctx);
    if (!prepared)
        return prepared.error();
    const PreparedWeights& w = *prepared;
    const std::vector<int64_t> kernel = ctx.node.attrInts("kernel_shape");
    if (X.rank() < 3 || X.rank() > 5 || static_cast<int64_t>(kernel.size()) != X.rank() - 2)
        return ctx.fail("input X has shape " + TensorShape::of(X.dims()).toString() +
                        ", expected rank 3 to 5 matching kernel_shape");
    const int64_t N = X.dim(0), C = X.dim(1), M = w.rows, G = ctx.node.attrInt("group", 1);
    int64_t taps = 1;
    for (int64_t k : kernel)
        taps *= k;
    if (G < 1 || C % G != 0 || M % G != 0 || C / G * taps != w.depth)
        return ctx.fail("group " + std::to_string(G) + " and " + std::to_string(C) +
                        " input channels do not fit weights of depth " + std::to_string(w.depth));
    const std::vector<int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    auto geometry = windowGeometry(ctx, inSpatial, kernel, false);
    if (!geometry)
        return geometry.error();
    const SpatialGeometry& g = *geometry;
    auto x = gridOf(ctx, kIntegerXScale, kIntegerXZero, "the input");
    if (!x)
        return x.error();
    const int64_t K = w.depth;
    auto rq = requantization(ctx, M, x->zero, x->scale, w);
    if (!rq)
        return rq.error();
    std::vector<int64_t> outDims{N, M};
    for (int64_t d : g.outDims())
        outDims.push_back(d);
    Addend addend;
    if (ctx.hasInput(kIntegerAddend)) {
        const HostTensor& Z = ctx.input(kIntegerAddend);
        const bool codes = Z.dtype() == DataType::UInt8;
        if ((!codes && Z.dtype() != DataType::Float) || Z.dims() != outDims)
            return ctx.fail("the residual " + Z.describe() +
                            " is not float or uint8 codes of the output's shape " +
                            TensorShape::of(outDims).toString());
        if (codes) {
            auto grid = gridOf(ctx, kIntegerAddendScale, kIntegerAddendZero, "the residual's");
            if (!grid)
                return grid.error();
            addend.codes = Z.data<uint8_t>();
            addend.scale = grid->scale;
            addend.zero = grid->zero;
        } else {
            addend.values = Z.data<float>();
        }
    }
    auto out = allocateOutput(ctx, rq->codes, outDims);
    if (!out)
        return out.error();
    if (ctx.outputs[0].elementCount() == 0)
        return Status::success();
    if (auto s = checkScratch(ctx, K * g.outSize(), "the im2col matrix"); !s)
        return s;
    const int threads = std::max(1, ctx.threads);
    const uint8_t zeroCode = static_cast<uint8_t>(x->zero);
    if (G == C && M == C && g.rank <= 2 && depthwiseInFloatIsExact(g))
        depthwiseExactFloat(X.data<uint8_t>(), zeroCode, w, *rq, addend, *out, N, C, g, threads);
    else if (G == C && M == C && g.rank <= 2)
        depthwise(X.data<uint8_t>(), zeroCode, w, *rq, addend, *out, N, C, g, threads);
    else
        convolveGemm(X.data<uint8_t>(), zeroCode, w, *rq, addend, *out, N, C, M, G, g, threads);
    return Status::success();
}

Status integerMatMul(KernelContext& ctx) {
    const HostTensor& A = ctx.input(kIntegerX);
    auto prepared = preparedWeights(ctx);
    if (!prepared)
        return prepared.error();
    const PreparedWeights& w = *prepared;
    if (A.rank() < 1 || A.dim(A.rank() - 1) != w.depth)
        return ctx.fail("the input " + A.describe() + " does not have " + std::to_string(w.depth) +
                        " features");
    const int64_t K = w.depth, M = w.rows;
    auto x = gridOf(ctx, kIntegerXScale, kIntegerXZero, "the input");
    if (!x)
        return x.error();
    auto rq = requantization(ctx, M, x->zero, x->scale, w);
    if (!rq)
        return rq.error();
    std::vector<int64_t> outDims(A.dims().begin(), A.dims().end() - 1);
    outDims.push_back(M);
    auto out = allocateOutput(ctx, rq->codes, outDims);
    if (!out)
        return out.error();
    const int64_t rows = K > 0 ? A.elementCount() / K : 0;
    if (rows == 0 || M == 0)
        return Status::success();
    const CpuIntegerKernels& k = cpuKernels().i8;
    const uint8_t* a = A.data<uint8_t>();
    const int threads = std::max(1, ctx.threads);
    // Output (row n, channel m) at n * M + m: each channel's values are M apart, so they are
    // requantized one at a time.
    auto store = [&](const int32_t* acc, int64_t m, int64_t n0, int64_t count, int64_t stride) {
        const IntegerRow& row = rq->rows[static_cast<size_t>(m)];
        for (int64_t i = 0; i < count; ++i)
            out->row(k, acc + i * stride, 1, row, (n0 + i) * M + m);
    };
    constexpr int64_t kFewRows = 4;
    if (rows <= kFewRows) {
        for (int64_t n = 0; n < rows; ++n)
            parallelFor(ceilDiv(M, 64), threads, [&](int64_t begin, int64_t end) {
                int32_t acc[64];
                for (int64_t b = begin; b < end; ++b) {
                    const int64_t m0 = b * 64, count = std::min<int64_t>(64, M - m0);
                    k.dotRows(a + n * K, w.codes + m0 * w.ld, w.ld, acc, count, K);
                    for (int64_t i = 0; i < count; ++i)
                        store(acc + i, m0 + i, n, 1, 1);
                }
            });
        return Status::success();
    }
    const int64_t strip = k.stripWidth, panelBytes = (K + 3) / 4 * 4 * strip;
    constexpr int64_t kRowBlock = 64;
    parallelFor(
        ceilDiv(rows, strip), threads,
        [&](int64_t begin, int64_t end) {
            uint8_t* panel = threadScratch<uint8_t, 1>(static_cast<size_t>(panelBytes));
            int32_t* acc = threadScratch<int32_t>(static_cast<size_t>(kRowBlock * strip));
            for (int64_t s = begin; s < end; ++s) {
                const int64_t n0 = s * strip, width = std::min(strip, rows - n0);
                k.packPanelTransposed(a + n0 * K, K, K, width, panel);
                for (int64_t m0 = 0; m0 < M; m0 += kRowBlock) {
                    const int64_t count = std::min(kRowBlock, M - m0);
                    k.gemmPanel(w.codes + m0 * w.ld, w.ld, panel, K, acc, strip, count, w.wide);
                    for (int64_t r = 0; r < count; ++r)
                        store(acc + r * strip, m0 + r, n0, width, 1);
                }
            }
        },
        1);
    return Status::success();
}

bool integerInputs(const Node&, const std::vector<DataType>& types) {
    return types.size() > kIntegerW && types[kIntegerX] == DataType::UInt8 &&
           types[kIntegerW] == DataType::Int8;
}

} // namespace

void registerIntegerKernels(KernelRegistry& registry) {
    // Both apply the node's activation in their requantization.
    registry.add({kIntegerConvOp, kIntegerDomain, integerInputs, integerConv, true});
    registry.add({kIntegerMatMulOp, kIntegerDomain, integerInputs, integerMatMul, true});
}

} // namespace autosplit
