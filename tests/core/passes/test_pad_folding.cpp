// pad-folding: a zero constant Pad of the spatial axes folds into the following Conv's pads
// (attributes before opset 11, inputs from 11), checked numerically against Pad + Conv; every
// Pad that means something else stays.

#include "tests/core/passes/pass_test_support.h"

using namespace autosplit;
using namespace autosplit::testing;

Q_DECLARE_METATYPE(std::string)

namespace {

struct PadSpec {
    Dims pads; // [n0, c0, h0, w0, n1, c1, h1, w1]
    float value = 0.f;
    std::string mode = "constant";
    bool valueInput = false; // opset 11+: give constant_value explicitly
};

std::string addPad(ModelBuilder& b, const std::string& x, const PadSpec& spec,
                   const std::string& name = "pad") {
    Dims out = b.dims(x);
    for (size_t i = 0; i < 4; ++i)
        out[i] += spec.pads[i] + spec.pads[i + 4];
    std::string y;
    if (b.opset() < 11) {
        y = b.node("Pad", {x}, 1, {out}, name)[0];
        b.setAttr(b.lastNode(), "pads", spec.pads);
        b.setAttr(b.lastNode(), "value", spec.value);
    } else {
        std::vector<std::string> inputs = {x, b.int64s(name + ".pads", {8}, spec.pads)};
        if (spec.valueInput || spec.value != 0.f)
            inputs.push_back(b.floats(name + ".value", {}, {spec.value}));
        y = b.node("Pad", inputs, 1, {out}, name)[0];
    }
    b.setAttr(b.lastNode(), "mode", spec.mode);
    return y;
}

} // namespace

class TestPadFolding : public QObject {
    Q_OBJECT

private slots:
    void foldsIntoConv_data();
    void foldsIntoConv();
    void padThatIsNotConvPaddingStays_data();
    void padThatIsNotConvPaddingStays();
    void padWithSecondConsumerStays();
    void autoPadConvStays();
    void pipelineFoldsComputedPadsThenBatchNormAndRelu();
};

void TestPadFolding::foldsIntoConv_data() {
    QTest::addColumn<int>("opset");
    QTest::addColumn<int>("convPad");
    QTest::addColumn<int>("stride");
    QTest::addColumn<bool>("valueInput");
    for (int opset : {7, 11, 13, 17}) {
        const std::string o = "opset" + std::to_string(opset);
        QTest::newRow((o + " conv without pads").c_str()) << opset << 0 << 1 << false;
        QTest::newRow((o + " conv with pads 1, stride 2").c_str()) << opset << 1 << 2 << false;
        if (opset >= 11)
            QTest::newRow((o + " explicit zero constant_value").c_str()) << opset << 1 << 1 << true;
    }
}

void TestPadFolding::foldsIntoConv() {
    QFETCH(int, opset);
    QFETCH(int, convPad);
    QFETCH(int, stride);
    QFETCH(bool, valueInput);
    ModelBuilder b(opset);
    auto x = b.input("x", {1, 3, 7, 8});
    PadSpec spec;
    spec.pads = {0, 0, 1, 2, 0, 0, 2, 0}; // asymmetric: top 1, left 2, bottom 2, right 0
    spec.valueInput = valueInput;
    auto p = addPad(b, x, spec);
    b.output(b.conv(p, 4, 3, stride, convPad, 1, true, 1, "conv"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    auto reports = optimizeGraph(*g, {"pad-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), std::vector<std::string>{"Conv"});
    const Node& conv = g->nodes().front();
    const Dims expectedPads = {convPad + 1, convPad + 2, convPad + 2, convPad + 0};
    QCOMPARE(conv.attrInts("pads"), expectedPads);
    QCOMPARE(conv.folded, std::vector<std::string>{"pad"});
    QCOMPARE(g->value(conv.inputs[0]).name, std::string("x"));
    std::string padsText =
        "[" + std::to_string(expectedPads[0]) + ", " + std::to_string(expectedPads[1]) + ", " +
        std::to_string(expectedPads[2]) + ", " + std::to_string(expectedPads[3]) + "]";
    QCOMPARE((*reports)[0].changes,
             std::vector<std::string>{"folded Pad 'pad' into Conv 'conv' (pads " + padsText + ")"});
    QCOMPARE(g->value(g->outputs()[0]).shape, before.value(before.outputs()[0]).shape);
    const double error = compareRuns(before, *g);
    QVERIFY2(error < 1e-12, ("relative error " + std::to_string(error)).c_str());
}

void TestPadFolding::padThatIsNotConvPaddingStays_data() {
    QTest::addColumn<int>("opset");
    QTest::addColumn<std::string>("what");
    for (int opset : {7, 11, 13, 17})
        for (const char* what : {"non-zero value", "reflect mode", "edge mode", "channel padding",
                                 "batch padding", "negative pad"})
            QTest::newRow(("opset" + std::to_string(opset) + " " + what).c_str())
                << opset << std::string(what);
}

void TestPadFolding::padThatIsNotConvPaddingStays() {
    QFETCH(int, opset);
    QFETCH(std::string, what);
    ModelBuilder b(opset);
    auto x = b.input("x", {1, 3, 7, 7});
    PadSpec spec;
    spec.pads = {0, 0, 1, 1, 0, 0, 1, 1};
    if (what == "non-zero value")
        spec.value = 0.5f;
    else if (what == "reflect mode")
        spec.mode = "reflect";
    else if (what == "edge mode")
        spec.mode = "edge";
    else if (what == "channel padding")
        spec.pads = {0, 1, 1, 1, 0, 0, 1, 1};
    else if (what == "batch padding")
        spec.pads = {0, 0, 1, 1, 1, 0, 1, 1};
    else
        spec.pads = {0, 0, 1, -1, 0, 0, 1, 1};
    auto p = addPad(b, x, spec);
    b.output(b.conv(p, 4, 3, 1, 1, 1, true, 1, "conv"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"pad-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), (std::vector<std::string>{"Pad", "Conv"}));
    QCOMPARE(findOp(*g, "Conv")->attrInts("pads"), (Dims{1, 1, 1, 1}));
    QVERIFY(!(*reports)[0].modified);
}

void TestPadFolding::padWithSecondConsumerStays() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 7, 7});
    PadSpec spec;
    spec.pads = {0, 0, 1, 1, 0, 0, 1, 1};
    auto p = addPad(b, x, spec);
    b.output(b.conv(p, 4, 3, 1, 0, 1, true, 1, "conv"));
    b.output(b.maxPool(p, 3, 1, 0));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"pad-folding"}));
    QCOMPARE(countOp(*g, "Pad"), 1);
}

void TestPadFolding::autoPadConvStays() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 7, 7});
    PadSpec spec;
    spec.pads = {0, 0, 1, 1, 0, 0, 1, 1};
    auto p = addPad(b, x, spec);
    auto y = b.node("Conv", {p, b.weight("w", {4, 3, 3, 3})}, 1, {{1, 4, 9, 9}}, "conv")[0];
    b.setAttr(b.lastNode(), "auto_pad", std::string("SAME_UPPER"));
    b.output(y);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"pad-folding"}));
    QCOMPARE(countOp(*g, "Pad"), 1);
}

void TestPadFolding::pipelineFoldsComputedPadsThenBatchNormAndRelu() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 8, 8});
    // pads computed at run time from constants: Concat([0,0,1,1], [0,0,1,1])
    auto pads =
        b.node("Concat", {b.int64s("begin", {4}, {0, 0, 1, 1}), b.int64s("end", {4}, {0, 0, 1, 1})},
               1, {}, "pads")[0];
    b.setAttr(b.lastNode(), "axis", int64_t{0});
    auto p = b.node("Pad", {x, pads}, 1, {{1, 3, 10, 10}}, "pad")[0];
    auto y = b.relu(b.batchNorm(b.conv(p, 6, 3, 1, 0, 1, false, 1, "conv"), "bn"), "relu");
    b.output(y);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    // the reference evaluates Pad from constant pads, so compare from the folded-constants graph
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"constant-folding"}));
    const Graph before = *g;
    auto reports = optimizeGraph(*g, defaultPassNames());
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), std::vector<std::string>{"Conv"});
    const Node& conv = g->nodes().front();
    QCOMPARE(conv.attrInts("pads"), (Dims{1, 1, 1, 1}));
    QCOMPARE(conv.activation.kind, FusedActivation::Kind::Relu);
    QCOMPARE(conv.folded.size(), size_t(3));
    QCOMPARE(conv.folded[0], std::string("pad"));
    QCOMPARE(conv.folded[2], std::string("relu"));
    const double error = compareRuns(before, *g);
    QVERIFY2(error < 1e-4, ("relative error " + std::to_string(error)).c_str());
}

QTEST_GUILESS_MAIN(TestPadFolding)
#include "test_pad_folding.moc"
