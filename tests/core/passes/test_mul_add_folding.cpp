// mul-add-folding and the output affine map of fused activations: constant Mul/Add/Sub/Div after
// a Conv, ConvTranspose or Gemm fold into its weights; a scalar Mul/Add chain after a fused
// activation (PP-LCNetV3's learnable affine block) becomes the activation's output affine map.
// Checked on graph structure, against the reference ops run on the unoptimized graph, on the
// real executor (every conv path's epilogue), and through export to ONNX and back.

#include "tests/core/passes/pass_test_support.h"

#include "core/onnx/onnx_exporter.h"

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr double kTolerance = 1e-4;

// x [1, 3, 6, 6] -> Conv (4 channels, 3x3, padded) -> op(conv, constant) -> output.
struct ConvThenConstant {
    onnx::ModelProto model;
    std::string opName;
};

ConvThenConstant convThenConstant(const std::string& op, const Dims& constDims, bool constFirst,
                                  bool bias = true, int64_t group = 1) {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 4, 6, 6});
    auto y = b.conv(x, 4, 3, 1, 1, group, bias);
    std::vector<float> values;
    int64_t count = 1;
    for (int64_t d : constDims)
        count *= d;
    for (int64_t i = 0; i < count; ++i)
        values.push_back(0.75f + 0.5f * static_cast<float>(i)); // nonzero, distinct per channel
    auto c = b.floats("k", constDims, values);
    const Dims outDims = constDims.size() > 4 ? Dims{1, 1, 4, 6, 6} : Dims{1, 4, 6, 6};
    auto out =
        b.node(op, constFirst ? std::vector{c, y} : std::vector{y, c}, 1, {outDims}, "affine")[0];
    b.output(out);
    return {b.model(), b.lastNode().name()};
}

// op(constant, x) with x's shape (the builder's add/mul give the first operand's).
std::string constantFirst(ModelBuilder& b, const std::string& op, const std::string& c,
                          const std::string& x) {
    return b.node(op, {c, x}, 1, {b.dims(x)})[0];
}

} // namespace

class TestMulAddFolding : public QObject {
    Q_OBJECT

private slots:
    void foldsIntoConv_data();
    void foldsIntoConv();
    void foldsIntoGemmAndConvTranspose();
    void foldsBatchNormAndScaleIntoOneConv();
    void keepsWhatIsNotPerChannel_data();
    void keepsWhatIsNotPerChannel();
    void keepsWhenTheConvOutputIsShared();
    void learnableAffineBlockBecomesOneLayer();
    void outputAffineRunsOnEveryConvPath_data();
    void outputAffineRunsOnEveryConvPath();
    void exportWritesTheAffineBack();
};

void TestMulAddFolding::foldsIntoConv_data() {
    QTest::addColumn<QString>("op");
    QTest::addColumn<Dims>("constDims");
    QTest::addColumn<bool>("constFirst");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<int>("group");
    QTest::newRow("mul scalar") << "Mul" << Dims{} << false << true << 1;
    QTest::newRow("mul [1] first") << "Mul" << Dims{1} << true << true << 1;
    QTest::newRow("mul [C,1,1]") << "Mul" << Dims{4, 1, 1} << false << true << 1;
    QTest::newRow("mul [1,C,1,1] no bias") << "Mul" << Dims{1, 4, 1, 1} << false << false << 1;
    QTest::newRow("add [C,1,1] no bias") << "Add" << Dims{4, 1, 1} << true << false << 1;
    QTest::newRow("add scalar depthwise") << "Add" << Dims{} << false << true << 4;
    QTest::newRow("sub x - c") << "Sub" << Dims{1, 4, 1, 1} << false << true << 1;
    QTest::newRow("sub c - x") << "Sub" << Dims{4, 1, 1} << true << true << 1;
    QTest::newRow("div x / c") << "Div" << Dims{4, 1, 1} << false << true << 2;
}

void TestMulAddFolding::foldsIntoConv() {
    QFETCH(QString, op);
    QFETCH(Dims, constDims);
    QFETCH(bool, constFirst);
    QFETCH(bool, bias);
    QFETCH(int, group);
    const auto built = convThenConstant(op.toStdString(), constDims, constFirst, bias, group);
    auto before = importModel(built.model);
    AUTOSPLIT_REQUIRE_OK(before);
    Graph after = *before;
    auto reports = optimizeGraph(after, {"mul-add-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(after.nodeCount(), size_t(1));
    const Node& conv = after.nodes().front();
    QCOMPARE(conv.opType, std::string("Conv"));
    QCOMPARE(conv.folded, std::vector<std::string>{built.opName});
    QVERIFY(conv.inputs.size() >= 3 && conv.inputs[2] != kNone); // a bias exists now
    QCOMPARE((*reports)[0].changes,
             std::vector<std::string>{"folded " + op.toStdString() + " '" + built.opName +
                                      "' into Conv '" + conv.name + "'"});
    QCOMPARE(after.value(after.outputs()[0]).producer, NodeId{0});
    const double error = compareRuns(*before, after);
    QVERIFY2(error < kTolerance, ("relative error " + std::to_string(error)).c_str());
    QVERIFY(executorDifference(*before, after) < kTolerance);
}

void TestMulAddFolding::foldsIntoGemmAndConvTranspose() {
    { // Gemm with transB and a C, then Mul by [1, M] and Add of [M]
        ModelBuilder b(13);
        auto x = b.input("x", {2, 5});
        auto y = b.gemm(x, 3);
        auto m = b.mul(y, b.floats("s", {1, 3}, {2.f, -0.5f, 1.5f}));
        auto a = b.add(m, b.floats("t", {3}, {0.25f, 1.f, -2.f}));
        b.output(a);
        auto before = importModel(b.model());
        AUTOSPLIT_REQUIRE_OK(before);
        Graph after = *before;
        AUTOSPLIT_REQUIRE_OK(optimizeGraph(after, {"mul-add-folding"}));
        QCOMPARE(opTypes(after), std::vector<std::string>{"Gemm"});
        QVERIFY(compareRuns(*before, after) < kTolerance);
    }
    { // ConvTranspose, group 2: output channel g * M/group + j
        ModelBuilder b(13);
        auto x = b.input("x", {1, 4, 3, 3});
        auto ct = b.node("ConvTranspose", {x, b.weight("ct.w", {4, 2, 3, 3}, 0.3f)}, 1,
                         {{1, 4, 5, 5}}, "ct")[0];
        b.setAttr(b.lastNode(), "group", int64_t{2});
        b.setAttr(b.lastNode(), "kernel_shape", Dims{3, 3});
        auto m = b.mul(ct, b.floats("s", {4, 1, 1}, {1.f, 2.f, 3.f, -1.f}));
        b.output(m);
        auto before = importModel(b.model());
        AUTOSPLIT_REQUIRE_OK(before);
        Graph after = *before;
        AUTOSPLIT_REQUIRE_OK(optimizeGraph(after, {"mul-add-folding"}));
        QCOMPARE(opTypes(after), std::vector<std::string>{"ConvTranspose"});
        QVERIFY(compareRuns(*before, after) < kTolerance);
    }
}

void TestMulAddFolding::foldsBatchNormAndScaleIntoOneConv() {
    // Conv -> BN -> Mul -> Add -> Relu: the default pipeline leaves one Conv+Relu
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 8, 8});
    auto y = b.batchNorm(b.conv(x, 6, 3));
    y = constantFirst(b, "Mul", b.floats("s", {1}, {1.7f}), y);
    y = b.add(y, b.floats("t", {6, 1, 1}, {0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f}));
    b.output(b.relu(y));
    auto before = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(before);
    Graph after = *before;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(after, defaultPassNames()));
    QCOMPARE(opTypes(after), std::vector<std::string>{"Conv"});
    QCOMPARE(after.nodes().front().activation.kind, FusedActivation::Kind::Relu);
    QCOMPARE(after.nodes().front().folded.size(), size_t(4)); // BN, Mul, Add, Relu
    QVERIFY(compareRuns(*before, after) < kTolerance);
    QVERIFY(executorDifference(*before, after) < kTolerance);
}

void TestMulAddFolding::keepsWhatIsNotPerChannel_data() {
    QTest::addColumn<QString>("op");
    QTest::addColumn<Dims>("constDims");
    QTest::addColumn<bool>("constFirst");
    QTest::addColumn<QString>("note");
    QTest::newRow("per element") << "Mul" << Dims{1, 4, 6, 6} << false
                                 << "is not one value or one per output channel";
    QTest::newRow("per row") << "Add" << Dims{6, 1} << false
                             << "is not one value or one per output channel";
    QTest::newRow("rank 5") << "Mul" << Dims{1, 1, 1, 1, 1} << false << "has more dims";
    QTest::newRow("c / x") << "Div" << Dims{} << true << "";
}

void TestMulAddFolding::keepsWhatIsNotPerChannel() {
    QFETCH(QString, op);
    QFETCH(Dims, constDims);
    QFETCH(bool, constFirst);
    QFETCH(QString, note);
    const auto built = convThenConstant(op.toStdString(), constDims, constFirst);
    auto g = importModel(built.model);
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"mul-add-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(g->nodeCount(), size_t(2));
    QVERIFY(!(*reports)[0].modified);
    if (note.isEmpty()) {
        QVERIFY((*reports)[0].notes.empty()); // not affine in x: not even a candidate
    } else {
        QCOMPARE((*reports)[0].notes.size(), size_t(1));
        QVERIFY2((*reports)[0].notes[0].find(note.toStdString()) != std::string::npos,
                 (*reports)[0].notes[0].c_str());
    }
}

void TestMulAddFolding::keepsWhenTheConvOutputIsShared() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    auto y = b.conv(x, 4, 3);
    b.output(b.mul(y, b.floats("s", {}, {2.f})));
    b.output(b.relu(y)); // the unscaled conv output is needed too
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"mul-add-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "Mul"), 1);
    QVERIFY(!(*reports)[0].modified);
}

// PP-LCNetV3's block as PaddlePaddle exports it (ch_PP-OCRv4 recogniser and detector): Conv,
// Mul/Add by scalars, HardSwish written out as x * Clip(x + 3, 0, 6) / 6, Mul/Add by scalars,
// then the next Conv. Before the fix these were five layers; the tensor after the first
// Mul/Add (range of the raw conv) was a layer boundary quantized per tensor.
void TestMulAddFolding::learnableAffineBlockBecomesOneLayer() {
    ModelBuilder b(9);
    auto x = b.input("x", {1, 3, 8, 8});
    auto y = b.conv(x, 8, 3);
    y = constantFirst(b, "Mul", b.floats("lab0.s", {1}, {1.3f}), y);
    y = b.add(y, b.floats("lab0.b", {1}, {-0.2f}));
    auto gate = b.add(y, b.floats("three", {}, {3.f}));
    gate = b.clip(gate, 0.f, 6.f);
    y = b.node("Div", {b.mul(y, gate), b.floats("six", {}, {6.f})}, 1, {{1, 8, 8, 8}}, "div")[0];
    y = constantFirst(b, "Mul", b.floats("lab1.s", {1}, {0.8f}), y);
    y = b.add(y, b.floats("lab1.b", {1}, {0.4f}));
    const std::string lastAffine = b.lastNode().name();
    b.output(b.conv(y, 4, 1));
    auto before = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(before);
    Graph after = *before;
    auto reports = optimizeGraph(after, defaultPassNames());
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(opTypes(after), (std::vector<std::string>{"Conv", "Conv"}));
    const FusedActivation& act = after.nodes().front().activation;
    QCOMPARE(act.kind, FusedActivation::Kind::HardSwish);
    QCOMPARE(act.outScale, 0.8f);
    QCOMPARE(act.outShift, 0.4f);
    QCOMPARE(act.displayName(), std::string("HardSwish+Affine"));
    QCOMPARE(act.name(), std::string("HardSwish"));
    QVERIFY(contains(allChanges(*reports),
                     "fused Add '" + lastAffine + "' into Conv 'conv' as an output affine map"));
    QVERIFY(compareRuns(*before, after) < kTolerance);
    QVERIFY(executorDifference(*before, after) < kTolerance);
    // the affine map also composes in other orders: Sub(c, y) and Div(y, c) after a Relu
    ModelBuilder o(13);
    auto in = o.input("x", {1, 3, 8, 8});
    auto z = o.relu(o.conv(in, 8, 3));
    z = o.node("Sub", {o.floats("c", {}, {2.f}), z}, 1, {{1, 8, 8, 8}}, "sub")[0];
    z = o.node("Div", {z, o.floats("d", {1}, {4.f})}, 1, {{1, 8, 8, 8}}, "div")[0];
    o.output(z);
    auto raw = importModel(o.model());
    AUTOSPLIT_REQUIRE_OK(raw);
    Graph fused = *raw;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(fused, defaultPassNames()));
    QCOMPARE(opTypes(fused), std::vector<std::string>{"Conv"});
    QCOMPARE(fused.nodes().front().activation.outScale, -0.25f);
    QCOMPARE(fused.nodes().front().activation.outShift, 0.5f);
    QVERIFY(compareRuns(*raw, fused) < kTolerance);
}

void TestMulAddFolding::outputAffineRunsOnEveryConvPath_data() {
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("group");
    QTest::addColumn<int>("width");
    QTest::addColumn<QString>("activation");
    // 3x3 dense (GEMM, whole and partial strips), 1x1 (pointwise), depthwise; an in-register
    // activation (HardSwish) and one applied on the stored rows (Sigmoid)
    for (const char* act : {"HardSwish", "Sigmoid"}) {
        QTest::newRow(qPrintable(QString("gemm whole %1").arg(act))) << 3 << 1 << 32 << act;
        QTest::newRow(qPrintable(QString("gemm partial %1").arg(act))) << 3 << 1 << 7 << act;
        QTest::newRow(qPrintable(QString("pointwise %1").arg(act))) << 1 << 1 << 9 << act;
        QTest::newRow(qPrintable(QString("depthwise %1").arg(act))) << 3 << 16 << 11 << act;
    }
}

void TestMulAddFolding::outputAffineRunsOnEveryConvPath() {
    QFETCH(int, kernel);
    QFETCH(int, group);
    QFETCH(int, width);
    QFETCH(QString, activation);
    ModelBuilder b(14);
    auto x = b.input("x", {1, 16, 9, width});
    auto y = b.unary(activation.toStdString(), b.conv(x, 16, kernel, 1, -1, group));
    y = b.mul(y, b.floats("s", {}, {-1.25f}));
    y = constantFirst(b, "Add", b.floats("t", {1}, {0.5f}), y);
    b.output(y);
    auto before = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(before);
    Graph after = *before;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(after, defaultPassNames()));
    QCOMPARE(opTypes(after), std::vector<std::string>{"Conv"});
    QVERIFY(after.nodes().front().activation.hasOutputAffine());
    const double difference = executorDifference(*before, after);
    QVERIFY2(difference < 1e-5, std::to_string(difference).c_str());
}

void TestMulAddFolding::exportWritesTheAffineBack() {
    ModelBuilder b(11);
    auto x = b.input("x", {1, 3, 8, 8});
    auto y = b.clip(b.conv(x, 8, 3), 0.f, 6.f);
    y = b.mul(y, b.floats("s", {}, {0.5f}));
    y = b.add(y, b.floats("t", {}, {-1.f}));
    b.output(y);
    auto raw = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(raw);
    Graph g = *raw;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(g, defaultPassNames()));
    QCOMPARE(g.nodeCount(), size_t(1));
    // plain ONNX again (Conv, Clip, Mul, Add), passing the checker on import, computing the same
    const onnx::ModelProto exported = toOnnxModel(g);
    std::vector<std::string> ops;
    for (const auto& n : exported.graph().node())
        ops.push_back(n.op_type());
    QCOMPARE(ops, (std::vector<std::string>{"Conv", "Clip", "Mul", "Add"}));
    auto reimported = importModel(exported);
    AUTOSPLIT_REQUIRE_OK(reimported);
    QVERIFY(executorDifference(*raw, *reimported) < 1e-5);
}

QTEST_GUILESS_MAIN(TestMulAddFolding)
#include "test_mul_add_folding.moc"
