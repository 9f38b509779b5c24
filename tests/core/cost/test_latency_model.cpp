// The latency model on graphs: how layers map onto GEMMs (conv, fully connected = 1x1 conv,
// depthwise = per-channel layers, grouped, MatMul, ConvTranspose, LSTM), edge and cloud seconds
// against arithmetic done by hand here, fewer bytes never slower, and a ResNet-50 sanity check.

#include "tests/core/cost/cost_test_support.h"

#include "core/cost/device_timing.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr double kEyerissClock = 202.38e6;
constexpr double kTpuClock = 1464.84e6;

int layerNamed(const SplitAnalysis& a, const std::string& name) {
    for (int i = 0; i < a.layerCount(); ++i)
        if (a.layers[static_cast<size_t>(i)].name == name)
            return i + 1;
    return 0;
}

double edgeTotal(const AnalyticalLatencyModel& m, int bits) {
    double total = 0;
    for (int i = 1; i <= m.layerCount(); ++i)
        total += m.edgeLayerSeconds(i, uniformTraffic(m.geometry(i), bits));
    return total;
}

double cloudTotal(const AnalyticalLatencyModel& m) {
    double total = 0;
    for (int i = 1; i <= m.layerCount(); ++i)
        total += m.cloudLayerSeconds(i);
    return total;
}

} // namespace

class TestLatencyModel : public QObject {
    Q_OBJECT

private slots:
    void convOnEyeriss();
    void convOnTheClouds();
    void stridedPointwiseReadsUsedPixels();
    void fullyConnectedIsOneByOneConv();
    void depthwiseIsPerChannelLayers();
    void groupedConv();
    void otherMacOps();
    void elementwiseAndViews();
    void fewerBytesNeverSlower_data();
    void fewerBytesNeverSlower();
    void resnet50Sanity();
    void otherModelsPrinted();
    void warningsAndErrors();
};

void TestLatencyModel::convOnEyeriss() {
    // 3x3 conv 64 -> 64 with bias on a 56x56 input: GEMM Np = 3136, Wn = 576, F = 64.
    ModelBuilder b;
    b.output(b.conv(b.input("x", {1, 64, 56, 56}), 64, 3, 1, -1, 1, true, 1, "conv"));
    ANALYZE_OR_FAIL(a, b.model());
    MODEL_OR_FAIL(m, a);
    const LayerGeometry& g = m.geometry(1);
    QVERIFY(g.work == LayerWork::Gemm);
    QCOMPARE(g.gemm.np, int64_t{3136});
    QCOMPARE(g.gemm.wn, int64_t{576});
    QCOMPARE(g.gemm.f, int64_t{64});
    QCOMPARE(g.repeats, int64_t{1});

    // 8 bits: weights 64*64*9 + 64 = 36,928 B, the raw input 200,704 B, the output 200,704 B.
    const LayerTraffic t8 = uniformTraffic(g, 8);
    QCOMPARE(t8.weightBytes, int64_t{36928});
    QCOMPARE(t8.inputBytes, int64_t{200704});
    QCOMPARE(t8.outputBytes, int64_t{200704});
    // Compute: 48 x 5 folds of (24 + 14 + 3136 - 2) cycles, minus 1 = 761,279 cycles = 3.76 ms.
    // Memory: weights once, input 5x (> 36 KB), output 95x (partial-sum tile 43,904 B > 36 KB):
    // 36,928 + 1,003,520 + 19,066,880 = 20,107,328 B at 1 GB/s = 20.1 ms. Memory bound.
    const LayerTime e8 = m.edgeLayerTime(1, t8);
    QCOMPARE(e8.cycles, 761279.0);
    QVERIFY(qFuzzyCompare(e8.dramBytes, 20107328.0));
    QVERIFY(qFuzzyCompare(m.edgeLayerSeconds(1, t8), 20107328.0 / 1e9));

    // 4 bits: weights 18,464 B, the raw input stays 8-bit (200,704 B, 5x), the output 100,352 B
    // now fits as partial sums: 18,464 + 1,003,520 + 100,352 = 1,122,336 B = 1.12 ms < 3.76 ms.
    const LayerTraffic t4 = uniformTraffic(g, 4);
    QCOMPARE(t4.weightBytes, int64_t{18464});
    QCOMPARE(t4.inputBytes, int64_t{200704});
    QCOMPARE(t4.outputBytes, int64_t{100352});
    QVERIFY(qFuzzyCompare(m.edgeLayerTime(1, t4).dramBytes, 1122336.0));
    QVERIFY(qFuzzyCompare(m.edgeLayerSeconds(1, t4), 761279.0 / kEyerissClock));
}

void TestLatencyModel::convOnTheClouds() {
    ModelBuilder b;
    b.output(b.conv(b.input("x", {1, 64, 56, 56}), 64, 3, 1, -1, 1, true, 1, "conv"));
    ANALYZE_OR_FAIL(a, b.model());
    // TPU, 16-bit data: weights 73,856 B, input and output 401,408 B each, all fitting their
    // buffers: 876,672 B at 13 GB/s = 67.4 us. Compute: ceil(576/256) = 3 folds of
    // (512 + 256 + 3136 - 2 = 3902) cycles, minus 1 = 11,705 cycles = 8.0 us. Memory bound.
    {
        MODEL_OR_FAIL(m, a, "eyeriss", "tpu");
        const LayerBytes bytes = m.cloudBytes(1);
        QCOMPARE(bytes.weights, 73856.0);
        QCOMPARE(bytes.ifmap, 401408.0);
        QCOMPARE(bytes.output, 401408.0);
        QCOMPARE(m.cloudLayerTime(1).cycles, 11705.0);
        QVERIFY(qFuzzyCompare(m.cloudLayerSeconds(1), 876672.0 / 13e9));
        QVERIFY(m.cloudLayerTime(1).computeSeconds < m.cloudLayerSeconds(1));
        QVERIFY(qFuzzyCompare(m.cloudLayerTime(1).computeSeconds, 11705.0 / kTpuClock));
    }
    // TITAN Xp, FP32 roofline: 115,605,504 MACs at 3840 x 1.582 GHz = 19.0 us against
    // (36,928 + 2 x 200,704) x 4 B = 1,753,344 B at 547.7 GB/s = 3.2 us. Compute bound.
    {
        MODEL_OR_FAIL(m, a, "eyeriss", "titan-xp");
        QCOMPARE(m.cloudBytes(1).weights, 36928.0 * 4);
        QVERIFY(qFuzzyCompare(m.cloudLayerSeconds(1), 115605504.0 / (3840 * 1.582e9)));
        QVERIFY(qFuzzyCompare(m.cloudLayerTime(1).memorySeconds, 1753344.0 / 547.7e9));
    }
}

void TestLatencyModel::stridedPointwiseReadsUsedPixels() {
    // 1x1 conv 64 -> 128 with stride 2 on 56x56: Np = 28*28 = 784, Wn = 64. It uses one pixel in
    // four: 784*64 = 50,176 input bytes at 8 bits, not the tensor's 200,704. Those do not fit the
    // 36 KB buffer: read once per column fold, ceil(128/14) = 10. Weights 64*128 + 128 = 8,320 B
    // once; output 784*128 = 100,352 B, its partial-sum tile 784*14 = 10,976 B fits: once.
    ModelBuilder b;
    b.output(b.conv(b.input("x", {1, 64, 56, 56}), 128, 1, 2, 0, 1, true, 1, "down"));
    ANALYZE_OR_FAIL(a, b.model());
    MODEL_OR_FAIL(m, a);
    QCOMPARE(m.geometry(1).gemm.np, int64_t{784});
    QCOMPARE(m.geometry(1).gemm.wn, int64_t{64});
    const LayerTraffic t = uniformTraffic(m.geometry(1), 8);
    QCOMPARE(t.inputBytes, int64_t{200704});
    QVERIFY(qFuzzyCompare(m.edgeLayerTime(1, t).dramBytes, 8320 + 50176.0 * 10 + 100352));
}

void TestLatencyModel::fullyConnectedIsOneByOneConv() {
    ModelBuilder fcBuilder;
    fcBuilder.output(fcBuilder.gemm(fcBuilder.input("x", {1, 2048}), 1000, "fc"));
    ANALYZE_OR_FAIL(fc, fcBuilder.model());
    MODEL_OR_FAIL(fcModel, fc);
    ModelBuilder convBuilder;
    convBuilder.output(convBuilder.conv(convBuilder.input("x", {1, 2048, 1, 1}), 1000, 1, 1, 0, 1,
                                        true, 1, "conv"));
    ANALYZE_OR_FAIL(conv, convBuilder.model());
    MODEL_OR_FAIL(convModel, conv);

    const LayerGeometry& g = fcModel.geometry(1);
    QVERIFY(g.work == LayerWork::Gemm);
    QCOMPARE(g.gemm.np, int64_t{1});
    QCOMPARE(g.gemm.wn, int64_t{2048});
    QCOMPARE(g.gemm.f, int64_t{1000});
    QCOMPARE(convModel.geometry(1).gemm.np, g.gemm.np);
    QCOMPARE(convModel.geometry(1).gemm.wn, g.gemm.wn);
    QCOMPARE(convModel.geometry(1).gemm.f, g.gemm.f);

    const LayerTraffic t = uniformTraffic(g, 8);
    QCOMPARE(t.weightBytes, int64_t{2049000});
    QCOMPARE(fcModel.edgeLayerSeconds(1, t),
             convModel.edgeLayerSeconds(1, uniformTraffic(convModel.geometry(1), 8)));
    QCOMPARE(fcModel.cloudLayerSeconds(1), convModel.cloudLayerSeconds(1));

    // Eyeriss: ceil(2048/12) = 171 row folds, ceil(1000/14) = 72 column folds; 12,312 folds of
    // (24 + 14 + 1 - 2 = 37) cycles, minus 1 = 455,543 cycles = 2.25 ms; the 2,049,000 weight
    // bytes take 2.05 ms more than nothing: a fully connected layer is never free.
    QCOMPARE(fcModel.edgeLayerTime(1, t).cycles, 455543.0);
    QVERIFY(qFuzzyCompare(fcModel.edgeLayerSeconds(1, t), 455543.0 / kEyerissClock));
    QVERIFY(fcModel.edgeLayerTime(1, t).memorySeconds >= 2049000 / 1e9);
    // TPU at 16 bits: 4,098,000 weight bytes + 4,096 input + 2,000 output at 13 GB/s.
    QVERIFY(qFuzzyCompare(fcModel.cloudLayerSeconds(1), (4098000.0 + 4096 + 2000) / 13e9));
}

void TestLatencyModel::depthwiseIsPerChannelLayers() {
    // Depthwise 3x3 on 32 channels of 56x56: 32 separate one-channel layers (Np = 3136, Wn = 9,
    // F = 1), each one fold of (24 + 14 + 3136 - 2) cycles minus 1 = 3171.
    ModelBuilder dw;
    dw.output(dw.conv(dw.input("x", {1, 32, 56, 56}), 32, 3, 1, -1, 32, true, 1, "dw"));
    ANALYZE_OR_FAIL(a, dw.model());
    MODEL_OR_FAIL(m, a);
    const LayerGeometry& g = m.geometry(1);
    QCOMPARE(g.gemm.np, int64_t{3136});
    QCOMPARE(g.gemm.wn, int64_t{9});
    QCOMPARE(g.gemm.f, int64_t{1});
    QCOMPARE(g.repeats, int64_t{32});
    QCOMPARE(g.filterSets, int64_t{32});
    const LayerTime t = m.edgeLayerTime(1, uniformTraffic(g, 8));
    QCOMPARE(t.cycles, 32 * 3171.0);

    // One of those channels as a layer of its own, 32 times, takes the same.
    ModelBuilder one;
    one.output(one.conv(one.input("x", {1, 1, 56, 56}), 1, 3, 1, -1, 1, true, 1, "single"));
    ANALYZE_OR_FAIL(oneA, one.model());
    MODEL_OR_FAIL(oneM, oneA);
    const LayerTime single = oneM.edgeLayerTime(1, uniformTraffic(oneM.geometry(1), 8));
    QCOMPARE(single.cycles, 3171.0);
    QVERIFY(qFuzzyCompare(t.dramBytes, 32 * single.dramBytes));
    QVERIFY(qFuzzyCompare(t.seconds, 32 * single.seconds));
    QVERIFY(qFuzzyCompare(m.cloudLayerSeconds(1), 32 * oneM.cloudLayerSeconds(1)));
    // Utilisation is poor: 9 MACs per pixel on 168 units.
    QVERIFY(t.utilisation < 0.06);
}

void TestLatencyModel::groupedConv() {
    // ResNeXt-style 3x3, 128 -> 128 channels in 32 groups on 28x28: 32 layers of Np = 784,
    // Wn = 9*4 = 36, F = 4; each ceil(36/12) = 3 folds of (24 + 14 + 784 - 2 = 820), minus 1.
    ModelBuilder b;
    b.output(b.conv(b.input("x", {1, 128, 28, 28}), 128, 3, 1, -1, 32, false, 1, "grouped"));
    ANALYZE_OR_FAIL(a, b.model());
    MODEL_OR_FAIL(m, a);
    const LayerGeometry& g = m.geometry(1);
    QCOMPARE(g.gemm.np, int64_t{784});
    QCOMPARE(g.gemm.wn, int64_t{36});
    QCOMPARE(g.gemm.f, int64_t{4});
    QCOMPARE(g.repeats, int64_t{32});
    QCOMPARE(m.edgeLayerTime(1, uniformTraffic(g, 8)).cycles, 32 * (3 * 820.0 - 1));
}

void TestLatencyModel::otherMacOps() {
    ModelBuilder b;
    // MatMul by a constant [512, 256] with a batch of 2 x 49 rows: the batch folds into Np.
    const std::string x = b.input("x", {2, 49, 512});
    const std::string mm =
        b.node("MatMul", {x, b.weight("w", {512, 256})}, 1, {{2, 49, 256}}, "matmul")[0];
    // A MatMul of two activations, batched over 4 heads: 4 GEMMs of 49 x 64 by 64 x 49.
    const std::string q = b.input("q", {1, 4, 49, 64});
    const std::string k = b.input("k", {1, 4, 64, 49});
    const std::string att = b.node("MatMul", {q, k}, 1, {{1, 4, 49, 49}}, "attention")[0];
    // ConvTranspose 16 -> 8 channels, 2x2 kernel, stride 2, on 14x14: each input pixel's 16
    // values through 8*2*2 = 32 weights: Np = 196, Wn = 16, F = 32.
    const std::string t = b.input("t", {1, 16, 14, 14});
    const std::string up = b.node("ConvTranspose", {t, b.weight("tw", {16, 8, 2, 2})}, 1,
                                  {{1, 8, 28, 28}}, "deconv")[0];
    b.setAttr(b.lastNode(), "strides", Dims{2, 2});
    b.setAttr(b.lastNode(), "kernel_shape", Dims{2, 2});
    // LSTM, 5 steps, batch 1, input 10, hidden 20: per step Np = 1, Wn = 10 + 20, F = 4*20.
    const std::string s = b.input("s", {5, 1, 10});
    const std::string lstm =
        b.node("LSTM", {s, b.weight("lw", {1, 80, 10}), b.weight("lr", {1, 80, 20})}, 1,
               {{5, 1, 1, 20}}, "lstm")[0];
    b.setAttr(b.lastNode(), "hidden_size", int64_t{20});
    for (const auto& out : {mm, att, up, lstm})
        b.output(out);
    ANALYZE_OR_FAIL(a, b.model());
    MODEL_OR_FAIL(m, a);
    QVERIFY2(m.warnings().empty(), m.warnings().empty() ? "" : m.warnings().front().c_str());

    struct Expected {
        const char* layer;
        GemmShape gemm;
        int64_t repeats;
        int64_t filterSets;
        bool filterActivation;
    };
    for (const Expected& e : {Expected{"matmul", {98, 512, 256}, 1, 1, false},
                              Expected{"attention", {49, 64, 49}, 4, 4, true},
                              Expected{"deconv", {196, 16, 32}, 1, 1, false},
                              Expected{"lstm", {1, 30, 80}, 5, 1, false}}) {
        const int layer = layerNamed(a.analysis, e.layer);
        QVERIFY2(layer > 0, e.layer);
        const LayerGeometry& g = m.geometry(layer);
        QVERIFY2(g.work == LayerWork::Gemm && g.mapped, e.layer);
        QCOMPARE(g.gemm.np, e.gemm.np);
        QCOMPARE(g.gemm.wn, e.gemm.wn);
        QCOMPARE(g.gemm.f, e.gemm.f);
        QCOMPARE(g.repeats, e.repeats);
        QCOMPARE(g.filterSets, e.filterSets);
        QCOMPARE(!g.filterInputs.empty(), e.filterActivation);
        // The mapping accounts for every MAC the analysis counts.
        QCOMPARE(g.gemm.macs() * g.repeats,
                 a.analysis.layers[static_cast<size_t>(layer - 1)].macs.value());
        QVERIFY(m.edgeLayerSeconds(layer, uniformTraffic(g, 8)) > 0);
        QVERIFY(m.cloudLayerSeconds(layer) > 0);
    }
    // The attention MatMul's input bytes split evenly: q and k have 12,544 elements each.
    const int attention = layerNamed(a.analysis, "attention");
    const LayerBytes split = m.edgeBytes(attention, {0, 25088, 9604});
    QCOMPARE(split.ifmap, 12544.0);
    QCOMPARE(split.filterInputs, 12544.0);
}

void TestLatencyModel::elementwiseAndViews() {
    ModelBuilder b;
    const std::string x = b.input("x", {1, 64, 56, 56});
    const std::string y = b.input("y", {1, 64, 56, 56});
    const std::string sum = b.add(x, y, "add");
    const std::string pool = b.maxPool(sum, 3, 2, 1, "pool");
    b.output(b.flatten(pool, "flatten"));
    ANALYZE_OR_FAIL(a, b.model());
    MODEL_OR_FAIL(m, a);
    const int add = layerNamed(a.analysis, "add");
    const int maxPool = layerNamed(a.analysis, "pool");
    const int flatten = layerNamed(a.analysis, "flatten");
    QVERIFY(m.geometry(add).work == LayerWork::Elementwise);
    QVERIFY(m.geometry(maxPool).work == LayerWork::Elementwise);
    QVERIFY(m.geometry(flatten).work == LayerWork::View);

    // Add: 2 x 200,704 inputs -> 401,408 ops at 202.38 MHz x 14 = 0.14 ms; the bytes (two raw
    // 8-bit inputs and the 8-bit output, 602,112 B) take 0.60 ms at 1 GB/s.
    QCOMPARE(m.geometry(add).elementwiseOps, int64_t{401408});
    const LayerTime t = m.edgeLayerTime(add, uniformTraffic(m.geometry(add), 8));
    QVERIFY(qFuzzyCompare(t.computeSeconds, 401408 / (kEyerissClock * 14)));
    QVERIFY(qFuzzyCompare(t.seconds, 602112 / 1e9));
    // The 3x3 / 2 pool reads 200,704 elements and writes 50,176: one pass over its input.
    QCOMPARE(m.geometry(maxPool).elementwiseOps, int64_t{200704});
    // A view moves nothing.
    QCOMPARE(m.edgeLayerSeconds(flatten, uniformTraffic(m.geometry(flatten), 8)), 0.0);
    QCOMPARE(m.cloudLayerSeconds(flatten), 0.0);
    // TPU: the Add's 3 x 401,408 B at 16 bits over 13 GB/s, against 401,408 ops at
    // 1464.84 MHz x 256 per second.
    QVERIFY(qFuzzyCompare(m.cloudLayerSeconds(add), 3 * 401408.0 / 13e9));
}

void TestLatencyModel::fewerBytesNeverSlower_data() {
    QTest::addColumn<QString>("edge");
    QTest::newRow("eyeriss") << "eyeriss";
    QTest::newRow("raspberry-pi-4") << "raspberry-pi-4";
    QTest::newRow("jetson-tx2") << "jetson-tx2";
}

void TestLatencyModel::fewerBytesNeverSlower() {
    QFETCH(QString, edge);
    ANALYZE_OR_FAIL(a, buildResNet50(), true);
    MODEL_OR_FAIL(m, a, edge.toStdString(), "tpu");
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> scale(0.0, 1.0);
    int checks = 0;
    for (int i = 1; i <= m.layerCount(); ++i) {
        double previous = m.edgeLayerSeconds(i, uniformTraffic(m.geometry(i), 8));
        for (int bits : {6, 4, 2}) {
            const double s = m.edgeLayerSeconds(i, uniformTraffic(m.geometry(i), bits));
            QVERIFY2(s <= previous, a.analysis.layers[static_cast<size_t>(i - 1)].name.c_str());
            previous = s;
        }
        // Random reductions of one component at a time, from the 8-bit traffic.
        const LayerTraffic base = uniformTraffic(m.geometry(i), 8);
        const double baseSeconds = m.edgeLayerSeconds(i, base);
        for (int r = 0; r < 20; ++r) {
            LayerTraffic t = base;
            int64_t* fields[] = {&t.weightBytes, &t.inputBytes, &t.outputBytes};
            int64_t& field = *fields[r % 3];
            field = static_cast<int64_t>(static_cast<double>(field) * scale(rng));
            QVERIFY(m.edgeLayerSeconds(i, t) <= baseSeconds);
            ++checks;
        }
    }
    QVERIFY(checks > 1000);
}

void TestLatencyModel::resnet50Sanity() {
    ANALYZE_OR_FAIL(a, buildResNet50(), true);
    MODEL_OR_FAIL(m, a);
    QVERIFY2(m.warnings().empty(), m.warnings().empty() ? "" : m.warnings().front().c_str());
    // Every MAC of the analysis is mapped onto a GEMM.
    int64_t mapped = 0;
    for (int i = 1; i <= m.layerCount(); ++i)
        if (m.geometry(i).work == LayerWork::Gemm)
            mapped += m.geometry(i).gemm.macs() * m.geometry(i).repeats;
    const int64_t macs = a.analysis.totalMacs().value();
    QCOMPARE(mapped, macs);
    QVERIFY(macs > 4'000'000'000 && macs < 4'200'000'000); // ~4.1 GMAC

    // At least the MACs at 34 GMAC/s: 4.1 GMAC / 34 GMAC/s = 0.12 s.
    const double edge8 = edgeTotal(m, 8);
    const double edge4 = edgeTotal(m, 4);
    const double computeBound = static_cast<double>(macs) / (168 * kEyerissClock);
    QVERIFY(edge8 >= computeBound);
    QVERIFY(edge8 >= 0.118);
    QVERIFY(edge8 < 10.0);
    QVERIFY(edge4 <= edge8);
    const double cloud = cloudTotal(m);
    QVERIFY(cloud > static_cast<double>(macs) / 96e12);
    QVERIFY(cloud < edge8 / 10);
    qInfo("ResNet-50 (%.2f GMAC): Eyeriss 8-bit %.3f s (MACs at the peak alone: %.3f s), 4-bit "
          "%.3f s; "
          "TPU 16-bit %.2f ms",
          static_cast<double>(macs) / 1e9, edge8, computeBound, edge4, cloud * 1e3);
}

void TestLatencyModel::otherModelsPrinted() {
    struct Case {
        const char* name;
        onnx::ModelProto model;
    };
    for (const Case& c :
         {Case{"MobileNetV2", buildMobileNetV2()}, Case{"YOLOv3-tiny", buildYoloV3Tiny()}}) {
        ANALYZE_OR_FAIL(a, c.model, true);
        MODEL_OR_FAIL(m, a);
        QVERIFY2(m.warnings().empty(), m.warnings().empty() ? "" : m.warnings().front().c_str());
        const double macs = static_cast<double>(a.analysis.totalMacs().value());
        const double edge8 = edgeTotal(m, 8);
        QVERIFY(edge8 >= macs / (168 * kEyerissClock));
        QVERIFY(edgeTotal(m, 4) <= edge8);
        qInfo("%s (%.2f GMAC): Eyeriss 8-bit %.3f s, 4-bit %.3f s; TPU 16-bit %.2f ms; Raspberry "
              "Pi 4 roofline "
              "8-bit %.3f s",
              c.name, macs / 1e9, edge8, edgeTotal(m, 4), cloudTotal(m) * 1e3,
              edgeTotal(*presetModel(a, "raspberry-pi-4", "tpu").value(), 8));
    }
}

void TestLatencyModel::warningsAndErrors() {
    ModelBuilder b(13);
    auto* domain = b.model().add_opset_import();
    domain->set_domain("com.example.custom");
    domain->set_version(1);
    const std::string x =
        b.relu(b.conv(b.input("x", {1, 3, 16, 16}), 8, 3, 1, -1, 1, true, 1, "conv"));
    b.output(b.node("MysteryOp", {x}, 1, {{1, 8, 16, 16}}, "mystery", "com.example.custom")[0]);
    ANALYZE_OR_FAIL(a, b.model());
    MODEL_OR_FAIL(m, a);
    bool named = false;
    for (const std::string& w : m.warnings())
        named = named || (w.find("MysteryOp 'mystery'") != std::string::npos &&
                          w.find("data movement") != std::string::npos);
    QVERIFY2(named, "no warning names the op outside ONNX");
    const int mystery = layerNamed(a.analysis, "mystery");
    QVERIFY(m.edgeLayerSeconds(mystery, uniformTraffic(m.geometry(mystery), 8)) >
            0); // not silently free

    // Outside 1..N: NaN.
    QVERIFY(std::isnan(m.edgeLayerSeconds(0, {})));
    QVERIFY(std::isnan(m.cloudLayerSeconds(m.layerCount() + 1)));

    // An invalid profile names the profile and the field.
    profiles::DeviceProfile bad = loadDevicePreset("eyeriss").value();
    bad.mutable_systolic()->set_array_rows(0);
    auto rejected = makeLatencyModel(a.graph, a.analysis, bad, loadDevicePreset("tpu").value());
    QVERIFY(!rejected.ok());
    QCOMPARE(QString::fromStdString(rejected.error().message),
             QString("edge profile 'eyeriss': field 'systolic.array_rows' must be > 0, not 0"));
    auto built = makeLatencyModel(a.graph, a.analysis, loadDevicePreset("eyeriss").value(),
                                  loadDevicePreset("tpu").value());
    QVERIFY(built.ok());

    // An analysis of another graph is refused.
    ANALYZE_OR_FAIL(other, buildChain(3));
    auto mismatched = AnalyticalLatencyModel::create(a.graph, other.analysis,
                                                     presetParams("eyeriss"), presetParams("tpu"));
    QVERIFY(!mismatched.ok());
    QVERIFY(mismatched.error().message.find("does not belong") != std::string::npos ||
            mismatched.error().message.find("layers but the graph has") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestLatencyModel)
#include "test_latency_model.moc"
