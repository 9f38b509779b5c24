// Whole models on the executor: the optimized graph (folded BN, fused activations, folded
// shape chains) computes the same outputs as the raw import, on ResNet-50- and YOLOv3-tiny-shaped
// graphs, an inception module and the vendored PaddleOCR classifier.

#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/runtime/executor.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

struct Pair {
    std::shared_ptr<const Graph> raw, optimized;
};

Pair importBoth(const std::string& bytes, const ImportOptions& options = {}) {
    auto imported = importOnnxBytes(bytes, "model", {}, options);
    if (!imported)
        qFatal("%s", imported.error().message.c_str());
    Graph optimized = imported->graph;
    auto reports = optimizeGraph(optimized, defaultPassNames());
    if (!reports)
        qFatal("%s", reports.error().message.c_str());
    return {std::make_shared<const Graph>(std::move(imported->graph)),
            std::make_shared<const Graph>(std::move(optimized))};
}

std::map<std::string, HostTensor> randomFeeds(const Graph& g, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::map<std::string, HostTensor> feeds;
    for (ValueId in : g.inputs()) {
        HostTensor t(DataType::Float, g.value(in).shape.dims);
        for (float& x : t.mutableSpan<float>())
            x = normal(rng);
        feeds[g.value(in).name] = t;
    }
    return feeds;
}

// Largest |a - b| / (atol + rtol |a|) over all outputs; <= 1 means within tolerance.
double compare(const Pair& pair, uint32_t seed) {
    auto raw = Executor::create(pair.raw);
    auto opt = Executor::create(pair.optimized);
    if (!raw || !opt)
        qFatal("%s", (!raw ? raw.error() : opt.error()).message.c_str());
    RunRequest request;
    request.feeds = randomFeeds(*pair.raw, seed);
    auto a = raw->run(request);
    auto b = opt->run(request);
    if (!a || !b)
        qFatal("%s", (!a ? a.error() : b.error()).message.c_str());
    double worst = 0;
    for (ValueId out : pair.raw->outputs()) {
        const std::string& name = pair.raw->value(out).name;
        const auto x = a->at(name).toFloats();
        const auto y = b->at(name).toFloats();
        if (x.size() != y.size() || x.empty())
            return 1e9;
        for (size_t i = 0; i < x.size(); ++i)
            worst = std::max(worst, std::fabs(double(x[i]) - y[i]) /
                                        (1e-4 + 1e-3 * std::fabs(double(x[i]))));
    }
    return worst;
}

} // namespace

class TestModelExecution : public QObject {
    Q_OBJECT

private slots:
    void optimizedMatchesRaw_data();
    void optimizedMatchesRaw();
    void sampleModelOptimizedMatchesRaw();
};

void TestModelExecution::optimizedMatchesRaw_data() {
    QTest::addColumn<QByteArray>("model");
    QTest::newRow("resnet50 at 64x64")
        << QByteArray::fromStdString(buildResNet50(13, 64).SerializeAsString());
    QTest::newRow("resnet50 opset 7")
        << QByteArray::fromStdString(buildResNet50(7, 32).SerializeAsString());
    QTest::newRow("yolov3-tiny at 96")
        << QByteArray::fromStdString(buildYoloV3Tiny(13, 96).SerializeAsString());
    QTest::newRow("yolov3-tiny opset 9")
        << QByteArray::fromStdString(buildYoloV3Tiny(9, 64).SerializeAsString());
    QTest::newRow("inception") << QByteArray::fromStdString(buildInception(17).SerializeAsString());
    QTest::newRow("residual block")
        << QByteArray::fromStdString(buildResidualBlock(11).SerializeAsString());
}

void TestModelExecution::optimizedMatchesRaw() {
    QFETCH(QByteArray, model);
    const Pair pair = importBoth(model.toStdString());
    QVERIFY(pair.optimized->nodeCount() < pair.raw->nodeCount());
    const double worst = compare(pair, 17);
    QVERIFY2(worst <= 1.0, QByteArray::number(worst).constData());
}

void TestModelExecution::sampleModelOptimizedMatchesRaw() {
    QFile file(QStringLiteral(AUTOSPLIT_SOURCE_DIR
                              "/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    ImportOptions options;
    options.inputShapes.push_back({"x", {1, 3, 48, 192}});
    const Pair pair = importBoth(file.readAll().toStdString(), options);
    // 84 layers after BN folding and activation fusion, less the residual Adds fused into convs
    size_t residual = 0;
    for (const Node& n : pair.optimized->nodes())
        residual += n.residualAdd;
    QVERIFY(residual > 0);
    QCOMPARE(pair.optimized->nodeCount() + residual, size_t(84));
    const double worst = compare(pair, 3);
    QVERIFY2(worst <= 1.0, QByteArray::number(worst).constData());
}

QTEST_GUILESS_MAIN(TestModelExecution)
#include "test_model_execution.moc"
