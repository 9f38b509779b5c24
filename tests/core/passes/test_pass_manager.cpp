// The pass registry and optimizeGraph: names, order, errors, cancellation, progress; and the
// default pipeline on the ResNet-50 and YOLOv3-tiny shaped models (layer counts derived from the
// architectures) and, numerically, on small models run before and after.

#include "tests/core/passes/pass_test_support.h"

#include <QElapsedTimer>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

int protoCount(const onnx::ModelProto& model, const std::string& op) {
    int n = 0;
    for (const auto& node : model.graph().node())
        n += node.op_type() == op ? 1 : 0;
    return n;
}

int countActivation(const Graph& g, FusedActivation::Kind kind) {
    int n = 0;
    for (const Node& node : g.nodes())
        n += node.activation.kind == kind ? 1 : 0;
    return n;
}

std::vector<TensorShape> outputShapes(const Graph& g) {
    std::vector<TensorShape> shapes;
    for (ValueId id : g.outputs())
        shapes.push_back(g.value(id).shape);
    return shapes;
}

} // namespace

class TestPassManager : public QObject {
    Q_OBJECT

private slots:
    void registryListsPassesInPipelineOrder();
    void unknownPassNameIsAnError();
    void emptyPassListLeavesGraphAlone();
    void cancelledBeforeFirstPass();
    void reportsProgressPerPass();
    void resNet50DefaultPipeline_data();
    void resNet50DefaultPipeline();
    void yoloV3TinyDefaultPipeline_data();
    void yoloV3TinyDefaultPipeline();
    void defaultPipelinePreservesResults_data();
    void defaultPipelinePreservesResults();
};

void TestPassManager::registryListsPassesInPipelineOrder() {
    const std::vector<std::string> expected = {
        "constant-folding", "identity-elimination", "pad-folding",       "batchnorm-folding",
        "mul-add-folding",  "residual-add-fusion",  "activation-fusion", "dead-code-elimination"};
    QCOMPARE(availablePassNames(), expected);
    QCOMPARE(defaultPassNames(), expected);
    for (const auto& name : expected) {
        auto pass = createPass(name);
        QVERIFY(pass);
        QCOMPARE(pass->name(), name);
        QVERIFY(!pass->description().empty());
    }
    QVERIFY(!createPass("no-such-pass"));
}

void TestPassManager::unknownPassNameIsAnError() {
    auto g = importModel(buildResidualBlock());
    AUTOSPLIT_REQUIRE_OK(g);
    const size_t nodes = g->nodeCount();
    auto result = optimizeGraph(*g, {"batchnorm-folding", "bn-fold"});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message,
             std::string("unknown optimization pass 'bn-fold' (available: constant-folding, "
                         "identity-elimination, "
                         "pad-folding, batchnorm-folding, mul-add-folding, residual-add-fusion, "
                         "activation-fusion, "
                         "dead-code-elimination)"));
    // names are checked before anything runs: the valid first pass did not touch the graph
    QCOMPARE(g->nodeCount(), nodes);
    QCOMPARE(countOp(*g, "BatchNormalization"), 3);
}

void TestPassManager::emptyPassListLeavesGraphAlone() {
    auto g = importModel(buildResidualBlock());
    AUTOSPLIT_REQUIRE_OK(g);
    const size_t nodes = g->nodeCount();
    auto reports = optimizeGraph(*g, {});
    AUTOSPLIT_REQUIRE_OK(reports);
    QVERIFY(reports->empty());
    QCOMPARE(g->nodeCount(), nodes);
}

void TestPassManager::cancelledBeforeFirstPass() {
    auto g = importModel(buildResidualBlock());
    AUTOSPLIT_REQUIRE_OK(g);
    CancellationToken cancel;
    cancel.cancel();
    auto result = optimizeGraph(*g, defaultPassNames(), {}, cancel);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message, std::string("optimization cancelled"));
    QCOMPARE(countOp(*g, "BatchNormalization"), 3);
}

void TestPassManager::reportsProgressPerPass() {
    auto g = importModel(buildResidualBlock());
    AUTOSPLIT_REQUIRE_OK(g);
    std::vector<std::string> stages;
    std::vector<double> fractions;
    auto reports = optimizeGraph(*g, defaultPassNames(), [&](double f, std::string_view stage) {
        fractions.push_back(f);
        stages.emplace_back(stage);
    });
    AUTOSPLIT_REQUIRE_OK(reports);
    std::vector<std::string> expected = defaultPassNames();
    expected.push_back("shape inference");
    expected.push_back("optimized");
    QCOMPARE(stages, expected);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);
    QCOMPARE(reports->size(), defaultPassNames().size());
    for (size_t i = 0; i < reports->size(); ++i)
        QCOMPARE((*reports)[i].pass, defaultPassNames()[i]);
}

void TestPassManager::resNet50DefaultPipeline_data() {
    QTest::addColumn<int>("opset");
    for (int opset : {7, 13, 17})
        QTest::newRow(("opset" + std::to_string(opset)).c_str()) << opset;
}

void TestPassManager::resNet50DefaultPipeline() {
    QFETCH(int, opset);
    // ResNet-50: a 7x7 stem conv, bottlenecks of 3 convs in stages of {3, 4, 6, 3} blocks, one
    // downsample conv in the first block of each stage; BN after every conv; ReLU after the stem,
    // after conv1 and conv2 of each block and after each residual Add.
    const int blocks = 3 + 4 + 6 + 3;
    const int convs = 1 + 3 * blocks + 4;      // 53
    const int relus = 1 + 2 * blocks + blocks; // 49: all fusable (after a BN-folded conv or an Add)
    const int adds = blocks;                   // 16
    const int others = 4;                      // MaxPool, GlobalAveragePool, Flatten, Gemm
    const onnx::ModelProto model = buildResNet50(opset);
    QCOMPARE(protoCount(model, "Conv"), convs);
    QCOMPARE(protoCount(model, "BatchNormalization"), convs);
    QCOMPARE(protoCount(model, "Relu"), relus);
    QCOMPARE(model.graph().node_size(), convs * 2 + relus + adds + others);

    auto g = importModel(model);
    AUTOSPLIT_REQUIRE_OK(g);
    const auto shapesBefore = outputShapes(*g);
    QElapsedTimer timer;
    timer.start();
    auto reports = optimizeGraph(*g, defaultPassNames());
    const qint64 ms = timer.elapsed();
    AUTOSPLIT_REQUIRE_OK(reports);
    qInfo("default pipeline on ResNet-50 (opset %d): %lld ms", opset, static_cast<long long>(ms));

    // every residual Add went into the conv3 of its block, or in a downsampling block into the
    // downsample conv (the later of its two operands' convs), and the Relu after it onto that conv
    QCOMPARE(static_cast<int>(g->nodeCount()), convs + others); // 57 layers
    QCOMPARE(countOp(*g, "BatchNormalization"), 0);
    QCOMPARE(countOp(*g, "Relu"), 0);
    QCOMPARE(countOp(*g, "Conv"), convs);
    QCOMPARE(countOp(*g, "Add"), 0);
    QCOMPARE(countActivation(*g, FusedActivation::Kind::Relu), relus);
    int residual = 0, downsample = 0;
    for (const Node& n : g->nodes()) {
        if (n.opType != "Conv")
            continue;
        QVERIFY2(!n.folded.empty() && n.folded.front().rfind("bn", 0) == 0, n.name.c_str());
        QVERIFY(n.inputs.size() >= 3 && n.inputs[2] != kNone); // the folded BN made a bias
        if (n.residualAdd) {
            ++residual;
            QCOMPARE(n.inputs.size(), size_t(4));
            downsample += n.name.find("downsample") != std::string::npos;
            QVERIFY2(n.name.find("conv3") != std::string::npos ||
                         n.name.find("downsample") != std::string::npos,
                     n.name.c_str());
            QCOMPARE(n.activation.kind, FusedActivation::Kind::Relu);
        } else {
            QCOMPARE(n.inputs.size(), size_t(3));
        }
    }
    QCOMPARE(residual, adds);
    QCOMPARE(downsample, 4);
    QCOMPARE(outputShapes(*g), shapesBefore);
    QCOMPARE(g->value(g->outputs()[0]).shape.dims, (Dims{1, 1000}));
    const auto changes = allChanges(*reports);
    QCOMPARE(static_cast<int>(changes.size()), convs + relus + adds);
    // every intermediate tensor still has a known shape after the re-run shape inference
    for (const Node& n : g->nodes())
        QVERIFY2(g->value(n.outputs[0]).shape.isFullyKnown(), n.name.c_str());
}

void TestPassManager::yoloV3TinyDefaultPipeline_data() {
    QTest::addColumn<int>("opset");
    for (int opset : {7, 11, 13, 17})
        QTest::newRow(("opset" + std::to_string(opset)).c_str()) << opset;
}

void TestPassManager::yoloV3TinyDefaultPipeline() {
    QFETCH(int, opset);
    // YOLOv3-tiny: conv-BN-leaky blocks of 16, 32, 64, 128, 256, 512, 1024, 256 filters on the
    // trunk, 512 on head 1, 128 before the upsample and 256 on head 2 (11); two 255-filter head
    // convs with bias and no BN; six maxpools; one upsample; one route concat.
    const int cbl = 11, heads = 2, maxpools = 6, upsamples = 1, concats = 1;
    const onnx::ModelProto model = buildYoloV3Tiny(opset);
    QCOMPARE(protoCount(model, "Conv"), cbl + heads);
    QCOMPARE(protoCount(model, "BatchNormalization"), cbl);
    QCOMPARE(protoCount(model, "LeakyRelu"), cbl);

    auto g = importModel(model);
    AUTOSPLIT_REQUIRE_OK(g);
    const auto shapesBefore = outputShapes(*g);
    auto reports = optimizeGraph(*g, defaultPassNames());
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(static_cast<int>(g->nodeCount()), cbl + heads + maxpools + upsamples + concats);
    QCOMPARE(countOp(*g, "BatchNormalization"), 0);
    QCOMPARE(countOp(*g, "LeakyRelu"), 0);
    QCOMPARE(countOp(*g, "Conv"), cbl + heads);
    QCOMPARE(countActivation(*g, FusedActivation::Kind::LeakyRelu), cbl);
    for (const Node& n : g->nodes())
        if (n.activation.kind == FusedActivation::Kind::LeakyRelu)
            QCOMPARE(n.activation.alpha, 0.1f);
    QCOMPARE(outputShapes(*g), shapesBefore);
    QCOMPARE(g->value(g->outputs()[0]).shape.dims, (Dims{1, 255, 13, 13}));
    QCOMPARE(g->value(g->outputs()[1]).shape.dims, (Dims{1, 255, 26, 26}));
}

void TestPassManager::defaultPipelinePreservesResults_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("opset");
    for (int opset : {7, 11, 13, 17}) {
        QTest::newRow(("residual block opset" + std::to_string(opset)).c_str())
            << "residual" << opset;
        QTest::newRow(("inception opset" + std::to_string(opset)).c_str()) << "inception" << opset;
        QTest::newRow(("yolov3-tiny 64x64 opset" + std::to_string(opset)).c_str())
            << "yolo" << opset;
    }
}

void TestPassManager::defaultPipelinePreservesResults() {
    QFETCH(QString, model);
    QFETCH(int, opset);
    const onnx::ModelProto proto = model == "residual"    ? buildResidualBlock(opset)
                                   : model == "inception" ? buildInception(opset)
                                                          : buildYoloV3Tiny(opset, 64);
    auto g = importModel(proto);
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    auto reports = optimizeGraph(*g, defaultPassNames());
    AUTOSPLIT_REQUIRE_OK(reports);
    QVERIFY(g->nodeCount() < before.nodeCount());
    const double error = compareRuns(before, *g);
    QVERIFY2(error < 1e-4, ("relative error " + std::to_string(error)).c_str());
}

QTEST_GUILESS_MAIN(TestPassManager)
#include "test_pass_manager.moc"
