// identity-elimination: Identity and inference-time Dropout disappear, names of graph outputs
// survive, and the cases where the node must stay are kept.

#include "tests/core/passes/pass_test_support.h"

using namespace autosplit;
using namespace autosplit::testing;

class TestIdentityElimination : public QObject {
    Q_OBJECT

private slots:
    void removesIdentityAndDropout_data();
    void removesIdentityAndDropout();
    void identityProducingGraphOutputKeepsOutputName();
    void dropoutWithUsedMaskStays();
    void inputPassedStraightToOutputStays();
};

void TestIdentityElimination::removesIdentityAndDropout_data() {
    QTest::addColumn<int>("opset");
    for (int opset : {7, 11, 13, 17})
        QTest::newRow(("opset" + std::to_string(opset)).c_str()) << opset;
}

void TestIdentityElimination::removesIdentityAndDropout() {
    QFETCH(int, opset);
    ModelBuilder b(opset);
    auto x = b.input("x", {1, 3, 6, 6});
    auto c = b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv");
    auto i = b.unary("Identity", c, "id");
    auto d = b.unary("Dropout", i, "drop");
    b.output(b.relu(d, "relu"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    auto reports = optimizeGraph(*g, {"identity-elimination"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), (std::vector<std::string>{"Conv", "Relu"}));
    QCOMPARE((*reports)[0].changes,
             (std::vector<std::string>{"removed Identity 'id'", "removed Dropout 'drop'"}));
    // the Relu now reads the conv output directly
    QCOMPARE(findOp(*g, "Relu")->inputs[0], findOp(*g, "Conv")->outputs[0]);
    QCOMPARE(compareRuns(before, *g), 0.0);
}

void TestIdentityElimination::identityProducingGraphOutputKeepsOutputName() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    auto c = b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv");
    b.output(b.unary("Identity", c, "result"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"identity-elimination"}));
    QCOMPARE(opTypes(*g), std::vector<std::string>{"Conv"});
    const Value& out = g->value(g->outputs()[0]);
    QCOMPARE(out.name, std::string("result"));
    QCOMPARE(out.producer, NodeId{0});
    QCOMPARE(out.shape.dims, (Dims{1, 4, 6, 6}));
    QCOMPARE(compareRuns(before, *g), 0.0);
}

void TestIdentityElimination::dropoutWithUsedMaskStays() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    auto outs = b.node("Dropout", {x}, 2, {{1, 3, 6, 6}, {1, 3, 6, 6}}, "drop");
    auto mask = b.node("Cast", {outs[1]}, 1, {{1, 3, 6, 6}}, "mask_as_float")[0];
    b.setAttr(b.lastNode(), "to", int64_t{onnx::TensorProto::FLOAT});
    b.output(b.add(outs[0], mask, "sum"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"identity-elimination"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "Dropout"), 1);
    QVERIFY(!(*reports)[0].modified);
}

void TestIdentityElimination::inputPassedStraightToOutputStays() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3});
    b.output(b.unary("Identity", x, "same"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"identity-elimination"}));
    QCOMPARE(countOp(*g, "Identity"), 1);
    QCOMPARE(g->value(g->inputs()[0]).name, std::string("x"));
    QCOMPARE(g->value(g->outputs()[0]).name, std::string("same"));
}

QTEST_GUILESS_MAIN(TestIdentityElimination)
#include "test_identity_elimination.moc"
