// Every baseline of DESIGN.md's table on hand-built graphs, each answer recomputed here from its
// own definition with the reference cost of solve_test_support.h: Cloud-Only, Edge-Only U8, U8
// (eq. 6 at 8 bits, uniform 8-bit), Neurosurgeon (its chain belief, then its true cost: a
// residual graph where the belief is wrong), DADS/QDMP / QDMP_E / QDMP_E + U4 (brute force over
// every edge set closed under producers; a graph whose optimum is not a prefix), Li et al.
// (fastest and most private over the candidate-rule cuts).

#include "tests/core/solve/solve_test_support.h"

#include "core/solve/assignment_cost.h"
#include "core/solve/baselines.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <limits>

using namespace autosplit;
using namespace autosplit::testing;
using namespace solvetest;

namespace {

// TestLatency plus a fixed cost per cloud layer (a kernel launch), so cheap layers are better on
// the edge: min-cut optima need not be prefixes then.
class CloudOverheadLatency : public TestLatency {
public:
    CloudOverheadLatency(const SplitAnalysis& a, double overhead)
        : TestLatency(a), m_overhead(overhead) {}
    double cloudLayerSeconds(int layer) const override {
        return TestLatency::cloudLayerSeconds(layer) + m_overhead;
    }

private:
    double m_overhead;
};

onnx::ModelProto bottleneckResidual() {
    // stem -> squeeze (1 channel) -> expand -> add(stem, expand) -> heavy conv -> classifier.
    // Cutting after the squeeze looks cheap to a chain model: only 1 channel leaves... but the
    // stem's 16 channels cross too, for the add.
    ModelBuilder b;
    std::string x = b.input("image", {1, 3, 64, 64});
    std::string stem = b.relu(b.conv(x, 16, 3, 2, -1, 1, true, 1, "stem"));
    std::string squeeze = b.relu(b.conv(stem, 1, 1, 1, -1, 1, true, 1, "squeeze"));
    std::string expand = b.conv(squeeze, 16, 1, 1, -1, 1, true, 1, "expand");
    std::string sum = b.relu(b.add(stem, expand, "add"));
    std::string heavy = b.relu(b.conv(sum, 64, 3, 1, -1, 1, true, 1, "heavy"));
    b.output(b.gemm(b.flatten(b.globalAveragePool(heavy)), 10));
    return b.model();
}

onnx::ModelProto sideBranch() {
    // 1 a conv too heavy for the edge (slower there than sending the image), 2 its pooling, 3 a
    // 1x1 conv; 4 pooling of the image, 5 a 1x1 conv on it; 6 add. With a launch cost per cloud
    // layer, the best partition runs 4 and 5 on the edge: not a prefix of 1..6.
    ModelBuilder b;
    std::string x = b.input("image", {1, 3, 32, 32});
    std::string a = b.conv(x, 256, 7, 1, -1, 1, true, 1, "heavy");
    std::string ga =
        b.conv(b.globalAveragePool(a, "heavy_pool"), 8, 1, 1, -1, 1, true, 1, "squeeze");
    std::string c = b.globalAveragePool(x, "image_pool");
    std::string d = b.conv(c, 8, 1, 1, -1, 1, true, 1, "mix");
    b.output(b.add(ga, d, "join"));
    return b.model();
}

bool closed(const Graph& g, const std::vector<bool>& on) {
    for (NodeId i = 0; i < static_cast<NodeId>(g.nodeCount()); ++i)
        if (on[static_cast<size_t>(i)])
            for (ValueId v : g.node(i).inputs)
                if (v != kNone && g.value(v).producer != kNone &&
                    !on[static_cast<size_t>(g.value(v).producer)])
                    return false;
    return true;
}

struct Fixture {
    TestModel m;
    QuantErrorTable errors;
    std::unique_ptr<LatencyModel> latency;
    Uplink uplink;
    RefSetup ref;
    int layers = 0;
};

std::unique_ptr<Fixture> fixture(const onnx::ModelProto& proto, Uplink uplink,
                                 double cloudOverhead = 0, double edgeMacs = 1e9) {
    auto f = std::make_unique<Fixture>();
    f->m = loadModel(proto);
    f->errors = syntheticErrors(f->m.analysis, {2, 4, 8});
    if (cloudOverhead > 0)
        f->latency = std::make_unique<CloudOverheadLatency>(f->m.analysis, cloudOverhead);
    else
        f->latency = std::make_unique<TestLatency>(f->m.analysis, edgeMacs);
    f->uplink = uplink;
    f->ref = RefSetup{&f->m.graph, &f->m.analysis, &f->errors, f->latency.get(), uplink, 8, false};
    f->layers = f->m.analysis.layerCount();
    return f;
}

void sameAs(const Candidate& c, const RefCost& r) {
    QVERIFY(near(c.totalSeconds, r.total));
    QVERIFY(near(c.edgeSeconds, r.edge));
    QVERIFY(near(c.transmissionSeconds, r.tx));
    QCOMPARE(c.edgeMemoryBytes, r.memory);
    QCOMPARE(c.transmittedBytes, r.txBytes);
    QVERIFY(near(c.error, r.error));
}

std::vector<int> uniform(int layers, int b) {
    return std::vector<int>(static_cast<size_t>(layers), b);
}

} // namespace

class TestBaselines : public QObject {
    Q_OBJECT

private slots:
    void cloudOnlyAndEdgeOnly() {
        auto f = fixture(buildResidualBlock(), Uplink{1e6, 0.01, 20});
        auto cost = AssignmentCost::create(f->m.graph, f->m.analysis, f->errors, *f->latency,
                                           f->uplink, 1 << 20);
        QVERIFY(cost.ok());
        const Baseline cloud = cloudOnlyBaseline(*cost);
        QCOMPARE(cloud.name, std::string("Cloud-Only"));
        QCOMPARE(cloud.candidate.method, Method::CloudOnly);
        QCOMPARE(cloud.candidate.split, 0);
        QCOMPARE(cloud.candidate.transmittedBytes, int64_t{3 * 32 * 32}); // the raw image at 8 bits
        sameAs(cloud.candidate, referenceCost(f->ref, prefixSet(f->layers, 0), {}, {}));
        const Baseline edge = edgeOnlyU8Baseline(*cost);
        QCOMPARE(edge.candidate.method, Method::EdgeOnlyU8);
        QCOMPARE(edge.candidate.split, f->layers);
        sameAs(edge.candidate, referenceCost(f->ref, prefixSet(f->layers, f->layers),
                                             uniform(f->layers, 8), uniform(f->layers, 8)));
        QCOMPARE(edge.candidate.feasible, edge.candidate.edgeMemoryBytes <= (1 << 20));
    }

    void u8IsTheSearchAtEightBits() {
        auto f = fixture(buildChain(6, 4), Uplink{1e6, 0.005, 0});
        const RefCost raw = referenceCost(f->ref, prefixSet(f->layers, 0), {}, {});
        for (int64_t memory : {int64_t{2000}, int64_t{6000}, int64_t{1} << 20})
            for (double maxError : {std::numeric_limits<double>::infinity(), 1e-4, 0.0}) {
                auto cost = AssignmentCost::create(f->m.graph, f->m.analysis, f->errors,
                                                   *f->latency, f->uplink, memory);
                QVERIFY(cost.ok());
                SolveConstraints limits;
                limits.edgeMemoryBytes = memory;
                if (std::isfinite(maxError))
                    limits.maxError = maxError;
                auto u8 = u8Baseline(*cost, limits);
                QVERIFY(u8.ok());
                QCOMPARE(u8->candidate.method, Method::U8);
                // eq. 6 at 8 bits, uniform 8-bit, fastest within the limits; Cloud-Only otherwise
                double best = raw.total;
                int bestN = 0;
                for (int n = 1; n <= f->layers; ++n) {
                    const RefCost c = referenceCost(f->ref, prefixSet(f->layers, n),
                                                    uniform(f->layers, 8), uniform(f->layers, 8));
                    if (c.memory <= memory && c.txBytes < raw.txBytes && c.error <= maxError &&
                        c.total < best) {
                        best = c.total;
                        bestN = n;
                    }
                }
                QCOMPARE(u8->candidate.split, bestN);
                QVERIFY(near(u8->candidate.totalSeconds, best));
            }
    }

    void neurosurgeonBelievesInAChain() {
        const Uplink uplink{1e6, 0.0, 0};
        auto f = fixture(bottleneckResidual(), uplink, 0, 1e8);
        auto cost = AssignmentCost::create(f->m.graph, f->m.analysis, f->errors, *f->latency,
                                           uplink, int64_t{1} << 30);
        QVERIFY(cost.ok());
        const Baseline ns = neurosurgeonBaseline(*cost);
        // its belief, from the reference float costs: cut n sends layer n's output only
        double bestBelief = std::numeric_limits<double>::infinity();
        int choice = -1;
        for (int n = 0; n <= f->layers; ++n) {
            const RefCost c = referenceCost(f->ref, prefixSet(f->layers, n), {}, {}, 16);
            int64_t bytes = 3 * 64 * 64; // raw image
            if (n > 0) {
                bytes = 0;
                for (ValueId v : f->m.graph.node(n - 1).outputs)
                    bytes += 2 * *f->m.graph.value(v).shape.elementCount();
            }
            const double belief = c.edge + uplink.seconds(bytes) + c.cloud;
            if (belief < bestBelief) {
                bestBelief = belief;
                choice = n;
            }
        }
        QCOMPARE(ns.candidate.split, choice);
        QCOMPARE(ns.candidate.method, Method::Neurosurgeon);
        QVERIFY(near(*ns.believedSeconds, bestBelief));
        const RefCost truth = referenceCost(f->ref, prefixSet(f->layers, choice), {}, {}, 16);
        sameAs(ns.candidate, truth);
        // here the belief is wrong: the cut sits inside the residual block, the stem's output
        // crosses as well, and another float cut is really faster
        QCOMPARE(f->m.analysis.layers[static_cast<size_t>(choice) - 1].name,
                 std::string("squeeze"));
        QCOMPARE(ns.candidate.crossing.size(), size_t(2));
        QVERIFY(truth.total > *ns.believedSeconds * 2);
        double bestTrue = std::numeric_limits<double>::infinity();
        for (int n = 0; n <= f->layers; ++n)
            bestTrue = std::min(bestTrue,
                                referenceCost(f->ref, prefixSet(f->layers, n), {}, {}, 16).total);
        QVERIFY(bestTrue < truth.total);
        qInfo("Neurosurgeon: believes %.4g s at cut %d, really %.4g s; the best float cut takes "
              "%.4g s",
              *ns.believedSeconds, choice, truth.total, bestTrue);
    }

    void qdmpIsTheBestClosedFloatSet_data() {
        QTest::addColumn<int>("graph");
        QTest::newRow("residual") << 0;
        QTest::newRow("inception") << 1;
        QTest::newRow("side branch (cloud launch cost)") << 2;
    }
    void qdmpIsTheBestClosedFloatSet() {
        QFETCH(int, graph);
        const Uplink uplink{1e6, 0.01, 30};
        const onnx::ModelProto protos[] = {buildResidualBlock(), buildInception(), sideBranch()};
        auto f = fixture(protos[graph], uplink, graph == 2 ? 1e-3 : 0.0);
        auto cost = AssignmentCost::create(f->m.graph, f->m.analysis, f->errors, *f->latency,
                                           uplink, int64_t{1} << 30);
        QVERIFY(cost.ok());
        const QdmpBaselines q = qdmpBaselines(*cost);
        // brute force: the cut model is the float cost with a linear uplink (no round trip, no
        // framing)
        RefSetup linear = f->ref;
        linear.uplink = Uplink{uplink.bitsPerSecond, 0.0, 0};
        double best = std::numeric_limits<double>::infinity();
        for (int mask = 0; mask < (1 << f->layers); ++mask) {
            std::vector<bool> on(static_cast<size_t>(f->layers));
            for (int i = 0; i < f->layers; ++i)
                on[static_cast<size_t>(i)] = (mask >> i) & 1;
            if (closed(f->m.graph, on))
                best = std::min(best, referenceCost(linear, on, {}, {}, 16).total);
        }
        const Candidate& e = q.qdmpE.candidate;
        std::vector<bool> on(static_cast<size_t>(f->layers), false);
        for (int i = 1; i <= f->layers; ++i)
            on[static_cast<size_t>(i) - 1] = e.onEdge(i);
        QVERIFY(closed(f->m.graph, on));
        QVERIFY(near(referenceCost(linear, on, {}, {}, 16).total, best));
        QVERIFY(near(*q.qdmpE.believedSeconds, best));
        // reported at the true cost (round trip and framing included)
        sameAs(e, referenceCost(f->ref, on, {}, {}, 16));
        QCOMPARE(e.method, Method::QdmpE);
        // DADS/QDMP: the same partition, the whole model stored
        QCOMPARE(q.qdmp.candidate.edgeLayers, e.edgeLayers);
        QCOMPARE(q.qdmp.candidate.split, e.split);
        QCOMPARE(q.qdmp.candidate.edgeWeightBytes, f->m.analysis.totalParams() * 2);
        // QDMP_E + U4: that edge set at 4 bits
        sameAs(q.qdmpEU4.candidate,
               referenceCost(f->ref, on, uniform(f->layers, 4), uniform(f->layers, 4)));
        if (graph == 2) {
            QCOMPARE(e.edgeLayers, (std::vector<int>{4, 5})); // the image pooling and its conv only
            QVERIFY(!e.isPrefix());
            QVERIFY(q.qdmpE.note.find("not a prefix") != std::string::npos);
        }
        qInfo("QDMP edge set: %s %d layer(s), last %d", e.isPrefix() ? "prefix," : "not a prefix,",
              e.edgeLayerCount(), e.split);
    }

    void qdmpStoresTheWholeModel() {
        const Uplink uplink{1e6, 0.01, 0};
        auto f = fixture(sideBranch(), uplink, 1e-3);
        auto loose = AssignmentCost::create(f->m.graph, f->m.analysis, f->errors, *f->latency,
                                            uplink, int64_t{1} << 30);
        QVERIFY(loose.ok());
        const QdmpBaselines q = qdmpBaselines(*loose);
        const int64_t edgePart = q.qdmpE.candidate.edgeMemoryBytes,
                      whole = q.qdmp.candidate.edgeMemoryBytes;
        QCOMPARE(q.qdmpE.candidate.edgeLayers, (std::vector<int>{4, 5}));
        QVERIFY(whole > edgePart); // the heavy conv's weights are stored too
        auto tight = AssignmentCost::create(f->m.graph, f->m.analysis, f->errors, *f->latency,
                                            uplink, edgePart);
        QVERIFY(tight.ok());
        const QdmpBaselines t = qdmpBaselines(*tight);
        QVERIFY(t.qdmpE.candidate.feasible);
        QVERIFY(!t.qdmp.candidate.feasible);
        QVERIFY(t.qdmp.candidate.reason.find("whole model") != std::string::npos);
    }

    void liFastestAndMostPrivate_data() {
        QTest::addColumn<double>("edgeMacs");
        QTest::newRow("fast edge") << 1e10;
        QTest::newRow("slow edge") << 1e7;
    }
    void liFastestAndMostPrivate() {
        QFETCH(double, edgeMacs);
        const Uplink uplink{1e6, 0.01, 0};
        auto f = fixture(buildResidualBlock(), uplink, 0, edgeMacs);
        const int64_t memory = int64_t{1} << 30;
        auto cost = AssignmentCost::create(f->m.graph, f->m.analysis, f->errors, *f->latency,
                                           uplink, memory);
        QVERIFY(cost.ok());
        const LiBaselines li = liBaselines(*cost);
        const std::vector<int> cuts = f->m.analysis.liCandidates();
        QCOMPARE(cuts, (std::vector<int>{
                           1, 6, 7})); // after the stem, after the classifier input, Edge-Only
        double fastest = referenceCost(f->ref, prefixSet(f->layers, 0), {}, {}).total,
               privateBest = 0;
        int fastestN = 0, privateN = -1;
        for (int n : cuts) {
            const RefCost c = referenceCost(f->ref, prefixSet(f->layers, n), uniform(f->layers, 8),
                                            uniform(f->layers, 8));
            if (c.total < fastest) {
                fastest = c.total;
                fastestN = n;
            }
            if (privateN < 0 || c.total < privateBest) {
                privateBest = c.total;
                privateN = n;
            }
        }
        QCOMPARE(li.fastest.candidate.split, fastestN);
        QVERIFY(near(li.fastest.candidate.totalSeconds, fastest));
        QCOMPARE(li.mostPrivate.candidate.split, privateN);
        QVERIFY(near(li.mostPrivate.candidate.totalSeconds, privateBest));
        QVERIFY(li.mostPrivate.candidate.split >= 1);
        qInfo("Li et al.: fastest cut %d (%.4g s), most private cut %d (%.4g s)", fastestN, fastest,
              privateN, privateBest);
        if (edgeMacs < 1e8)
            QCOMPARE(fastestN, 0); // a slow edge: Cloud-Only is fastest, the private pick is slower
    }

    void allBaselinesInOrder() {
        auto f = fixture(buildInception(), Uplink{1e6, 0.01, 0});
        auto cost = AssignmentCost::create(f->m.graph, f->m.analysis, f->errors, *f->latency,
                                           f->uplink, 1 << 16);
        QVERIFY(cost.ok());
        auto all = computeBaselines(*cost, SolveConstraints{});
        QVERIFY(all.ok());
        std::vector<std::string> names;
        for (const Baseline& b : *all) {
            names.push_back(b.name);
            QVERIFY(!b.note.empty());
        }
        QCOMPARE(names,
                 (std::vector<std::string>{"Cloud-Only", "Edge-Only U8", "U8", "Neurosurgeon",
                                           "DADS/QDMP", "QDMP_E", "QDMP_E + U4",
                                           "Li et al. (fastest)", "Li et al. (most private)"}));
        CancellationToken cancel;
        cancel.cancel();
        QVERIFY(!computeBaselines(*cost, SolveConstraints{}, {}, cancel).ok());
    }

    void baselinesWithoutTheirBitWidths() {
        // a table without 8 or 4 bits: those baselines say so instead of failing the solve
        auto f = fixture(buildChain(3), Uplink{});
        const QuantErrorTable only2 = syntheticErrors(f->m.analysis, {2});
        auto cost = AssignmentCost::create(f->m.graph, f->m.analysis, only2, *f->latency, f->uplink,
                                           1 << 20);
        QVERIFY(cost.ok());
        auto all = computeBaselines(*cost, SolveConstraints{});
        QVERIFY(all.ok());
        for (const Baseline& b : *all)
            if (b.name == "Edge-Only U8" || b.name == "U8" || b.name.rfind("Li", 0) == 0 ||
                (b.name == "QDMP_E + U4" && b.candidate.edgeLayerCount() > 0)) {
                QVERIFY2(!b.candidate.feasible, b.name.c_str());
                QVERIFY(b.candidate.reason.find("no 8-bit column") != std::string::npos ||
                        b.candidate.reason.find("no 4-bit column") != std::string::npos);
            }
    }
};

QTEST_GUILESS_MAIN(TestBaselines)
#include "test_baselines.moc"
