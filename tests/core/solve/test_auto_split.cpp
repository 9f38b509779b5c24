// Auto-Split's search (core/solve/auto_split.*): potential splits, the (M_w, M_a) grid, one
// Lagrangian candidate per (split, budget pair) plus the grid's uniform assignments, each
// costed exactly like AssignmentCost::evaluate; the allocations rebuilt here per split from
// the error table (weights: allocateBits on the split's own path; activations: the split's
// own path walked state by state with the reference working set of solve_test_support.h).

#include "tests/core/solve/solve_test_support.h"

#include "core/solve/assignment_cost.h"
#include "core/solve/auto_split.h"
#include "core/solve/lagrangian_path.h"
#include "tests/support/model_builder.h"
#include "tests/support/synthetic_dag.h"

#include <QtTest>

#include <map>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;
using namespace solvetest;

namespace {

struct Case {
    std::string name;
    onnx::ModelProto model;
    std::vector<int> bits;
    double memoryFraction; // of the whole model at 8 bits
};

std::vector<Case> cases() {
    return {{"chain 2/4/8 loose", buildChain(6), {2, 4, 8}, 1.0},
            {"chain 2/4/8 tight", buildChain(6), {2, 4, 8}, 0.2},
            {"residual 2/4/8", buildResidualBlock(), {2, 4, 8}, 0.3},
            {"residual 2/4/6/8", buildResidualBlock(), {2, 4, 6, 8}, 1.0},
            {"inception 2/4/8", buildInception(), {2, 4, 8}, 0.5},
            {"synthetic 60 2/4/6/8", buildSyntheticDag(60), {2, 4, 6, 8}, 0.6}};
}

int64_t quantizedOutputs(const Graph& g, int layer) {
    int64_t sum = 0;
    for (ValueId v : g.node(layer - 1).outputs)
        if (v != kNone)
            sum += *g.value(v).shape.elementCount();
    return sum;
}

double tableValue(const std::vector<double>& row, const std::vector<int>& tableBits, int b) {
    for (size_t j = 0; j < tableBits.size(); ++j)
        if (tableBits[j] == b)
            return row.empty() ? 0.0 : row[j];
    return 0.0;
}

// Effective widths: only those that change anything.
std::pair<std::vector<int>, std::vector<int>> effective(const TestModel& m, const Candidate& c) {
    std::vector<int> w, a;
    for (int i = 1; i <= c.split; ++i) {
        w.push_back(m.analysis.layers[static_cast<size_t>(i) - 1].params > 0 ? c.bits.weight(i)
                                                                             : 0);
        a.push_back(quantizedOutputs(m.graph, i) > 0 ? c.bits.activation(i) : 0);
    }
    return {w, a};
}

} // namespace

class TestAutoSplit : public QObject {
    Q_OBJECT

private slots:
    void candidatesAreCostedExactly_data() {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < cases().size(); ++i)
            QTest::newRow(cases()[i].name.c_str()) << static_cast<int>(i);
    }
    void candidatesAreCostedExactly() {
        QFETCH(int, index);
        const Case c = cases()[static_cast<size_t>(index)];
        TestModel m = loadModel(c.model);
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 6, 8});
        TestLatency latency(m.analysis);
        const int layers = m.analysis.layerCount();
        const int64_t limit = static_cast<int64_t>(
            c.memoryFraction * static_cast<double>(*m.analysis.edgeMemoryBytes(layers, 8)));
        auto cost = AssignmentCost::create(m.graph, m.analysis, errors, latency,
                                           Uplink{1e6, 0.01, 0}, limit);
        QVERIFY(cost.ok());
        auto result = searchAutoSplit(*cost, c.bits);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        QCOMPARE(result->potentialSplits, m.analysis.potentialSplits(limit, c.bits.front()));
        QCOMPARE(result->candidates.size(), result->fingerprints.size());

        std::map<int, std::vector<std::pair<std::vector<int>, std::vector<int>>>> seen;
        for (const Candidate& cand : result->candidates) {
            QVERIFY(cand.method == Method::AutoSplit || cand.method == Method::AutoSplitUniform);
            QVERIFY(std::binary_search(result->potentialSplits.begin(),
                                       result->potentialSplits.end(), cand.split));
            // within memory, every one
            QVERIFY(cand.feasible);
            QVERIFY(cand.edgeMemoryBytes <= limit);
            // the incremental costs equal a direct evaluation
            auto direct = cost->evaluate(cand.split, cand.bits);
            QVERIFY(direct.ok());
            QVERIFY(near(cand.edgeSeconds, direct->edgeSeconds));
            QVERIFY(near(cand.transmissionSeconds, direct->transmissionSeconds));
            QVERIFY(near(cand.cloudSeconds, direct->cloudSeconds));
            QVERIFY(near(cand.totalSeconds, direct->totalSeconds));
            QVERIFY(near(cand.error, direct->error));
            QCOMPARE(cand.edgeWeightBytes, direct->edgeWeightBytes);
            QCOMPARE(cand.peakActivationBytes, direct->peakActivationBytes);
            QCOMPARE(cand.transmittedBytes, direct->transmittedBytes);
            QCOMPARE(cand.crossing, direct->crossing);
            // listed once
            auto eff = effective(m, cand);
            auto& list = seen[cand.split];
            QVERIFY(std::find(list.begin(), list.end(), eff) == list.end());
            list.push_back(eff);
        }
        qInfo("%s: %d layers, %zu potential splits, %zu candidates, %lld sweep steps",
              c.name.c_str(), layers, result->potentialSplits.size(), result->candidates.size(),
              static_cast<long long>(result->sweepSteps));
    }

    void allocationsFollowTheGrid_data() {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < 5; ++i) // the small graphs: the walk below is slow
            QTest::newRow(cases()[i].name.c_str()) << static_cast<int>(i);
    }
    void allocationsFollowTheGrid() {
        QFETCH(int, index);
        const Case c = cases()[static_cast<size_t>(index)];
        TestModel m = loadModel(c.model);
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 6, 8});
        TestLatency latency(m.analysis);
        const int layers = m.analysis.layerCount();
        const int64_t limit = static_cast<int64_t>(
            c.memoryFraction * static_cast<double>(*m.analysis.edgeMemoryBytes(layers, 8)));
        auto cost = AssignmentCost::create(m.graph, m.analysis, errors, latency,
                                           Uplink{1e6, 0.01, 0}, limit);
        QVERIFY(cost.ok());
        auto result = searchAutoSplit(*cost, c.bits);
        QVERIFY(result.ok());
        RefSetup ref{&m.graph, &m.analysis, &errors, &latency, Uplink{1e6, 0.01, 0}, 8, false};

        int pairs = 0;
        for (int n : result->potentialSplits) {
            std::vector<std::pair<std::vector<int>, std::vector<int>>> present;
            for (const Candidate& cand : result->candidates)
                if (cand.split == n)
                    present.push_back(effective(m, cand));
            // this split's own paths, from the table
            std::vector<std::vector<RatePoint>> wp, ap;
            for (int i = 1; i <= n; ++i) {
                const auto& row = errors.layers[static_cast<size_t>(i) - 1];
                std::vector<RatePoint> w, a;
                for (int b : c.bits) {
                    w.push_back({b, m.analysis.layers[static_cast<size_t>(i) - 1].params * b,
                                 tableValue(row.weightMse, errors.bits, b)});
                    a.push_back({b, quantizedOutputs(m.graph, i) * b,
                                 tableValue(row.activationMse, errors.bits, b)});
                }
                wp.push_back(w);
                ap.push_back(a);
            }
            const LagrangianPath wpath(wp), apath(ap);
            auto peakBits = [&](const std::vector<int>& ba) {
                std::vector<int> full(static_cast<size_t>(layers), 8),
                    bw(static_cast<size_t>(layers), 8);
                std::copy(ba.begin(), ba.end(), full.begin());
                return referenceCost(ref, prefixSet(layers, n), bw, full).peakBits;
            };
            for (int bW : c.bits)
                for (int bA : c.bits) {
                    const int64_t weightBudget =
                        m.analysis.prefixParams[static_cast<size_t>(n)] * bW;
                    const int64_t actBudget =
                        peakBits(std::vector<int>(static_cast<size_t>(n), bA));
                    if ((weightBudget + 7) / 8 + (actBudget + 7) / 8 > limit)
                        continue;
                    ++pairs;
                    const LagrangianAllocation w = allocateBits(wpath, weightBudget);
                    QVERIFY(w.fits);
                    std::vector<int> a;
                    for (int k = 0; k <= apath.stepCount(); ++k) {
                        std::vector<int> ba;
                        for (int i = 0; i < n; ++i)
                            ba.push_back(apath.at(i, k).bits);
                        if (peakBits(ba) <= actBudget) {
                            a = ba;
                            break;
                        }
                    }
                    QCOMPARE(static_cast<int>(a.size()), n);
                    // the Lagrangian candidate and the uniform one are both listed
                    std::vector<int> ew, ea, uw, ua;
                    for (int i = 1; i <= n; ++i) {
                        const bool hasW = m.analysis.layers[static_cast<size_t>(i) - 1].params > 0;
                        const bool hasA = quantizedOutputs(m.graph, i) > 0;
                        ew.push_back(hasW ? w.bits[static_cast<size_t>(i) - 1] : 0);
                        ea.push_back(hasA ? a[static_cast<size_t>(i) - 1] : 0);
                        uw.push_back(hasW ? bW : 0);
                        ua.push_back(hasA ? bA : 0);
                    }
                    QVERIFY2(
                        std::find(present.begin(), present.end(), std::make_pair(ew, ea)) !=
                            present.end(),
                        qPrintable(
                            QString("split %1, budget pair (%2, %3): Lagrangian candidate missing")
                                .arg(n)
                                .arg(bW)
                                .arg(bA)));
                    QVERIFY(std::find(present.begin(), present.end(), std::make_pair(uw, ua)) !=
                            present.end());
                }
        }
        QVERIFY(pairs > 0);
    }

    void noPotentialSplitNoCandidate() {
        TestModel m = loadModel(buildChain(4));
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        auto cost =
            AssignmentCost::create(m.graph, m.analysis, errors, latency, Uplink{}, 10); // 10 bytes
        QVERIFY(cost.ok());
        auto result = searchAutoSplit(*cost, {2, 4, 8});
        QVERIFY(result.ok());
        QVERIFY(result->potentialSplits.empty());
        QVERIFY(result->candidates.empty());
    }

    void badBitSetsAreErrors() {
        TestModel m = loadModel(buildChain(4));
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        auto cost = AssignmentCost::create(m.graph, m.analysis, errors, latency, Uplink{}, 1 << 20);
        QVERIFY(cost.ok());
        auto r = searchAutoSplit(*cost, {});
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.find("empty") != std::string::npos);
        r = searchAutoSplit(*cost, {2, 6});
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.find("bit-width 6 is not in the error table") !=
                std::string::npos);
    }

    void progressAndCancellation() {
        TestModel m = loadModel(buildSyntheticDag(40));
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        auto cost = AssignmentCost::create(m.graph, m.analysis, errors, latency, Uplink{}, 1 << 30);
        QVERIFY(cost.ok());
        std::vector<double> fractions;
        auto r = searchAutoSplit(*cost, {2, 4, 8},
                                 [&](double f, std::string_view) { fractions.push_back(f); });
        QVERIFY(r.ok());
        QVERIFY(fractions.size() >= 3);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(fractions.back(), 1.0);

        CancellationToken cancel;
        int calls = 0;
        r = searchAutoSplit(
            *cost, {2, 4, 8},
            [&](double, std::string_view) {
                if (++calls == 2)
                    cancel.cancel();
            },
            cancel);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, std::string("solve cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestAutoSplit)
#include "test_auto_split.moc"
