// activation-fusion: every activation kind fused into a Conv (attributes of opset 7 and inputs of
// opset 11+ for Clip, both Mul orders of x * sigmoid(x)), FusedActivation::apply checked against
// the ONNX formula, the other producing layers, and the cases that must not fuse.

#include "tests/core/passes/pass_test_support.h"

#include <cfloat>
#include <functional>

using namespace autosplit;
using namespace autosplit::testing;

Q_DECLARE_METATYPE(std::string)

namespace {

using Kind = FusedActivation::Kind;

struct ActivationCase {
    Kind kind = Kind::None;
    float alpha = 0.f;
    float beta = 0.f;
    std::function<double(double)> reference; // the ONNX op's formula
};

// Adds `activation` after `x`; returns the output tensor and what the fused layer should hold.
std::pair<std::string, ActivationCase> addActivation(ModelBuilder& b, const std::string& activation,
                                                     const std::string& x) {
    const int64_t opset = b.opset();
    auto scalar = [&](const std::string& name, float v) { return b.floats(name, {}, {v}); };
    ActivationCase c;
    std::string y;
    if (activation == "Relu") {
        y = b.relu(x, "act");
        c = {Kind::Relu, 0.f, 0.f, refRelu};
    } else if (activation == "LeakyRelu") {
        y = b.leakyRelu(x, 0.2f, "act");
        c = {Kind::LeakyRelu, 0.2f, 0.f, [](double v) { return refLeakyRelu(v, 0.2f); }};
    } else if (activation == "LeakyReluDefault") {
        y = b.unary("LeakyRelu", x, "act");
        c = {Kind::LeakyRelu, 0.01f, 0.f, [](double v) { return refLeakyRelu(v, 0.01f); }};
    } else if (activation == "Sigmoid") {
        y = b.unary("Sigmoid", x, "act");
        c = {Kind::Sigmoid, 0.f, 0.f, refSigmoid};
    } else if (activation == "HardSigmoid") {
        y = b.unary("HardSigmoid", x, "act");
        b.setAttr(b.lastNode(), "alpha", 0.3f);
        b.setAttr(b.lastNode(), "beta", 0.4f);
        c = {Kind::HardSigmoid, 0.3f, 0.4f, [](double v) { return refHardSigmoid(v, 0.3f, 0.4f); }};
    } else if (activation == "HardSwish") {
        y = b.unary("HardSwish", x, "act");
        c = {Kind::HardSwish, 0.f, 0.f, refHardSwish};
    } else if (activation == "Relu6") {
        if (opset < 11) {
            y = b.unary("Clip", x, "act");
            b.setAttr(b.lastNode(), "min", 0.f);
            b.setAttr(b.lastNode(), "max", 6.f);
        } else {
            y = b.node("Clip", {x, scalar("lo", 0.f), scalar("hi", 6.f)}, 1, {b.dims(x)}, "act")[0];
        }
        c = {Kind::Clip, 0.f, 6.f, [](double v) { return refClip(v, 0, 6); }};
    } else if (activation == "ClipMinOnly") {
        if (opset < 11) {
            y = b.unary("Clip", x, "act");
            b.setAttr(b.lastNode(), "min", -0.5f);
        } else {
            y = b.node("Clip", {x, scalar("lo", -0.5f)}, 1, {b.dims(x)}, "act")[0];
        }
        c = {Kind::Clip, -0.5f, FLT_MAX, [](double v) { return std::max(v, -0.5); }};
    } else if (activation == "ClipMaxOnly") { // only expressible with inputs (empty min)
        y = b.node("Clip", {x, "", scalar("hi", 0.25f)}, 1, {b.dims(x)}, "act")[0];
        c = {Kind::Clip, -FLT_MAX, 0.25f, [](double v) { return std::min(v, 0.25); }};
    } else if (activation == "Swish x*s" || activation == "Swish s*x") {
        const auto s = b.unary("Sigmoid", x, "gate");
        y = activation == "Swish x*s" ? b.mul(x, s, "act") : b.mul(s, x, "act");
        c = {Kind::Swish, 0.f, 0.f, refSwish};
    } else if (activation == "HardSwish as x*HardSigmoid") {
        const auto s = b.unary("HardSigmoid", x, "gate");
        b.setAttr(b.lastNode(), "alpha", 1.f / 6.f);
        b.setAttr(b.lastNode(), "beta", 0.5f);
        y = b.mul(s, x, "act");
        c = {Kind::HardSwish, 0.f, 0.f, refHardSwish};
    } else if (activation.rfind("HardSwish as x*Clip(x+3)", 0) == 0) {
        // PaddlePaddle's export of hard_swish: x * Clip(x + 3, 0, 6) / 6, in three spellings
        const auto shifted = b.add(x, scalar("three", 3.f), "shift");
        std::string gate;
        if (opset < 11) {
            gate = b.unary("Clip", shifted, "clip");
            b.setAttr(b.lastNode(), "min", 0.f);
            b.setAttr(b.lastNode(), "max", 6.f);
        } else {
            gate = b.node("Clip", {shifted, scalar("lo", 0.f), scalar("hi", 6.f)}, 1, {b.dims(x)},
                          "clip")[0];
        }
        if (activation == "HardSwish as x*Clip(x+3)/6") {
            y = b.node("Div", {b.mul(x, gate, "product"), scalar("six", 6.f)}, 1, {b.dims(x)},
                       "act")[0];
        } else if (activation == "HardSwish as x*Clip(x+3)*(1/6)") {
            y = b.mul(scalar("sixth", 1.f / 6.f), b.mul(gate, x, "product"), "act");
        } else { // x*(Clip(x+3)/6)
            const auto scaled =
                b.node("Div", {gate, scalar("six", 6.f)}, 1, {b.dims(x)}, "scale")[0];
            y = b.mul(x, scaled, "act");
        }
        c = {Kind::HardSwish, 0.f, 0.f, refHardSwish};
    }
    return {y, c};
}

// FusedActivation::apply against the op's formula on a sweep and on real conv outputs.
void checkApply(const FusedActivation& fused, const ActivationCase& c,
                const std::vector<double>& samples) {
    std::vector<double> xs = samples;
    for (double v = -10; v <= 10; v += 0.125)
        xs.push_back(v);
    for (double x : xs) {
        const double want = c.reference(static_cast<float>(x));
        const double got = fused.apply(static_cast<float>(x));
        QVERIFY2(std::fabs(got - want) <= 1e-5 * (1 + std::fabs(want)),
                 (fused.name() + "(" + std::to_string(x) + ") = " + std::to_string(got) +
                  ", expected " + std::to_string(want))
                     .c_str());
    }
}

} // namespace

class TestActivationFusion : public QObject {
    Q_OBJECT

private slots:
    void fusesIntoConv_data();
    void fusesIntoConv();
    void fusesIntoEveryProducerKind_data();
    void fusesIntoEveryProducerKind();
    void noFusionWhenProducerOutputHasSecondConsumer();
    void noSwishFusionWhenInputHasThirdConsumer();
    void noFusionWhenProducerOutputIsGraphOutput();
    void onlyOneActivationPerLayer();
    void clipWithRuntimeBoundsStays();
    void otherOpsStay();
};

void TestActivationFusion::fusesIntoConv_data() {
    QTest::addColumn<int>("opset");
    QTest::addColumn<std::string>("activation");
    for (int opset : {7, 11, 13, 17}) {
        std::vector<std::string> kinds = {"Relu",
                                          "LeakyRelu",
                                          "LeakyReluDefault",
                                          "Sigmoid",
                                          "HardSigmoid",
                                          "Relu6",
                                          "ClipMinOnly",
                                          "Swish x*s",
                                          "Swish s*x",
                                          "HardSwish as x*HardSigmoid",
                                          "HardSwish as x*Clip(x+3)/6",
                                          "HardSwish as x*Clip(x+3)*(1/6)",
                                          "HardSwish as x*Clip(x+3)/6 on the gate"};
        if (opset >= 11)
            kinds.push_back("ClipMaxOnly");
        if (opset >= 14)
            kinds.push_back("HardSwish");
        for (const auto& k : kinds)
            QTest::newRow(("opset" + std::to_string(opset) + " " + k).c_str()) << opset << k;
    }
}

void TestActivationFusion::fusesIntoConv() {
    QFETCH(int, opset);
    QFETCH(std::string, activation);
    ModelBuilder b(opset);
    auto x = b.input("x", {1, 3, 7, 7});
    const auto conv = b.conv(x, 6, 3, 1, -1, 1, true, 1, "conv");
    auto [y, expected] = addActivation(b, activation, conv);
    b.output(y);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    std::vector<std::string> absorbed;
    for (const Node& n : before.nodes())
        if (n.opType != "Conv")
            absorbed.push_back(n.name);

    auto reports = optimizeGraph(*g, {"activation-fusion"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), std::vector<std::string>{"Conv"});
    const Node& fused = g->nodes().front();
    QCOMPARE(fused.activation.kind, expected.kind);
    QCOMPARE(fused.activation.alpha, expected.alpha);
    QCOMPARE(fused.activation.beta, expected.beta);
    QCOMPARE(fused.folded, absorbed);
    QCOMPARE((*reports)[0].changes.size(), size_t(1));
    const std::string& change = (*reports)[0].changes[0];
    for (const auto& name : absorbed)
        QVERIFY2(change.find("'" + name + "'") != std::string::npos, change.c_str());
    QVERIFY2(change.find("into Conv 'conv'") != std::string::npos, change.c_str());
    // the graph output keeps its name and is now the Conv's output
    QCOMPARE(g->value(g->outputs()[0]).name, y);
    QCOMPARE(g->value(fused.outputs[0]).name, y);
    QCOMPARE(g->value(g->outputs()[0]).shape, before.value(before.outputs()[0]).shape);

    // apply() against the op formula, on the conv's actual outputs for an input of wide range
    std::mt19937 rng(11);
    const Node& c = before.nodes().front();
    Array bias = fromTensor(*before.constantInput(c, 2));
    Array convOut = refConv(randomArray({1, 3, 7, 7}, rng, 4.0),
                            fromTensor(*before.constantInput(c, 1)), &bias, convParams(c));
    checkApply(fused.activation, expected, convOut.data);
    // and the whole graph before and after (the fused one evaluated by the reference formula)
    const double error = compareRuns(before, *g);
    QVERIFY2(error < 1e-6, ("relative error " + std::to_string(error)).c_str());
}

void TestActivationFusion::fusesIntoEveryProducerKind_data() {
    QTest::addColumn<int>("opset");
    QTest::addColumn<std::string>("producer");
    for (int opset : {7, 11, 13, 17})
        for (const char* p : {"ConvTranspose", "Gemm", "MatMul", "Add", "BatchNormalization"})
            QTest::newRow(("opset" + std::to_string(opset) + " " + p).c_str())
                << opset << std::string(p);
}

void TestActivationFusion::fusesIntoEveryProducerKind() {
    QFETCH(int, opset);
    QFETCH(std::string, producer);
    ModelBuilder b(opset);
    std::string x;
    if (producer == "ConvTranspose") {
        x = b.input("x", {1, 4, 5, 5});
        x = b.node("ConvTranspose", {x, b.weight("w", {4, 3, 3, 3}, 0.3f), b.weight("bias", {3})},
                   1, {{1, 3, 7, 7}}, "layer")[0];
        b.setAttr(b.lastNode(), "kernel_shape", Dims{3, 3});
    } else if (producer == "Gemm") {
        x = b.gemm(b.input("x", {2, 8}), 5, "layer");
    } else if (producer == "MatMul") {
        x = b.node("MatMul", {b.input("x", {2, 8}), b.weight("w", {8, 5}, 0.3f)}, 1, {{2, 5}},
                   "layer")[0];
    } else if (producer == "Add") {
        x = b.add(b.input("x", {1, 4, 5, 5}), b.input("y", {1, 4, 5, 5}), "layer");
    } else {
        x = b.batchNorm(b.input("x", {1, 4, 5, 5}), "layer");
    }
    const std::string producerName = b.lastNode().name();
    b.output(b.leakyRelu(x, 0.15f, "act"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    auto reports = optimizeGraph(*g, {"activation-fusion"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), std::vector<std::string>{producer});
    const Node& fused = g->nodes().front();
    QCOMPARE(fused.activation.kind, Kind::LeakyRelu);
    QCOMPARE(fused.activation.alpha, 0.15f);
    QCOMPARE((*reports)[0].changes, std::vector<std::string>{"fused LeakyRelu 'act' into " +
                                                             producer + " '" + producerName + "'"});
    const double error = compareRuns(before, *g);
    QVERIFY2(error < 1e-6, ("relative error " + std::to_string(error)).c_str());
}

void TestActivationFusion::noFusionWhenProducerOutputHasSecondConsumer() {
    for (int opset : {7, 13}) {
        ModelBuilder b(opset);
        auto x = b.input("x", {1, 3, 6, 6});
        auto c = b.conv(x, 3, 3, 1, -1, 1, true, 1, "conv");
        auto r = b.relu(c, "relu");
        b.output(b.add(r, c, "sum")); // the conv output feeds the Relu and the Add
        auto g = importModel(b.model());
        AUTOSPLIT_REQUIRE_OK(g);
        auto reports = optimizeGraph(*g, {"activation-fusion"});
        AUTOSPLIT_REQUIRE_OK(reports);
        QCOMPARE(countOp(*g, "Relu"), 1);
        QVERIFY(findOp(*g, "Conv")->activation.isNone());
        // the Add has a sole consumer of nothing (it is the graph output): nothing fused at all
        QVERIFY2((*reports)[0].changes.empty(), joined((*reports)[0].changes).c_str());
    }
}

void TestActivationFusion::noSwishFusionWhenInputHasThirdConsumer() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    auto c = b.conv(x, 3, 3, 1, -1, 1, true, 1, "conv");
    auto s = b.unary("Sigmoid", c, "gate");
    b.output(b.mul(c, s, "swish"));
    b.output(b.relu(c, "other")); // third reader of the conv output
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"activation-fusion"}));
    QCOMPARE(countOp(*g, "Sigmoid"), 1);
    QCOMPARE(countOp(*g, "Mul"), 1);
    QCOMPARE(countOp(*g, "Relu"), 1);
    QVERIFY(findOp(*g, "Conv")->activation.isNone());
}

void TestActivationFusion::noFusionWhenProducerOutputIsGraphOutput() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    auto c = b.conv(x, 3, 3, 1, -1, 1, true, 1, "conv");
    b.output(c);
    b.output(b.relu(c, "relu"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"activation-fusion"}));
    QCOMPARE(countOp(*g, "Relu"), 1);
    QVERIFY(findOp(*g, "Conv")->activation.isNone());
}

void TestActivationFusion::onlyOneActivationPerLayer() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    auto c = b.conv(x, 3, 3, 1, -1, 1, true, 1, "conv");
    b.output(b.unary("Sigmoid", b.relu(c, "relu"), "sig"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    auto reports = optimizeGraph(*g, {"activation-fusion"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(*g), (std::vector<std::string>{"Conv", "Sigmoid"}));
    QCOMPARE(findOp(*g, "Conv")->activation.kind, Kind::Relu);
    QCOMPARE((*reports)[0].changes, std::vector<std::string>{"fused Relu 'relu' into Conv 'conv'"});
    QVERIFY(compareRuns(before, *g) < 1e-9);
}

void TestActivationFusion::clipWithRuntimeBoundsStays() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    auto lo = b.input("lo", {});
    auto c = b.conv(x, 3, 3, 1, -1, 1, true, 1, "conv");
    b.output(b.node("Clip", {c, lo}, 1, {b.dims(c)}, "clip")[0]);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"activation-fusion"}));
    QCOMPARE(countOp(*g, "Clip"), 1);
    QVERIFY(findOp(*g, "Conv")->activation.isNone());
}

void TestActivationFusion::otherOpsStay() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    auto c = b.conv(x, 3, 3, 1, -1, 1, true, 1, "conv");
    b.output(b.unary("Tanh", c, "tanh"));
    auto p = b.maxPool(x, 2, 2);
    b.output(b.relu(p, "relu_after_pool")); // MaxPool takes no activation
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"activation-fusion"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "Tanh"), 1);
    QCOMPARE(countOp(*g, "Relu"), 1);
    QVERIFY(!(*reports)[0].modified);
}

QTEST_GUILESS_MAIN(TestActivationFusion)
#include "test_activation_fusion.moc"
