// Integer execution of quantized layers (core/runtime/integer_lowering.h,
// cpu/isa/integer_gemm.inl).
// - The kernel tables of every CPU path this CPU runs, in one process, against integer references
//   written here: the products are exact (including 8-bit weights against codes of 255, where an
//   int16 pair sum would saturate), and requantization gives QuantizeLinear's codes.
// - QDQ layers built in code (Conv 3x3 / strided / pointwise / grouped / depthwise, with residual
//   Add, ReLU / ReLU6 / HardSwish, the b-bit Clip, input zero points, batch 2, Gemm and MatMul, 8-
//   and 4-bit weights) run by the executor in integer arithmetic on the process's CPU path
//   (AUTOSPLIT_CPU; the suite runs once per path) and as written, in float, which is the
//   fake-quantized simulation: every code within one quantization step, nearly all equal.
// Long file: the QDQ layer builder and the table checks serve every test here; split apart they
// would each need the same builder.

#include "core/runtime/cpu/cpu_kernels.h"
#include "core/runtime/executor.h"
#include "core/runtime/integer_lowering.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace autosplit;

namespace {

void addPathRows() {
    QTest::addColumn<int>("path");
    for (CpuPath p : kCpuPaths)
        QTest::newRow(std::string(cpuPathName(p)).c_str()) << static_cast<int>(p);
}

#define FETCH_PATH(var)                                                                            \
    QFETCH(int, path);                                                                             \
    const CpuPath var = static_cast<CpuPath>(path);                                                \
    if (!cpuSupports(var))                                                                         \
        QSKIP(qPrintable(QString("CPU path %1: NOT RUN, this CPU lacks %2")                        \
                             .arg(QString::fromStdString(std::string(cpuPathName(var))),           \
                                  QString::fromStdString(cpuMissingFeatures(var)))));

std::vector<uint8_t> randomCodes(std::mt19937& rng, size_t n, int hi = 255) {
    std::uniform_int_distribution<int> d(0, hi);
    std::vector<uint8_t> v(n);
    for (auto& x : v)
        x = static_cast<uint8_t>(d(rng));
    return v;
}

std::vector<int8_t> randomWeights(std::mt19937& rng, size_t n, int bits) {
    const int m = (1 << (bits - 1)) - 1;
    std::uniform_int_distribution<int> d(-m, m);
    std::vector<int8_t> v(n);
    for (auto& x : v)
        x = static_cast<int8_t>(d(rng));
    return v;
}

// ---- QDQ graphs built in code ----

struct LayerSpec {
    std::string op = "Conv"; // Conv, Gemm, MatMul
    int64_t n = 1, c = 8, h = 12, w = 12, m = 16;
    int64_t kernel = 3, stride = 1, pad = 1, group = 1;
    int weightBits = 8;
    std::string activation = "Relu"; // "", Relu, Clip6, HardSwish, LeakyRelu
    int outBits = 8;                 // the output's b-bit Clip below 8
    bool codesOut = true;
    bool residual = false;
    bool pool = false; // a 3x3 stride-2 MaxPool after the activation
    int inputZero = 0;
};

std::vector<int64_t> outputDims(const LayerSpec& s) {
    if (s.op != "Conv")
        return {s.n, s.m};
    int64_t oh = (s.h + 2 * s.pad - s.kernel) / s.stride + 1;
    int64_t ow = (s.w + 2 * s.pad - s.kernel) / s.stride + 1;
    if (s.pool) {
        oh = (oh + 2 - 3) / 2 + 1;
        ow = (ow + 2 - 3) / 2 + 1;
    }
    return {s.n, s.m, oh, ow};
}

Tensor tensorOf(DataType t, std::vector<int64_t> dims, const void* data, size_t bytes) {
    Tensor x;
    x.dtype = t;
    x.dims = std::move(dims);
    x.raw.resize(bytes);
    std::memcpy(x.raw.data(), data, bytes);
    return x;
}

struct Built {
    Graph graph;
    std::map<std::string, HostTensor> feeds;
};

// The layer in QDQ form, as split_models writes edge.onnx; `outScale`/`outZero` quantize the
// output (when codesOut).
Built buildLayer(const LayerSpec& s, float outScale, int outZero, uint32_t seed) {
    std::mt19937 rng(seed);
    Built b;
    Graph& g = b.graph;
    g.opsetImports[""] = 13;
    const bool conv = s.op == "Conv";
    const std::vector<int64_t> xDims =
        conv ? std::vector<int64_t>{s.n, s.c, s.h, s.w} : std::vector<int64_t>{s.n, s.c};
    auto scalar = [&](const std::string& name, float v) {
        return g.addConstant(name, Tensor::fromFloats({}, {v}));
    };
    auto u8 = [&](const std::string& name, int v) {
        const uint8_t c = static_cast<uint8_t>(v);
        return g.addConstant(name, tensorOf(DataType::UInt8, {}, &c, 1));
    };
    auto node = [&](const std::string& op, std::vector<ValueId> in, ValueId out,
                    std::map<std::string, Attribute> attrs = {}) {
        Node n;
        n.name = out == kNone ? op : g.value(out).name + "_" + op;
        n.opType = op;
        n.inputs = std::move(in);
        n.outputs = {out};
        n.attributes = std::move(attrs);
        g.addNode(std::move(n));
    };
    const ValueId xCodes = g.addValue("x_codes", DataType::UInt8, TensorShape::of(xDims));
    g.addInput(xCodes);
    const int codeMax = 255;
    const auto xc =
        randomCodes(rng, static_cast<size_t>(*TensorShape::of(xDims).elementCount()), codeMax);
    b.feeds["x_codes"] = HostTensor::fromConstant(
        std::make_shared<const Tensor>(tensorOf(DataType::UInt8, xDims, xc.data(), xc.size())));
    const ValueId x = g.addValue("x", DataType::Float, TensorShape::of(xDims));
    node("DequantizeLinear", {xCodes, scalar("x_scale", 0.02f), u8("x_zero", s.inputZero)}, x);

    // weights: [M, C/G, k, k] (Conv), [M, K] (Gemm transB) or [K, M] (MatMul), per channel
    std::vector<int64_t> wDims;
    int64_t axis = 0;
    if (conv)
        wDims = {s.m, s.c / s.group, s.kernel, s.kernel};
    else if (s.op == "Gemm")
        wDims = {s.m, s.c};
    else {
        wDims = {s.c, s.m};
        axis = 1;
    }
    const int64_t wCount = *TensorShape::of(wDims).elementCount();
    auto wc = randomWeights(rng, static_cast<size_t>(wCount), s.weightBits);
    if (s.weightBits == 8) // the extremes that saturate an int16 pair sum against codes of 255
        for (size_t i = 0; i < wc.size(); i += 7)
            wc[i] = (i / 7) % 2 ? 127 : -127;
    const ValueId wCodes =
        g.addConstant("w_int8", tensorOf(DataType::Int8, wDims, wc.data(), wc.size()));
    std::vector<float> ws(static_cast<size_t>(s.m));
    std::uniform_real_distribution<float> scaleDist(0.5f, 1.5f);
    const int64_t fanIn = conv ? s.c / s.group * s.kernel * s.kernel : s.c;
    for (float& v : ws)
        v = scaleDist(rng) / float(fanIn) / float(1 << (s.weightBits - 1)) * 8.f;
    const std::vector<int8_t> wz(ws.size(), 0);
    const ValueId w = g.addValue("w", DataType::Float, TensorShape::of(wDims));
    node("DequantizeLinear",
         {wCodes, g.addConstant("w_scale", Tensor::fromFloats({s.m}, ws)),
          g.addConstant("w_zero", tensorOf(DataType::Int8, {s.m}, wz.data(), wz.size()))},
         w, {{"axis", Attribute::ofInt(axis)}});
    std::vector<float> bias(static_cast<size_t>(s.m));
    std::uniform_real_distribution<float> biasDist(-0.5f, 0.5f);
    for (float& v : bias)
        v = biasDist(rng);
    const ValueId bv = g.addConstant("bias", Tensor::fromFloats({s.m}, bias));
    LayerSpec unpooled = s;
    unpooled.pool = false;
    const auto yDims = outputDims(unpooled);
    ValueId y = g.addValue("y", DataType::Float, TensorShape::of(yDims));
    if (conv)
        node("Conv", {x, w, bv}, y,
             {{"strides", Attribute::ofInts({s.stride, s.stride})},
              {"pads", Attribute::ofInts({s.pad, s.pad, s.pad, s.pad})},
              {"group", Attribute::ofInt(s.group)}});
    else if (s.op == "Gemm")
        node("Gemm", {x, w, bv}, y, {{"transB", Attribute::ofInt(1)}});
    else {
        const ValueId mm = g.addValue("mm", DataType::Float, TensorShape::of(yDims));
        node("MatMul", {x, w}, mm);
        node("Add", {mm, bv}, y);
    }
    auto next = [&](const std::string& name) {
        return g.addValue(name, DataType::Float, TensorShape::of(yDims));
    };
    if (s.residual) {
        const ValueId zCodes = g.addValue("z_codes", DataType::UInt8, TensorShape::of(yDims));
        g.addInput(zCodes);
        const auto zc =
            randomCodes(rng, static_cast<size_t>(*TensorShape::of(yDims).elementCount()));
        b.feeds["z_codes"] = HostTensor::fromConstant(
            std::make_shared<const Tensor>(tensorOf(DataType::UInt8, yDims, zc.data(), zc.size())));
        const ValueId z = next("z");
        node("DequantizeLinear", {zCodes, scalar("z_scale", 0.01f), u8("z_zero", 128)}, z);
        const ValueId sum = next("sum");
        node("Add", {y, z}, sum);
        y = sum;
    }
    if (!s.activation.empty()) {
        const ValueId a = next("act");
        if (s.activation == "Clip6")
            node("Clip", {y, scalar("lo", 0.f), scalar("hi", 6.f)}, a);
        else if (s.activation == "LeakyRelu")
            node("LeakyRelu", {y}, a, {{"alpha", Attribute::ofFloat(0.1f)}});
        else
            node(s.activation, {y}, a);
        y = a;
    }
    if (s.pool) {
        const auto pooled = outputDims(s);
        const ValueId p = g.addValue("pooled", DataType::Float, TensorShape::of(pooled));
        node("MaxPool", {y}, p,
             {{"kernel_shape", Attribute::ofInts({3, 3})},
              {"strides", Attribute::ofInts({2, 2})},
              {"pads", Attribute::ofInts({1, 1, 1, 1})}});
        y = p;
    }
    auto after = [&](const std::string& name) {
        return g.addValue(name, DataType::Float, TensorShape::of(outputDims(s)));
    };
    if (s.codesOut) {
        if (s.outBits < 8) {
            const int qmax = (1 << s.outBits) - 1;
            const ValueId clipped = after("clipped");
            node("Clip",
                 {y, scalar("clip_lo", (0 - outZero) * outScale),
                  scalar("clip_hi", (qmax - outZero) * outScale)},
                 clipped);
            y = clipped;
        }
        const ValueId codes =
            g.addValue("y_codes", DataType::UInt8, TensorShape::of(outputDims(s)));
        node("QuantizeLinear", {y, scalar("y_scale", outScale), u8("y_zero", outZero)}, codes);
        y = codes;
    }
    g.addOutput(y);
    if (auto st = g.finalize(); !st)
        qFatal("%s", st.error().message.c_str());
    return b;
}

HostTensor runLayer(const Built& b, bool integer, IntegerLowering* lowering = nullptr) {
    ExecutorOptions o;
    o.integerKernels = integer;
    auto e = Executor::create(std::make_shared<const Graph>(b.graph), o);
    if (!e)
        qFatal("%s", e.error().message.c_str());
    if (lowering)
        *lowering = e->integerLowering();
    RunRequest r;
    r.feeds = b.feeds;
    auto out = e->run(r);
    if (!out)
        qFatal("%s", out.error().message.c_str());
    return out->begin()->second;
}

QString describe(const LayerSpec& s) {
    return QString("%1 %2x%3x%4x%5 -> %6, k%7 s%8 p%9 g%10, w%11 bits, %12, out %13 bits%14%15, "
                   "zx %16")
        .arg(QString::fromStdString(s.op))
        .arg(s.n)
        .arg(s.c)
        .arg(s.h)
        .arg(s.w)
        .arg(s.m)
        .arg(s.kernel)
        .arg(s.stride)
        .arg(s.pad)
        .arg(s.group)
        .arg(s.weightBits)
        .arg(s.activation.empty() ? QString("no activation") : QString::fromStdString(s.activation))
        .arg(s.outBits)
        .arg(s.codesOut ? "" : " (float out)")
        .arg(QString(s.residual ? ", residual" : "") + (s.pool ? ", max pool" : ""))
        .arg(s.inputZero);
}

std::vector<LayerSpec> layerSpecs() {
    std::vector<LayerSpec> specs;
    auto add = [&](auto edit) {
        LayerSpec s;
        edit(s);
        specs.push_back(s);
    };
    add([](LayerSpec&) {});
    // a depthwise window of 529 taps: beyond float's exact integers, so the integer plane loop
    add([](LayerSpec& s) {
        s.group = s.c = s.m = 8;
        s.kernel = 23;
        s.pad = 11;
        s.h = 25;
        s.w = 24;
    });
    add([](LayerSpec& s) {
        s.weightBits = 4;
        s.outBits = 4;
    });
    add([](LayerSpec& s) {
        s.stride = 2;
        s.inputZero = 117;
        s.n = 2;
    });
    add([](LayerSpec& s) {
        s.kernel = 1;
        s.pad = 0;
        s.c = 37;
        s.m = 19;
        s.h = 9;
        s.w = 11;
    });
    add([](LayerSpec& s) {
        s.kernel = 1;
        s.pad = 0;
        s.residual = true;
        s.activation = "Relu";
    });
    add([](LayerSpec& s) {
        s.group = 4;
        s.c = 16;
        s.m = 8;
        s.activation = "Clip6";
    });
    add([](LayerSpec& s) {
        s.group = 16;
        s.c = 16;
        s.m = 16;
        s.activation = "Clip6";
        s.weightBits = 6;
    });
    add([](LayerSpec& s) {
        s.group = 16;
        s.c = 16;
        s.m = 16;
        s.stride = 2;
        s.h = 15;
        s.w = 13;
        s.inputZero = 40;
    });
    // depthwise in the interleaved float loops: a last block of fewer planes than lanes, planes of
    // two images in one block, a residual read as codes, outputs not a multiple of the lanes
    add([](LayerSpec& s) {
        s.group = s.c = s.m = 21;
        s.n = 2;
        s.h = 11;
        s.w = 7;
        s.residual = true;
        s.inputZero = 201;
    });
    // ... floats out (a LeakyRelu, which no code clamp expresses), a 5x5 window, stride 2
    add([](LayerSpec& s) {
        s.group = s.c = s.m = 35;
        s.kernel = 5;
        s.pad = 2;
        s.stride = 2;
        s.h = 17;
        s.w = 23;
        s.activation = "LeakyRelu";
        s.codesOut = false;
    });
    add([](LayerSpec& s) {
        s.activation = "HardSwish";
        s.outBits = 6;
        s.weightBits = 5;
    });
    add([](LayerSpec& s) {
        s.activation = "LeakyRelu";
        s.codesOut = false;
    });
    add([](LayerSpec& s) {
        s.activation = "";
        s.kernel = 5;
        s.pad = 2;
        s.c = 3;
        s.m = 24;
        s.h = 31;
        s.w = 29;
    });
    add([](LayerSpec& s) {
        s.op = "Gemm";
        s.c = 301;
        s.m = 75;
        s.activation = "";
    });
    add([](LayerSpec& s) {
        s.op = "Gemm";
        s.n = 37;
        s.c = 64;
        s.m = 10;
        s.weightBits = 4;
        s.inputZero = 3;
    });
    add([](LayerSpec& s) {
        s.op = "MatMul";
        s.n = 3;
        s.c = 50;
        s.m = 33;
        s.activation = "";
    });
    return specs;
}

// The reference product of a panel: what every path's gemmPanel must compute exactly.
void checkPanelProduct(CpuPath path, std::mt19937& rng, int64_t rows, int64_t k, int64_t cols,
                       int weightBits) {
    const CpuIntegerKernels& kern = cpuKernelsFor(path).i8;
    const int64_t strip = kern.stripWidth, ldw = (k + 3) / 4 * 4 + 4, ldb = cols + 3;
    auto b = randomCodes(rng, static_cast<size_t>(k * ldb));
    for (size_t i = 0; i < b.size(); i += 5)
        b[i] = 255;
    std::vector<int8_t> w(static_cast<size_t>(rows * ldw), 0);
    auto random = randomWeights(rng, w.size(), weightBits);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t p = 0; p < k; ++p)
            w[size_t(r * ldw + p)] = weightBits == 8 && p % 3 == 0
                                         ? int8_t((r + p) % 2 ? 127 : -127)
                                         : random[size_t(r * ldw + p)];
    bool wide = false;
    for (int8_t v : w)
        wide = wide || std::abs(int(v)) > 64;
    std::vector<uint8_t> panel(static_cast<size_t>((k + 3) / 4 * 4 * strip));
    std::vector<int32_t> c(static_cast<size_t>(rows * strip));
    for (int64_t j0 = 0; j0 < cols; j0 += strip) {
        const int64_t width = std::min(strip, cols - j0);
        kern.packPanel(b.data() + j0, ldb, k, width, panel.data());
        kern.gemmPanel(w.data(), ldw, panel.data(), k, c.data(), strip, rows, wide);
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t j = 0; j < width; ++j) {
                int32_t want = 0;
                for (int64_t p = 0; p < k; ++p)
                    want += int32_t(b[size_t(p * ldb + j0 + j)]) * w[size_t(r * ldw + p)];
                if (c[size_t(r * strip + j)] != want)
                    QFAIL(qPrintable(QString("gemmPanel %1 rows x k %2 x %3 columns, %4-bit "
                                             "weights: (%5, %6) = %7, expected %8")
                                         .arg(rows)
                                         .arg(k)
                                         .arg(cols)
                                         .arg(weightBits)
                                         .arg(r)
                                         .arg(j0 + j)
                                         .arg(c[size_t(r * strip + j)])
                                         .arg(want)));
            }
    }
    // the transposed packing gives the same product
    std::vector<uint8_t> t(static_cast<size_t>(cols * k));
    for (int64_t j = 0; j < cols; ++j)
        for (int64_t p = 0; p < k; ++p)
            t[size_t(j * k + p)] = b[size_t(p * ldb + j)];
    const int64_t width = std::min(strip, cols);
    kern.packPanelTransposed(t.data(), k, k, width, panel.data());
    kern.gemmPanel(w.data(), ldw, panel.data(), k, c.data(), strip, rows, wide);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < width; ++j) {
            int32_t want = 0;
            for (int64_t p = 0; p < k; ++p)
                want += int32_t(t[size_t(j * k + p)]) * w[size_t(r * ldw + p)];
            QCOMPARE(c[size_t(r * strip + j)], want);
        }
}

} // namespace

class TestIntegerKernels : public QObject {
    Q_OBJECT

private slots:
    void panelProductIsExact_data() { addPathRows(); }
    void panelProductIsExact() {
        FETCH_PATH(p);
        std::mt19937 rng(7);
        for (int bits : {8, 7, 4, 2})
            for (int64_t rows : {1, 3, 4, 8, 13})
                for (int64_t k : {1, 3, 4, 9, 64, 147, 301})
                    for (int64_t cols : {1, 7, 48, 100}) {
                        checkPanelProduct(p, rng, rows, k, cols, bits);
                        if (QTest::currentTestFailed())
                            return;
                    }
    }

    void dotRowsAndDepthwiseAreExact_data() { addPathRows(); }
    void dotRowsAndDepthwiseAreExact() {
        FETCH_PATH(p);
        const CpuIntegerKernels& kern = cpuKernelsFor(p).i8;
        std::mt19937 rng(11);
        for (int64_t k : {1, 5, 64, 333}) {
            const int64_t rows = 9;
            auto a = randomCodes(rng, size_t(k));
            auto w = randomWeights(rng, size_t(rows * k), 8);
            std::vector<int32_t> y(static_cast<size_t>(rows));
            kern.dotRows(a.data(), w.data(), k, y.data(), rows, k);
            for (int64_t r = 0; r < rows; ++r) {
                int32_t want = 0;
                for (int64_t i = 0; i < k; ++i)
                    want += int32_t(a[size_t(i)]) * w[size_t(r * k + i)];
                QCOMPARE(y[size_t(r)], want);
            }
        }
        for (int64_t stride : {1, 2})
            for (int64_t dilation : {1, 2}) {
                const int64_t kh = 3, kw = 3, outH = 7, outW = 19;
                const int64_t H = (outH - 1) * stride + (kh - 1) * dilation + 1;
                const int64_t W = (outW - 1) * stride + (kw - 1) * dilation + 1;
                auto x = randomCodes(rng, size_t(H * W));
                auto w = randomWeights(rng, 9, 8);
                std::vector<int32_t> acc(size_t(outH * outW));
                kern.depthwisePlane(x.data(), W, w.data(), kh, kw, stride, stride, dilation,
                                    dilation, outH, outW, acc.data());
                for (int64_t oh = 0; oh < outH; ++oh)
                    for (int64_t ow = 0; ow < outW; ++ow) {
                        int32_t want = 0;
                        for (int64_t i = 0; i < kh; ++i)
                            for (int64_t j = 0; j < kw; ++j)
                                want += int32_t(x[size_t((oh * stride + i * dilation) * W +
                                                         ow * stride + j * dilation)]) *
                                        w[size_t(i * kw + j)];
                        QCOMPARE(acc[size_t(oh * outW + ow)], want);
                    }
            }
    }

    // Requantization is QuantizeLinear of the real value: round half to even, saturate.
    void requantizationIsQuantizeLinear_data() { addPathRows(); }
    void requantizationIsQuantizeLinear() {
        FETCH_PATH(p);
        const CpuIntegerKernels& kern = cpuKernelsFor(p).i8;
        // accumulators whose real value lands on .5 steps, and far beyond both ends
        std::vector<int32_t> acc;
        for (int32_t v = -700; v <= 700; ++v)
            acc.push_back(v);
        acc.push_back(std::numeric_limits<int32_t>::max() / 2);
        acc.push_back(std::numeric_limits<int32_t>::min() / 2);
        IntegerRow row;
        row.offset = 3;
        row.scale = 0.5f; // (acc + 3) / 2: every other value is a half step
        row.outScale = 1.f;
        row.outZero = 100;
        std::vector<uint8_t> codes(acc.size());
        std::vector<float> values(acc.size());
        kern.requantizeRow(acc.data(), int64_t(acc.size()), row, codes.data(), values.data());
        for (size_t i = 0; i < acc.size(); ++i) {
            const float y = float(acc[i] + 3) * 0.5f;
            const float want = std::clamp(std::nearbyint(y) + 100.f, 0.f, 255.f);
            QCOMPARE(int(codes[i]), int(want));
            QCOMPARE(values[i], y);
        }
        // activation then clamp, in that order
        FusedActivation relu;
        relu.kind = FusedActivation::Kind::Relu;
        row.activation = &relu;
        row.clampLow = 2.f;
        row.clampHigh = 40.f;
        row.outZero = 0;
        kern.requantizeRow(acc.data(), int64_t(acc.size()), row, nullptr, values.data());
        for (size_t i = 0; i < acc.size(); ++i)
            QCOMPARE(values[i], std::clamp(std::max(0.f, float(acc[i] + 3) * 0.5f), 2.f, 40.f));
        // codes alone, with a clamping activation: the codes are clamped instead of the values
        // and the output scale folds into the accumulator's; QuantizeLinear's codes within one
        // step, nearly all equal, and never outside the clamp's codes
        std::mt19937 rng(3);
        std::uniform_int_distribution<int32_t> accDist(-5000, 5000);
        for (float outScale : {0.37f, 0.05f, 1.3f}) {
            for (auto& a : acc)
                a = accDist(rng);
            row.scale = 0.0123f;
            row.bias = 0.7f;
            row.outScale = outScale;
            row.outZero = 17;
            kern.requantizeRow(acc.data(), int64_t(acc.size()), row, codes.data(), nullptr);
            int equal = 0;
            for (size_t i = 0; i < acc.size(); ++i) {
                const float y =
                    std::clamp(std::max(0.f, float(acc[i] + 3) * 0.0123f + 0.7f), 2.f, 40.f);
                const int want = int(std::clamp(std::nearbyint(y / outScale) + 17.f, 0.f, 255.f));
                QVERIFY2(std::abs(int(codes[i]) - want) <= 1,
                         qPrintable(QString("acc %1: code %2, QuantizeLinear %3")
                                        .arg(acc[i])
                                        .arg(codes[i])
                                        .arg(want)));
                equal += int(codes[i]) == want;
            }
            QVERIFY(equal * 100 >= int(acc.size()) * 99);
        }
    }

    // Each layer lowered to one integer node, its codes within one step of the simulation's.
    void layersMatchTheSimulation_data() {
        QTest::addColumn<int>("index");
        const auto specs = layerSpecs();
        for (size_t i = 0; i < specs.size(); ++i)
            QTest::newRow(qPrintable(describe(specs[i]))) << int(i);
    }
    void layersMatchTheSimulation() {
        QFETCH(int, index);
        const LayerSpec spec = layerSpecs()[size_t(index)];
        // the output's range from a float run, to quantize it over its span
        LayerSpec probe = spec;
        probe.codesOut = false;
        const HostTensor real = runLayer(buildLayer(probe, 1.f, 0, 100 + index), false);
        const auto v = real.toFloats();
        const float lo = std::min(0.f, *std::min_element(v.begin(), v.end()));
        const float hi = std::max(0.f, *std::max_element(v.begin(), v.end()));
        const float scale = std::max(1e-6f, (hi - lo) / 255.f);
        const int zero = std::clamp(int(std::nearbyint(-lo / scale)), 0, 255);
        const Built b = buildLayer(spec, scale, zero, 100 + index);

        IntegerLowering lowering;
        const HostTensor simulated = runLayer(b, false);
        const HostTensor integer = runLayer(b, true, &lowering);
        QCOMPARE(lowering.layers, 1);
        QCOMPARE(lowering.withCodesOut, spec.codesOut ? 1 : 0);
        QCOMPARE(integer.dims(), simulated.dims());
        QCOMPARE(integer.dtype(), simulated.dtype());
        int64_t differ = 0;
        if (spec.codesOut) {
            const int qmax = spec.outBits < 8 ? (1 << spec.outBits) - 1 : 255;
            int used = 0;
            for (int64_t i = 0; i < integer.elementCount(); ++i) {
                const int a = integer.data<uint8_t>()[i], s = simulated.data<uint8_t>()[i];
                QVERIFY2(std::abs(a - s) <= 1,
                         qPrintable(QString("element %1: %2, simulation %3").arg(i).arg(a).arg(s)));
                QVERIFY(a <= qmax);
                differ += a != s;
                used = std::max(used, a);
            }
            QVERIFY2(used > qmax / 2, "the test's codes span the range");
        } else {
            for (int64_t i = 0; i < integer.elementCount(); ++i) {
                const float a = integer.data<float>()[i], s = simulated.data<float>()[i];
                QVERIFY2(std::abs(a - s) <= 1e-4f * (1 + std::abs(s)),
                         qPrintable(QString("element %1: %2, simulation %3").arg(i).arg(a).arg(s)));
                differ += a != s;
            }
        }
        // the float sums' rounding moves a few values across a rounding boundary at most
        if (spec.codesOut)
            QVERIFY2(differ * 100 <= integer.elementCount(),
                     qPrintable(
                         QString("%1 of %2 codes differ").arg(differ).arg(integer.elementCount())));
    }

    // A layer with a float input (the first conv, on the image) stays in float, and the ReLU6
    // and the b-bit Clip after it fold into its output loop as one clamp: the same codes.
    void floatLayerTakesItsClamps() {
        LayerSpec spec;
        spec.activation = "Clip6";
        spec.outBits = 5;
        Built b = buildLayer(spec, 0.05f, 3, 9);
        const ValueId input =
            b.graph.addValue("x_float", DataType::Float, TensorShape::of({1, 8, 12, 12}));
        b.graph.addInput(input);
        for (NodeId id = 0; id < NodeId(b.graph.nodeCount()); ++id)
            if (b.graph.node(id).opType == "Conv")
                b.graph.node(id).inputs[0] = input;
        QVERIFY(b.graph.finalize());
        std::mt19937 rng(4);
        std::uniform_real_distribution<float> d(-2.f, 2.f);
        std::vector<float> x(8 * 12 * 12);
        for (float& v : x)
            v = d(rng);
        b.feeds["x_float"] = HostTensor::fromFloats({1, 8, 12, 12}, x);
        IntegerLowering lowering;
        const HostTensor fused = runLayer(b, true, &lowering);
        QCOMPARE(lowering.layers, 0);
        QCOMPARE(lowering.activationsFused, 2);
        const HostTensor asWritten = runLayer(b, false);
        QVERIFY(std::equal(fused.span<uint8_t>().begin(), fused.span<uint8_t>().end(),
                           asWritten.span<uint8_t>().begin(), asWritten.span<uint8_t>().end()));
    }

    // What the integer kernels cannot take stays in float, and the graph still runs.
    void unmatchedLayersStayInFloat() {
        LayerSpec s;
        Built b = buildLayer(s, 0.05f, 10, 5);
        // a weight zero point that is not 0: the product would need another correction
        for (NodeId id = 0; id < NodeId(b.graph.nodeCount()); ++id) {
            Node& n = b.graph.node(id);
            if (n.opType == "DequantizeLinear" && b.graph.value(n.inputs[0]).name == "w_int8") {
                std::vector<int8_t> z(size_t(s.m), 1);
                n.inputs[2] = b.graph.addConstant(
                    "w_zero_1", tensorOf(DataType::Int8, {s.m}, z.data(), z.size()));
            }
        }
        QVERIFY(b.graph.finalize());
        IntegerLowering lowering;
        const HostTensor integer = runLayer(b, true, &lowering);
        QCOMPARE(lowering.layers, 0);
        const HostTensor simulated = runLayer(b, false);
        QCOMPARE(integer.span<uint8_t>().size(), simulated.span<uint8_t>().size());
        QVERIFY(std::equal(integer.span<uint8_t>().begin(), integer.span<uint8_t>().end(),
                           simulated.span<uint8_t>().begin()));
    }
};

QTEST_GUILESS_MAIN(TestIntegerKernels)
#include "test_integer_kernels.moc"
