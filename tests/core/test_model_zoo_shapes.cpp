// The networks of the Auto-Split study, as tests/support builds them, through
// the importer, the default passes and the split analysis, checked against the figures their
// authors publish:
// - torchvision's documented parameter counts (the weights' meta["num_params"], the "Params"
//   column of its model tables) and GMACs (meta["_ops"] to 3 decimals, shown to 2 in the docs'
//   "GFLOPS" column; torchvision PR #6936 counted one per multiply-accumulate of the convs and
//   linear layers, so ResNet-50's 4.089 is 4.089e9 MACs);
// - for YOLOv3 and YOLOv3-tiny, darknet's own numbers: the float count of the published weights
//   files (yolov3.weights is 248,007,048 bytes, yolov3-tiny.weights 35,434,956, each a 20-byte
//   header then float32s: conv weights, conv biases and, for batch-normalized convs, BN scale,
//   mean and variance, the bias acting as BN's beta) and the FLOPs of pjreddie.com/darknet/yolo
//   (YOLOv3-320 38.97 Bn, -416 65.86 Bn, -608 140.69 Bn, YOLOv3-tiny 5.56 Bn), which darknet counts
//   as 2 per conv MAC. PyTorch ports report 61,949,149 parameters for YOLOv3: the same weights
//   without BN's running mean and variance.
// The analysis counts every constant; the adjustments below (BN running statistics, Clip bounds,
// Resize scales) are computed from the graph's structure, not from the analysis.

#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <optional>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Builder = std::function<onnx::ModelProto()>;

// Constants of a graph split the way published parameter counts need.
struct ConstantBreakdown {
    int64_t bnStatistics = 0; // BN running mean and variance (buffers, not parameters, in torch)
    int64_t bnChannels = 0;
    int64_t nonWeights = 0; // constants of other ops: Clip bounds, Resize scales
    int bnCount = 0;
    int biasFreeConvsIntoBn = 0; // convs without a bias whose sole consumer is a BN
};

int64_t elementsOf(const Graph& g, ValueId id) {
    return g.value(id).shape.elementCount().value_or(-1);
}

ConstantBreakdown breakdown(const Graph& g) {
    ConstantBreakdown b;
    std::set<ValueId> seen;
    for (const Node& n : g.nodes()) {
        for (size_t slot = 0; slot < n.inputs.size(); ++slot) {
            const ValueId id = n.inputs[slot];
            if (id == kNone || !g.value(id).isConstant() || !seen.insert(id).second)
                continue;
            if (n.opType == "BatchNormalization") {
                if (slot == 1)
                    b.bnChannels += elementsOf(g, id);
                if (slot == 3 || slot == 4)
                    b.bnStatistics += elementsOf(g, id);
            } else if (n.opType != "Conv" && n.opType != "Gemm") {
                b.nonWeights += elementsOf(g, id);
            }
        }
        if (n.opType == "BatchNormalization")
            ++b.bnCount;
        if (n.opType == "Conv" && (n.inputs.size() < 3 || n.inputs[2] == kNone)) {
            const NodeId consumer = g.soleConsumer(n.outputs[0]);
            if (consumer != kNone && g.node(consumer).opType == "BatchNormalization")
                ++b.biasFreeConvsIntoBn;
        }
    }
    return b;
}

int countOp(const Graph& g, const std::string& op) {
    int count = 0;
    for (const Node& n : g.nodes())
        count += n.opType == op;
    return count;
}

const Node* nodeNamed(const Graph& g, const std::string& name) {
    for (const Node& n : g.nodes())
        if (n.name == name)
            return &n;
    return nullptr;
}

std::vector<int64_t> outputDims(const Graph& g, const std::string& nodeName) {
    const Node* n = nodeNamed(g, nodeName);
    return n ? g.value(n->outputs[0]).shape.dims : std::vector<int64_t>{};
}

// A model imported, analysed raw, optimized with the default passes and analysed again.
struct Pipeline {
    Graph raw;
    Graph optimized;
    SplitAnalysis rawAnalysis;
    SplitAnalysis analysis;
};

// Fills `out`; QVERIFY needs a void function.
void runPipeline(const onnx::ModelProto& model, Pipeline& out) {
    auto imported = importOnnxBytes(model.SerializeAsString(), "model-zoo", {});
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
    QVERIFY2(imported->warnings.empty(),
             imported->warnings.empty() ? "" : imported->warnings.front().c_str());
    out.raw = imported->graph;
    out.optimized = std::move(imported->graph);
    auto rawAnalysis = analyzeSplits(out.raw);
    QVERIFY2(rawAnalysis.ok(), rawAnalysis.ok() ? "" : rawAnalysis.error().message.c_str());
    out.rawAnalysis = std::move(*rawAnalysis);
    auto reports = optimizeGraph(out.optimized, defaultPassNames());
    QVERIFY2(reports.ok(), reports.ok() ? "" : reports.error().message.c_str());
    auto analysis = analyzeSplits(out.optimized);
    QVERIFY2(analysis.ok(), analysis.ok() ? "" : analysis.error().message.c_str());
    out.analysis = std::move(*analysis);
}

// |macs - published| within half a unit of the published figure's last digit.
bool withinRounding(int64_t macs, double published, double unit) {
    return std::fabs(static_cast<double>(macs) - published) <= unit / 2;
}

} // namespace

Q_DECLARE_METATYPE(Builder)

class TestModelZooShapes : public QObject {
    Q_OBJECT

private slots:
    void classification_data();
    void classification();
    void resNeXtGroupedConvs();
    void googLeNetInceptionShapes();
    void yoloV3_data();
    void yoloV3();
    void yoloV3Heads();
    void yoloV3Tiny();
    void everyOpset();
};

void TestModelZooShapes::classification_data() {
    QTest::addColumn<Builder>("build");
    QTest::addColumn<qint64>("params"); // torchvision's meta["num_params"]
    QTest::addColumn<double>("gops");   // torchvision's meta["_ops"], GMACs to 3 decimals
    QTest::addColumn<double>("gflops"); // the docs table's "GFLOPS" column, 2 decimals
    QTest::addColumn<int>("convs");     // nn.Conv2d modules of the torchvision model
    QTest::addColumn<QString>("lastFeatures");
    QTest::addColumn<qint64>("lastChannels");
    // ResNet-18: stem + 8 basic blocks x 2 + 3 downsample projections (stages 2-4).
    QTest::newRow("ResNet-18") << Builder([] { return buildResNet18(); }) << qint64(11'689'512)
                               << 1.814 << 1.81 << 20 << QString("layer4.1.add") << qint64(512);
    // ResNet-50: stem + 16 bottlenecks x 3 + 4 downsample projections.
    QTest::newRow("ResNet-50") << Builder([] { return buildResNet50(); }) << qint64(25'557'032)
                               << 4.089 << 4.09 << 53 << QString("layer4.2.add") << qint64(2048);
    // MobileNetV2: stem + 17 blocks (the first without expansion: 2 convs) + the last 1x1.
    QTest::newRow("MobileNetV2") << Builder([] { return buildMobileNetV2(); }) << qint64(3'504'872)
                                 << 0.301 << 0.30 << 1 + 2 + 16 * 3 + 1 << QString("features.18")
                                 << qint64(1280);
    // MNASNet1.0: 3 stem convs + 16 inverted residuals x 3 + the last 1x1.
    QTest::newRow("MNASNet1.0") << Builder([] { return buildMnasNet1_0(); }) << qint64(4'383'312)
                                << 0.314 << 0.31 << 3 + 16 * 3 + 1 << QString("layers.14")
                                << qint64(1280);
    // GoogLeNet: 3 stem convs + 9 inception modules x 6.
    QTest::newRow("GoogLeNet") << Builder([] { return buildGoogLeNet(); }) << qint64(6'624'904)
                               << 1.498 << 1.50 << 3 + 9 * 6 << QString("inception5b.concat")
                               << qint64(1024);
    // ResNeXt50_32x4d: ResNet-50's layout.
    QTest::newRow("ResNeXt50_32x4d")
        << Builder([] { return buildResNeXt50_32x4d(); }) << qint64(25'028'904) << 4.230 << 4.23
        << 53 << QString("layer4.2.add") << qint64(2048);
}

void TestModelZooShapes::classification() {
    QFETCH(Builder, build);
    QFETCH(qint64, params);
    QFETCH(double, gops);
    QFETCH(double, gflops);
    QFETCH(int, convs);
    QFETCH(QString, lastFeatures);
    QFETCH(qint64, lastChannels);

    Pipeline p;
    runPipeline(build(), p);
    if (QTest::currentTestFailed())
        return;
    const ConstantBreakdown raw = breakdown(p.raw);
    QCOMPARE(countOp(p.raw, "Conv"), convs);
    QCOMPARE(countOp(p.raw, "Gemm"), 1);
    QCOMPARE(raw.bnCount, convs);             // BN after every conv
    QCOMPARE(raw.biasFreeConvsIntoBn, convs); // and the convs have no bias, as in torchvision
    QCOMPARE(p.raw.value(p.raw.outputs()[0]).shape.dims, (std::vector<int64_t>{1, 1000}));

    // Before folding: torchvision counts BN's weight and bias; its running statistics are
    // buffers, and Clip's bounds are not parameters.
    QCOMPARE(p.rawAnalysis.totalParams() - raw.bnStatistics - raw.nonWeights, int64_t(params));
    // Folding turns each BN's four vectors into one bias of its conv.
    const ConstantBreakdown opt = breakdown(p.optimized);
    QCOMPARE(countOp(p.optimized, "BatchNormalization"), 0);
    QCOMPARE(countOp(p.optimized, "Conv"), convs);
    QCOMPARE(p.analysis.totalParams() - opt.nonWeights, int64_t(params) - raw.bnChannels);
    QCOMPARE(p.analysis.prefixWeightBytes.back(), 4 * p.analysis.totalParams()); // float32

    QCOMPARE(p.analysis.unknownMacLayers(), 0);
    const int64_t macs = p.analysis.totalMacs().value();
    QVERIFY2(withinRounding(macs, gops * 1e9, 0.001e9),
             qPrintable(QString("%1 MACs, published %2 G").arg(macs).arg(gops)));
    QVERIFY(withinRounding(macs, gflops * 1e9, 0.01e9));
    QCOMPARE(p.rawAnalysis.totalMacs().value(), macs); // BN, ReLU, pools, adds cost no MACs
    qInfo("%s: analysis params %lld raw, %lld folded (non-weight constants %lld, %lld); %lld MACs; "
          "%d layers",
          QTest::currentDataTag(), static_cast<long long>(p.rawAnalysis.totalParams()),
          static_cast<long long>(p.analysis.totalParams()), static_cast<long long>(raw.nonWeights),
          static_cast<long long>(opt.nonWeights), static_cast<long long>(macs),
          p.analysis.layerCount());

    // 224x224 in, stride 32 out: the last feature map is 7x7 (in the raw graph: the optimizer fuses
    // a residual Add into its conv).
    QCOMPARE(outputDims(p.raw, lastFeatures.toStdString()),
             (std::vector<int64_t>{1, int64_t(lastChannels), 7, 7}));
    // Cloud-Only sends the 8-bit image; Edge-Only sends the 1000 logits.
    QCOMPARE(p.analysis.crossingBytes(0, 8).value(), int64_t(3 * 224 * 224));
    QCOMPARE(p.analysis.crossingBytes(p.analysis.layerCount(), 8).value(), int64_t(1000));
}

void TestModelZooShapes::resNeXtGroupedConvs() {
    auto imported = importOnnxBytes(buildResNeXt50_32x4d().SerializeAsString(), "resnext", {});
    QVERIFY(imported.ok());
    const Graph& g = imported->graph;
    // Stage widths of the grouped 3x3 conv: planes x 4/64 x 32 = 128, 256, 512, 1024; output
    // planes x 4; the stride sits on the 3x3 conv of each stage's first block (ResNet v1.5).
    const int64_t widths[4] = {128, 256, 512, 1024};
    const int64_t sizes[4] = {56, 28, 14, 7};
    for (int stage = 0; stage < 4; ++stage) {
        const std::string prefix = "layer" + std::to_string(stage + 1) + ".0";
        const Node* conv2 = nodeNamed(g, prefix + ".conv2");
        QVERIFY(conv2);
        QCOMPARE(conv2->attrInt("group", 1), int64_t(32));
        // 4 channels per group at the first stage ("4d"), doubling with the width
        QCOMPARE(g.value(conv2->inputs[1]).shape.dims,
                 (std::vector<int64_t>{widths[stage], int64_t(4) << stage, 3, 3}));
        QCOMPARE(g.value(conv2->outputs[0]).shape.dims,
                 (std::vector<int64_t>{1, widths[stage], sizes[stage], sizes[stage]}));
        QCOMPARE(outputDims(g, prefix + ".conv3"),
                 (std::vector<int64_t>{1, 256 << stage, sizes[stage], sizes[stage]}));
    }
}

void TestModelZooShapes::googLeNetInceptionShapes() {
    auto imported = importOnnxBytes(buildGoogLeNet().SerializeAsString(), "googlenet", {});
    QVERIFY(imported.ok());
    const Graph& g = imported->graph;
    // Output channels of each module are the next module's in_channels in torchvision's
    // constructor (ch1x1 + ch3x3 + ch5x5 + pool_proj); ceil-mode pools take 112 -> 56 -> 28 -> 14
    // -> 7.
    const struct {
        const char* name;
        int64_t channels, size;
    } modules[] = {{"inception3a", 256, 28}, {"inception3b", 480, 28}, {"inception4a", 512, 14},
                   {"inception4b", 512, 14}, {"inception4c", 512, 14}, {"inception4d", 528, 14},
                   {"inception4e", 832, 14}, {"inception5a", 832, 7},  {"inception5b", 1024, 7}};
    for (const auto& m : modules)
        QCOMPARE(outputDims(g, std::string(m.name) + ".concat"),
                 (std::vector<int64_t>{1, m.channels, m.size, m.size}));
    QCOMPARE(outputDims(g, "maxpool1"), (std::vector<int64_t>{1, 64, 56, 56}));
    QCOMPARE(outputDims(g, "maxpool2"), (std::vector<int64_t>{1, 192, 28, 28}));
    QCOMPARE(outputDims(g, "maxpool4"), (std::vector<int64_t>{1, 832, 7, 7}));
    // The "5x5" branch is a 3x3 conv in torchvision.
    const Node* branch3 = nodeNamed(g, "inception3a.branch3.1.conv");
    QVERIFY(branch3);
    QCOMPARE(g.value(branch3->inputs[1]).shape.dims, (std::vector<int64_t>{32, 16, 3, 3}));

    // Before opset 10 MaxPool has no ceil_mode: end padding gives the same shapes.
    auto old = importOnnxBytes(buildGoogLeNet(9).SerializeAsString(), "googlenet-9", {});
    QVERIFY2(old.ok(), old.ok() ? "" : old.error().message.c_str());
    for (const char* pool : {"maxpool1", "maxpool2", "maxpool3", "maxpool4"})
        QCOMPARE(outputDims(old->graph, pool), outputDims(g, pool));
    QCOMPARE(outputDims(old->graph, "inception5b.concat"), (std::vector<int64_t>{1, 1024, 7, 7}));
}

void TestModelZooShapes::yoloV3_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<double>("bflops"); // pjreddie.com/darknet/yolo, 2 decimals
    QTest::newRow("YOLOv3-320") << 320 << 38.97;
    QTest::newRow("YOLOv3-416") << 416 << 65.86;
    QTest::newRow("YOLOv3-608") << 608 << 140.69;
}

void TestModelZooShapes::yoloV3() {
    QFETCH(int, size);
    QFETCH(double, bflops);
    Pipeline p;
    runPipeline(buildYoloV3(13, size), p);
    if (QTest::currentTestFailed())
        return;
    const ConstantBreakdown raw = breakdown(p.raw);
    // 75 convs: Darknet-53's 52 (stem + 5 downsamples + 23 residuals x 2) and 23 in the heads;
    // all but the three 255-filter outputs are batch-normalized.
    QCOMPARE(countOp(p.raw, "Conv"), 75);
    QCOMPARE(raw.bnCount, 72);
    QCOMPARE(raw.biasFreeConvsIntoBn, 72);
    QCOMPARE(countOp(p.raw, "Add"), 23);
    QCOMPARE(countOp(p.raw, "Resize"), 2);
    QCOMPARE(countOp(p.raw, "Concat"), 2);

    // Darknet stores 4 vectors per BN like the raw graph.
    const int64_t weightsFileFloats = (248'007'048 - 20) / 4;
    QCOMPARE(weightsFileFloats, int64_t(62'001'757));
    QCOMPARE(p.rawAnalysis.totalParams() - raw.nonWeights, weightsFileFloats);
    QCOMPARE(p.rawAnalysis.totalParams() - raw.nonWeights - raw.bnStatistics, int64_t(61'949'149));
    QCOMPARE(p.analysis.totalParams() - breakdown(p.optimized).nonWeights,
             weightsFileFloats - 3 * raw.bnChannels);

    QCOMPARE(p.analysis.unknownMacLayers(), 0);
    const int64_t macs = p.analysis.totalMacs().value();
    QVERIFY2(
        withinRounding(2 * macs, bflops * 1e9, 0.01e9),
        qPrintable(
            QString("%1 MACs = %2 BFLOPs, published %3").arg(macs).arg(2e-9 * macs).arg(bflops)));
    QCOMPARE(p.rawAnalysis.totalMacs().value(), macs);
    QCOMPARE(p.analysis.crossingBytes(0, 8).value(), int64_t(3) * size * size);
    qInfo("YOLOv3-%d: analysis params %lld raw, %lld folded (non-weight constants %lld); %lld "
          "MACs; %d layers",
          size, static_cast<long long>(p.rawAnalysis.totalParams()),
          static_cast<long long>(p.analysis.totalParams()), static_cast<long long>(raw.nonWeights),
          static_cast<long long>(macs), p.analysis.layerCount());
}

void TestModelZooShapes::yoloV3Heads() {
    auto imported = importOnnxBytes(buildYoloV3().SerializeAsString(), "yolov3", {});
    QVERIFY(imported.ok());
    const Graph& g = imported->graph;
    // yolov3.cfg: heads are layers 81, 93 and 105 at strides 32, 16, 8; routes 86 = upsample
    // (256) + layer 61 (512) and 98 = upsample (128) + layer 36 (256).
    QCOMPARE(g.outputs().size(), size_t(3));
    const char* heads[3] = {"conv_81", "conv_93", "conv_105"};
    const int64_t grid[3] = {13, 26, 52};
    for (int i = 0; i < 3; ++i) {
        const Node* head = nodeNamed(g, heads[i]);
        QVERIFY(head);
        QCOMPARE(head->outputs[0], g.outputs()[static_cast<size_t>(i)]);
        QCOMPARE(g.value(head->outputs[0]).shape.dims,
                 (std::vector<int64_t>{1, 255, grid[i], grid[i]}));
        QVERIFY(head->inputs.size() == 3 && head->inputs[2] != kNone); // linear head conv with bias
    }
    QCOMPARE(outputDims(g, "shortcut_36"), (std::vector<int64_t>{1, 256, 52, 52}));
    QCOMPARE(outputDims(g, "shortcut_61"), (std::vector<int64_t>{1, 512, 26, 26}));
    QCOMPARE(outputDims(g, "shortcut_74"), (std::vector<int64_t>{1, 1024, 13, 13}));
    QCOMPARE(outputDims(g, "route_86"), (std::vector<int64_t>{1, 768, 26, 26}));
    QCOMPARE(outputDims(g, "route_98"), (std::vector<int64_t>{1, 384, 52, 52}));
    const Node* route = nodeNamed(g, "route_86");
    QVERIFY(route);
    QCOMPARE(g.node(g.value(route->inputs[1]).producer).name, std::string("shortcut_61"));
    QCOMPARE(g.node(g.value(route->inputs[0]).producer).opType, std::string("Resize"));
    for (const Node& n : g.nodes())
        if (n.opType == "LeakyRelu")
            QCOMPARE(n.attrFloat("alpha", 0.f), 0.1f);

    // Edge-Only sends the three raw heads.
    auto analysis = analyzeSplits(g);
    QVERIFY(analysis.ok());
    QCOMPARE(analysis->crossingBytes(analysis->layerCount(), 8).value(),
             int64_t(255 * (13 * 13 + 26 * 26 + 52 * 52)));
}

void TestModelZooShapes::yoloV3Tiny() {
    Pipeline p;
    runPipeline(buildYoloV3Tiny(), p);
    if (QTest::currentTestFailed())
        return;
    const ConstantBreakdown raw = breakdown(p.raw);
    // yolov3-tiny.cfg: 13 convs, 11 batch-normalized, 6 maxpools, 1 upsample, 1 two-input route.
    QCOMPARE(countOp(p.raw, "Conv"), 13);
    QCOMPARE(raw.bnCount, 11);
    QCOMPARE(raw.biasFreeConvsIntoBn, 11);
    QCOMPARE(countOp(p.raw, "MaxPool"), 6);
    QCOMPARE(countOp(p.raw, "Concat"), 1);
    const int64_t weightsFileFloats = (35'434'956 - 20) / 4;
    QCOMPARE(weightsFileFloats, int64_t(8'858'734));
    QCOMPARE(p.rawAnalysis.totalParams() - raw.nonWeights, weightsFileFloats);
    QCOMPARE(p.analysis.totalParams() - breakdown(p.optimized).nonWeights,
             weightsFileFloats - 3 * raw.bnChannels);
    const int64_t macs = p.analysis.totalMacs().value();
    QVERIFY2(withinRounding(2 * macs, 5.56e9, 0.01e9),
             qPrintable(QString("%1 MACs = %2 BFLOPs, published 5.56").arg(macs).arg(2e-9 * macs)));
    // Heads at strides 32 and 16 of a 416 input.
    QCOMPARE(p.optimized.outputs().size(), size_t(2));
    QCOMPARE(p.optimized.value(p.optimized.outputs()[0]).shape.dims,
             (std::vector<int64_t>{1, 255, 13, 13}));
    QCOMPARE(p.optimized.value(p.optimized.outputs()[1]).shape.dims,
             (std::vector<int64_t>{1, 255, 26, 26}));
}

// The builders emit the ops each opset has (Clip bounds as attributes before 11, Upsample before
// 10, no MaxPool ceil_mode before 10, initializers listed as inputs in IR 3): the architecture,
// hence the weights and MACs, must not depend on the opset.
void TestModelZooShapes::everyOpset() {
    const struct {
        const char* name;
        std::function<onnx::ModelProto(int64_t)> build;
    } models[] = {
        {"ResNet-18", [](int64_t opset) { return buildResNet18(opset, 64); }},
        {"ResNeXt50", [](int64_t opset) { return buildResNeXt50_32x4d(opset, 64); }},
        {"GoogLeNet", [](int64_t opset) { return buildGoogLeNet(opset, 64); }},
        {"MNASNet1.0", [](int64_t opset) { return buildMnasNet1_0(opset, 64); }},
        {"YOLOv3", [](int64_t opset) { return buildYoloV3(opset, 64); }},
    };
    for (const auto& m : models) {
        std::optional<int64_t> params, macs;
        for (int64_t opset : {7, 9, 10, 11, 13, 17}) {
            const std::string what = std::string(m.name) + " opset " + std::to_string(opset);
            auto imported = importOnnxBytes(m.build(opset).SerializeAsString(), what, {});
            QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
            QCOMPARE(imported->graph.opsetVersion(), opset);
            auto analysis = analyzeSplits(imported->graph);
            QVERIFY2(analysis.ok(), what.c_str());
            QVERIFY2(analysis->unknownMacLayers() == 0, what.c_str());
            const int64_t p = analysis->totalParams() - breakdown(imported->graph).nonWeights;
            if (!params) {
                params = p;
                macs = analysis->totalMacs();
            }
            QVERIFY2(p == *params, what.c_str());
            QVERIFY2(analysis->totalMacs() == macs, what.c_str());
        }
    }
}

QTEST_GUILESS_MAIN(TestModelZooShapes)
#include "test_model_zoo_shapes.moc"
