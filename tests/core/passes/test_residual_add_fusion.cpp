// Residual-add fusion: Add(Conv(x), z) becomes one Conv with z as input 3. Checked on graph
// structure, on the reference ops (the fused node evaluated by the formula conv + z, then the
// activation), on the real executor (raw graph against fused graph, every conv path: GEMM with
// whole and partial strips, pointwise, depthwise, no bias), and through export to ONNX and back.

#include "tests/core/passes/pass_test_support.h"

#include "core/onnx/onnx_exporter.h"

using namespace autosplit;
using namespace autosplit::testing;

namespace {

int residualConvs(const Graph& g) {
    int count = 0;
    for (const Node& n : g.nodes())
        count += n.residualAdd;
    return count;
}

} // namespace

class TestResidualAddFusion : public QObject {
    Q_OBJECT
private slots:
    void fusesResidualBlockAndItsRelu();
    void fusesEveryConvPath_data();
    void fusesEveryConvPath();
    void picksTheLaterOfTwoConvs();
    void broadcastingAddStays();
    void convOutputUsedElsewhereStays();
    void activatedConvStays();
    void exportWritesTheAddBack();
};

void TestResidualAddFusion::fusesResidualBlockAndItsRelu() {
    auto g = importModel(buildResidualBlock());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    auto reports = optimizeGraph(*g, defaultPassNames());
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "Add"), 0);
    QCOMPARE(countOp(*g, "Relu"), 0);
    const Node* conv2 = findNode(*g, "block_conv2");
    QVERIFY(conv2);
    QVERIFY(conv2->residualAdd);
    QCOMPARE(conv2->inputs.size(), size_t(4));
    QVERIFY(conv2->inputs[2] != kNone); // the folded BN's bias
    // the shortcut is the stem's (Relu-fused) output, and the block's Relu applies to the sum
    QCOMPARE(g->value(conv2->inputs[3]).producer,
             g->value(findNode(*g, "stem")->outputs[0]).producer);
    QCOMPARE(conv2->activation.kind, FusedActivation::Kind::Relu);
    QVERIFY(contains(conv2->folded, "residual_add"));
    QVERIFY(
        contains(allChanges(*reports), "fused Add 'residual_add' into Conv 'block_conv2' (adds '" +
                                           g->value(conv2->inputs[3]).name + "')"));
    // nodes stay in a topological order: the addend is produced before the conv that adds it
    QVERIFY(g->value(conv2->inputs[3]).producer < g->value(conv2->outputs[0]).producer);
    const double reference = compareRuns(before, *g);
    QVERIFY2(reference < 1e-6, std::to_string(reference).c_str());
    const double executed = executorDifference(before, *g);
    QVERIFY2(executed < 1e-5, std::to_string(executed).c_str());
}

void TestResidualAddFusion::fusesEveryConvPath_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("group");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<QString>("activation");
    // 9x9 = 81 output pixels: one whole 48-wide strip and a partial one; 32x32: whole strips
    QTest::newRow("3x3 partial strip relu") << 9 << 3 << 1 << true << "Relu";
    QTest::newRow("3x3 whole strips relu") << 32 << 3 << 1 << true << "Relu";
    QTest::newRow("pointwise no bias") << 14 << 1 << 1 << false << "";
    QTest::newRow("pointwise sigmoid (stored-row epilogue)") << 9 << 1 << 1 << true << "Sigmoid";
    QTest::newRow("depthwise small plane clip") << 7 << 3 << 16 << true << "Clip";
    QTest::newRow("depthwise large plane") << 40 << 3 << 16 << false << "Relu";
    QTest::newRow("grouped") << 12 << 3 << 4 << true << "";
}

void TestResidualAddFusion::fusesEveryConvPath() {
    QFETCH(int, size);
    QFETCH(int, kernel);
    QFETCH(int, group);
    QFETCH(bool, bias);
    QFETCH(QString, activation);
    ModelBuilder b(13);
    const auto x = b.input("x", {1, 16, size, size});
    const auto skip = b.relu(b.conv(x, 16, 1, 1, 0, 1, true, 1, "skip"));
    auto y = b.add(b.conv(x, 16, kernel, 1, -1, group, bias, 1, "main"), skip, "sum");
    if (activation == "Relu")
        y = b.relu(y, "act");
    else if (activation == "Clip")
        y = b.clip(y, 0.f, 6.f, "act");
    else if (activation == "Sigmoid")
        y = b.unary("Sigmoid", y, "act");
    b.output(y);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, defaultPassNames()));
    QCOMPARE(countOp(*g, "Add"), 0);
    QCOMPARE(residualConvs(*g), 1);
    const Node* main = findNode(*g, "main");
    QVERIFY(main && main->residualAdd);
    QCOMPARE(main->inputs[2] != kNone, bias);
    QCOMPARE(main->activation.isNone(), activation.isEmpty());
    const double reference = compareRuns(before, *g);
    QVERIFY2(reference < 1e-6, std::to_string(reference).c_str());
    const double executed = executorDifference(before, *g);
    QVERIFY2(executed < 1e-5, std::to_string(executed).c_str());
}

void TestResidualAddFusion::picksTheLaterOfTwoConvs() {
    // a downsampling block: Add(conv_b(...), conv_a(x)) with conv_a first in the order
    ModelBuilder b(13);
    const auto x = b.input("x", {1, 8, 10, 10});
    const auto a = b.conv(x, 8, 1, 1, 0, 1, true, 1, "shortcut");
    const auto main = b.conv(b.relu(b.conv(x, 8, 3, 1, -1, 1, true, 1, "first")), 8, 3, 1, -1, 1,
                             true, 1, "second");
    b.output(b.add(a, main, "sum"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"residual-add-fusion"}));
    QVERIFY(findNode(*g, "second")->residualAdd);
    QVERIFY(!findNode(*g, "shortcut")->residualAdd);
    QCOMPARE(g->value(findNode(*g, "second")->inputs[3]).name, a);
    QVERIFY(executorDifference(before, *g) < 1e-5);
}

void TestResidualAddFusion::broadcastingAddStays() {
    ModelBuilder b(13);
    const auto x = b.input("x", {1, 4, 6, 6});
    const auto c = b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv");
    const auto perChannel = b.weight("per_channel", {4, 1, 1});
    b.output(b.add(c, perChannel, "bias_add"));
    // and an Add of a conv output with a graph input of a broadcast shape
    const auto row = b.input("row", {1, 4, 1, 6});
    b.output(b.add(b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv2"), row, "row_add"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"residual-add-fusion"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "Add"), 2);
    QCOMPARE(residualConvs(*g), 0);
    QVERIFY((*reports)[0].changes.empty());
}

void TestResidualAddFusion::convOutputUsedElsewhereStays() {
    ModelBuilder b(13);
    const auto x = b.input("x", {1, 4, 6, 6});
    const auto c = b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv");
    b.output(b.add(c, x, "sum"));
    b.output(b.relu(c, "other_use"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"residual-add-fusion"}));
    QCOMPARE(countOp(*g, "Add"), 1);
    QCOMPARE(residualConvs(*g), 0);
    // nor when the conv's output is itself a graph output
    ModelBuilder o(13);
    const auto xo = o.input("x", {1, 4, 6, 6});
    const auto co = o.conv(xo, 4, 3, 1, -1, 1, true, 1, "conv");
    o.output(co);
    o.output(o.add(co, xo, "sum"));
    auto go = importModel(o.model());
    AUTOSPLIT_REQUIRE_OK(go);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*go, {"residual-add-fusion"}));
    QCOMPARE(countOp(*go, "Add"), 1);
}

void TestResidualAddFusion::activatedConvStays() {
    // Relu(Conv) + z: the sum is not conv + z, so nothing fuses; the Relu still goes onto the conv
    ModelBuilder b(13);
    const auto x = b.input("x", {1, 4, 6, 6});
    b.output(b.add(b.relu(b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv")), x, "sum"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, defaultPassNames()));
    QCOMPARE(countOp(*g, "Add"), 1);
    QCOMPARE(residualConvs(*g), 0);
    QCOMPARE(findNode(*g, "conv")->activation.kind, FusedActivation::Kind::Relu);
    QVERIFY(executorDifference(before, *g) < 1e-5);
}

void TestResidualAddFusion::exportWritesTheAddBack() {
    auto g = importModel(buildResNet50(13, 64));
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph raw = *g;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, defaultPassNames()));
    QCOMPARE(residualConvs(*g), 16);
    // the exported model is plain ONNX (Conv, Add, Relu), passes the checker on import and
    // computes what the raw model does
    const onnx::ModelProto exported = toOnnxModel(*g);
    int adds = 0;
    for (const auto& n : exported.graph().node()) {
        QVERIFY2(n.op_type() != "Conv" || n.input_size() <= 3, n.name().c_str());
        adds += n.op_type() == "Add";
    }
    QCOMPARE(adds, 16);
    auto reimported = importModel(exported);
    AUTOSPLIT_REQUIRE_OK(reimported);
    QCOMPARE(countOp(*reimported, "Add"), 16);
    QVERIFY(executorDifference(raw, *reimported) < 1e-4);
    QVERIFY(executorDifference(raw, *g) < 1e-4);
}

QTEST_GUILESS_MAIN(TestResidualAddFusion)
#include "test_residual_add_fusion.moc"
