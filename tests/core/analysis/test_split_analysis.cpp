// Split analysis checked against numbers computed independently here: architecture arithmetic
// for ResNet-50, and brute-force reference implementations (crossing sets, liveness, eq. 6, Li's
// rule) that scan every (cut, value) pair the slow, obvious way.
// Long file: one QtTest suite per class under test, as Qt's own tests are organised.

#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "tests/support/model_builder.h"

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <numeric>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

// --- Brute-force reference ------------------------------------------------------------------

bool isActivation(const Value& v) {
    return !v.isConstant() && (v.producer != kNone || v.isGraphInput);
}
int producedLayer(const Value& v) {
    return v.producer == kNone ? 0 : v.producer + 1;
}

bool refCrosses(const Value& v, int n, bool outputsOnEdge) {
    if (!isActivation(v) || producedLayer(v) > n)
        return false;
    if (v.isGraphOutput && !outputsOnEdge)
        return true;
    for (NodeId c : v.consumers)
        if (c + 1 > n)
            return true;
    return false;
}

std::vector<ValueId> refCrossing(const Graph& g, int n, bool outputsOnEdge) {
    std::vector<ValueId> ids;
    for (ValueId v = 0; v < static_cast<ValueId>(g.values().size()); ++v)
        if (refCrosses(g.value(v), n, outputsOnEdge))
            ids.push_back(v);
    return ids;
}

bool refLive(const Value& v, int t) {
    if (!isActivation(v) || producedLayer(v) > t)
        return false;
    if (producedLayer(v) == t || v.isGraphOutput)
        return true;
    for (NodeId c : v.consumers)
        if (c + 1 >= t)
            return true;
    return false;
}

int64_t ceilBytes(int64_t elements, int bits) {
    return (elements * bits + 7) / 8;
}

// Bytes of a set of tensors: float activations at `bits`, graph inputs at 8 bits (the default raw
// input bits). nullopt when one size is unknown. Test models have float tensors only.
std::optional<int64_t> refBytes(const Graph& g, const std::vector<ValueId>& ids, int bits) {
    int64_t total = 0;
    for (ValueId id : ids) {
        auto e = g.value(id).shape.elementCount();
        if (!e)
            return std::nullopt;
        total += ceilBytes(*e, g.value(id).isGraphInput ? 8 : bits);
    }
    return total;
}

struct RefWorkingSet {
    std::optional<int64_t> elements;
    int64_t rawBytes = 0;
};

RefWorkingSet refWorkingSet(const Graph& g, int t) {
    RefWorkingSet ws;
    int64_t elements = 0;
    bool known = true;
    for (const Value& v : g.values()) {
        if (!refLive(v, t))
            continue;
        auto e = v.shape.elementCount();
        if (!e)
            known = false;
        else if (v.isGraphInput)
            ws.rawBytes += ceilBytes(*e, 8);
        else
            elements += *e;
    }
    if (known)
        ws.elements = elements;
    return ws;
}

bool refParametric(const Graph& g, const Node& node) {
    static const std::set<std::string> weighted = {"Conv", "ConvTranspose", "Gemm", "MatMul"};
    return weighted.count(node.opType) && node.inputs.size() > 1 &&
           g.value(node.inputs[1]).isConstant();
}

// Params of layers 1..n: every constant once, charged to its first consumer.
std::vector<int64_t> refPrefixParams(const Graph& g) {
    std::vector<int64_t> perLayer(g.nodeCount() + 1, 0);
    for (const Value& v : g.values())
        if (v.isConstant() && !v.consumers.empty())
            perLayer[static_cast<size_t>(
                         *std::min_element(v.consumers.begin(), v.consumers.end())) +
                     1] += v.initializer->elementCount();
    for (size_t n = 1; n < perLayer.size(); ++n)
        perLayer[n] += perLayer[n - 1];
    return perLayer;
}

// Eq. (6) evaluated directly: for each n, M(n, b) from scratch and the crossing bytes from scratch.
std::vector<int> refPotentialSplits(const Graph& g, int64_t limit, int bits) {
    const int layers = static_cast<int>(g.nodeCount());
    const auto raw = refBytes(g, refCrossing(g, 0, false), bits);
    const auto params = refPrefixParams(g);
    std::vector<int> result;
    for (int n = 1; n <= layers; ++n) {
        std::optional<int64_t> peak = 0;
        for (int t = 1; t <= n && peak; ++t) {
            auto ws = refWorkingSet(g, t);
            if (!ws.elements)
                peak = std::nullopt;
            else
                peak = std::max(*peak, ceilBytes(*ws.elements, bits) + ws.rawBytes);
        }
        const auto crossing = refBytes(g, refCrossing(g, n, false), bits);
        if (!peak || !crossing || !raw)
            continue;
        if (ceilBytes(params[static_cast<size_t>(n)], bits) + *peak <= limit && *crossing < *raw)
            result.push_back(n);
    }
    return result;
}

// Li's rule from its definition: the merge of a multi-tensor cut is the earliest cloud layer
// reachable from two different crossing tensors (reach sets by forward search per tensor).
LiRule refLiRule(const Graph& g, int n) {
    const int layers = static_cast<int>(g.nodeCount());
    if (n == 0)
        return LiRule::Boundary;
    if (n == layers)
        return LiRule::Candidate;
    const auto crossing = refCrossing(g, n, false);
    if (crossing.size() > 1) {
        std::vector<std::vector<bool>> reach;
        for (ValueId start : crossing) {
            std::vector<bool> reached(static_cast<size_t>(layers), false);
            std::vector<ValueId> frontier = {start};
            while (!frontier.empty()) {
                const ValueId v = frontier.back();
                frontier.pop_back();
                for (NodeId c : g.value(v).consumers) {
                    if (c + 1 <= n || reached[static_cast<size_t>(c)])
                        continue;
                    reached[static_cast<size_t>(c)] = true;
                    for (ValueId out : g.node(c).outputs)
                        frontier.push_back(out);
                }
            }
            reach.push_back(std::move(reached));
        }
        int merge = layers + 1;
        for (size_t a = 0; a < reach.size(); ++a)
            for (size_t b = a + 1; b < reach.size(); ++b)
                for (int j = n; j < layers; ++j)
                    if (reach[a][static_cast<size_t>(j)] && reach[b][static_cast<size_t>(j)]) {
                        merge = std::min(merge, j + 1);
                        break;
                    }
        if (merge <= layers) {
            const std::string& op = g.node(merge - 1).opType;
            return op == "Add" || op == "Sum" ? LiRule::AcrossShortcut : LiRule::InsideBranch;
        }
        return LiRule::InsideBranch;
    }
    bool parametricBefore = false;
    for (int i = 0; i < n; ++i)
        parametricBefore = parametricBefore || refParametric(g, g.node(i));
    if (!refParametric(g, g.node(n)) || !parametricBefore)
        return LiRule::NonParametric;
    return LiRule::Candidate;
}

int layerNamed(const SplitAnalysis& a, const std::string& name) {
    for (int i = 0; i < a.layerCount(); ++i)
        if (a.layers[static_cast<size_t>(i)].name == name)
            return i + 1;
    return -1;
}

bool crosses(const CutInfo& cut, ValueId id) {
    return std::find(cut.crossing.begin(), cut.crossing.end(), id) != cut.crossing.end();
}

std::vector<ValueId> sorted(std::vector<ValueId> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

#define IMPORT_OR_FAIL(graphVar, model)                                                            \
    auto graphVar##Imported = importOnnxBytes((model).SerializeAsString(), "test-model", {});      \
    QVERIFY2(graphVar##Imported.ok(),                                                              \
             graphVar##Imported.ok() ? "" : graphVar##Imported.error().message.c_str());           \
    const Graph& graphVar = graphVar##Imported->graph

#define ANALYZE_OR_FAIL(var, graph, ...)                                                           \
    auto var##Result = analyzeSplits(graph, ##__VA_ARGS__);                                        \
    QVERIFY2(var##Result.ok(), var##Result.ok() ? "" : var##Result.error().message.c_str());       \
    const SplitAnalysis& var = var##Result.value()

class TestSplitAnalysis : public QObject {
    Q_OBJECT

private slots:
    void resnet50Numbers();
    void resnet50Cuts();
    void crossingMatchesBruteForce_data();
    void crossingMatchesBruteForce();
    void workingSetMatchesBruteForce_data();
    void workingSetMatchesBruteForce();
    void potentialSplitsMatchEquation6_data();
    void potentialSplitsMatchEquation6();
    void liRuleMatchesDefinition_data();
    void liRuleMatchesDefinition();
    void inceptionBranches();
    void yoloRoutesAndHeads();
    void macFormulas();
    void sharedWeightCountedOnce();
    void integerTensorsKeepTheirSize();
    void rawInputBits();
    void unknownOpContinues();
    void dynamicInputIsUnknownNotZero();
    void progressAndCancellation();
    void rejectsUnfinalizedGraph();
    void resnet50IsFast();
    void longChainIsLinear();
};

// ResNet-50 architecture arithmetic (torchvision layout), independent of the graph.
struct ResNet50Counts {
    int64_t convAndFcParams = 0;
    int64_t bnChannels = 0;
    int64_t macs = 0;
};

static ResNet50Counts resNet50Counts() {
    ResNet50Counts c;
    auto conv = [&](int64_t cin, int64_t cout, int64_t k, int64_t outSize) {
        c.convAndFcParams += cout * cin * k * k;
        c.macs += outSize * outSize * cout * cin * k * k;
        c.bnChannels += cout;
    };
    conv(3, 64, 7, 112);
    int64_t in = 64, size = 56;
    const int blocks[4] = {3, 4, 6, 3};
    const int64_t widths[4] = {64, 128, 256, 512};
    for (int s = 0; s < 4; ++s)
        for (int b = 0; b < blocks[s]; ++b) {
            const int64_t w = widths[s];
            const int64_t outSize = (b == 0 && s > 0) ? size / 2 : size;
            conv(in, w, 1, size);
            conv(w, w, 3, outSize);
            conv(w, 4 * w, 1, outSize);
            if (b == 0)
                conv(in, 4 * w, 1, outSize);
            in = 4 * w;
            size = outSize;
        }
    c.convAndFcParams += 2048 * 1000 + 1000;
    c.macs += 2048 * 1000;
    return c;
}

void TestSplitAnalysis::resnet50Numbers() {
    IMPORT_OR_FAIL(g, buildResNet50());
    ANALYZE_OR_FAIL(a, g);
    const ResNet50Counts expected = resNet50Counts();

    // torchvision counts BN's weight and bias (2 vectors); the raw graph also stores the running
    // mean and variance, so before folding the graph holds 2 more vectors per BN.
    QCOMPARE(expected.convAndFcParams + 2 * expected.bnChannels, int64_t(25'557'032));
    QCOMPARE(a.totalParams(), expected.convAndFcParams + 4 * expected.bnChannels);
    QCOMPARE(a.prefixWeightBytes.back(), 4 * a.totalParams());

    QCOMPARE(a.rawInputBytes, int64_t(150'528));
    QVERIFY(a.rawInputSizeKnown);
    QCOMPARE(a.crossingBytes(0, 4).value(), int64_t(150'528)); // raw input ignores the bit-width

    const int conv1 = layerNamed(a, "conv1");
    QVERIFY(conv1 > 0);
    QCOMPARE(a.layers[static_cast<size_t>(conv1 - 1)].macs.value(),
             int64_t(112 * 112 * 64 * 3 * 7 * 7));
    QCOMPARE(a.layers[static_cast<size_t>(conv1 - 1)].macs.value(), int64_t(118'013'952));
    QVERIFY(a.layers[static_cast<size_t>(conv1 - 1)].parametric);

    QCOMPARE(a.totalMacs().value(), expected.macs);
    QVERIFY(expected.macs > 4'080'000'000 && expected.macs < 4'120'000'000);
    QCOMPARE(a.unknownMacLayers(), 0);
    QVERIFY(a.warnings.empty());

    for (const LayerInfo& l : a.layers) {
        const bool mac = l.opType == "Conv" || l.opType == "Gemm";
        QCOMPARE(l.parametric, mac);
        if (!mac)
            QCOMPARE(l.macs.value(), int64_t(0));
    }

    // The last bottleneck output (input of the global pool) is 2048x7x7.
    int pool = -1;
    for (int i = 0; i < a.layerCount(); ++i)
        if (a.layers[static_cast<size_t>(i)].opType == "GlobalAveragePool")
            pool = i + 1;
    QVERIFY(pool > 1);
    const LayerInfo& last = a.layers[static_cast<size_t>(pool - 2)];
    QCOMPARE(last.outputElements.value(), int64_t(2048 * 7 * 7));
    QCOMPARE(last.outputElements.value(), int64_t(100'352));
    QCOMPARE(a.cuts[static_cast<size_t>(pool - 1)].crossing.size(), size_t(1));
    QCOMPARE(a.crossingBytes(pool - 1, 8).value(), int64_t(100'352));
    QCOMPARE(a.crossingBytes(pool - 1, 4).value(), int64_t(50'176));
    QCOMPARE(a.crossingBytes(pool - 1, 3).value(), int64_t((100'352 * 3 + 7) / 8));
    // Edge-Only sends the 1000 logits.
    QCOMPARE(a.crossingBytes(a.layerCount(), 8).value(), int64_t(1000));
}

void TestSplitAnalysis::resnet50Cuts() {
    IMPORT_OR_FAIL(g, buildResNet50());
    ANALYZE_OR_FAIL(a, g);

    // Inside an identity block: after its first conv, the block input (shortcut) crosses too.
    const int innerConv = layerNamed(a, "layer1.1.conv1");
    QVERIFY(innerConv > 0);
    const CutInfo& inner = a.cuts[static_cast<size_t>(innerConv)];
    QCOMPARE(inner.crossing.size(), size_t(2));
    const ValueId blockInput = g.node(innerConv - 1).inputs[0];
    QVERIFY(crosses(inner, blockInput));
    QVERIFY(crosses(inner, g.node(innerConv - 1).outputs[0]));
    QCOMPARE(inner.li, LiRule::AcrossShortcut);
    QVERIFY(inner.liReason.find("layer1.1.add") != std::string::npos);
    QCOMPARE(a.crossingBytes(innerConv, 8).value(), int64_t(256 * 56 * 56 + 64 * 56 * 56));
    QCOMPARE(a.crossingBytes(innerConv, 4).value(), int64_t((256 * 56 * 56 + 64 * 56 * 56) / 2));

    // Inside a projection block the shortcut goes through the downsample conv: still a shortcut.
    const int projConv = layerNamed(a, "layer2.0.conv2");
    QVERIFY(projConv > 0);
    QCOMPARE(a.cuts[static_cast<size_t>(projConv)].crossing.size(), size_t(2));
    QCOMPARE(a.cuts[static_cast<size_t>(projConv)].li, LiRule::AcrossShortcut);

    // At the end of a block (after the relu that follows the add) one tensor crosses.
    const int add = layerNamed(a, "layer1.1.add");
    QVERIFY(add > 0);
    const int blockEnd = add + 1;
    QCOMPARE(a.layers[static_cast<size_t>(blockEnd - 1)].opType, std::string("Relu"));
    QCOMPARE(a.cuts[static_cast<size_t>(blockEnd)].crossing.size(), size_t(1));
    QCOMPARE(a.cuts[static_cast<size_t>(blockEnd)].li, LiRule::Candidate);
    QCOMPARE(a.crossingBytes(blockEnd, 8).value(), int64_t(256 * 56 * 56));
    // After the add but before its relu: one tensor, but the relu still belongs to the group.
    QCOMPARE(a.cuts[static_cast<size_t>(add)].crossing.size(), size_t(1));
    QCOMPARE(a.cuts[static_cast<size_t>(add)].li, LiRule::NonParametric);

    // Stem: after conv1 the BN follows, so the cut is merged (non-parametric).
    const int conv1 = layerNamed(a, "conv1");
    QCOMPARE(a.cuts[static_cast<size_t>(conv1)].crossing.size(), size_t(1));
    QCOMPARE(a.cuts[static_cast<size_t>(conv1)].li, LiRule::NonParametric);
    QCOMPARE(a.cuts[0].li, LiRule::Boundary);
    QCOMPARE(a.cuts[0].crossing, std::vector<ValueId>{g.inputs()[0]});
}

static void modelRows() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("outputsOnEdge");
    for (const char* m : {"chain", "residual", "inception", "resnet50", "yolo"}) {
        QTest::newRow((std::string(m) + "/sent").c_str()) << QString::fromLatin1(m) << false;
        QTest::newRow((std::string(m) + "/edge").c_str()) << QString::fromLatin1(m) << true;
    }
}

static onnx::ModelProto modelByName(const QString& name) {
    if (name == QLatin1String("chain"))
        return buildChain(6);
    if (name == QLatin1String("residual"))
        return buildResidualBlock();
    if (name == QLatin1String("inception"))
        return buildInception();
    if (name == QLatin1String("resnet50"))
        return buildResNet50(13, 64); // smaller image: the brute force is O(cuts x values x layers)
    return buildYoloV3Tiny(13, 128);
}

void TestSplitAnalysis::crossingMatchesBruteForce_data() {
    modelRows();
}

void TestSplitAnalysis::crossingMatchesBruteForce() {
    QFETCH(QString, model);
    QFETCH(bool, outputsOnEdge);
    IMPORT_OR_FAIL(g, modelByName(model));
    AnalysisOptions options;
    options.outputsConsumedOnEdge = outputsOnEdge;
    ANALYZE_OR_FAIL(a, g, options);
    QCOMPARE(a.cuts.size(), g.nodeCount() + 1);
    for (int n = 0; n <= a.layerCount(); ++n) {
        const CutInfo& cut = a.cuts[static_cast<size_t>(n)];
        QCOMPARE(cut.n, n);
        const auto expected = refCrossing(g, n, outputsOnEdge);
        QCOMPARE(sorted(cut.crossing), expected);
        QVERIFY(cut.sizeKnown);
        for (int bits : {2, 4, 8}) {
            const auto bytes = refBytes(g, expected, bits);
            QCOMPARE(a.crossingBytes(n, bits), bytes);
        }
    }
}

void TestSplitAnalysis::workingSetMatchesBruteForce_data() {
    modelRows();
}

void TestSplitAnalysis::workingSetMatchesBruteForce() {
    QFETCH(QString, model);
    QFETCH(bool, outputsOnEdge);
    IMPORT_OR_FAIL(g, modelByName(model));
    AnalysisOptions options;
    options.outputsConsumedOnEdge = outputsOnEdge;
    ANALYZE_OR_FAIL(a, g, options);
    QCOMPARE(a.workingSetElements.size(), g.nodeCount());
    for (int t = 1; t <= a.layerCount(); ++t) {
        const RefWorkingSet ws = refWorkingSet(g, t);
        QCOMPARE(a.workingSetElements[static_cast<size_t>(t - 1)], ws.elements);
        QCOMPARE(a.workingSetRawBytes[static_cast<size_t>(t - 1)], ws.rawBytes);
    }
    const auto params = refPrefixParams(g);
    for (int bits : {2, 4, 8}) {
        const auto profile = a.edgeMemoryProfile(bits);
        int64_t peak = 0;
        for (int n = 0; n <= a.layerCount(); ++n) {
            if (n > 0) {
                const RefWorkingSet ws = refWorkingSet(g, n);
                peak = std::max(peak, ceilBytes(*ws.elements, bits) + ws.rawBytes);
            }
            QCOMPARE(a.peakWorkingSetBytes(n, bits).value(), peak);
            QCOMPARE(a.edgeWeightBytes(n, bits), ceilBytes(params[static_cast<size_t>(n)], bits));
            QCOMPARE(a.edgeMemoryBytes(n, bits).value(),
                     ceilBytes(params[static_cast<size_t>(n)], bits) + peak);
            QCOMPARE(profile[static_cast<size_t>(n)], a.edgeMemoryBytes(n, bits));
        }
    }
}

void TestSplitAnalysis::potentialSplitsMatchEquation6_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<int>("bits");
    for (int bits : {2, 4, 8}) {
        for (qint64 limit :
             {qint64(64) << 10, qint64(1) << 20, qint64(4) << 20, qint64(32) << 20}) {
            for (const char* m : {"residual", "inception", "resnet50", "yolo"}) {
                const std::string row =
                    std::string(m) + "/" + std::to_string(limit) + "/" + std::to_string(bits);
                QTest::newRow(row.c_str()) << QString::fromLatin1(m) << limit << bits;
            }
        }
    }
}

void TestSplitAnalysis::potentialSplitsMatchEquation6() {
    QFETCH(QString, model);
    QFETCH(qint64, limit);
    QFETCH(int, bits);
    IMPORT_OR_FAIL(g, modelByName(model));
    ANALYZE_OR_FAIL(a, g);
    QCOMPARE(a.potentialSplits(limit, bits), refPotentialSplits(g, limit, bits));
}

void TestSplitAnalysis::liRuleMatchesDefinition_data() {
    QTest::addColumn<QString>("model");
    for (const char* m : {"chain", "residual", "inception", "resnet50", "yolo"})
        QTest::newRow(m) << QString::fromLatin1(m);
}

void TestSplitAnalysis::liRuleMatchesDefinition() {
    QFETCH(QString, model);
    IMPORT_OR_FAIL(g, modelByName(model));
    ANALYZE_OR_FAIL(a, g);
    std::vector<int> candidates;
    for (int n = 0; n <= a.layerCount(); ++n) {
        const LiRule expected = refLiRule(g, n);
        if (a.cuts[static_cast<size_t>(n)].li != expected)
            qWarning("cut %d: %s", n, a.cuts[static_cast<size_t>(n)].liReason.c_str());
        QCOMPARE(a.cuts[static_cast<size_t>(n)].li, expected);
        QVERIFY(!a.cuts[static_cast<size_t>(n)].liReason.empty());
        if (expected == LiRule::Candidate)
            candidates.push_back(n);
    }
    QCOMPARE(a.liCandidates(), candidates);
}

void TestSplitAnalysis::inceptionBranches() {
    IMPORT_OR_FAIL(g, buildInception());
    ANALYZE_OR_FAIL(a, g);
    const int stem = layerNamed(a, "stem");
    const int concat = layerNamed(a, "inception_concat");
    QVERIFY(stem > 0 && concat > stem);
    const int stemRelu = stem + 1;
    QCOMPARE(a.layers[static_cast<size_t>(stemRelu - 1)].opType, std::string("Relu"));
    QCOMPARE(a.cuts[static_cast<size_t>(stemRelu)].crossing.size(), size_t(1));
    QCOMPARE(a.cuts[static_cast<size_t>(stemRelu)].li, LiRule::Candidate);
    for (int n = stemRelu + 1; n < concat; ++n) {
        QVERIFY2(a.cuts[static_cast<size_t>(n)].crossing.size() >= 2, std::to_string(n).c_str());
        QCOMPARE(a.cuts[static_cast<size_t>(n)].li, LiRule::InsideBranch);
        QVERIFY(a.cuts[static_cast<size_t>(n)].liReason.find("inception_concat") !=
                std::string::npos);
    }
    // After the first branch finishes, its output and the stem output (still read by the other
    // branches) cross: 32x32x32 stem + 8x32x32 branch.
    const int branch1Relu = layerNamed(a, "branch1x1") + 1;
    QCOMPARE(a.crossingBytes(branch1Relu, 8).value(), int64_t(32 * 32 * 32 + 8 * 32 * 32));
    QCOMPARE(a.cuts[static_cast<size_t>(concat)].crossing.size(), size_t(1));
    QCOMPARE(a.crossingBytes(concat, 8).value(), int64_t((8 + 12 + 6 + 6) * 32 * 32));
    QCOMPARE(a.cuts[static_cast<size_t>(concat)].li, LiRule::Candidate);
}

void TestSplitAnalysis::yoloRoutesAndHeads() {
    IMPORT_OR_FAIL(g, buildYoloV3Tiny());
    for (bool outputsOnEdge : {false, true}) {
        AnalysisOptions options;
        options.outputsConsumedOnEdge = outputsOnEdge;
        ANALYZE_OR_FAIL(a, g, options);
        const int concat = layerNamed(a, "route_concat");
        QVERIFY(concat > 0);
        const ValueId route8 = g.node(concat - 1).inputs[1];
        const int route8Layer = g.value(route8).producer + 1;
        QCOMPARE(g.value(route8).shape.toString(), std::string("1x256x26x26"));
        for (int n = 0; n <= a.layerCount(); ++n)
            QCOMPARE(crosses(a.cuts[static_cast<size_t>(n)], route8),
                     n >= route8Layer && n < concat);

        const int head1 = layerNamed(a, "head1");
        QVERIFY(head1 > 0 && head1 < concat);
        const ValueId head1Out = g.node(head1 - 1).outputs[0];
        QVERIFY(g.value(head1Out).isGraphOutput);
        for (int n = 0; n <= a.layerCount(); ++n)
            QCOMPARE(crosses(a.cuts[static_cast<size_t>(n)], head1Out),
                     !outputsOnEdge && n >= head1);

        const CutInfo& last = a.cuts.back();
        QCOMPARE(last.crossing.size(), outputsOnEdge ? size_t(0) : size_t(2));
        QCOMPARE(a.crossingBytes(a.layerCount(), 8).value(),
                 outputsOnEdge ? int64_t(0) : int64_t(255 * 13 * 13 + 255 * 26 * 26));
        // head1 is held to the end of the edge part in both cases.
        QVERIFY(a.workingSetElements.back().value() >= 255 * 13 * 13 + 255 * 26 * 26);
    }
}

void TestSplitAnalysis::macFormulas() {
    ModelBuilder b(13);
    // 1D conv, grouped: N*Cout*Lout*(Cin/g)*K
    std::string x1 = b.input("x1", {2, 8, 50});
    std::string w1 = b.weight("w1", {12, 4, 5});
    auto c1 = b.node("Conv", {x1, w1}, 1, {{2, 12, 46}}, "conv1d")[0];
    b.setAttr(b.lastNode(), "group", int64_t(2));
    b.output(c1);
    // 3D conv with stride: output 1x6x4x4x4
    std::string x3 = b.input("x3", {1, 3, 8, 8, 8});
    std::string w3 = b.weight("w3", {6, 3, 3, 3, 3});
    auto c3 = b.node("Conv", {x3, w3}, 1, {{1, 6, 4, 4, 4}}, "conv3d")[0];
    b.setAttr(b.lastNode(), "strides", Dims{2, 2, 2});
    b.setAttr(b.lastNode(), "pads", Dims{1, 1, 1, 1, 1, 1});
    b.output(c3);
    // depthwise 2D conv
    std::string xd = b.input("xd", {1, 16, 10, 10});
    auto cd = b.conv(xd, 16, 3, 1, 1, 16, true, 1, "depthwise");
    b.output(cd);
    // ConvTranspose: N*Hin*Win*Cin*(Cout/g)*Kh*Kw
    std::string xt = b.input("xt", {1, 4, 5, 5});
    std::string wt = b.weight("wt", {4, 3, 3, 3});
    auto ct = b.node("ConvTranspose", {xt, wt}, 1, {{1, 3, 11, 11}}, "deconv")[0];
    b.setAttr(b.lastNode(), "strides", Dims{2, 2});
    b.output(ct);
    // Gemm with transposed A and B: A^T is 7x9, B^T is 9x11
    std::string ga = b.input("ga", {9, 7});
    std::string gb = b.weight("gb", {11, 9});
    auto gm = b.node("Gemm", {ga, gb}, 1, {{7, 11}}, "gemm")[0];
    b.setAttr(b.lastNode(), "transA", int64_t(1));
    b.setAttr(b.lastNode(), "transB", int64_t(1));
    b.output(gm);
    // MatMul with broadcast batch dims: [2,1,3,4,5] x [3,5,6] -> [2,1,3,4,6]... batch (2,1,3) vs
    // (3)
    std::string ma = b.input("ma", {2, 1, 3, 4, 5});
    std::string mb = b.input("mb", {3, 5, 6});
    auto mm = b.node("MatMul", {ma, mb}, 1, {{2, 1, 3, 4, 6}}, "matmul_bcast")[0];
    b.output(mm);
    // MatMul with a 1-D right operand: [4,5] x [5] -> [4]
    std::string va = b.input("va", {4, 5});
    std::string vb = b.weight("vb", {5});
    auto mv = b.node("MatMul", {va, vb}, 1, {{4}}, "matvec")[0];
    b.output(mv);
    IMPORT_OR_FAIL(g, b.model());
    ANALYZE_OR_FAIL(a, g);
    QVERIFY2(a.warnings.empty(), a.warnings.empty() ? "" : a.warnings.front().c_str());
    auto macs = [&](const char* name) {
        const int l = layerNamed(a, name);
        return l > 0 ? a.layers[static_cast<size_t>(l - 1)].macs.value_or(-1) : int64_t(-2);
    };
    QCOMPARE(macs("conv1d"), int64_t(2 * 12 * 46 * (8 / 2) * 5));
    QCOMPARE(macs("conv3d"), int64_t(1 * 6 * 4 * 4 * 4 * 3 * 3 * 3 * 3));
    QCOMPARE(macs("depthwise"), int64_t(1 * 16 * 10 * 10 * 1 * 3 * 3));
    QCOMPARE(macs("deconv"), int64_t(1 * 5 * 5 * 4 * 3 * 3 * 3));
    QCOMPARE(macs("gemm"), int64_t(7 * 11 * 9));
    QCOMPARE(macs("matmul_bcast"), int64_t(2 * 1 * 3 * 4 * 6 * 5));
    QCOMPARE(macs("matvec"), int64_t(4 * 5));
    QVERIFY(a.layers[static_cast<size_t>(layerNamed(a, "gemm") - 1)].parametric);
    QVERIFY(!a.layers[static_cast<size_t>(layerNamed(a, "matmul_bcast") - 1)].parametric);
    QVERIFY(a.layers[static_cast<size_t>(layerNamed(a, "matvec") - 1)].parametric);
    const LayerInfo& depthwise = a.layers[static_cast<size_t>(layerNamed(a, "depthwise") - 1)];
    QCOMPARE(depthwise.params, int64_t(16 * 1 * 3 * 3 + 16));
    QCOMPARE(depthwise.weightBytes, int64_t(4 * (16 * 9 + 16)));
    QCOMPARE(depthwise.outputElements.value(), int64_t(16 * 10 * 10));
    QCOMPARE(depthwise.outputShape.toString(), std::string("1x16x10x10"));
}

void TestSplitAnalysis::sharedWeightCountedOnce() {
    ModelBuilder b(13);
    std::string x = b.input("x", {1, 16});
    std::string w = b.weight("shared", {16, 16});
    auto y = b.node("MatMul", {x, w}, 1, {}, "first")[0];
    auto z = b.node("MatMul", {y, w}, 1, {{1, 16}}, "second")[0];
    b.output(z);
    IMPORT_OR_FAIL(g, b.model());
    ANALYZE_OR_FAIL(a, g);
    QCOMPARE(a.layers[0].params, int64_t(256));
    QCOMPARE(a.layers[1].params, int64_t(0));
    QCOMPARE(a.totalParams(), int64_t(256));
    QVERIFY(a.layers[1].parametric);
    QCOMPARE(a.edgeWeightBytes(2, 8), int64_t(256));
}

void TestSplitAnalysis::integerTensorsKeepTheirSize() {
    ModelBuilder b(13);
    std::string x = b.input("x", {1, 3, 8, 8});
    std::string c = b.conv(x, 5, 3);
    auto arg = b.node("ArgMax", {c}, 1, {{1, 1, 8, 8}}, "argmax")[0];
    b.setAttr(b.lastNode(), "axis", int64_t(1));
    b.output(arg);
    b.model()
        .mutable_graph()
        ->mutable_output(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->set_elem_type(onnx::TensorProto::INT64);
    IMPORT_OR_FAIL(g, b.model());
    ANALYZE_OR_FAIL(a, g);
    const int n = a.layerCount();
    QCOMPARE(a.cuts[static_cast<size_t>(n)].crossing.size(), size_t(1));
    // int64 indices are sent as they are, whatever the activation bit-width
    QCOMPARE(a.crossingBytes(n, 4).value(), int64_t(64 * 8));
    QCOMPARE(a.crossingBytes(n, 8).value(), int64_t(64 * 8));
    QCOMPARE(a.cuts[static_cast<size_t>(n)].fixedActivationBytes, int64_t(64 * 8));
    QCOMPARE(a.cuts[static_cast<size_t>(n)].activationElements, int64_t(0));
    // the float conv output is quantized
    QCOMPARE(a.crossingBytes(1, 4).value(), int64_t(5 * 64 / 2));
    QCOMPARE(a.cuts[1].activationElements, int64_t(5 * 64));
}

void TestSplitAnalysis::rawInputBits() {
    IMPORT_OR_FAIL(g, buildResidualBlock());
    AnalysisOptions options;
    options.rawInputBits = 32;
    ANALYZE_OR_FAIL(a, g, options);
    QCOMPARE(a.rawInputBytes, int64_t(3 * 32 * 32 * 4));
    QCOMPARE(a.crossingBytes(0, 2).value(), int64_t(3 * 32 * 32 * 4));
    options.rawInputBits = 0;
    auto bad = analyzeSplits(g, options);
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.find("raw input bits") != std::string::npos);
    QVERIFY(!a.crossingBytes(0, 0));
    QVERIFY(!a.crossingBytes(a.layerCount() + 1, 8));
}

void TestSplitAnalysis::unknownOpContinues() {
    ModelBuilder b(13);
    auto* domain = b.model().add_opset_import();
    domain->set_domain("com.example.custom");
    domain->set_version(1);
    std::string x = b.input("x", {1, 3, 16, 16});
    std::string c = b.relu(b.conv(x, 8, 3, 1, -1, 1, true, 1, "known_conv"), "known_relu");
    auto custom = b.node("MysteryOp", {c}, 1, {}, "mystery", "com.example.custom")[0];
    auto after =
        b.node("Conv", {custom, b.weight("after.weight", {4, 8, 3, 3})}, 1, {}, "after_conv")[0];
    b.setAttr(b.lastNode(), "kernel_shape", Dims{3, 3});
    auto out = b.node("Relu", {after}, 1, {{1, 4, 14, 14}}, "after_relu")[0];
    b.output(out);
    IMPORT_OR_FAIL(g, b.model());
    ANALYZE_OR_FAIL(a, g);

    bool named = false;
    for (const auto& w : a.warnings)
        named = named || (w.find("MysteryOp") != std::string::npos &&
                          w.find("com.example.custom") != std::string::npos);
    QVERIFY2(named, "no warning names the unknown op");

    const int knownConv = layerNamed(a, "known_conv");
    const int mystery = layerNamed(a, "mystery");
    const int afterConv = layerNamed(a, "after_conv");
    QCOMPARE(a.layers[static_cast<size_t>(knownConv - 1)].macs.value(),
             int64_t(8 * 16 * 16 * 3 * 9));
    QVERIFY(!a.layers[static_cast<size_t>(mystery - 1)].knownOp);
    QVERIFY(!a.layers[static_cast<size_t>(mystery - 1)].macs);
    QVERIFY(!a.layers[static_cast<size_t>(afterConv - 1)].macs); // its input shape is unknown
    QVERIFY(!a.totalMacs());
    QCOMPARE(a.knownMacs(), int64_t(8 * 16 * 16 * 3 * 9));
    QCOMPARE(a.unknownMacLayers(), 2);

    // Cuts before the unknown op are known; cuts crossing its output are unknown, never 0.
    QCOMPARE(a.crossingBytes(mystery - 1, 8).value(), int64_t(8 * 16 * 16));
    QVERIFY(!a.cuts[static_cast<size_t>(mystery)].sizeKnown);
    QVERIFY(!a.crossingBytes(mystery, 8));
    QVERIFY(!a.crossingBytes(afterConv, 4));
    QVERIFY(a.crossingBytes(a.layerCount(), 8).has_value()); // the declared output shape
    QVERIFY(!a.peakWorkingSetBytes(mystery, 8));
    QVERIFY(a.peakWorkingSetBytes(mystery - 1, 8).has_value());
    for (int n : a.potentialSplits(int64_t(1) << 40, 2))
        QVERIFY(n < mystery);
}

void TestSplitAnalysis::dynamicInputIsUnknownNotZero() {
    ModelBuilder b(13);
    std::string x = b.dynamicInput("x", {1, 3, -1, -1});
    auto c = b.node("Relu", {x}, 1, {}, "relu")[0];
    b.output(c);
    // the 1.12 checker wants a shape on outputs: give the symbolic one
    auto* shape = b.model()
                      .mutable_graph()
                      ->mutable_output(0)
                      ->mutable_type()
                      ->mutable_tensor_type()
                      ->mutable_shape();
    for (const char* d : {"n", "c", "h", "w"})
        shape->add_dim()->set_dim_param(d);
    IMPORT_OR_FAIL(g, b.model());
    ANALYZE_OR_FAIL(a, g);
    QVERIFY(!a.rawInputSizeKnown);
    QVERIFY(!a.crossingBytes(0, 8));
    QVERIFY(!a.cuts[0].sizeKnown);
    QVERIFY(a.potentialSplits(int64_t(1) << 40, 2).empty());
    bool named = false;
    for (const auto& w : a.warnings)
        named = named || w.find("graph input 'x'") != std::string::npos;
    QVERIFY(named);
}

void TestSplitAnalysis::progressAndCancellation() {
    IMPORT_OR_FAIL(g, buildResNet50(13, 64));
    std::vector<double> fractions;
    ANALYZE_OR_FAIL(a, g, {}, [&](double f, std::string_view) { fractions.push_back(f); });
    QVERIFY(a.layerCount() > 0);
    QVERIFY(fractions.size() >= 3);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);

    CancellationToken cancel;
    cancel.cancel();
    auto cancelled = analyzeSplits(g, {}, {}, cancel);
    QVERIFY(!cancelled.ok());
    QVERIFY(cancelled.error().message.find("cancelled") != std::string::npos);
}

void TestSplitAnalysis::rejectsUnfinalizedGraph() {
    Graph g;
    const ValueId x = g.addValue("x", DataType::Float, TensorShape::of({1, 4}));
    g.addInput(x);
    const ValueId y = g.addValue("y", DataType::Float, TensorShape::of({1, 4}));
    const ValueId z = g.addValue("z", DataType::Float, TensorShape::of({1, 4}));
    // consumer before producer: not topologically sorted
    g.addNode(Node{"second", "Relu", "", {y}, {z}, {}, {}, {}});
    g.addNode(Node{"first", "Relu", "", {x}, {y}, {}, {}, {}});
    g.addOutput(z);
    auto unsorted = analyzeSplits(g);
    QVERIFY(!unsorted.ok());
    QVERIFY(unsorted.error().message.find("second") != std::string::npos);
    QVERIFY(g.finalize().ok());
    ANALYZE_OR_FAIL(a, g);
    QCOMPARE(a.layerCount(), 2);
    QCOMPARE(a.layers[0].name, std::string("first"));
}

void TestSplitAnalysis::resnet50IsFast() {
    IMPORT_OR_FAIL(g, buildResNet50());
    QElapsedTimer timer;
    timer.start();
    constexpr int runs = 10;
    for (int i = 0; i < runs; ++i) {
        auto a = analyzeSplits(g);
        QVERIFY(a.ok());
        QVERIFY(!a->potentialSplits(4 << 20, 2).empty());
    }
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6 / runs;
    qInfo("ResNet-50 analysis + potential splits: %.2f ms per run (%zu layers)", ms, g.nodeCount());
    QVERIFY2(ms < 50.0,
             std::to_string(ms).c_str()); // a few ms expected; generous for a busy machine
}

// A chain built directly in the IR (no ONNX import): 5,000 Conv layers, and the same chain with
// the graph input also read by the last layer (a skip across every cut).
static Graph chainGraph(int layers, bool skip) {
    Graph g;
    ValueId x = g.addValue("input", DataType::Float, TensorShape::of({1, 4, 8, 8}));
    g.addInput(x);
    const ValueId input = x;
    for (int i = 0; i < layers; ++i) {
        const ValueId w =
            g.addConstant("w" + std::to_string(i),
                          Tensor::fromFloats({4, 4, 1, 1}, std::vector<float>(16, 0.5f)));
        const ValueId y =
            g.addValue("y" + std::to_string(i), DataType::Float, TensorShape::of({1, 4, 8, 8}));
        Node node{"conv" + std::to_string(i), "Conv", "", {x, w}, {y}, {}, {}, {}};
        g.addNode(std::move(node));
        x = y;
    }
    if (skip) {
        const ValueId y = g.addValue("sum", DataType::Float, TensorShape::of({1, 4, 8, 8}));
        g.addNode(Node{"skip_add", "Add", "", {x, input}, {y}, {}, {}, {}});
        x = y;
    }
    g.addOutput(x);
    g.opsetImports[""] = 13;
    if (!g.finalize())
        qFatal("chain graph does not finalize");
    return g;
}

void TestSplitAnalysis::longChainIsLinear() {
    for (bool skip : {false, true}) {
        const Graph g = chainGraph(5000, skip);
        QElapsedTimer timer;
        timer.start();
        ANALYZE_OR_FAIL(a, g);
        const auto splits = a.potentialSplits(int64_t(1) << 30, 4);
        const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        qInfo("5,000-layer chain%s: %.2f ms", skip ? " with a skip over every cut" : "", ms);
        QVERIFY2(ms < 500.0, std::to_string(ms).c_str());
        QCOMPARE(a.layerCount(), skip ? 5001 : 5000);
        for (int n = 1; n < 5000; ++n) {
            QCOMPARE(a.cuts[static_cast<size_t>(n)].crossing.size(), skip ? size_t(2) : size_t(1));
            QCOMPARE(a.cuts[static_cast<size_t>(n)].li,
                     skip ? LiRule::AcrossShortcut : LiRule::Candidate);
        }
        QCOMPARE(a.layers[0].macs.value(), int64_t(4 * 64 * 4));
        QCOMPARE(a.totalParams(), int64_t(16 * 5000));
        // 256 float elements at 4 bits = 128 bytes < 256 raw bytes; with the skip the raw input
        // crosses too (384 bytes), except after the final add
        QCOMPARE(
            splits, skip ? std::vector<int>{5001} : [] {
                std::vector<int> all(5000);
                std::iota(all.begin(), all.end(), 1);
                return all;
            }());
    }
}

QTEST_GUILESS_MAIN(TestSplitAnalysis)
#include "test_split_analysis.moc"
