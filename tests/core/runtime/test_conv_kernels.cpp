// Conv and ConvTranspose against naive double-precision references written here, on random data
// (fixed seed), over the attribute combinations the kernels handle: 1-D/2-D/3-D, groups,
// depthwise (with multiplier), dilations, strides, asymmetric pads, auto_pad, bias, output
// padding and shape, fused activations, float64, both thread counts, and the error paths.
// Long file: one QtTest suite per class under test, as Qt's own tests are organised.

#include "tests/core/runtime/compute_test_support.h"

#include <QtTest>

#include <array>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Dims = std::vector<int64_t>;

// Fields left out of a brace initializer keep these defaults.
struct ConvCase {
    std::string label = {};
    Dims x = {},
         w = {}; // [N, C, spatial...], [M, C/G, kernel...] (ConvTranspose: [C, M/G, kernel...])
    bool bias = true;
    int64_t group = 1;
    Dims strides = {}, dilations = {}, pads = {}, outputPadding = {}, outputShape = {};
    std::string autoPad = {};
    FusedActivation activation = {};
};

size_t spatialRank(const ConvCase& c) {
    return c.x.size() - 2;
}
int64_t at(const Dims& v, size_t i, int64_t fallback) {
    return v.empty() ? fallback : v[i];
}

// Row-major multi-index helpers over a list of extents.
Dims unravel(int64_t index, const Dims& extents) {
    Dims idx(extents.size());
    for (size_t i = extents.size(); i-- > 0;) {
        idx[i] = index % extents[i];
        index /= extents[i];
    }
    return idx;
}
int64_t ravel(const Dims& idx, const Dims& extents) {
    int64_t r = 0;
    for (size_t i = 0; i < extents.size(); ++i)
        r = r * extents[i] + idx[i];
    return r;
}

struct Reference {
    Dims dims;
    std::vector<double> values;
};

// Pads [begin..., end...] of a Conv as the ONNX spec defines them (explicit or auto_pad).
Dims convPads(const ConvCase& c) {
    const size_t r = spatialRank(c);
    Dims pads(2 * r, 0);
    for (size_t i = 0; i < r; ++i) {
        const int64_t in = c.x[i + 2], k = c.w[i + 2], s = at(c.strides, i, 1),
                      d = at(c.dilations, i, 1);
        if (c.autoPad == "SAME_UPPER" || c.autoPad == "SAME_LOWER") {
            const int64_t out = (in + s - 1) / s;
            const int64_t total = std::max<int64_t>(0, (out - 1) * s + (k - 1) * d + 1 - in);
            const int64_t smaller = total / 2;
            pads[i] = c.autoPad == "SAME_UPPER" ? smaller : total - smaller;
            pads[i + r] = total - pads[i];
        } else if (c.autoPad.empty() || c.autoPad == "NOTSET") {
            pads[i] = at(c.pads, i, 0);
            pads[i + r] = at(c.pads, i + r, 0);
        }
    }
    return pads;
}

Reference referenceConv(const ConvCase& c, const std::vector<float>& x, const std::vector<float>& w,
                        const std::vector<float>& b) {
    const size_t r = spatialRank(c);
    const Dims pads = convPads(c);
    const int64_t N = c.x[0], C = c.x[1], M = c.w[0], G = c.group, cg = C / G, mg = M / G;
    Dims in(c.x.begin() + 2, c.x.end()), kernel(c.w.begin() + 2, c.w.end()), out(r);
    for (size_t i = 0; i < r; ++i)
        out[i] = (in[i] + pads[i] + pads[i + r] - (kernel[i] - 1) * at(c.dilations, i, 1) - 1) /
                     at(c.strides, i, 1) +
                 1;
    Reference ref;
    ref.dims = {N, M};
    ref.dims.insert(ref.dims.end(), out.begin(), out.end());
    const int64_t outCount = product(out), inCount = product(in), kCount = product(kernel);
    ref.values.assign(static_cast<size_t>(N * M * outCount), 0.0);
    for (int64_t n = 0; n < N; ++n)
        for (int64_t m = 0; m < M; ++m) {
            const int64_t g = m / mg;
            for (int64_t o = 0; o < outCount; ++o) {
                const Dims oi = unravel(o, out);
                double acc = c.bias ? b[static_cast<size_t>(m)] : 0.0;
                for (int64_t cc = 0; cc < cg; ++cc)
                    for (int64_t k = 0; k < kCount; ++k) {
                        const Dims ki = unravel(k, kernel);
                        Dims ii(r);
                        bool inside = true;
                        for (size_t d = 0; d < r; ++d) {
                            ii[d] = oi[d] * at(c.strides, d, 1) - pads[d] +
                                    ki[d] * at(c.dilations, d, 1);
                            inside = inside && ii[d] >= 0 && ii[d] < in[d];
                        }
                        if (!inside)
                            continue;
                        const int64_t xi = (n * C + g * cg + cc) * inCount + ravel(ii, in);
                        const int64_t wi = (m * cg + cc) * kCount + k;
                        acc +=
                            double(x[static_cast<size_t>(xi)]) * double(w[static_cast<size_t>(wi)]);
                    }
                ref.values[static_cast<size_t>((n * M + m) * outCount + o)] =
                    c.activation.isNone() ? acc
                                          : double(c.activation.apply(static_cast<float>(acc)));
            }
        }
    return ref;
}

// ConvTranspose by its definition: every input pixel scatters the kernel, scaled, into the
// output at stride steps; pads crop the full result.
Reference referenceConvTranspose(const ConvCase& c, const std::vector<float>& x,
                                 const std::vector<float>& w, const std::vector<float>& b) {
    const size_t r = spatialRank(c);
    const int64_t N = c.x[0], C = c.x[1], G = c.group, cg = C / G, mg = c.w[1], M = mg * G;
    Dims in(c.x.begin() + 2, c.x.end()), kernel(c.w.begin() + 2, c.w.end()), out(r), padBegin(r, 0);
    for (size_t i = 0; i < r; ++i) {
        const int64_t s = at(c.strides, i, 1), d = at(c.dilations, i, 1);
        const int64_t full = s * (in[i] - 1) + at(c.outputPadding, i, 0) + (kernel[i] - 1) * d + 1;
        if (!c.outputShape.empty() || c.autoPad == "SAME_UPPER" || c.autoPad == "SAME_LOWER") {
            out[i] = c.outputShape.empty() ? in[i] * s : c.outputShape[i];
            const int64_t total = full - out[i];
            const int64_t half = total / 2; // truncated toward zero
            padBegin[i] = c.autoPad == "SAME_LOWER" ? total - half : half;
        } else {
            padBegin[i] = at(c.pads, i, 0);
            out[i] = full - at(c.pads, i, 0) - at(c.pads, i + r, 0);
        }
    }
    Reference ref;
    ref.dims = {N, M};
    ref.dims.insert(ref.dims.end(), out.begin(), out.end());
    const int64_t outCount = product(out), inCount = product(in), kCount = product(kernel);
    ref.values.assign(static_cast<size_t>(N * M * outCount), 0.0);
    for (int64_t n = 0; n < N; ++n)
        for (int64_t m = 0; m < M; ++m)
            for (int64_t o = 0; o < outCount; ++o)
                ref.values[static_cast<size_t>((n * M + m) * outCount + o)] =
                    c.bias ? b[static_cast<size_t>(m)] : 0.0;
    for (int64_t n = 0; n < N; ++n)
        for (int64_t ch = 0; ch < C; ++ch) {
            const int64_t g = ch / cg;
            for (int64_t i = 0; i < inCount; ++i) {
                const Dims ii = unravel(i, in);
                for (int64_t mm = 0; mm < mg; ++mm)
                    for (int64_t k = 0; k < kCount; ++k) {
                        const Dims ki = unravel(k, kernel);
                        Dims oi(r);
                        bool inside = true;
                        for (size_t d = 0; d < r; ++d) {
                            oi[d] = ii[d] * at(c.strides, d, 1) - padBegin[d] +
                                    ki[d] * at(c.dilations, d, 1);
                            inside = inside && oi[d] >= 0 && oi[d] < out[d];
                        }
                        if (!inside)
                            continue;
                        const int64_t m = g * mg + mm;
                        ref.values[static_cast<size_t>((n * M + m) * outCount + ravel(oi, out))] +=
                            double(x[static_cast<size_t>((n * C + ch) * inCount + i)]) *
                            double(w[static_cast<size_t>((ch * mg + mm) * kCount + k)]);
                    }
            }
        }
    if (!c.activation.isNone())
        for (double& v : ref.values)
            v = c.activation.apply(static_cast<float>(v));
    return ref;
}

std::map<std::string, Attribute> attributesOf(const ConvCase& c, bool transposed) {
    std::map<std::string, Attribute> a;
    if (c.group != 1)
        a["group"] = integer(c.group);
    if (!c.strides.empty())
        a["strides"] = ints(c.strides);
    if (!c.dilations.empty())
        a["dilations"] = ints(c.dilations);
    if (!c.pads.empty())
        a["pads"] = ints(c.pads);
    if (!c.autoPad.empty())
        a["auto_pad"] = text(c.autoPad);
    if (transposed && !c.outputPadding.empty())
        a["output_padding"] = ints(c.outputPadding);
    if (transposed && !c.outputShape.empty())
        a["output_shape"] = ints(c.outputShape);
    a["kernel_shape"] = ints(Dims(c.w.begin() + 2, c.w.end()));
    return a;
}

// Runs the case with 1 and 2 threads, in float32 (and float64 when asked), against the reference.
void check(const ConvCase& c, bool transposed, bool alsoDouble = false) {
    std::mt19937 rng(1234);
    const auto x = randomValues(product(c.x), rng);
    const auto w = randomValues(product(c.w), rng);
    const int64_t M = transposed ? c.w[1] * c.group : c.w[0];
    const auto b = randomValues(M, rng);
    const Reference ref =
        transposed ? referenceConvTranspose(c, x, w, b) : referenceConv(c, x, w, b);
    for (bool useDouble : {false, true}) {
        if (useDouble && !alsoDouble)
            continue;
        for (int threads : {1, 2}) {
            NodeSpec spec;
            spec.op = transposed ? "ConvTranspose" : "Conv";
            HostTensor tx = HostTensor::fromFloats(c.x, x), tw = HostTensor::fromFloats(c.w, w);
            HostTensor tb = c.bias ? HostTensor::fromFloats({M}, b) : HostTensor();
            if (useDouble) {
                tx = toDouble(tx);
                tw = toDouble(tw);
                if (c.bias)
                    tb = toDouble(tb);
            }
            spec.inputs = {tx, tw, tb};
            spec.attributes = attributesOf(c, transposed);
            spec.activation = c.activation;
            spec.threads = threads;
            auto out = runNode(spec);
            const std::string where = c.label + (useDouble ? " (float64" : " (float32") + ", " +
                                      std::to_string(threads) + " threads)";
            QVERIFY2(out.ok(), (where + ": " + (out.ok() ? "" : out.error().message)).c_str());
            if (useDouble)
                QCOMPARE(out->at(0).dtype(), DataType::Double);
            const std::string diff = compareClose(out->at(0), ref.dims, ref.values, 1e-4, 1e-4);
            QVERIFY2(diff.empty(), (where + ": " + diff).c_str());
        }
    }
}

FusedActivation activation(FusedActivation::Kind kind, float alpha = 0.f, float beta = 0.f) {
    FusedActivation a;
    a.kind = kind;
    a.alpha = alpha;
    a.beta = beta;
    return a;
}

std::string convError(const Dims& x, const Dims& w, std::map<std::string, Attribute> attributes,
                      const Dims& b = {}) {
    std::mt19937 rng(7);
    NodeSpec spec;
    spec.op = "Conv";
    spec.inputs = {randomTensor(x, rng), randomTensor(w, rng),
                   b.empty() ? HostTensor() : randomTensor(b, rng)};
    spec.attributes = std::move(attributes);
    auto out = runNode(spec);
    return out.ok() ? std::string("(no error)") : out.error().message;
}

} // namespace

class TestConvKernels : public QObject {
    Q_OBJECT

private slots:
    void conv2dBasics();
    void convStridesDilationsAsymmetricPads();
    void convGroups();
    void convDepthwise();
    void convPointwise();
    void convAutoPad();
    void conv1dAnd3d();
    void convLargeUsesBothThreadStrategies();
    void convFusedActivations();
    void convFloat64();
    void convRejectsBadInput();
    void convConstantWeightsAndOverrides();
    void convTransposeBasics();
    void convTransposeOutputShapeAndAutoPad();
    void convTransposeGroups1dAnd3d();
    void convTransposeRejectsBadInput();
};

void TestConvKernels::conv2dBasics() {
    check({"3x3 pad 1", {2, 3, 9, 11}, {8, 3, 3, 3}, true, 1, {}, {}, {1, 1, 1, 1}}, false);
    check({"3x3 no pad, no bias", {1, 4, 7, 6}, {5, 4, 3, 3}, false}, false);
    check({"5x2 kernel", {1, 2, 8, 9}, {3, 2, 5, 2}, true, 1, {}, {}, {2, 0, 2, 1}}, false);
}

void TestConvKernels::convStridesDilationsAsymmetricPads() {
    check({"stride 2 asymmetric pads",
           {1, 3, 11, 10},
           {4, 3, 3, 3},
           true,
           1,
           {2, 2},
           {},
           {0, 1, 2, 0}},
          false);
    check({"stride (3,1) dilation 2",
           {2, 2, 13, 12},
           {3, 2, 3, 3},
           false,
           1,
           {3, 1},
           {2, 2},
           {1, 2, 0, 1}},
          false);
    check({"dilation (1,3) 7x7-like",
           {1, 3, 16, 16},
           {4, 3, 3, 3},
           true,
           1,
           {1, 2},
           {1, 3},
           {3, 3, 3, 3}},
          false);
}

void TestConvKernels::convGroups() {
    check({"2 groups", {1, 4, 8, 8}, {6, 2, 3, 3}, true, 2, {}, {}, {1, 1, 1, 1}}, false);
    check({"4 groups stride 2", {2, 8, 9, 7}, {8, 2, 3, 2}, true, 4, {2, 1}, {}, {1, 0, 1, 1}},
          false);
    check({"32 groups of 2 (ResNeXt-like)",
           {1, 64, 6, 6},
           {64, 2, 3, 3},
           false,
           32,
           {},
           {},
           {1, 1, 1, 1}},
          false);
}

void TestConvKernels::convDepthwise() {
    check({"depthwise 3x3", {1, 8, 12, 12}, {8, 1, 3, 3}, true, 8, {}, {}, {1, 1, 1, 1}}, false);
    check({"depthwise stride 2", {2, 6, 13, 11}, {6, 1, 3, 3}, true, 6, {2, 2}, {}, {1, 1, 1, 1}},
          false);
    check({"depthwise multiplier 2", {1, 4, 9, 9}, {8, 1, 3, 3}, false, 4, {}, {}, {1, 1, 1, 1}},
          false);
    check({"depthwise 5x5 dilation 2 asymmetric",
           {1, 5, 14, 10},
           {5, 1, 5, 5},
           true,
           5,
           {1, 2},
           {2, 2},
           {4, 0, 3, 5}},
          false);
    check({"depthwise 1-D", {1, 3, 20}, {3, 1, 5}, true, 3, {2}, {}, {2, 2}}, false);
    check({"depthwise stride 3 dilation (2,1)",
           {2, 3, 17, 16},
           {3, 1, 3, 3},
           true,
           3,
           {3, 3},
           {2, 1},
           {2, 1, 0, 2}},
          false);
    check({"depthwise 7x7 on 7x7 (tiny planes)",
           {1, 40, 7, 7},
           {40, 1, 7, 7},
           true,
           40,
           {},
           {},
           {3, 3, 3, 3}},
          false);
    check({"depthwise large (parallel)",
           {1, 32, 56, 56},
           {32, 1, 3, 3},
           true,
           32,
           {},
           {},
           {1, 1, 1, 1},
           {},
           {},
           {},
           activation(FusedActivation::Kind::Clip, 0.f, 6.f)},
          false);
}

void TestConvKernels::convPointwise() {
    check({"1x1", {1, 16, 7, 7}, {24, 16, 1, 1}, true}, false);
    check({"1x1 large", {2, 32, 20, 20}, {48, 32, 1, 1}, true}, false);
    check({"1x1 stride 2", {1, 8, 9, 9}, {12, 8, 1, 1}, true, 1, {2, 2}}, false);
    check({"1x1 grouped", {1, 8, 10, 10}, {8, 4, 1, 1}, false, 2}, false);
}

void TestConvKernels::convAutoPad() {
    check({"SAME_UPPER stride 2",
           {1, 2, 9, 8},
           {3, 2, 3, 3},
           true,
           1,
           {2, 2},
           {},
           {},
           {},
           {},
           "SAME_UPPER"},
          false);
    check({"SAME_LOWER stride 2",
           {1, 2, 9, 8},
           {3, 2, 4, 3},
           true,
           1,
           {2, 2},
           {},
           {},
           {},
           {},
           "SAME_LOWER"},
          false);
    check({"SAME_UPPER dilated",
           {1, 2, 7, 7},
           {2, 2, 3, 3},
           true,
           1,
           {1, 1},
           {2, 2},
           {},
           {},
           {},
           "SAME_UPPER"},
          false);
    check({"VALID", {1, 2, 9, 8}, {3, 2, 3, 3}, true, 1, {2, 2}, {}, {}, {}, {}, "VALID"}, false);
}

void TestConvKernels::conv1dAnd3d() {
    check({"1-D", {2, 4, 31}, {6, 2, 5}, true, 2, {2}, {2}, {2, 1}}, false);
    check({"3-D", {1, 3, 6, 7, 5}, {4, 3, 3, 3, 2}, true, 1, {1, 2, 1}, {}, {1, 1, 0, 1, 0, 1}},
          false);
    check({"3-D grouped dilated",
           {1, 4, 7, 6, 6},
           {4, 2, 2, 3, 3},
           false,
           2,
           {2, 1, 1},
           {1, 2, 1},
           {0, 2, 1, 1, 0, 1}},
          false);
}

void TestConvKernels::convLargeUsesBothThreadStrategies() {
    // many output pixels: column tiles shared between threads
    check({"column tiles", {1, 24, 40, 37}, {32, 24, 3, 3}, true, 1, {}, {}, {1, 1, 1, 1}}, false);
    // few output pixels, many channels: one im2col, output channels split between threads
    check({"row split", {1, 64, 7, 7}, {96, 64, 3, 3}, true, 1, {}, {}, {1, 1, 1, 1}}, false);
    check({"row split 1x1", {1, 128, 4, 4}, {72, 128, 1, 1}, true}, false);
    // a deep im2col matrix (K = 4680) too big for L2: the product streams W over strips of B
    check({"deep K", {1, 520, 10, 10}, {13, 520, 3, 3}, true, 1, {}, {}, {1, 1, 1, 1}}, false);
    // output channel counts and pixel counts off the register block (8 x 48)
    check({"odd block edges", {1, 7, 9, 11}, {13, 7, 2, 2}, true, 1, {}, {}, {0, 1, 1, 0}}, false);
}

void TestConvKernels::convFusedActivations() {
    using Kind = FusedActivation::Kind;
    // LeakyRelu and Sigmoid are not idempotent: applying them twice would be caught.
    for (const FusedActivation& a : {activation(Kind::Relu), activation(Kind::Clip, -0.5f, 0.5f),
                                     activation(Kind::LeakyRelu, 0.1f), activation(Kind::Sigmoid),
                                     activation(Kind::HardSigmoid, 0.2f, 0.5f),
                                     activation(Kind::HardSwish), activation(Kind::Swish)}) {
        check({"activation " + a.name(),
               {1, 3, 10, 10},
               {4, 3, 3, 3},
               true,
               1,
               {},
               {},
               {1, 1, 1, 1},
               {},
               {},
               {},
               a},
              false);
        check({"depthwise activation " + a.name(),
               {1, 4, 10, 10},
               {4, 1, 3, 3},
               true,
               4,
               {},
               {},
               {1, 1, 1, 1},
               {},
               {},
               {},
               a},
              false);
        check({"transposed activation " + a.name(),
               {1, 3, 4, 4},
               {3, 2, 3, 3},
               true,
               1,
               {2, 2},
               {},
               {1, 1, 1, 1},
               {},
               {},
               {},
               a},
              true);
    }
}

void TestConvKernels::convFloat64() {
    check({"float64 3x3", {1, 3, 8, 8}, {4, 3, 3, 3}, true, 1, {2, 1}, {}, {1, 1, 1, 1}}, false,
          true);
    check({"float64 depthwise", {1, 3, 8, 8}, {3, 1, 3, 3}, true, 3, {}, {}, {1, 1, 1, 1}}, false,
          true);
    check({"float64 transposed", {1, 2, 4, 5}, {2, 3, 3, 3}, true, 1, {2, 2}}, true, true);
}

void TestConvKernels::convRejectsBadInput() {
    auto expectError = [](const std::string& message, const std::string& part) {
        QVERIFY2(message.find("node 'node' (Conv)") != std::string::npos, message.c_str());
        QVERIFY2(message.find(part) != std::string::npos, (message + " lacks: " + part).c_str());
    };
    expectError(convError({1, 3, 5, 5}, {4, 2, 3, 3}, {}), "expected 3 input channels per group");
    expectError(convError({1, 4, 5, 5}, {4, 2, 3, 3}, {{"group", integer(3)}}),
                "group 3 does not divide");
    expectError(convError({1, 3, 5, 5}, {4, 3, 3, 3}, {}, {5}), "bias B has shape 5");
    expectError(convError({1, 3, 5, 5}, {4, 3, 3, 3}, {{"strides", ints({1, 1, 1})}}),
                "'strides' has 3 values");
    expectError(convError({1, 3, 5, 5}, {4, 3, 3, 3}, {{"strides", ints({0, 1})}}),
                "'strides' has the value 0 (allowed 1 to");
    expectError(convError({1, 3, 5, 5}, {4, 3, 3, 3}, {{"kernel_shape", ints({2, 2})}}),
                "'kernel_shape' does not match");
    expectError(convError({1, 3, 2, 2}, {4, 3, 3, 3}, {}), "smaller than the window 3");
    expectError(convError({3, 5}, {4, 3}, {}), "expected rank 3 to 5");
    expectError(convError({1, 1, 2, 2, 2, 2}, {1, 1, 1, 1, 1, 1}, {}), "expected rank 3 to 5");
    expectError(convError({1, 3, 5, 5}, {4, 3, 3}, {}), "expected rank 4");
    expectError(convError({1, 3, 5, 5}, {4, 3, 3, 3}, {{"auto_pad", text("SAME")}}),
                "auto_pad 'SAME'");
    // mixed dtypes are refused when the executor is created (supports), naming the op
    std::mt19937 rng(3);
    NodeSpec spec;
    spec.op = "Conv";
    spec.inputs = {randomTensor({1, 1, 3, 3}, rng), toDouble(randomTensor({1, 1, 1, 1}, rng))};
    auto out = runNode(spec);
    QVERIFY(!out.ok());
    QVERIFY2(out.error().message.find("does not handle inputs (float32, float64)") !=
                 std::string::npos,
             out.error().message.c_str());
}

void TestConvKernels::convConstantWeightsAndOverrides() {
    // W and B as graph constants (as in a real model), run twice; a constant override (how
    // fake-quantized weights come in) must be used instead of the constant, and only for that run.
    const ConvCase c{"constant weights", {1, 8, 9, 9}, {16, 8, 3, 3}, true, 1, {}, {},
                     {1, 1, 1, 1}};
    std::mt19937 rng(77);
    const auto x = randomValues(product(c.x), rng), w = randomValues(product(c.w), rng),
               w2 = randomValues(product(c.w), rng), b = randomValues(16, rng);
    const Reference ref = referenceConv(c, x, w, b), refOverride = referenceConv(c, x, w2, b);
    auto graph = std::make_shared<Graph>();
    graph->opsetImports[""] = 17;
    const ValueId in = graph->addValue("x", DataType::Float, TensorShape::of(c.x));
    graph->addInput(in);
    const ValueId weight = graph->addConstant("w", Tensor::fromFloats(c.w, w));
    const ValueId bias = graph->addConstant("b", Tensor::fromFloats({16}, b));
    const ValueId out = graph->addValue("y");
    graph->addOutput(out);
    Node node;
    node.name = "conv";
    node.opType = "Conv";
    node.inputs = {in, weight, bias};
    node.outputs = {out};
    node.attributes = attributesOf(c, false);
    graph->addNode(node);
    QVERIFY(graph->finalize().ok());
    auto exec = Executor::create(graph, {});
    QVERIFY(exec.ok());
    RunRequest request;
    request.feeds["x"] = HostTensor::fromFloats(c.x, x);
    for (int run = 0; run < 2; ++run) {
        auto y = exec->run(request);
        QVERIFY(y.ok());
        const std::string diff = compareClose(y->at("y"), ref.dims, ref.values, 1e-4, 1e-4);
        QVERIFY2(diff.empty(), ("run " + std::to_string(run) + ": " + diff).c_str());
    }
    std::map<ValueId, HostTensor> overrides{
        {graph->findValue("w"), HostTensor::fromFloats(c.w, w2)}};
    RunRequest overridden = request;
    overridden.hooks.constantOverrides = &overrides;
    auto y2 = exec->run(overridden);
    QVERIFY(y2.ok());
    std::string diff = compareClose(y2->at("y"), refOverride.dims, refOverride.values, 1e-4, 1e-4);
    QVERIFY2(diff.empty(), ("override: " + diff).c_str());
    auto y3 = exec->run(request);
    diff = compareClose(y3->at("y"), ref.dims, ref.values, 1e-4, 1e-4);
    QVERIFY2(diff.empty(), ("after the override: " + diff).c_str());
}

void TestConvKernels::convTransposeBasics() {
    check({"transposed 3x3", {1, 2, 4, 5}, {2, 3, 3, 3}, true}, true);
    check(
        {"transposed stride 2 pads", {2, 3, 5, 4}, {3, 2, 3, 3}, true, 1, {2, 2}, {}, {1, 0, 1, 2}},
        true);
    check({"transposed stride (3,2) output_padding",
           {1, 1, 3, 3},
           {1, 2, 3, 3},
           false,
           1,
           {3, 2},
           {},
           {},
           {1, 1}},
          true);
    check({"transposed dilation 2",
           {1, 2, 4, 4},
           {2, 2, 2, 3},
           true,
           1,
           {1, 2},
           {2, 2},
           {0, 1, 1, 0}},
          true);
    check({"transposed 2x2 stride 2 (upsampling head)",
           {1, 16, 12, 12},
           {16, 8, 2, 2},
           true,
           1,
           {2, 2}},
          true);
}

void TestConvKernels::convTransposeOutputShapeAndAutoPad() {
    check({"output_shape larger than full",
           {1, 1, 3, 3},
           {1, 2, 3, 3},
           true,
           1,
           {3, 2},
           {},
           {},
           {},
           {10, 8}},
          true);
    check({"output_shape smaller than full",
           {1, 2, 4, 4},
           {2, 2, 3, 3},
           true,
           1,
           {2, 2},
           {},
           {},
           {},
           {7, 8}},
          true);
    check({"output_shape with output_padding",
           {1, 1, 3, 3},
           {1, 2, 3, 3},
           true,
           1,
           {3, 2},
           {},
           {},
           {1, 1},
           {10, 8}},
          true);
    check({"SAME_UPPER", {1, 2, 3, 4}, {2, 2, 3, 3}, true, 1, {2, 2}, {}, {}, {}, {}, "SAME_UPPER"},
          true);
    check({"SAME_LOWER", {1, 2, 3, 4}, {2, 2, 3, 3}, true, 1, {2, 2}, {}, {}, {}, {}, "SAME_LOWER"},
          true);
}

void TestConvKernels::convTransposeGroups1dAnd3d() {
    check({"transposed 2 groups", {1, 4, 5, 5}, {4, 3, 3, 3}, true, 2, {2, 2}, {}, {1, 1, 1, 1}},
          true);
    check({"transposed 1-D", {2, 3, 7}, {3, 2, 4}, true, 1, {3}, {}, {1, 2}}, true);
    check({"transposed 3-D",
           {1, 2, 3, 4, 3},
           {2, 2, 3, 2, 3},
           true,
           1,
           {2, 1, 2},
           {},
           {1, 0, 0, 0, 1, 1}},
          true);
}

void TestConvKernels::convTransposeRejectsBadInput() {
    std::mt19937 rng(5);
    auto run = [&](const Dims& x, const Dims& w, std::map<std::string, Attribute> attributes) {
        NodeSpec spec;
        spec.op = "ConvTranspose";
        spec.inputs = {randomTensor(x, rng), randomTensor(w, rng)};
        spec.attributes = std::move(attributes);
        auto out = runNode(spec);
        return out.ok() ? std::string("(no error)") : out.error().message;
    };
    QVERIFY(run({1, 3, 4, 4}, {2, 2, 3, 3}, {}).find("expected 3 input channels in dim 0") !=
            std::string::npos);
    QVERIFY(run({1, 2, 4, 4}, {2, 2, 3, 3},
                {{"strides", ints({2, 2})}, {"output_padding", ints({2, 0})}})
                .find("output_padding 2 must be smaller") != std::string::npos);
    QVERIFY(run({1, 2, 4, 4}, {2, 2, 3, 3}, {{"output_shape", ints({5})}})
                .find("'output_shape' has 1 values") != std::string::npos);
    QVERIFY(run({1, 2, 2, 2}, {2, 2, 3, 3}, {{"pads", ints({3, 3, 3, 3})}})
                .find("gives an output of size") != std::string::npos);
    QVERIFY(run({1, 2, 2, 2}, {2, 2, 3, 3}, {{"output_shape", ints({3000000, 3000000})}})
                .find("is too large") != std::string::npos);
    QVERIFY(run({1, 2, 2, 2}, {2, 2, 3, 3}, {{"strides", ints({int64_t(1) << 40, 1})}})
                .find("allowed 1 to") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestConvKernels)
#include "test_conv_kernels.moc"
