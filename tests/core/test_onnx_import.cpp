#include "core/onnx/onnx_importer.h"
#include "tests/support/model_builder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace autosplit;
using namespace autosplit::testing;
namespace fs = std::filesystem;

namespace {

void writeFile(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// A model whose weight is stored in an external file at `location`.
onnx::ModelProto externalDataModel(const std::string& location, int64_t offset, int64_t length) {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 2, 4, 4});
    auto y = b.conv(x, 3, 3, 1, 1, 1, false);
    b.output(y);
    onnx::ModelProto model = b.model();
    auto* w = model.mutable_graph()->mutable_initializer(0);
    w->clear_raw_data();
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    auto add = [&](const char* k, const std::string& v) {
        auto* e = w->add_external_data();
        e->set_key(k);
        e->set_value(v);
    };
    add("location", location);
    add("offset", std::to_string(offset));
    add("length", std::to_string(length));
    return model;
}

std::string message(const Result<ImportedModel>& r) {
    return r.ok() ? std::string("ok") : r.error().message;
}

} // namespace

class TestOnnxImport : public QObject {
    Q_OBJECT

private slots:
    void importsResNet50Shapes();
    void importsMobileNetV2Shapes();
    void importsEveryOpset_data();
    void importsEveryOpset();
    void keepsInitializerValues();
    void convertsConstantNodesToInitializers();
    void sortsOutOfOrderNodes();
    void appliesInputShapeOverride();
    void assumesBatchOneWithWarning();
    void rejectsBadInputShapeOverrides();
    void parsesInputShapeSpecs();
    void loadsExternalDataInsideFolder();
    void reportsProgressAndCancels();

    // bad input: one clear line naming the file and the problem, no crash
    void rejectsMissingFile();
    void rejectsEmptyFile();
    void rejectsNonProtobuf();
    void rejectsTruncatedFile();
    void rejectsCycle();
    void rejectsMissingInitializer();
    void rejectsDanglingInput();
    void rejectsDanglingOutput();
    void rejectsOverflowingDims();
    void rejectsInitializerSizeMismatch();
    void rejectsExternalDataOutsideFolder_data();
    void rejectsExternalDataOutsideFolder();
    void rejectsExternalDataThroughSymlink();
    void rejectsTruncatedExternalData();
    void continuesPastUnknownOp();
    void rejectsNewerOpset();
};

void TestOnnxImport::importsResNet50Shapes() {
    auto imported = importOnnxBytes(buildResNet50().SerializeAsString(), "resnet50", {});
    QVERIFY2(imported.ok(), message(imported).c_str());
    const Graph& g = imported->graph;
    QCOMPARE(g.inputs().size(), size_t(1));
    // 3 x 224 x 224, computed independently of the importer
    QCOMPARE(g.value(g.inputs()[0]).shape.elementCount().value(), int64_t(3 * 224 * 224));
    QCOMPARE(g.value(g.outputs()[0]).shape.toString(), std::string("1x1000"));
    // 53 convolutions, 53 batch norms, 49 relus, 16 adds, maxpool, gap, flatten, gemm
    QCOMPARE(g.nodeCount(), size_t(53 + 53 + 49 + 16 + 4));
    // every tensor has a fully known shape after shape inference
    for (const Value& v : g.values())
        QVERIFY2(v.shape.isFullyKnown(), v.name.c_str());
    // the last bottleneck's output is 2048 x 7 x 7
    const ValueId last = g.findValue("layer4.2.add");
    QVERIFY(last != kNone);
    QCOMPARE(g.value(last).shape.elementCount().value(), int64_t(2048 * 7 * 7));
    // nodes are in topological order: every input is produced earlier
    for (size_t n = 0; n < g.nodeCount(); ++n)
        for (ValueId in : g.node(NodeId(n)).inputs)
            QVERIFY(g.value(in).producer < NodeId(n));
}

void TestOnnxImport::importsMobileNetV2Shapes() {
    auto imported = importOnnxBytes(buildMobileNetV2().SerializeAsString(), "mobilenetv2", {});
    QVERIFY2(imported.ok(), message(imported).c_str());
    const Graph& g = imported->graph;
    QCOMPARE(g.value(g.outputs()[0]).shape.toString(), std::string("1x1000"));
    // torchvision's mobilenet_v2 (counted with python3-torchvision): 52 convolutions, 17 of them
    // depthwise, 2,189,760 conv weights; 52 batch norms; classifier 1280 -> 1000 (1,281,000)
    int convs = 0, depthwise = 0, norms = 0, clips = 0, adds = 0;
    int64_t convWeights = 0, gemmParams = 0;
    for (const Node& n : g.nodes()) {
        if (n.opType == "Conv") {
            ++convs;
            convWeights += g.value(n.inputs[1]).shape.elementCount().value();
            const int64_t group = n.attrInt("group", 1);
            if (group > 1 && group == g.value(n.inputs[0]).shape.dims[1])
                ++depthwise;
        } else if (n.opType == "Gemm") {
            gemmParams += g.value(n.inputs[1]).shape.elementCount().value() +
                          g.value(n.inputs[2]).shape.elementCount().value();
        }
        norms += n.opType == "BatchNormalization";
        clips += n.opType == "Clip";
        adds += n.opType == "Add";
    }
    QCOMPARE(convs, 52);
    QCOMPARE(depthwise, 17);
    QCOMPARE(convWeights, int64_t(2189760));
    QCOMPARE(norms, 52);
    QCOMPARE(gemmParams, int64_t(1281000));
    // ReLU6 after every conv but the 17 projections; residual adds where a block keeps its shape
    QCOMPARE(clips, 52 - 17);
    QCOMPARE(adds, 10);
    for (const Value& v : g.values())
        QVERIFY2(v.shape.isFullyKnown(), v.name.c_str());
}

void TestOnnxImport::importsEveryOpset_data() {
    QTest::addColumn<int>("opset");
    for (int opset = 7; opset <= 17; ++opset)
        QTest::addRow("opset%d", opset) << opset;
}

void TestOnnxImport::importsEveryOpset() {
    QFETCH(int, opset);
    for (const auto& model :
         {buildResidualBlock(opset), buildInception(opset), buildYoloV3Tiny(opset, 96)}) {
        auto imported = importOnnxBytes(model.SerializeAsString(), "opset model", {});
        QVERIFY2(imported.ok(), message(imported).c_str());
        QCOMPARE(imported->graph.opsetVersion(), int64_t(opset));
        for (ValueId out : imported->graph.outputs())
            QVERIFY(imported->graph.value(out).shape.isFullyKnown());
    }
    // YOLO's upsampled branch is 2x the 3x3 head grid: 96 / 32 = 3 -> 6
    auto yolo = importOnnxBytes(buildYoloV3Tiny(opset, 96).SerializeAsString(), "yolo", {});
    QVERIFY2(yolo.ok(), message(yolo).c_str());
    QCOMPARE(yolo->graph.value(yolo->graph.outputs()[1]).shape.toString(),
             std::string("1x255x6x6"));
}

void TestOnnxImport::keepsInitializerValues() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 2, 3, 3});
    b.floats("w", {1, 2, 1, 1}, {0.5f, -2.f});
    auto y = b.node("Conv", {x, "w"}, 1, {{1, 1, 3, 3}})[0];
    b.output(y);
    // typed int64 data goes through the same path as raw data
    b.int64s("unused_shape", {2}, {7, 9});
    auto imported = importOnnxBytes(b.serialized(), "m", {});
    QVERIFY2(imported.ok(), message(imported).c_str());
    const Value& w = imported->graph.value(imported->graph.findValue("w"));
    QVERIFY(w.isConstant());
    QCOMPARE(*w.initializer->toFloats(), (std::vector<float>{0.5f, -2.f}));
}

void TestOnnxImport::convertsConstantNodesToInitializers() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 4, 2, 2});
    auto shape = b.node("Constant", {}, 1, {{2}}, "shape_const")[0];
    auto* a = b.lastNode().add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto::TENSOR);
    a->mutable_t()->set_data_type(onnx::TensorProto::INT64);
    a->mutable_t()->add_dims(2);
    a->mutable_t()->add_int64_data(1);
    a->mutable_t()->add_int64_data(16);
    auto y = b.node("Reshape", {x, shape}, 1, {{1, 16}})[0];
    b.output(y);
    auto imported = importOnnxBytes(b.serialized(), "m", {});
    QVERIFY2(imported.ok(), message(imported).c_str());
    const Graph& g = imported->graph;
    QCOMPARE(g.nodeCount(), size_t(1));
    QCOMPARE(g.node(0).opType, std::string("Reshape"));
    QCOMPARE(*g.value(g.findValue(shape)).initializer->toInt64s(), (std::vector<int64_t>{1, 16}));
    QCOMPARE(g.value(g.outputs()[0]).shape.toString(), std::string("1x16"));
}

void TestOnnxImport::sortsOutOfOrderNodes() {
    onnx::ModelProto model = buildChain(4);
    auto* nodes = model.mutable_graph()->mutable_node();
    std::reverse(nodes->pointer_begin(), nodes->pointer_end());
    auto imported = importOnnxBytes(model.SerializeAsString(), "reversed", {});
    QVERIFY2(imported.ok(), message(imported).c_str());
    const Graph& g = imported->graph;
    QCOMPARE(g.nodeCount(), size_t(8));
    QCOMPARE(g.node(0).name, std::string("conv"));
    for (size_t n = 0; n < g.nodeCount(); ++n)
        for (ValueId in : g.node(NodeId(n)).inputs)
            QVERIFY(g.value(in).producer < NodeId(n));
}

void TestOnnxImport::appliesInputShapeOverride() {
    ModelBuilder b(13);
    auto x = b.dynamicInput("x", {-1, 3, -1, -1});
    auto w = b.weight("w", {8, 3, 3, 3});
    auto y = b.node("Conv", {x, w}, 1, {})[0];
    b.setAttr(b.lastNode(), "pads", Dims{1, 1, 1, 1});
    b.output(y);
    ImportOptions options;
    options.inputShapes.push_back({"x", {2, 3, 64, 48}});
    auto imported = importOnnxBytes(b.serialized(), "dynamic", {}, options);
    QVERIFY2(imported.ok(), message(imported).c_str());
    const Graph& g = imported->graph;
    QCOMPARE(g.value(g.outputs()[0]).shape.toString(), std::string("2x8x64x48"));
}

void TestOnnxImport::assumesBatchOneWithWarning() {
    ModelBuilder b(13);
    auto x = b.dynamicInput("x", {-1, 3, 8, -1});
    auto y = b.node("Relu", {x}, 1, {})[0];
    b.output(y);
    auto imported = importOnnxBytes(b.serialized(), "dynamic", {});
    QVERIFY2(imported.ok(), message(imported).c_str());
    QCOMPARE(imported->graph.value(imported->graph.inputs()[0]).shape.toString(),
             std::string("1x3x8x?"));
    bool batchWarned = false, widthWarned = false;
    for (const auto& w : imported->warnings) {
        batchWarned |= w.find("batch dimension assumed to be 1") != std::string::npos;
        widthWarned |= w.find("dynamic dimension(s) 3") != std::string::npos;
    }
    QVERIFY(batchWarned);
    QVERIFY(widthWarned);
}

void TestOnnxImport::rejectsBadInputShapeOverrides() {
    const std::string bytes = buildChain(2).SerializeAsString();
    ImportOptions unknownName;
    unknownName.inputShapes.push_back({"image", {1, 3, 16, 16}});
    auto r1 = importOnnxBytes(bytes, "chain.onnx", {}, unknownName);
    QVERIFY(!r1.ok());
    QCOMPARE(
        r1.error().message,
        std::string(
            "chain.onnx: --input-shape: the model has no input named 'image' (inputs: input)"));
    ImportOptions wrongRank;
    wrongRank.inputShapes.push_back({"input", {1, 3, 16}});
    auto r2 = importOnnxBytes(bytes, "chain.onnx", {}, wrongRank);
    QVERIFY(!r2.ok());
    QVERIFY2(r2.error().message.find("has rank 4") != std::string::npos,
             r2.error().message.c_str());
    ImportOptions conflicting;
    conflicting.inputShapes.push_back({"input", {1, 3, 32, 16}});
    auto r3 = importOnnxBytes(bytes, "chain.onnx", {}, conflicting);
    QVERIFY(!r3.ok());
    QVERIFY2(r3.error().message.find("fixed dimension 2 = 16, not 32") != std::string::npos,
             r3.error().message.c_str());
}

void TestOnnxImport::parsesInputShapeSpecs() {
    auto ok = parseInputShapeOverride("x:0=1x3x224,224");
    QVERIFY(ok.ok());
    QCOMPARE(ok->name, std::string("x:0"));
    QCOMPARE(ok->dims, (std::vector<int64_t>{1, 3, 224, 224}));
    for (const char* bad : {"x", "=1x3", "x=", "x=1x0", "x=1xx3", "x=1x3x", "x=-1",
                            "x=99999999999x99999999999x99999"})
        QVERIFY2(!parseInputShapeOverride(bad).ok(), bad);
}

void TestOnnxImport::loadsExternalDataInsideFolder() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    fs::create_directories(root / "weights");
    // 3x2x3x3 floats at offset 16 inside a shared blob
    std::vector<float> values(54);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = float(i) * 0.25f;
    std::string blob(16, 'x');
    blob.append(reinterpret_cast<const char*>(values.data()), values.size() * 4);
    writeFile(root / "weights" / "blob.bin", blob);
    writeFile(root / "model.onnx",
              externalDataModel("weights/blob.bin", 16, 216).SerializeAsString());
    auto imported = importOnnxFile(root / "model.onnx");
    QVERIFY2(imported.ok(), message(imported).c_str());
    const Graph& g = imported->graph;
    const Value& w = g.value(g.node(0).inputs[1]);
    QCOMPARE(*w.initializer->toFloats(), values);
}

void TestOnnxImport::reportsProgressAndCancels() {
    const std::string bytes = buildResidualBlock().SerializeAsString();
    std::vector<double> fractions;
    auto ok = importOnnxBytes(bytes, "m", {}, {},
                              [&](double f, std::string_view) { fractions.push_back(f); });
    QVERIFY(ok.ok());
    QVERIFY(fractions.size() >= 4);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);
    CancellationToken cancel;
    cancel.cancel();
    auto cancelled = importOnnxBytes(bytes, "m", {}, {}, {}, cancel);
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().message, std::string("m: cancelled"));
}

void TestOnnxImport::rejectsMissingFile() {
    auto r = importOnnxFile("/nonexistent/dir/model.onnx");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message, std::string("/nonexistent/dir/model.onnx: file not found"));
}

void TestOnnxImport::rejectsEmptyFile() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "empty.onnx";
    writeFile(path, "");
    auto r = importOnnxFile(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message, path.string() + ": the file is empty");
}

void TestOnnxImport::rejectsNonProtobuf() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "notes.onnx";
    writeFile(path, "this is a text file, not a model\n");
    auto r = importOnnxFile(path);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.rfind(path.string() + ": not ", 0) == 0, r.error().message.c_str());
    QVERIFY2(r.error().message.find("ONNX") != std::string::npos, r.error().message.c_str());
}

void TestOnnxImport::rejectsTruncatedFile() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "cut.onnx";
    const std::string bytes = buildResidualBlock().SerializeAsString();
    writeFile(path, bytes.substr(0, bytes.size() / 2));
    auto r = importOnnxFile(path);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.rfind(path.string() + ": the file is truncated", 0) == 0,
             r.error().message.c_str());
}

void TestOnnxImport::rejectsCycle() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 4});
    b.node("Add", {x, "b_out"}, 1, {}, "a");
    b.node("Relu", {"a"}, 1, {}, "b_out");
    b.node("Identity", {"a"}, 1, {}, "y");
    b.output("y");
    auto r = importOnnxBytes(b.serialized(), "cycle.onnx", {});
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.rfind("cycle.onnx: the graph has a cycle: ", 0) == 0,
             r.error().message.c_str());
    QVERIFY(r.error().message.find("'a'") != std::string::npos);
    QVERIFY(r.error().message.find("'b_out'") != std::string::npos);
}

void TestOnnxImport::rejectsMissingInitializer() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 3, 8, 8});
    auto y = b.node("Conv", {x, "conv1.weight"}, 1, {}, "conv1")[0];
    b.output(y);
    auto r = importOnnxBytes(b.serialized(), "m.onnx", {});
    QVERIFY(!r.ok());
    QCOMPARE(
        r.error().message,
        std::string("m.onnx: node 'conv1' (Conv) needs weight 'conv1.weight', but the model has no "
                    "initializer or input of that name (missing initializer)"));
}

void TestOnnxImport::rejectsDanglingInput() {
    ModelBuilder b(13);
    b.input("x", {1, 4});
    auto y = b.node("Relu", {"nowhere"}, 1, {}, "relu")[0];
    b.output(y);
    auto r = importOnnxBytes(b.serialized(), "m.onnx", {});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message,
             std::string(
                 "m.onnx: node 'relu' (Relu) reads tensor 'nowhere', which no node produces and is "
                 "neither a graph input nor an initializer (dangling input)"));
}

void TestOnnxImport::rejectsDanglingOutput() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 4});
    b.node("Relu", {x}, 1, {}, "relu");
    b.output("missing_output");
    auto r = importOnnxBytes(b.serialized(), "m.onnx", {});
    QVERIFY(!r.ok());
    QCOMPARE(
        r.error().message,
        std::string(
            "m.onnx: graph output 'missing_output' is not produced by any node (dangling output)"));
}

void TestOnnxImport::rejectsOverflowingDims() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 4000000000, 4000000000, 4000000000});
    auto y = b.node("Relu", {x}, 1, {{1, 4000000000, 4000000000, 4000000000}}, "relu")[0];
    b.output(y);
    auto r = importOnnxBytes(b.serialized(), "huge.onnx", {});
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.rfind("huge.onnx: tensor '", 0) == 0, r.error().message.c_str());
    QVERIFY2(r.error().message.find("overflows 64 bits") != std::string::npos,
             r.error().message.c_str());
    // the same for an initializer's dims
    ModelBuilder c(13);
    auto xi = c.input("x", {1, 4});
    auto* w = c.model().mutable_graph()->add_initializer();
    w->set_name("w");
    w->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : {4000000000LL, 4000000000LL, 4000000000LL})
        w->add_dims(d);
    auto yi = c.node("Add", {xi, "w"}, 1, {{1, 4}}, "add")[0];
    c.output(yi);
    auto ri = importOnnxBytes(c.serialized(), "huge_w.onnx", {});
    QVERIFY(!ri.ok());
    QVERIFY2(ri.error().message.find("initializer 'w'") != std::string::npos,
             ri.error().message.c_str());
    QVERIFY2(ri.error().message.find("overflow") != std::string::npos, ri.error().message.c_str());
}

void TestOnnxImport::rejectsInitializerSizeMismatch() {
    ModelBuilder b(13);
    auto x = b.input("x", {1, 4});
    b.floats("w", {4}, {1.f, 2.f, 3.f, 4.f});
    b.model().mutable_graph()->mutable_initializer(0)->mutable_raw_data()->resize(6);
    auto y = b.add(x, "w");
    b.output(y);
    auto r = importOnnxBytes(b.serialized(), "m.onnx", {});
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("'w'") != std::string::npos, r.error().message.c_str());
}

void TestOnnxImport::rejectsExternalDataOutsideFolder_data() {
    QTest::addColumn<QString>("location");
    QTest::newRow("parent") << "../secret.bin";
    QTest::newRow("nested parent") << "weights/../../secret.bin";
    QTest::newRow("absolute") << "/etc/passwd";
}

void TestOnnxImport::rejectsExternalDataOutsideFolder() {
    QFETCH(QString, location);
    QTemporaryDir dir;
    const fs::path root = fs::path(dir.path().toStdString()) / "model";
    fs::create_directories(root / "weights");
    writeFile(fs::path(dir.path().toStdString()) / "secret.bin", std::string(216, 'x'));
    writeFile(root / "m.onnx",
              externalDataModel(location.toStdString(), 0, 216).SerializeAsString());
    auto r = importOnnxFile(root / "m.onnx");
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("outside the model's folder (rejected)") != std::string::npos,
             r.error().message.c_str());
    QVERIFY(r.error().message.find(location.toStdString()) != std::string::npos);
}

void TestOnnxImport::rejectsExternalDataThroughSymlink() {
    QTemporaryDir dir;
    const fs::path root = fs::path(dir.path().toStdString()) / "model";
    fs::create_directories(root);
    writeFile(fs::path(dir.path().toStdString()) / "secret.bin", std::string(216, 'x'));
    fs::create_symlink(fs::path(dir.path().toStdString()) / "secret.bin", root / "link.bin");
    writeFile(root / "m.onnx", externalDataModel("link.bin", 0, 216).SerializeAsString());
    auto r = importOnnxFile(root / "m.onnx");
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("resolves outside the model's folder (rejected)") !=
                 std::string::npos,
             r.error().message.c_str());
}

void TestOnnxImport::rejectsTruncatedExternalData() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    writeFile(root / "w.bin", std::string(100, 'x'));
    writeFile(root / "m.onnx", externalDataModel("w.bin", 0, 216).SerializeAsString());
    auto r = importOnnxFile(root / "m.onnx");
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("'w.bin' is truncated") != std::string::npos,
             r.error().message.c_str());
    writeFile(root / "m2.onnx", externalDataModel("absent.bin", 0, 216).SerializeAsString());
    auto r2 = importOnnxFile(root / "m2.onnx");
    QVERIFY(!r2.ok());
    QVERIFY2(r2.error().message.find("'absent.bin' not found") != std::string::npos,
             r2.error().message.c_str());
}

void TestOnnxImport::continuesPastUnknownOp() {
    for (const std::string domain : {"", "com.example"}) {
        ModelBuilder b(13);
        if (!domain.empty()) {
            auto* op = b.model().add_opset_import();
            op->set_domain(domain);
            op->set_version(1);
        }
        auto x = b.input("x", {1, 3, 8, 8});
        auto y = b.relu(b.conv(x, 4, 3));
        auto z = b.node("FancyWarp", {y}, 1, {}, "warp", domain)[0];
        auto out = b.node("Relu", {z}, 1, {}, "after")[0];
        b.output(out);
        auto r = importOnnxBytes(b.serialized(), "custom.onnx", {});
        QVERIFY2(r.ok(), message(r).c_str());
        const Graph& g = r->graph;
        QCOMPARE(g.nodeCount(), size_t(4));
        // shapes before the unknown op are known, after it they are not
        QCOMPARE(g.value(g.findValue(y)).shape.toString(), std::string("1x4x8x8"));
        QVERIFY(!g.value(g.findValue(z)).shape.isFullyKnown());
        bool named = false;
        for (const auto& w : r->warnings)
            named |= w.find("op 'FancyWarp'") != std::string::npos &&
                     w.find("'warp'") != std::string::npos;
        QVERIFY2(named, domain.c_str());
    }
}

void TestOnnxImport::rejectsNewerOpset() {
    onnx::ModelProto model = buildChain(1);
    model.mutable_opset_import(0)->set_version(99);
    auto r = importOnnxBytes(model.SerializeAsString(), "future.onnx", {});
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("opset 99 is newer") != std::string::npos,
             r.error().message.c_str());
}

QTEST_GUILESS_MAIN(TestOnnxImport)
#include "test_onnx_import.moc"
