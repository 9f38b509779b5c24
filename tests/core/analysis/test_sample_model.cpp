// The vendored real model (PaddleOCR's text-direction classifier, resources/models/) through
// import, the default passes and split analysis, checked against numbers computed here straight
// from the file with the ONNX library alone.

#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"

#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <QtTest>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

using namespace autosplit;

namespace {

const std::string kSample =
    std::string(AUTOSPLIT_SOURCE_DIR) + "/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// MACs of every Conv and MatMul in the file, from ONNX's own shape inference and the weights'
// dims: independent of the importer, the passes and the analysis.
int64_t referenceMacs(onnx::ModelProto model) {
    auto* dims = model.mutable_graph()
                     ->mutable_input(0)
                     ->mutable_type()
                     ->mutable_tensor_type()
                     ->mutable_shape();
    const int64_t inputDims[4] = {1, 3, 48, 192};
    for (int i = 0; i < 4; ++i)
        dims->mutable_dim(i)->set_dim_value(inputDims[i]);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       onnx::ShapeInferenceOptions(false, 0, true));
    std::map<std::string, std::vector<int64_t>> shape;
    auto record = [&](const onnx::ValueInfoProto& v) {
        std::vector<int64_t> d;
        for (const auto& dim : v.type().tensor_type().shape().dim())
            d.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
        shape[v.name()] = d;
    };
    for (const auto& v : model.graph().value_info())
        record(v);
    for (const auto& v : model.graph().output())
        record(v);
    for (const auto& n : model.graph().node())
        if (n.op_type() == "Constant")
            shape[n.output(0)] = {n.attribute(0).t().dims().begin(),
                                  n.attribute(0).t().dims().end()};
    for (const auto& t : model.graph().initializer())
        shape[t.name()] = {t.dims().begin(), t.dims().end()};
    int64_t macs = 0;
    for (const auto& n : model.graph().node()) {
        if (n.op_type() == "Conv") {
            const auto& w = shape.at(n.input(1));
            const auto& y = shape.at(n.output(0));
            macs += y[0] * y[1] * y[2] * y[3] * w[1] * w[2] * w[3];
        } else if (n.op_type() == "MatMul") {
            // A comes from a Reshape whose target shape the file computes at run time, so ONNX
            // cannot see A's shape; a reshape keeps the element count, so take its input's.
            const onnx::NodeProto* producer = nullptr;
            for (const auto& p : model.graph().node())
                if (p.output_size() > 0 && p.output(0) == n.input(0))
                    producer = &p;
            std::vector<int64_t> a =
                shape.count(n.input(0)) ? shape.at(n.input(0)) : std::vector<int64_t>{};
            if ((a.empty() || std::count(a.begin(), a.end(), -1) > 0) && producer &&
                producer->op_type() == "Reshape")
                a = shape.at(producer->input(0));
            int64_t elements = 1;
            for (int64_t d : a)
                elements *= d;
            const auto& b = shape.at(n.input(1)); // [K, N] weights
            QTest::qVerify(b.size() == 2 && elements > 0, "MatMul operands", "", __FILE__,
                           __LINE__);
            const int64_t rows = elements / b[0];
            macs += rows * b[0] * b[1];
        }
    }
    return macs;
}

} // namespace

class TestSampleModel : public QObject {
    Q_OBJECT

private slots:
    void analysesTheVendoredModel();
};

void TestSampleModel::analysesTheVendoredModel() {
    const std::string bytes = readFile(kSample);
    QVERIFY2(bytes.size() > 500000, "sample model missing from resources/models");
    onnx::ModelProto proto;
    QVERIFY(proto.ParseFromString(bytes));

    ImportOptions options;
    options.inputShapes.push_back({"x", {1, 3, 48, 192}});
    auto imported = importOnnxFile(kSample, options);
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
    auto raw = analyzeSplits(imported->graph);
    QVERIFY(raw.ok());
    auto reports = optimizeGraph(imported->graph, defaultPassNames());
    QVERIFY2(reports.ok(), reports.ok() ? "" : reports.error().message.c_str());
    auto analysis = analyzeSplits(imported->graph);
    QVERIFY(analysis.ok());
    const Graph& g = imported->graph;

    // every shape resolved once the Shape->Slice->Concat->Reshape chain is folded
    for (const Value& v : g.values())
        QVERIFY2(v.shape.isFullyKnown(), v.name.c_str());
    QCOMPARE(g.value(g.outputs()[0]).shape.toString(), std::string("1x2"));
    // no BatchNormalization left; every one of the file's convs is still a layer
    int convsInFile = 0, convs = 0;
    for (const auto& n : proto.graph().node())
        convsInFile += n.op_type() == "Conv";
    for (const Node& n : g.nodes()) {
        QVERIFY(n.opType != "BatchNormalization");
        convs += n.opType == "Conv";
    }
    QCOMPARE(convs, convsInFile);

    // MACs: the optimized graph's equal the file's convolutions and matmul, computed independently
    const int64_t expectedMacs = referenceMacs(proto);
    QCOMPARE(analysis->totalMacs().value(), expectedMacs);
    QCOMPARE(raw->knownMacs() <= expectedMacs, true);

    // Cut 0 sends the raw image at 8 bits: 1 x 3 x 48 x 192
    QCOMPARE(analysis->rawInputBytes, int64_t(3 * 48 * 192));
    QCOMPARE(analysis->crossingBytes(0, 8).value(), int64_t(3 * 48 * 192));
    // Edge-Only sends the two class scores
    const int n = analysis->layerCount();
    QCOMPARE(analysis->cuts[static_cast<size_t>(n)].crossing.size(), size_t(1));
    QCOMPARE(analysis->crossingBytes(n, 8).value(), int64_t(2));
    // the first conv (8 filters, stride 2) halves the image: its output at 4 bits is 8*24*96/2
    // bytes
    QCOMPARE(analysis->layers[0].opType, std::string("Conv"));
    QCOMPARE(analysis->layers[0].outputShape.toString(), std::string("1x8x24x96"));
    // (its fused HardSwish is PaddlePaddle's x*Clip(x+3,0,6)/6 written out in primitives)
    QCOMPARE(analysis->layers[0].activation, std::string("HardSwish"));
    QCOMPARE(analysis->cuts[1].crossing.size(), size_t(1));
    QCOMPARE(analysis->crossingBytes(1, 4).value(), int64_t(8 * 24 * 96 / 2));
}

QTEST_GUILESS_MAIN(TestSampleModel)
#include "test_sample_model.moc"
