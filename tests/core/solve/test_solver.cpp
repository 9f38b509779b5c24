// The solve entry point (core/solve/solver.*): its guarantees on several graphs and limits
// (Cloud-Only always there, the selection never slower than Cloud-Only nor than a feasible
// Edge-Only U8, every Auto-Split candidate within memory), the selection and the Pareto fronts
// against brute force over the candidates, measured drops, the accuracy rule, constraint
// errors, re-analysis under other raw-input/output options, progress and cancellation.

#include "tests/core/solve/solve_test_support.h"

#include "core/solve/measured_selection.h"
#include "core/solve/selection.h"
#include "core/solve/solver.h"
#include "tests/support/model_builder.h"
#include "tests/support/synthetic_dag.h"

#include <QtTest>

#include <limits>
#include <map>
#include <memory>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;
using namespace solvetest;

namespace {

const char* graphNames[] = {"chain",       "residual",    "inception",
                            "synthetic80", "resnet50@64", "yolov3-tiny@128"};

// Loaded once per graph: the data rows share them.
const TestModel& graphModel(int index) {
    static std::map<int, std::unique_ptr<TestModel>> cache;
    auto& slot = cache[index];
    if (!slot) {
        const onnx::ModelProto proto = index == 0   ? buildChain(6, 4)
                                       : index == 1 ? buildResidualBlock()
                                       : index == 2 ? buildInception()
                                       : index == 3 ? buildSyntheticDag(80)
                                       : index == 4 ? buildResNet50(13, 64)
                                                    : buildYoloV3Tiny(13, 128);
        slot = std::make_unique<TestModel>(loadModel(proto));
    }
    return *slot;
}

// The accuracy rule, restated.
bool qualifies(const Candidate& c, const SolveConstraints& k) {
    if (!c.feasible)
        return false;
    if (c.measuredDrop && k.maxAccuracyDrop)
        return *c.measuredDrop <= *k.maxAccuracyDrop;
    if (c.floatEdge || c.edgeLayerCount() == 0)
        return true;
    if (k.maxError)
        return c.error <= *k.maxError;
    return !k.maxAccuracyDrop;
}

std::set<int> bruteFront(const std::vector<Candidate>& cs, bool measured) {
    std::set<int> front;
    for (size_t i = 0; i < cs.size(); ++i) {
        const Candidate& a = cs[i];
        if (!a.feasible || (measured && !a.measuredDrop))
            continue;
        const double la = measured ? *a.measuredDrop : a.error;
        bool dominated = false;
        for (size_t j = 0; j < cs.size() && !dominated; ++j) {
            const Candidate& b = cs[j];
            if (j == i || !b.feasible || (measured && !b.measuredDrop))
                continue;
            const double lb = measured ? *b.measuredDrop : b.error;
            const bool noWorse = b.totalSeconds <= a.totalSeconds && lb <= la;
            const bool better = b.totalSeconds < a.totalSeconds || lb < la;
            const bool equalEarlier = b.totalSeconds == a.totalSeconds && lb == la && j < i;
            dominated = (noWorse && better) || equalEarlier;
        }
        if (!dominated)
            front.insert(static_cast<int>(i));
    }
    return front;
}

// A drop judged on every one of 10 samples.
DropJudgement onEverySample(double drop) {
    return DropJudgement{drop, {drop, drop, true}, 10, 10};
}

} // namespace

class TestSolver : public QObject {
    Q_OBJECT

private slots:
    void guarantees_data() {
        QTest::addColumn<int>("graph");
        QTest::addColumn<double>("memoryFraction");
        QTest::addColumn<double>("errorFraction");
        for (int g = 0; g < 6; ++g)
            for (double mem : {1.2, 0.25, 0.02})
                for (double err : {-1.0, 0.01, 0.3}) {
                    const std::string name =
                        std::string(graphNames[g]) + " mem " + std::to_string(mem).substr(0, 4) +
                        " err " +
                        (err < 0 ? std::string("none") : std::to_string(err).substr(0, 4));
                    QTest::newRow(name.c_str()) << g << mem << err;
                }
    }
    void guarantees() {
        QFETCH(int, graph);
        QFETCH(double, memoryFraction);
        QFETCH(double, errorFraction);
        const TestModel& m = graphModel(graph);
        const int layers = m.analysis.layerCount();
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 6, 8});
        TestLatency latency(m.analysis);
        const Uplink uplink{3.0 * 1048576, 0.02, 64};
        RefSetup ref{&m.graph, &m.analysis, &errors, &latency, uplink, 8, false};
        const std::vector<int> all8(static_cast<size_t>(layers), 8),
            all2(static_cast<size_t>(layers), 2);
        const RefCost edgeOnly = referenceCost(ref, prefixSet(layers, layers), all8, all8);
        const RefCost cloudOnly = referenceCost(ref, prefixSet(layers, 0), {}, {});

        SolveConstraints k;
        k.edgeMemoryBytes =
            static_cast<int64_t>(memoryFraction * static_cast<double>(edgeOnly.memory));
        if (errorFraction >= 0)
            k.maxError =
                errorFraction * referenceCost(ref, prefixSet(layers, layers), all2, all2).error;
        auto set = solve({m.graph, m.analysis, errors, latency, uplink}, k);
        QVERIFY2(set.ok(), set.ok() ? "" : set.error().message.c_str());

        QCOMPARE(set->candidates.front().method, Method::CloudOnly);
        QVERIFY(near(set->candidates.front().totalSeconds, cloudOnly.total));
        const Candidate& s = set->selectedCandidate();
        QVERIFY(s.feasible && s.edgeMemoryBytes <= k.edgeMemoryBytes);
        QVERIFY(meetsAccuracy(s, k));
        QVERIFY(s.totalSeconds <= cloudOnly.total * (1 + 1e-12));
        const bool edgeOnlyQualifies =
            edgeOnly.memory <= k.edgeMemoryBytes && (!k.maxError || edgeOnly.error <= *k.maxError);
        if (edgeOnlyQualifies)
            QVERIFY(s.totalSeconds <= edgeOnly.total * (1 + 1e-9));
        for (const Candidate& c : set->candidates)
            if (c.method == Method::AutoSplit || c.method == Method::AutoSplitUniform)
                QVERIFY(c.feasible && c.edgeMemoryBytes <= k.edgeMemoryBytes);

        // selection: the fastest qualifying candidate
        double fastest = std::numeric_limits<double>::infinity();
        for (const Candidate& c : set->candidates)
            if (qualifies(c, k))
                fastest = std::min(fastest, c.totalSeconds);
        QCOMPARE(s.totalSeconds, fastest);
        // Pareto front in (latency, error)
        const std::set<int> front(set->paretoFront.begin(), set->paretoFront.end());
        QCOMPARE(front, bruteFront(set->candidates, false));
        for (size_t i = 1; i < set->paretoFront.size(); ++i)
            QVERIFY(set->candidates[static_cast<size_t>(set->paretoFront[i])].totalSeconds >=
                    set->candidates[static_cast<size_t>(set->paretoFront[i - 1])].totalSeconds);
        QVERIFY(set->measuredFront.empty());
        QCOMPARE(set->baselines.size(), size_t(9));
        qInfo("%d layers, %zu candidates, front %zu: selected %s at cut %d, %.4g s (Cloud-Only "
              "%.4g s, Edge-Only U8 %.4g s%s)",
              layers, set->candidates.size(), set->paretoFront.size(),
              std::string(methodName(s.method)).c_str(), s.split, s.totalSeconds, cloudOnly.total,
              edgeOnly.total, edgeOnlyQualifies ? "" : ", not qualifying");
    }

    void measuredDropsDecide() {
        TestModel m = loadModel(buildResidualBlock());
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        SolveConstraints k;
        k.edgeMemoryBytes = 1 << 20;
        k.maxAccuracyDrop = 1.0;
        auto set = solve({m.graph, m.analysis, errors, latency, Uplink{1e6, 0.01, 0}}, k);
        QVERIFY(set.ok());
        // nothing measured, only a drop limit: nothing quantized qualifies yet
        QCOMPARE(set->selectedCandidate().method, Method::CloudOnly);
        QVERIFY(set->selectionReason.find("Cloud-Only") != std::string::npos);
        // measure every other candidate with a made-up drop growing with its error
        for (size_t i = 1; i < set->candidates.size(); i += 2)
            set->candidates[i].measuredDrop = 1e3 * set->candidates[i].error;
        updateSelection(*set);
        double fastest = std::numeric_limits<double>::infinity();
        for (const Candidate& c : set->candidates)
            if (qualifies(c, set->constraints))
                fastest = std::min(fastest, c.totalSeconds);
        QCOMPARE(set->selectedCandidate().totalSeconds, fastest);
        const Candidate& s = set->selectedCandidate();
        QVERIFY(s.method == Method::CloudOnly || (s.measuredDrop && *s.measuredDrop <= 1.0));
        const std::set<int> front(set->measuredFront.begin(), set->measuredFront.end());
        QCOMPARE(front, bruteFront(set->candidates, true));
        QVERIFY(!front.empty());
        // a looser limit never selects a slower candidate
        const double before = s.totalSeconds;
        set->constraints.maxAccuracyDrop = 100.0;
        updateSelection(*set);
        QVERIFY(set->selectedCandidate().totalSeconds <= before);
    }

    // Drops measured for one solve are every later solve's: the explorer's front must not forget
    // a candidate measured under an earlier limit, and a known drop over the limit must not end
    // the front search early.
    // Auto-Split's search contains U8's (B = {8}): judged on the same measured drops, its
    // selection is never slower than U8's answer within the limit, even when E mis-orders the
    // candidates (here every width below 8 bits loses 50 points, whatever E says).
    void neverSlowerThanU8_data() {
        QTest::addColumn<int>("graph");
        for (int g = 0; g < 6; ++g)
            QTest::newRow(graphNames[g]) << g;
    }
    void neverSlowerThanU8() {
        QFETCH(int, graph);
        const TestModel& m = graphModel(graph);
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        SolveConstraints k;
        k.edgeMemoryBytes = int64_t(1) << 40;
        k.maxAccuracyDrop = 1.0;
        const SolveProblem problem{m.graph, m.analysis, errors, latency, Uplink{1e6, 0.01, 0}};
        auto set = solve(problem, k);
        QVERIFY(set.ok());
        MeasuredSelection how;
        how.linearCount = 2; // a short linear phase, then the binary search that trusts E
        how.measure = [](const Candidate& c, std::optional<double>,
                         const CancellationToken&) -> Result<DropJudgement> {
            for (int i = 1; i <= c.split; ++i)
                if (c.bits.weight(i) < 8 || c.bits.activation(i) < 8)
                    return onEverySample(50.0);
            return onEverySample(0.0);
        };
        QVERIFY(evaluateSolution(problem, *set, how).ok());
        const Baseline* u8 = set->baseline("U8");
        QVERIFY(u8);
        const Candidate& selected = set->selectedCandidate();
        if (u8->candidate.feasible && u8->candidate.measuredDrop &&
            *u8->candidate.measuredDrop <= 1.0)
            QVERIFY2(selected.totalSeconds <= u8->candidate.totalSeconds,
                     qPrintable(QStringLiteral("selected %1 s, U8 %2 s")
                                    .arg(selected.totalSeconds)
                                    .arg(u8->candidate.totalSeconds)));
        QVERIFY(!selected.measuredDrop || *selected.measuredDrop <= 1.0);
    }

    void knownDropsAreKeptAcrossSolves() {
        TestModel m = loadModel(buildResidualBlock());
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        SolveConstraints k;
        k.edgeMemoryBytes = 1 << 20;
        k.maxAccuracyDrop = 1.0;
        const SolveProblem problem{m.graph, m.analysis, errors, latency, Uplink{1e6, 0.01, 0}};
        auto first = solve(problem, k);
        QVERIFY(first.ok());
        // a made-up measure: the drop grows with E, counted per call
        int measured = 0;
        MeasuredSelection how;
        how.linearCount = 1000;
        DropCache cache;
        how.measure = [&](const Candidate& c, std::optional<double>,
                          const CancellationToken&) -> Result<DropJudgement> {
            if (auto known = cache.find(c))
                return onEverySample(*known);
            ++measured;
            const double drop = 1e3 * c.error;
            cache.insert(c, drop);
            return onEverySample(drop);
        };
        QVERIFY(evaluateFront(*first, k, how).ok());
        QVERIFY(measured > 0);
        const size_t measuredFirst = static_cast<size_t>(
            std::count_if(first->candidates.begin(), first->candidates.end(),
                          [](const Candidate& c) { return c.measuredDrop && isMeasurable(c); }));
        QCOMPARE(measuredFirst, static_cast<size_t>(measured));

        // a looser limit: the new set knows every drop measured before, before measuring any
        k.maxAccuracyDrop = 1e9;
        auto second = solve(problem, k);
        QVERIFY(second.ok());
        applyKnownDrops(*second, cache);
        size_t known = 0;
        for (const Candidate& c : second->candidates) {
            if (!c.isPrefix())
                continue;
            QCOMPARE(c.measuredDrop.has_value(), !isMeasurable(c) || cache.find(c).has_value());
            if (c.measuredDrop && isMeasurable(c)) {
                QCOMPARE(*c.measuredDrop, 1e3 * c.error);
                ++known;
            }
        }
        QCOMPARE(known, measuredFirst);
        // the measured front is drawn from all of them
        const std::set<int> front(second->measuredFront.begin(), second->measuredFront.end());
        QCOMPARE(front, bruteFront(second->candidates, true));
        for (const Baseline& b : second->baselines)
            if (b.candidate.feasible && b.candidate.isPrefix() && !isMeasurable(b.candidate))
                QCOMPARE(b.candidate.measuredDrop.value_or(-1.0), 0.0);

        // only the fastest front candidate known, over a tight limit: the search goes on past it
        // to the fastest candidate within the limit, as a search without that knowledge does
        k.maxAccuracyDrop = 1.0;
        auto fresh = solve(problem, k);
        QVERIFY(fresh.ok());
        DropCache partial;
        for (int index : fresh->paretoFront) {
            const Candidate& c = fresh->candidates[static_cast<size_t>(index)];
            if (c.feasible && isMeasurable(c)) {
                QVERIFY(1e3 * c.error > 1.0);
                partial.insert(c, 1e3 * c.error);
                break;
            }
        }
        QCOMPARE(partial.size(), size_t{1});
        auto third = std::make_optional(*fresh);
        applyKnownDrops(*third, partial);
        MeasuredSelection exact = how;
        exact.measure = [](const Candidate& c, std::optional<double>,
                           const CancellationToken&) -> Result<DropJudgement> {
            return onEverySample(1e3 * c.error);
        };
        QVERIFY(evaluateFront(*third, k, exact).ok());
        QVERIFY(evaluateFront(*fresh, k, exact).ok());
        QCOMPARE(third->selected, fresh->selected);
        QVERIFY(third->selectedCandidate().method != Method::CloudOnly);
    }

    void judgementsOnPartOfTheSamplesSelectAsExactOnes() {
        // A measure that, given a limit, answers from 4 of 20 samples when the drop is far from
        // it (the interval +-2 points around the true drop) and otherwise judges every sample;
        // without a limit, every sample. The selection must be the exact measure's, confirmed
        // on every sample, and the candidates judged on part of the samples carry the evidence.
        TestModel m = loadModel(buildResidualBlock());
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        SolveConstraints k;
        k.edgeMemoryBytes = int64_t(1) << 40;
        k.maxAccuracyDrop = 1.0;
        const SolveProblem problem{m.graph, m.analysis, errors, latency, Uplink{1e6, 0.01, 0}};
        auto partial = solve(problem, k), exact = solve(problem, k);
        QVERIFY(partial.ok() && exact.ok());
        int everySample = 0, early = 0;
        MeasuredSelection sure, quick;
        sure.measure = [](const Candidate& c, std::optional<double>,
                          const CancellationToken&) -> Result<DropJudgement> {
            return onEverySample(1e3 * c.error);
        };
        quick.measure = [&](const Candidate& c, std::optional<double> limit,
                            const CancellationToken&) -> Result<DropJudgement> {
            const double d = 1e3 * c.error;
            if (limit && std::abs(d - *limit) > 2.0) {
                ++early;
                return DropJudgement{d, {d - 2.0, d + 2.0, true}, 4, 20};
            }
            ++everySample;
            return onEverySample(d);
        };
        QVERIFY(evaluateSolution(problem, *exact, sure).ok());
        QVERIFY(evaluateSolution(problem, *partial, quick).ok());
        QVERIFY(early > 0);
        QCOMPARE(partial->selected, exact->selected);
        const Candidate& chosen = partial->selectedCandidate();
        QVERIFY(!chosen.dropEvidence || chosen.dropEvidence->isFinal());
        int withEvidence = 0;
        for (const Candidate& c : partial->candidates)
            if (c.measuredDrop && c.dropEvidence && !c.dropEvidence->isFinal()) {
                ++withEvidence;
                QCOMPARE(c.dropEvidence->samples, 4);
                QVERIFY(c.dropEvidence->low <= *c.measuredDrop &&
                        *c.measuredDrop <= c.dropEvidence->high);
                // clearly beyond, or clearly within and so not selectable before confirmation
                QVERIFY(c.dropEvidence->low > 1.0 || c.dropEvidence->high <= 1.0);
            }
        for (const Baseline& b : partial->baselines)
            withEvidence += b.candidate.dropEvidence && !b.candidate.dropEvidence->isFinal();
        QVERIFY(withEvidence > 0);
        // a candidate judged on part of the samples meets the limit only as its interval says
        Candidate c = chosen;
        c.split = 3;
        c.measuredDrop = 0.5;
        c.dropEvidence = Candidate::DropEvidence{4, 20, 0.0, 1.5};
        std::string why;
        QVERIFY(!meetsAccuracy(c, k, &why));
        QVERIFY(QString::fromStdString(why).contains("4 of 20"));
        c.dropEvidence->high = 0.9;
        QVERIFY(meetsAccuracy(c, k));
        c.dropEvidence->low = 1.1;
        c.dropEvidence->high = 3.0;
        c.measuredDrop = 2.0;
        QVERIFY(!meetsAccuracy(c, k));
    }

    void accuracyRule() {
        Candidate quantized;
        quantized.split = 3;
        quantized.error = 0.5;
        Candidate floatEdge = quantized;
        floatEdge.floatEdge = true;
        Candidate cloud;
        SolveConstraints none, drop, error, both;
        drop.maxAccuracyDrop = 1.0;
        error.maxError = 1.0;
        both.maxAccuracyDrop = 1.0;
        both.maxError = 0.1;
        std::string why;
        QVERIFY(meetsAccuracy(quantized, none));
        QVERIFY(!meetsAccuracy(quantized, drop, &why));
        QVERIFY(why.find("not measured") != std::string::npos);
        QVERIFY(meetsAccuracy(quantized, error));
        QVERIFY(!meetsAccuracy(quantized, both, &why));
        QVERIFY(why.find("error 0.5 exceeds") != std::string::npos);
        QVERIFY(meetsAccuracy(floatEdge, both));
        QVERIFY(meetsAccuracy(cloud, both));
        quantized.measuredDrop = 0.7;
        QVERIFY(meetsAccuracy(quantized, both)); // the measurement outranks the proxy
        quantized.measuredDrop = 1.5;
        QVERIFY(!meetsAccuracy(quantized, drop, &why));
        QVERIFY(why.find("measured accuracy drop 1.5") != std::string::npos);
        QVERIFY(meetsAccuracy(quantized, error)); // no drop limit: the proxy decides
    }

    void badConstraintsAreErrors() {
        TestModel m = loadModel(buildChain(3));
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        const SolveProblem p{m.graph, m.analysis, errors, latency, Uplink{}};
        auto expectError = [&](SolveConstraints k, const char* text) {
            auto r = solve(p, k);
            QVERIFY(!r.ok());
            QVERIFY2(r.error().message.find(text) != std::string::npos, r.error().message.c_str());
        };
        SolveConstraints k;
        k.edgeMemoryBytes = -1;
        expectError(k, "edge memory");
        k = {};
        k.maxError = std::nan("");
        expectError(k, "max error");
        k = {};
        k.maxAccuracyDrop = -2;
        expectError(k, "max accuracy drop");
        k = {};
        k.bits = {0, 4};
        expectError(k, "bit-width 0");
        k = {};
        k.bits = {3};
        expectError(k, "bit-width 3 is not in the error table");
        k = {};
        k.floatBits = 0;
        expectError(k, "float bits");
        k = {};
        k.rawInputBits = 99;
        expectError(k, "raw input bits");
    }

    void otherRawBitsAndOutputsOnEdge() {
        TestModel m = loadModel(buildChain(3));
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        const SolveProblem p{m.graph, m.analysis, errors, latency, Uplink{}};
        SolveConstraints k;
        auto plain = solve(p, k);
        QVERIFY(plain.ok());
        k.rawInputBits = 16;
        k.outputsConsumedOnEdge = true;
        auto other = solve(p, k);
        QVERIFY(other.ok());
        QCOMPARE(other->candidates[0].transmittedBytes, 2 * plain->candidates[0].transmittedBytes);
        QCOMPARE(other->candidates[1].method, Method::EdgeOnlyU8);
        QCOMPARE(other->candidates[1].transmittedBytes, int64_t{0});
        QCOMPARE(other->candidates[1].transmissionSeconds, 0.0);
        QVERIFY(plain->candidates[1].transmittedBytes > 0);
        QVERIFY(plain->warnings.empty());
        QCOMPARE(other->warnings.size(), size_t(1));
        QVERIFY(other->warnings.front().find("analysis redone for raw input bits 16") !=
                std::string::npos);
    }

    void warnsWithoutActivationErrors() {
        TestModel m = loadModel(buildChain(3));
        QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        for (auto& row : errors.layers)
            row.activationMse.clear();
        TestLatency latency(m.analysis);
        auto set = solve({m.graph, m.analysis, errors, latency, Uplink{}}, SolveConstraints{});
        QVERIFY(set.ok());
        QVERIFY(!set->warnings.empty());
        QVERIFY(set->warnings.front().find("D_a") != std::string::npos);
    }

    void progressAndCancellation() {
        TestModel m = loadModel(buildSyntheticDag(60));
        const QuantErrorTable errors = syntheticErrors(m.analysis, {2, 4, 8});
        TestLatency latency(m.analysis);
        const SolveProblem p{m.graph, m.analysis, errors, latency, Uplink{}};
        std::vector<double> fractions;
        auto set = solve(p, SolveConstraints{},
                         [&](double f, std::string_view) { fractions.push_back(f); });
        QVERIFY(set.ok());
        QVERIFY(fractions.size() > 4);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(fractions.back(), 1.0);
        for (int stopAt : {1, 3, 6}) {
            CancellationToken cancel;
            int calls = 0;
            auto r = solve(
                p, SolveConstraints{},
                [&](double, std::string_view) {
                    if (++calls == stopAt)
                        cancel.cancel();
                },
                cancel);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().message, std::string("solve cancelled"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSolver)
#include "test_solver.moc"
