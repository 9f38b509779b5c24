// Channel equalization: a float-exact rewrite (the executor computes the same outputs, also after
// export to ONNX and back) that evens out per-channel ranges, and through that makes per-tensor
// activation quantization lose less signal. The model has a conv whose output channels differ by
// 10^4 in scale (a BN-folded first layer like PP-OCRv4's), read by a depthwise conv with a
// HardSwish (the division goes into the first conv's weights, alpha 1), whose output is read by
// a dense 1x1 conv (the division goes into the HardSwish layer's channel scale, alpha 0.5).

#include "core/onnx/onnx_exporter.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/quant/channel_equalization.h"
#include "core/quant/evaluation.h"
#include "core/runtime/executor.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kChannels = 8;

std::shared_ptr<const Graph> buildModel() {
    ModelBuilder b(14, 11);
    auto x = b.input("x", {1, 3, 12, 12});
    // conv1: channel c scaled by g_c = 10^(c/3 - 1), 0.1 .. 215; the depthwise conv after it
    // more than undoes that (g_c^-1.5), so small channels matter downstream, as after a BN fold,
    // and its own output channels differ again (by g_c^-0.5)
    std::mt19937 rng(5);
    std::normal_distribution<float> normal(0.f, 0.3f);
    auto gain = [](size_t c) { return std::pow(10.0, static_cast<double>(c) / 3.0 - 1.0); };
    std::vector<float> w1(kChannels * 3 * 3 * 3), b1(kChannels), w2(kChannels * 3 * 3);
    for (size_t i = 0; i < w1.size(); ++i)
        w1[i] = normal(rng) * static_cast<float>(gain(i / 27));
    for (size_t c = 0; c < b1.size(); ++c)
        b1[c] = 0.01f * static_cast<float>(c);
    for (size_t i = 0; i < w2.size(); ++i)
        w2[i] = normal(rng) / static_cast<float>(std::sqrt(gain(i / 9)) * gain(i / 9));
    auto y = b.node("Conv",
                    {x, b.floats("w1", {kChannels, 3, 3, 3}, w1), b.floats("b1", {kChannels}, b1)},
                    1, {{1, kChannels, 12, 12}}, "conv1")[0];
    b.setAttr(b.lastNode(), "pads", Dims{1, 1, 1, 1});
    y = b.node("Conv", {y, b.floats("w2", {kChannels, 1, 3, 3}, w2)}, 1, {{1, kChannels, 12, 12}},
               "depthwise")[0];
    b.setAttr(b.lastNode(), "pads", Dims{1, 1, 1, 1});
    b.setAttr(b.lastNode(), "group", int64_t{kChannels});
    y = b.unary("HardSwish", y);
    y = b.conv(y, 16, 1);
    b.output(b.globalAveragePool(y));
    auto imported = importOnnxBytes(b.serialized(), "equalization model", {});
    Graph g = std::move(imported.value().graph);
    if (!optimizeGraph(g, defaultPassNames()))
        return nullptr;
    return std::make_shared<const Graph>(std::move(g));
}

std::vector<std::vector<HostTensor>> samples(int count) {
    std::mt19937 rng(9);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::vector<std::vector<HostTensor>> out;
    for (int s = 0; s < count; ++s) {
        std::vector<float> v(3 * 12 * 12);
        for (float& x : v)
            x = normal(rng);
        out.push_back({HostTensor::fromFloats({1, 3, 12, 12}, v)});
    }
    return out;
}

double largestDifference(const Graph& a, const Graph& b, const std::vector<HostTensor>& sample) {
    auto ea = Executor::create(std::make_shared<const Graph>(a));
    auto eb = Executor::create(std::make_shared<const Graph>(b));
    if (!ea || !eb)
        return INFINITY;
    RunRequest r;
    r.feeds["x"] = sample.front();
    auto ra = ea->run(r), rb = eb->run(r);
    if (!ra || !rb)
        return INFINITY;
    double worst = 0;
    for (const auto& [name, t] : *ra) {
        const auto x = t.toFloats(), y = rb->at(name).toFloats();
        for (size_t i = 0; i < x.size(); ++i)
            worst =
                std::max(worst, std::fabs(double(x[i]) - y[i]) / (1e-3 + std::fabs(double(x[i]))));
    }
    return worst;
}

} // namespace

class TestChannelEqualization : public QObject {
    Q_OBJECT

private slots:
    void evensOutChannelsWithoutChangingTheModel();
    void makesPerTensorQuantizationLoseLess();
    void leavesTensorsItCannotMove();
};

void TestChannelEqualization::evensOutChannelsWithoutChangingTheModel() {
    auto graph = buildModel();
    QVERIFY(graph);
    QCOMPARE(graph->nodeCount(), size_t(4)); // conv1, dw+HardSwish, 1x1, pool
    auto executor = Executor::create(graph);
    QVERIFY(executor.ok());
    const auto data = samples(6);
    std::vector<double> fractions;
    EqualizationOptions options;
    options.denseAlpha = 0.5; // also the HardSwish output read by the dense 1x1 conv
    auto result = equalizeChannels(*executor, data, options,
                                   [&](double f, std::string_view) { fractions.push_back(f); });
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
    QCOMPARE(fractions.size(), data.size());
    QCOMPARE(result->tensors.size(), size_t(2));
    const EqualizedTensor& first = result->tensors[0];
    QCOMPARE(first.layer, 1);
    QVERIFY(first.intoWeights); // a conv without activation
    QVERIFY2(first.rangeRatioBefore > 100.0, std::to_string(first.rangeRatioBefore).c_str());
    QVERIFY(std::fabs(first.rangeRatioAfter - 1.0) < 1e-6); // depthwise readers: all equal
    const EqualizedTensor& second = result->tensors[1];
    QCOMPARE(second.layer, 2);
    QVERIFY(!second.intoWeights); // HardSwish is not homogeneous: the channel scale takes it
    QVERIFY(second.rangeRatioAfter < second.rangeRatioBefore);
    const Node& hs = result->graph->node(1);
    QCOMPARE(hs.activation.channelScale.size(), size_t(kChannels));
    QCOMPARE(hs.activation.displayName(), std::string("HardSwish+Scale"));
    QVERIFY(!graph->node(1).activation.hasChannelScale()); // the input graph is untouched
    // Every tensor keeps its id (the split analysis and candidates of the model name tensors by
    // id), and with each weight read by one node no constant is added: the weights change in
    // place. The weights did change.
    QCOMPARE(result->graph->values().size(), graph->values().size());
    for (size_t v = 0; v < graph->values().size(); ++v)
        QCOMPARE(result->graph->values()[v].name, graph->values()[v].name);
    QVERIFY(result->graph->constantInput(result->graph->node(0), 1) !=
            graph->constantInput(graph->node(0), 1));
    // the same model: on every sample, and after export to ONNX and back
    for (const auto& sample : data)
        QVERIFY(largestDifference(*graph, *result->graph, sample) < 1e-4);
    auto reimported =
        importOnnxBytes(toOnnxModel(*result->graph).SerializeAsString(), "exported", {});
    QVERIFY2(reimported.ok(), reimported.ok() ? "" : reimported.error().message.c_str());
    QVERIFY(largestDifference(*graph, reimported->graph, data.front()) < 1e-4);
    // by default only tensors read by depthwise convs move
    auto depthwiseOnly = equalizeChannels(*executor, data);
    QVERIFY(depthwiseOnly.ok());
    QCOMPARE(depthwiseOnly->tensors.size(), size_t(1));
    QCOMPARE(depthwiseOnly->tensors[0].layer, 1);
    QVERIFY(!depthwiseOnly->graph->node(1).activation.hasChannelScale());
}

void TestChannelEqualization::makesPerTensorQuantizationLoseLess() {
    auto graph = buildModel();
    auto executor = Executor::create(graph);
    QVERIFY(executor.ok());
    const auto data = samples(8);
    auto result = equalizeChannels(*executor, data);
    QVERIFY(result.ok());
    auto equalized = Executor::create(result->graph);
    QVERIFY(equalized.ok());
    CalibrationSettings settings;
    settings.bits = {6};
    // every activation at 6 bits, weights float: only the per-tensor activation grids differ
    EvaluationRequest request;
    request.split = 3;
    request.weightBits = {32, 32, 32};
    request.activationBits = {6, 6, 6};
    auto sqnr = [&](const Executor& e) {
        auto calibration = calibrate(e, data, settings);
        auto r = evaluate(e, *calibration, data, {}, request);
        return r->outputSqnrDb.front().second;
    };
    const double before = sqnr(*executor), after = sqnr(*equalized);
    QVERIFY2(after > before + 10.0,
             (std::to_string(before) + " dB -> " + std::to_string(after) + " dB").c_str());
}

void TestChannelEqualization::leavesTensorsItCannotMove() {
    // conv -> Relu read by an Add (not a weight) and a graph output: nothing to equalize
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 8, 8});
    auto y = b.relu(b.conv(x, 4, 3));
    auto z = b.conv(y, 4, 3);
    b.output(b.add(y, z));
    auto imported = importOnnxBytes(b.serialized(), "m", {});
    QVERIFY(imported.ok());
    Graph g = std::move(imported->graph);
    QVERIFY(optimizeGraph(g, defaultPassNames()).ok());
    auto graph = std::make_shared<const Graph>(std::move(g));
    auto executor = Executor::create(graph);
    QVERIFY(executor.ok());
    std::vector<std::vector<HostTensor>> data = {
        {HostTensor::fromFloats({1, 3, 8, 8}, std::vector<float>(192, 0.5f))}};
    auto result = equalizeChannels(*executor, data);
    QVERIFY(result.ok());
    QVERIFY(result->tensors.empty());
    QCOMPARE(result->graph.get() == graph.get() || result->graph->nodeCount() == graph->nodeCount(),
             true);
    EqualizationOptions bad;
    bad.denseAlpha = 2.0;
    QVERIFY(!equalizeChannels(*executor, data, bad).ok());
    CancellationToken cancel;
    cancel.cancel();
    auto big = buildModel();
    auto e = Executor::create(big);
    auto cancelled = equalizeChannels(*e, samples(2), {}, {}, cancel);
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().kind, ErrorKind::Cancelled);
}

QTEST_GUILESS_MAIN(TestChannelEqualization)
#include "test_channel_equalization.moc"
