// D_w of a graph built in code: every weight kind (Conv, grouped Conv, ConvTranspose with and
// without groups, Gemm with transB 1 and 0, MatMul with a constant B and a constant A) against
// per-channel MSEs the test computes itself with its own channel bookkeeping.

#include "core/onnx/onnx_importer.h"
#include "core/quant/layer_weight.h"
#include "core/quant/quant_error_table.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <cmath>
#include <functional>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

Graph buildGraph() {
    ModelBuilder b(13, 5);
    auto x = b.input("x", {1, 4, 6, 6});
    x = b.relu(b.conv(x, 6, 3, 1, -1, 1, true, 1, "conv")); // W [6, 4, 3, 3]
    x = b.conv(x, 6, 3, 1, -1, 3, true, 1, "grouped");      // W [6, 2, 3, 3]
    auto wt = b.weight("deconv_g.weight", {6, 2, 2, 2});    // C 6, M/g 2, g 3 -> M 6
    x = b.node("ConvTranspose", {x, wt}, 1, {{1, 6, 7, 7}}, "deconv_g")[0];
    b.setAttr(b.lastNode(), "group", int64_t{3});
    b.setAttr(b.lastNode(), "kernel_shape", Dims{2, 2});
    auto wt1 = b.weight("deconv.weight", {6, 3, 1, 1}); // C 6, M 3
    x = b.node("ConvTranspose", {x, wt1}, 1, {{1, 3, 7, 7}}, "deconv")[0];
    b.setAttr(b.lastNode(), "kernel_shape", Dims{1, 1});
    x = b.flatten(b.globalAveragePool(x)); // [1, 3]
    x = b.gemm(x, 5, "fc_t");              // B [5, 3], transB 1
    auto bn = b.weight("fc_n.weight", {5, 4});
    x = b.node("Gemm", {x, bn}, 1, {{1, 4}}, "fc_n")[0]; // B [5, 4], transB 0
    auto mb = b.weight("mm_b.weight", {4, 3});
    x = b.node("MatMul", {x, mb}, 1, {{1, 3}}, "mm_b")[0]; // B [4, 3]
    auto ma = b.weight("mm_a.weight", {2, 1});
    x = b.node("MatMul", {ma, x}, 1, {{2, 3}}, "mm_a")[0]; // A [2, 1]
    b.output(x);
    auto imported = importOnnxBytes(b.serialized(), "weights", {});
    if (!imported)
        qFatal("%s", imported.error().message.c_str());
    return std::move(imported.value().graph);
}

// Per-channel symmetric narrow-range fake quantization and its MSE, with the channel of each
// flat element given by the test.
double referenceMse(const std::vector<float>& w, int channels,
                    const std::function<int(size_t)>& channelOf, int bits) {
    const double qmax = (1 << (bits - 1)) - 1;
    std::vector<double> maxAbs(size_t(channels), 0.0);
    for (size_t i = 0; i < w.size(); ++i)
        maxAbs[size_t(channelOf(i))] =
            std::max(maxAbs[size_t(channelOf(i))], double(std::fabs(w[i])));
    double sum = 0;
    for (size_t i = 0; i < w.size(); ++i) {
        const double m = maxAbs[size_t(channelOf(i))];
        if (m == 0)
            continue;
        // ONNX's QuantizeLinear/DequantizeLinear arithmetic: a float32 scale, float32 quotient
        const float scale = static_cast<float>(m / qmax);
        const double q = std::clamp(double(std::nearbyint(w[i] / scale)), -qmax, qmax);
        const double e = double(w[i]) - double(float(q) * scale);
        sum += e * e;
    }
    return sum / double(w.size());
}

struct Expected {
    std::string node;
    std::string weight;
    int axis;
    int channels;
    std::function<int(size_t)> channelOf;
};

} // namespace

class TestQuantErrorTable : public QObject {
    Q_OBJECT

private slots:
    void weightAxes();
    void weightErrorsMatchIndependentMse();
    void groupedDeconvolutionRoundTripsItsLayout();
    void mseRangeNeverWorse();
    void badBitsAndCancellation();
};

void TestQuantErrorTable::weightAxes() {
    const Graph g = buildGraph();
    std::map<std::string, std::pair<int, int64_t>> axes;
    for (NodeId id = 0; id < NodeId(g.nodeCount()); ++id)
        if (auto w = layerWeight(g, id))
            axes[g.node(id).name] = {w->axis, w->groups};
    QCOMPARE(axes.size(), size_t(8));
    QCOMPARE(axes["conv"], std::make_pair(0, int64_t(1)));
    QCOMPARE(axes["grouped"], std::make_pair(0, int64_t(1)));
    QCOMPARE(axes["deconv_g"], std::make_pair(1, int64_t(3)));
    QCOMPARE(axes["deconv"], std::make_pair(1, int64_t(1)));
    QCOMPARE(axes["fc_t"], std::make_pair(0, int64_t(1)));
    QCOMPARE(axes["fc_n"], std::make_pair(1, int64_t(1)));
    QCOMPARE(axes["mm_b"], std::make_pair(1, int64_t(1)));
    QCOMPARE(axes["mm_a"], std::make_pair(0, int64_t(1)));
}

void TestQuantErrorTable::weightErrorsMatchIndependentMse() {
    const Graph g = buildGraph();
    const std::vector<int> bits = {8, 2, 4, 16, 4};
    std::vector<double> progress;
    auto table = computeWeightErrors(g, bits, {},
                                     [&](double f, std::string_view) { progress.push_back(f); });
    QVERIFY2(table.ok(), table.ok() ? "" : table.error().message.c_str());
    QCOMPARE(table->bits, (std::vector<int>{2, 4, 8, 16}));
    QCOMPARE(table->weightRangeMethod, std::string("minmax"));
    QCOMPARE(table->layers.size(), g.nodeCount());
    QVERIFY(!progress.empty());
    QCOMPARE(progress.back(), 1.0);
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));

    // Channel bookkeeping written out per layout.
    const std::vector<Expected> expected = {
        {"conv", "conv.weight", 0, 6, [](size_t i) { return int(i / 36); }},
        {"grouped", "grouped.weight", 0, 6, [](size_t i) { return int(i / 18); }},
        // [C 6, M/g 2, 2, 2], g 3, C/g 2: element ((ci * 2 + j) * 4 + k) feeds output (ci / 2) * 2
        // + j.
        {"deconv_g", "deconv_g.weight", 1, 6,
         [](size_t i) { return int((i / 4 / 2 / 2) * 2 + (i / 4) % 2); }},
        {"deconv", "deconv.weight", 1, 3, [](size_t i) { return int(i % 3); }},
        {"fc_t", "fc_t.weight", 0, 5, [](size_t i) { return int(i / 3); }},
        {"fc_n", "fc_n.weight", 1, 4, [](size_t i) { return int(i % 4); }},
        {"mm_b", "mm_b.weight", 1, 3, [](size_t i) { return int(i % 3); }},
        {"mm_a", "mm_a.weight", 0, 2, [](size_t i) { return int(i); }},
    };
    int checked = 0;
    for (const LayerQuantErrors& row : table->layers) {
        const Node& node = g.node(row.layer - 1);
        QCOMPARE(row.name, node.name);
        QCOMPARE(row.opType, node.opType);
        QCOMPARE(row.activation, g.value(node.outputs[0]).name);
        QCOMPARE(row.weightMse.size(), size_t(4));
        QVERIFY(row.activationMse.empty());
        auto e = std::find_if(expected.begin(), expected.end(),
                              [&](const Expected& x) { return x.node == row.name; });
        if (e == expected.end()) {
            QVERIFY2(row.weight.empty(), row.name.c_str());
            QCOMPARE(row.weightMse, std::vector<double>(4, 0.0));
            continue;
        }
        ++checked;
        QCOMPARE(row.weight, e->weight);
        QCOMPARE(row.weightAxis, e->axis);
        const ValueId v = g.findValue(e->weight);
        const std::vector<float> w = *g.value(v).initializer->toFloats();
        QCOMPARE(row.weightElements, int64_t(w.size()));
        for (size_t j = 0; j < 4; ++j) {
            const double ref = referenceMse(w, e->channels, e->channelOf, table->bits[j]);
            QVERIFY2(std::fabs(row.weightMse[j] - ref) <= 1e-12 * std::max(ref, 1e-30) + 1e-300,
                     qPrintable(QStringLiteral("%1 %2 bits: %3 vs %4")
                                    .arg(QString::fromStdString(row.name))
                                    .arg(table->bits[j])
                                    .arg(row.weightMse[j])
                                    .arg(ref)));
            // Falls with the bits, unless already exact (one weight per channel in mm_a).
            if (j > 0)
                QVERIFY(row.weightMse[j] < row.weightMse[j - 1] || row.weightMse[j - 1] == 0.0);
        }
        QVERIFY(row.weightMse[3] < 1e-9);
    }
    QCOMPARE(checked, int(expected.size()));
    QCOMPARE(*table->bitIndex(8), size_t(2));
    QVERIFY(!table->bitIndex(6));
}

void TestQuantErrorTable::groupedDeconvolutionRoundTripsItsLayout() {
    // The fake-quantized grouped weight keeps its stored layout: each element's reconstruction
    // is its own value on its output channel's grid.
    const Graph g = buildGraph();
    const NodeId id = g.node(0).name == "deconv_g" ? 0 : [&] {
        for (NodeId i = 0; i < NodeId(g.nodeCount()); ++i)
            if (g.node(i).name == "deconv_g")
                return i;
        return NodeId(kNone);
    }();
    auto w = layerWeight(g, id);
    QVERIFY(w);
    auto q = fakeQuantizeWeight(g, *w, 3, {});
    QVERIFY(q.ok());
    const std::vector<float> original = *g.value(w->value).initializer->toFloats();
    QCOMPARE(q->dims(), g.value(w->value).initializer->dims);
    const std::vector<float> fq = q->toFloats();
    std::vector<double> maxAbs(6, 0);
    auto channelOf = [](size_t i) { return (i / 16) * 2 + (i / 4) % 2; };
    for (size_t i = 0; i < original.size(); ++i)
        maxAbs[channelOf(i)] = std::max(maxAbs[channelOf(i)], double(std::fabs(original[i])));
    for (size_t i = 0; i < original.size(); ++i) {
        const double scale = maxAbs[channelOf(i)] / 3;
        QCOMPARE(fq[i], float(std::clamp(std::nearbyint(original[i] / scale), -3.0, 3.0) * scale));
    }
}

void TestQuantErrorTable::mseRangeNeverWorse() {
    const Graph g = buildGraph();
    const std::vector<int> bits = {2, 3, 4, 8};
    RangeOptions mse;
    mse.method = RangeMethod::Mse;
    auto minmax = computeWeightErrors(g, bits);
    auto clipped = computeWeightErrors(g, bits, mse);
    QVERIFY(minmax.ok() && clipped.ok());
    QCOMPARE(clipped->weightRangeMethod, std::string("mse"));
    double sumMinMax = 0;
    double sumClipped = 0;
    for (size_t i = 0; i < minmax->layers.size(); ++i)
        for (size_t j = 0; j < bits.size(); ++j) {
            QVERIFY(clipped->layers[i].weightMse[j] <=
                    minmax->layers[i].weightMse[j] * (1 + 1e-12));
            sumMinMax += minmax->layers[i].weightMse[j];
            sumClipped += clipped->layers[i].weightMse[j];
        }
    QVERIFY(sumClipped < sumMinMax);
}

void TestQuantErrorTable::badBitsAndCancellation() {
    const Graph g = buildGraph();
    auto bad = computeWeightErrors(g, std::vector<int>{4, 12});
    QVERIFY(!bad.ok());
    QCOMPARE(QString::fromStdString(bad.error().message),
             QStringLiteral("bit-width 12 is not supported (use 2..8 or 16)"));
    QVERIFY(!computeWeightErrors(g, std::vector<int>{}).ok());
    CancellationToken cancel;
    cancel.cancel();
    auto c = computeWeightErrors(g, std::vector<int>{8}, {}, {}, cancel);
    QVERIFY(!c.ok());
    QVERIFY(c.error().message.find("cancelled") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestQuantErrorTable)
#include "test_quant_error_table.moc"
