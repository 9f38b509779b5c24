// AssignmentCost (core/solve/assignment_cost.*) against the reference cost of
// solve_test_support.h, which scans every tensor at every edge step: latency parts, memory,
// crossing tensors and bytes, error, for every cut and for every edge set closed under
// producers, with random per-layer bit-widths; plus the errors on inconsistent inputs.

#include "tests/core/solve/solve_test_support.h"

#include "core/solve/assignment_cost.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <random>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;
using namespace solvetest;

namespace {

onnx::ModelProto twoHeads() {
    // A detector-like graph: an early head output and a later one, with a skip between.
    ModelBuilder b;
    std::string x = b.input("image", {1, 3, 16, 16});
    std::string c1 = b.relu(b.conv(x, 8, 3, 2, -1, 1, true, 1, "c1"));
    std::string head1 = b.conv(c1, 4, 1, 1, -1, 1, true, 1, "head1");
    b.output(head1);
    std::string c2 = b.relu(b.conv(c1, 8, 3, 1, -1, 1, true, 1, "c2"));
    std::string c3 = b.conv(c2, 8, 3, 1, -1, 1, true, 1, "c3");
    std::string sum = b.add(c1, c3);
    b.output(b.conv(sum, 2, 1, 1, -1, 1, true, 1, "head2"));
    return b.model();
}

std::vector<onnx::ModelProto> models() {
    return {buildChain(4), buildResidualBlock(), buildInception(), twoHeads()};
}

bool closedUnderProducers(const Graph& g, const std::vector<bool>& on) {
    for (NodeId i = 0; i < static_cast<NodeId>(g.nodeCount()); ++i) {
        if (!on[static_cast<size_t>(i)])
            continue;
        for (ValueId v : g.node(i).inputs)
            if (v != kNone && g.value(v).producer != kNone &&
                !on[static_cast<size_t>(g.value(v).producer)])
                return false;
    }
    return true;
}

void compare(const Candidate& c, const RefCost& r) {
    QVERIFY2(near(c.edgeSeconds, r.edge),
             qPrintable(QString("edge %1 vs %2").arg(c.edgeSeconds).arg(r.edge)));
    QVERIFY(near(c.cloudSeconds, r.cloud));
    QVERIFY(near(c.transmissionSeconds, r.tx));
    QVERIFY(near(c.totalSeconds, r.total));
    QCOMPARE(c.edgeWeightBytes, r.weightBytes);
    QCOMPARE(c.peakActivationBytes, r.peakBytes);
    QCOMPARE(c.edgeMemoryBytes, r.memory);
    QCOMPARE(c.transmittedBytes, r.txBytes);
    QCOMPARE(std::set<ValueId>(c.crossing.begin(), c.crossing.end()),
             std::set<ValueId>(r.crossing.begin(), r.crossing.end()));
    QVERIFY(near(c.error, r.error));
}

} // namespace

class TestAssignmentCost : public QObject {
    Q_OBJECT

private slots:
    void everyCutWithRandomBits_data() {
        QTest::addColumn<int>("model");
        QTest::addColumn<bool>("outputsOnEdge");
        QTest::addColumn<int>("rawBits");
        const char* names[] = {"chain", "residual", "inception", "two-heads"};
        for (int m = 0; m < 4; ++m) {
            QTest::newRow(names[m]) << m << false << 8;
            QTest::newRow((std::string(names[m]) + " outputs-on-edge raw16").c_str())
                << m << true << 16;
        }
    }
    void everyCutWithRandomBits() {
        QFETCH(int, model);
        QFETCH(bool, outputsOnEdge);
        QFETCH(int, rawBits);
        AnalysisOptions options;
        options.outputsConsumedOnEdge = outputsOnEdge;
        options.rawInputBits = rawBits;
        TestModel m = loadModel(models()[static_cast<size_t>(model)], options);
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        const Uplink uplink{1e6, 0.01, 40};
        auto cost = AssignmentCost::create(m.graph, m.analysis, errors, latency, uplink, 1 << 20);
        QVERIFY2(cost.ok(), cost.ok() ? "" : cost.error().message.c_str());
        RefSetup ref{&m.graph, &m.analysis, &errors, &latency, uplink, rawBits, outputsOnEdge};
        const int layers = m.analysis.layerCount();
        std::mt19937 rng(static_cast<uint32_t>(model) + 17);
        std::uniform_int_distribution<int> pick(0, 2);
        const int widths[] = {2, 4, 8};
        for (int trial = 0; trial < 5; ++trial) {
            std::vector<int> bw(static_cast<size_t>(layers)), ba(static_cast<size_t>(layers));
            for (int i = 0; i < layers; ++i) {
                bw[static_cast<size_t>(i)] = widths[pick(rng)];
                ba[static_cast<size_t>(i)] = widths[pick(rng)];
            }
            const EdgeBits bits = EdgeBits::explicitBits(bw, ba);
            for (int n = 0; n <= layers; ++n) {
                auto c = cost->evaluate(n, bits);
                QVERIFY(c.ok());
                QCOMPARE(c->split, n);
                QVERIFY(c->isPrefix());
                compare(*c, referenceCost(ref, prefixSet(layers, n), bw, ba));
                QCOMPARE(c->feasible, c->edgeMemoryBytes <= (1 << 20));
            }
        }
        for (int n = 0; n <= layers; ++n) {
            const Candidate f = cost->evaluateFloat(n);
            QVERIFY(f.floatEdge);
            QCOMPARE(f.error, 0.0);
            compare(f, referenceCost(ref, prefixSet(layers, n), {}, {}, 16));
        }
    }

    void uniformBitsAgreeWithTheAnalysis() {
        for (const auto& proto : models()) {
            TestModel m = loadModel(proto);
            const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
            TestLatency latency(m.analysis);
            auto cost =
                AssignmentCost::create(m.graph, m.analysis, errors, latency, Uplink{}, 1 << 20);
            QVERIFY(cost.ok());
            for (int b : {2, 4, 8})
                for (int n = 0; n <= m.analysis.layerCount(); ++n) {
                    auto c = cost->evaluate(n, EdgeBits::uniform(n, b, b));
                    QVERIFY(c.ok());
                    QCOMPARE(c->edgeMemoryBytes, *m.analysis.edgeMemoryBytes(n, b));
                    QCOMPARE(c->transmittedBytes, *m.analysis.crossingBytes(n, b));
                    QCOMPARE(c->crossing, m.analysis.cuts[static_cast<size_t>(n)].crossing);
                }
        }
    }

    void everyClosedEdgeSet() {
        // Inception: 10 layers, every subset; the closed ones (a branch without the stem is not)
        // are costed like the reference executes them, in topological order.
        TestModel m = loadModel(buildInception());
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        const Uplink uplink{2e6, 0.005, 16};
        auto cost = AssignmentCost::create(m.graph, m.analysis, errors, latency, uplink, 1 << 20);
        QVERIFY(cost.ok());
        RefSetup ref{&m.graph, &m.analysis, &errors, &latency, uplink, 8, false};
        const int layers = m.analysis.layerCount();
        std::mt19937 rng(2);
        std::uniform_int_distribution<int> pick(0, 2);
        const int widths[] = {2, 4, 8};
        std::vector<int> bw(static_cast<size_t>(layers)), ba(static_cast<size_t>(layers));
        for (int i = 0; i < layers; ++i) {
            bw[static_cast<size_t>(i)] = widths[pick(rng)];
            ba[static_cast<size_t>(i)] = widths[pick(rng)];
        }
        int closed = 0, nonPrefix = 0;
        for (int mask = 0; mask < (1 << layers); ++mask) {
            std::vector<bool> on(static_cast<size_t>(layers));
            std::vector<int> set;
            for (int i = 0; i < layers; ++i)
                if (mask & (1 << i)) {
                    on[static_cast<size_t>(i)] = true;
                    set.push_back(i + 1);
                }
            auto c = cost->evaluate(set, EdgeBits::explicitBits(bw, ba));
            if (!closedUnderProducers(m.graph, on)) {
                QVERIFY(!c.ok());
                QVERIFY(c.error().message.find("not closed under producers") != std::string::npos);
                continue;
            }
            ++closed;
            QVERIFY(c.ok());
            const bool prefix = set.empty() || set.back() == static_cast<int>(set.size());
            QCOMPARE(c->isPrefix(), prefix);
            if (!prefix) {
                ++nonPrefix;
                QCOMPARE(c->edgeLayers, set);
                QCOMPARE(c->split, set.back());
            }
            for (int i = 1; i <= layers; ++i)
                QCOMPARE(c->onEdge(i), on[static_cast<size_t>(i) - 1]);
            compare(*c, referenceCost(ref, on, bw, ba));
            auto f = cost->evaluateFloat(set);
            QVERIFY(f.ok());
            compare(*f, referenceCost(ref, on, {}, {}, 16));
        }
        QVERIFY(nonPrefix > 10);
        qInfo("inception: %d closed edge sets costed, %d of them not a prefix", closed, nonPrefix);
    }

    void inconsistentInputsAreErrors() {
        TestModel m = loadModel(buildChain(4));
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        QuantErrorTable shortTable = errors;
        shortTable.layers.pop_back();
        auto c =
            AssignmentCost::create(m.graph, m.analysis, shortTable, latency, Uplink{}, 1 << 20);
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.find("error table has 3 layers") != std::string::npos);

        QuantErrorTable nan = errors;
        nan.layers[1].weightMse[0] = std::nan("");
        c = AssignmentCost::create(m.graph, m.analysis, nan, latency, Uplink{}, 1 << 20);
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.find("D_w of layer 2") != std::string::npos);

        TestModel other = loadModel(buildChain(5));
        TestLatency wrongLatency(other.analysis);
        c = AssignmentCost::create(m.graph, m.analysis, errors, wrongLatency, Uplink{}, 1 << 20);
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.find("latency model knows 5 layers") != std::string::npos);

        c = AssignmentCost::create(m.graph, m.analysis, errors, latency, Uplink{0.0, 0.0, 0},
                                   1 << 20);
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.find("uplink") != std::string::npos);

        auto cost = AssignmentCost::create(m.graph, m.analysis, errors, latency, Uplink{}, 1 << 20);
        QVERIFY(cost.ok());
        auto e = cost->evaluate(4, EdgeBits::uniform(4, 3, 8));
        QVERIFY(!e.ok());
        QVERIFY(e.error().message.find("weight bit-width 3 of layer 1") != std::string::npos);
        e = cost->evaluate(4, EdgeBits::uniform(2, 8, 8));
        QVERIFY(!e.ok());
        QVERIFY(e.error().message.find("covers 2 layers") != std::string::npos);
        QVERIFY(!cost->evaluate(5, EdgeBits::uniform(5, 8, 8)).ok());
        QVERIFY(!cost->evaluate(std::vector<int>{0, 1}, EdgeBits::uniform(1, 8, 8)).ok());
    }

    void unknownInputSizeIsAnError() {
        ModelBuilder b;
        std::string x = b.dynamicInput("x", {1, 3, -1, -1}); // only the batch is assumed 1
        b.output(b.node("Relu", {x})[0]);
        TestModel m = loadModel(b.model());
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        auto c = AssignmentCost::create(m.graph, m.analysis, errors, latency, Uplink{}, 1 << 20);
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.find("unknown size") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestAssignmentCost)
#include "test_assignment_cost.moc"
