// batchnorm-folding: structure and numerics. The reference runs the original graph (conv, then
// BN from the original initializers) and the folded graph (conv from the folded initializers).

#include "tests/core/passes/pass_test_support.h"

#include "core/graph/tensor_elements.h"

#include <cstring>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr double kTolerance = 1e-4;

std::string convTranspose(ModelBuilder& b, const std::string& x, int64_t cout, int64_t k,
                          int64_t stride, int64_t pad, int64_t outPad, int64_t group, bool bias) {
    const Dims& in = b.dims(x);
    std::vector<std::string> inputs = {x, b.weight("ct.weight", {in[1], cout / group, k, k}, 0.3f)};
    if (bias)
        inputs.push_back(b.weight("ct.bias", {cout}, 0.1f));
    auto size = [&](int64_t h) { return stride * (h - 1) + outPad + k - 2 * pad; };
    auto out =
        b.node("ConvTranspose", inputs, 1, {{in[0], cout, size(in[2]), size(in[3])}}, "convT")[0];
    auto& n = b.lastNode();
    b.setAttr(n, "kernel_shape", Dims{k, k});
    b.setAttr(n, "strides", Dims{stride, stride});
    b.setAttr(n, "pads", Dims{pad, pad, pad, pad});
    b.setAttr(n, "output_padding", Dims{outPad, outPad});
    if (group != 1)
        b.setAttr(n, "group", group);
    return out;
}

std::string gemm(ModelBuilder& b, const std::string& x, int64_t m, bool transB, bool withC,
                 float alpha, float beta) {
    const Dims& in = b.dims(x);
    std::vector<std::string> inputs = {
        x, b.weight("fc.weight", transB ? Dims{m, in[1]} : Dims{in[1], m}, 0.3f)};
    if (withC)
        inputs.push_back(b.weight("fc.bias", {m}, 0.5f));
    auto out = b.node("Gemm", inputs, 1, {{in[0], m}}, "fc")[0];
    auto& n = b.lastNode();
    b.setAttr(n, "transB", int64_t{transB ? 1 : 0});
    b.setAttr(n, "alpha", alpha);
    if (withC)
        b.setAttr(n, "beta", beta);
    return out;
}

// Rewrites every float32 initializer and declared type of a built model as `type` (double or
// float16), so the same architectures test folding in those types.
void convertFloatModel(onnx::ModelProto& model, int type) {
    auto* g = model.mutable_graph();
    for (auto& init : *g->mutable_initializer()) {
        if (init.data_type() != onnx::TensorProto::FLOAT)
            continue;
        std::vector<float> values(init.raw_data().size() / 4);
        std::memcpy(values.data(), init.raw_data().data(), init.raw_data().size());
        std::string raw;
        for (float v : values) {
            if (type == onnx::TensorProto::DOUBLE) {
                const double d = v;
                raw.append(reinterpret_cast<const char*>(&d), sizeof d);
            } else {
                const uint16_t h = floatToHalf(v);
                raw.append(reinterpret_cast<const char*>(&h), sizeof h);
            }
        }
        init.set_data_type(type);
        init.set_raw_data(raw);
    }
    for (auto* infos : {g->mutable_input(), g->mutable_output(), g->mutable_value_info()})
        for (auto& info : *infos)
            if (info.type().tensor_type().elem_type() == onnx::TensorProto::FLOAT)
                info.mutable_type()->mutable_tensor_type()->set_elem_type(type);
}

// Runs batchnorm-folding on a copy of `before` and checks the one-layer result.
void checkFolded(const Graph& before, const std::string& layerOp, const std::string& layerName,
                 double tolerance = kTolerance) {
    const Node* bn = findOp(before, "BatchNormalization");
    QVERIFY(bn);
    const std::string bnName = bn->name;
    Graph after = before;
    auto reports = optimizeGraph(after, {"batchnorm-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(after, "BatchNormalization"), 0);
    QCOMPARE(after.nodeCount(), size_t(1));
    const Node& layer = after.nodes().front();
    QCOMPARE(layer.opType, layerOp);
    QCOMPARE(layer.name, layerName);
    QCOMPARE(layer.folded, std::vector<std::string>{bnName});
    QVERIFY(layer.inputs.size() >= 3 && layer.inputs[2] != kNone); // a bias exists now
    QCOMPARE(reports->size(), size_t(1));
    QCOMPARE((*reports)[0].changes,
             std::vector<std::string>{"folded BatchNormalization '" + bnName + "' into " + layerOp +
                                      " '" + layerName + "'"});
    QVERIFY((*reports)[0].modified);
    // the layer now writes the graph output under the BN's output name
    QCOMPARE(after.value(after.outputs()[0]).name, before.value(before.outputs()[0]).name);
    QCOMPARE(after.value(after.outputs()[0]).producer, NodeId{0});
    QCOMPARE(after.value(after.outputs()[0]).shape, before.value(before.outputs()[0]).shape);
    // the folded weights keep the layer's element type
    QCOMPARE(after.value(layer.inputs[1]).initializer->dtype,
             before.constantInput(before.nodes().front(), 1)->dtype);
    QCOMPARE(after.value(layer.inputs[2]).initializer->dtype,
             after.value(layer.inputs[1]).initializer->dtype);
    const double error = compareRuns(before, after);
    QVERIFY2(error < tolerance, ("relative error " + std::to_string(error)).c_str());
}

} // namespace

class TestBatchNormFolding : public QObject {
    Q_OBJECT

private slots:
    void foldsIntoConv_data();
    void foldsIntoConv();
    void foldsIntoConvTranspose_data();
    void foldsIntoConvTranspose();
    void foldsIntoGemm_data();
    void foldsIntoGemm();
    void foldsInDoubleAndHalf_data();
    void foldsInDoubleAndHalf();
    void keepsStandaloneBatchNorm_data();
    void keepsStandaloneBatchNorm();
    void keepsBatchNormWhenLayerOutputIsShared();
    void keepsSpatialZeroBatchNormOfOpset7();
    void keepsTrainingModeBatchNorm();
    void sharedWeightIsNotChangedForOtherReaders();
    void foldedWeightKeepsItsNameAndUnchangedTensorsAreShared();
};

void TestBatchNormFolding::foldsIntoConv_data() {
    QTest::addColumn<int>("opset");
    QTest::addColumn<int>("cin");
    QTest::addColumn<int>("cout");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("group");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<int>("dilation");
    for (int opset : {7, 11, 13, 17}) {
        const std::string o = "opset" + std::to_string(opset);
        QTest::newRow((o + " 3x3 with bias").c_str())
            << opset << 3 << 8 << 3 << 1 << 1 << true << 1;
        QTest::newRow((o + " strided dilated no bias").c_str())
            << opset << 4 << 6 << 3 << 2 << 1 << false << 2;
        QTest::newRow((o + " grouped").c_str()) << opset << 8 << 12 << 3 << 1 << 4 << true << 1;
        QTest::newRow((o + " depthwise").c_str()) << opset << 6 << 6 << 3 << 2 << 6 << false << 1;
        QTest::newRow((o + " 1x1").c_str()) << opset << 5 << 7 << 1 << 1 << 1 << true << 1;
    }
}

void TestBatchNormFolding::foldsIntoConv() {
    QFETCH(int, opset);
    QFETCH(int, cin);
    QFETCH(int, cout);
    QFETCH(int, kernel);
    QFETCH(int, stride);
    QFETCH(int, group);
    QFETCH(bool, bias);
    QFETCH(int, dilation);
    ModelBuilder b(opset);
    auto x = b.input("x", {2, cin, 9, 9});
    x = b.conv(x, cout, kernel, stride, -1, group, bias, dilation, "conv");
    b.output(b.batchNorm(x, "bn"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    checkFolded(*g, "Conv", "conv");
}

void TestBatchNormFolding::foldsIntoConvTranspose_data() {
    QTest::addColumn<int>("opset");
    QTest::addColumn<int>("group");
    QTest::addColumn<bool>("bias");
    for (int opset : {7, 11, 13, 17}) {
        const std::string o = "opset" + std::to_string(opset);
        QTest::newRow((o + " group 1 bias").c_str()) << opset << 1 << true;
        QTest::newRow((o + " group 2 bias").c_str()) << opset << 2 << true;
        QTest::newRow((o + " group 2 no bias").c_str()) << opset << 2 << false;
    }
}

void TestBatchNormFolding::foldsIntoConvTranspose() {
    QFETCH(int, opset);
    QFETCH(int, group);
    QFETCH(bool, bias);
    ModelBuilder b(opset);
    auto x = b.input("x", {1, 4, 5, 5});
    // Cin 4 and Cout 6: with group 2 the weight is [4, 3, 3, 3], output channels 0-2 and 3-5
    x = convTranspose(b, x, 6, 3, 2, 1, 1, group, bias);
    b.output(b.batchNorm(x, "bn"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    checkFolded(*g, "ConvTranspose", "convT");
}

void TestBatchNormFolding::foldsIntoGemm_data() {
    QTest::addColumn<int>("opset");
    QTest::addColumn<bool>("transB");
    QTest::addColumn<bool>("withC");
    for (int opset : {7, 11, 13, 17})
        for (bool transB : {false, true})
            for (bool withC : {true, false}) {
                if (!withC && opset < 11)
                    continue; // C is optional from opset 11 on
                QTest::newRow(("opset" + std::to_string(opset) + " transB " +
                               std::to_string(transB) + (withC ? " with C" : " without C"))
                                  .c_str())
                    << opset << transB << withC;
            }
}

void TestBatchNormFolding::foldsIntoGemm() {
    QFETCH(int, opset);
    QFETCH(bool, transB);
    QFETCH(bool, withC);
    ModelBuilder b(opset);
    auto x = b.input("x", {3, 10});
    x = gemm(b, x, 7, transB, withC, 0.7f, 0.4f);
    b.output(b.batchNorm(x, "bn"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    checkFolded(*g, "Gemm", "fc");
}

void TestBatchNormFolding::foldsInDoubleAndHalf_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<bool>("gemm");
    QTest::addColumn<double>("tolerance");
    // float16 weights round to 11 significant bits, before and after folding alike
    QTest::newRow("double conv") << int(onnx::TensorProto::DOUBLE) << false << 1e-4;
    QTest::newRow("double gemm") << int(onnx::TensorProto::DOUBLE) << true << 1e-4;
    QTest::newRow("float16 conv") << int(onnx::TensorProto::FLOAT16) << false << 5e-3;
    QTest::newRow("float16 gemm") << int(onnx::TensorProto::FLOAT16) << true << 5e-3;
}

void TestBatchNormFolding::foldsInDoubleAndHalf() {
    QFETCH(int, type);
    QFETCH(bool, gemm);
    QFETCH(double, tolerance);
    ModelBuilder b(13);
    std::string x;
    if (gemm)
        x = ::gemm(b, b.input("x", {3, 10}), 7, true, true, 1.f, 1.f);
    else
        x = b.conv(b.input("x", {1, 4, 6, 6}), 6, 3, 1, -1, 2, true, 1, "conv");
    b.output(b.batchNorm(x, "bn"));
    convertFloatModel(b.model(), type);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    QCOMPARE(int(g->value(g->inputs()[0]).dtype), type);
    checkFolded(*g, gemm ? "Gemm" : "Conv", gemm ? "fc" : "conv", tolerance);
}

void TestBatchNormFolding::keepsStandaloneBatchNorm_data() {
    QTest::addColumn<int>("opset");
    for (int opset : {7, 11, 13, 17})
        QTest::newRow(("opset" + std::to_string(opset)).c_str()) << opset;
}

void TestBatchNormFolding::keepsStandaloneBatchNorm() {
    QFETCH(int, opset);
    ModelBuilder b(opset);
    auto x = b.input("x", {1, 4, 8, 8});
    auto direct = b.batchNorm(x, "bn_on_input");
    auto pooled = b.batchNorm(b.maxPool(direct, 2, 2), "bn_after_pool");
    b.output(pooled);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, defaultPassNames());
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "BatchNormalization"), 2);
    QVERIFY2(allChanges(*reports).empty(), joined(allChanges(*reports)).c_str());
}

void TestBatchNormFolding::keepsBatchNormWhenLayerOutputIsShared() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 8, 8});
    auto c = b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv");
    b.output(b.batchNorm(c, "bn"));
    b.output(b.relu(c, "side"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    Graph before = *g;
    auto reports = optimizeGraph(*g, {"batchnorm-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "BatchNormalization"), 1);
    QVERIFY(!(*reports)[0].modified);
    QVERIFY(compareRuns(before, *g) == 0.0);
}

void TestBatchNormFolding::keepsSpatialZeroBatchNormOfOpset7() {
    ModelBuilder b(7);
    auto x = b.input("x", {1, 3, 6, 6});
    auto c = b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv");
    auto y = b.batchNorm(c, "bn");
    b.setAttr(b.lastNode(), "spatial", int64_t{0});
    b.output(y);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"batchnorm-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "BatchNormalization"), 1);
    QCOMPARE((*reports)[0].notes.size(), size_t(1));
    QVERIFY((*reports)[0].notes[0].find("spatial=0") != std::string::npos);

    // the same model with spatial=1 spelled out folds
    ModelBuilder b1(7);
    x = b1.input("x", {1, 3, 6, 6});
    c = b1.conv(x, 4, 3, 1, -1, 1, true, 1, "conv");
    y = b1.batchNorm(c, "bn");
    b1.setAttr(b1.lastNode(), "spatial", int64_t{1});
    b1.output(y);
    auto g1 = importModel(b1.model());
    AUTOSPLIT_REQUIRE_OK(g1);
    checkFolded(*g1, "Conv", "conv");
}

void TestBatchNormFolding::keepsTrainingModeBatchNorm() {
    ModelBuilder b(17);
    auto x = b.input("x", {1, 3, 6, 6});
    auto c = b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv");
    auto y = b.batchNorm(c, "bn");
    b.setAttr(b.lastNode(), "training_mode", int64_t{1});
    b.output(y);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    auto reports = optimizeGraph(*g, {"batchnorm-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "BatchNormalization"), 1);
    QVERIFY(joined((*reports)[0].notes).find("training_mode") != std::string::npos);
}

void TestBatchNormFolding::sharedWeightIsNotChangedForOtherReaders() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 6, 6});
    auto w = b.weight("shared.weight", {4, 3, 3, 3}, 0.3f);
    auto conv = [&](const std::string& name) {
        auto out = b.node("Conv", {x, w}, 1, {{1, 4, 6, 6}}, name)[0];
        b.setAttr(b.lastNode(), "pads", Dims{1, 1, 1, 1});
        return out;
    };
    b.output(b.batchNorm(conv("conv_a"), "bn"));
    b.output(conv("conv_b"));
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    Graph before = *g;
    auto reports = optimizeGraph(*g, {"batchnorm-folding"});
    AUTOSPLIT_REQUIRE_OK(reports);
    QCOMPARE(countOp(*g, "BatchNormalization"), 0);
    const Node* a = findNode(*g, "conv_a");
    const Node* bNode = findNode(*g, "conv_b");
    QVERIFY(a && bNode);
    QVERIFY(a->inputs[1] != bNode->inputs[1]);
    QCOMPARE(g->value(bNode->inputs[1]).name, std::string("shared.weight"));
    QCOMPARE(g->value(bNode->inputs[1]).initializer.get(),
             before.value(before.findValue("shared.weight")).initializer.get());
    const double error = compareRuns(before, *g);
    QVERIFY2(error < kTolerance, ("relative error " + std::to_string(error)).c_str());
}

void TestBatchNormFolding::foldedWeightKeepsItsNameAndUnchangedTensorsAreShared() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 8, 8});
    x = b.conv(x, 4, 3, 1, -1, 1, true, 1, "conv1");
    x = b.conv(b.batchNorm(x, "bn"), 5, 3, 1, -1, 1, true, 1, "conv2");
    b.output(x);
    auto g = importModel(b.model());
    AUTOSPLIT_REQUIRE_OK(g);
    const Graph before = *g;
    AUTOSPLIT_REQUIRE_OK(optimizeGraph(*g, {"batchnorm-folding"}));
    const Node* conv1 = findNode(*g, "conv1");
    const Node* conv2 = findNode(*g, "conv2");
    QVERIFY(conv1 && conv2);
    QCOMPARE(g->value(conv1->inputs[1]).name, std::string("conv1.weight"));
    QVERIFY(g->value(conv1->inputs[1]).initializer.get() !=
            before.value(before.findValue("conv1.weight")).initializer.get());
    // conv2 was not touched: its weights are the very same tensors, not copies
    QCOMPARE(g->value(conv2->inputs[1]).initializer.get(),
             before.value(before.findValue("conv2.weight")).initializer.get());
    QCOMPARE(g->value(conv2->inputs[2]).initializer.get(),
             before.value(before.findValue("conv2.bias")).initializer.get());
}

QTEST_GUILESS_MAIN(TestBatchNormFolding)
#include "test_batchnorm_folding.moc"
