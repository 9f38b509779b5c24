// The evaluation engine against evaluate(), which judges every candidate on every sample from
// scratch: every figure judged on every sample equals evaluate()'s; every early decision agrees
// with the full evaluation's; a run from a kept prefix state changes nothing; the engine runs
// fewer samples and layers than evaluating every candidate fully; the float outputs kept on disk
// serve the next engine, and what fits nowhere is computed again; a cancelled judgement loses
// nothing it finished.

#include "core/quant/evaluation_engine.h"

#include "tests/core/bundle/bundle_fixture.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <QTemporaryDir>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace autosplit;

namespace {

// Layers 1..split at widths cycling through `bits` (32: float), as the evaluation reads them.
EvaluationRequest cycling(int split, const std::vector<int>& bits, int offset = 0) {
    EvaluationRequest r;
    r.split = split;
    for (int i = 0; i < split; ++i) {
        const int b = bits[static_cast<size_t>(i + offset) % bits.size()];
        r.weightBits.push_back(b);
        r.activationBits.push_back(b);
    }
    return r;
}

std::vector<EvaluationRequest> requestsOf(int layers) {
    std::vector<EvaluationRequest> r;
    for (int split : {1, layers / 3, layers / 2, layers - 1, layers})
        for (const std::vector<int>& bits :
             std::vector<std::vector<int>>{{8}, {2}, {4, 6}, {2, 8, 4}, {32}})
            r.push_back(cycling(split, bits));
    r.push_back(cycling(0, {8})); // Cloud-Only: the raw input crosses as 8-bit codes
    return r;
}

struct Model {
    testing::Opened opened;
    SampleTruth truth;
};

Model classifier(int samples, bool labelled) {
    Model m{testing::openForSplit(testing::buildResNet18(13, 64), samples, 3), {}};
    if (labelled)
        for (int s = 0; s < samples; ++s)
            m.truth.classes.push_back((s * 7) % 1000);
    return m;
}

TaskMetric sqnrMetric() {
    TaskMetric m;
    m.kind = MetricKind::Sqnr;
    return m;
}

double fullDrop(const Model& m, const TaskMetric& metric, const EvaluationRequest& r) {
    auto full =
        evaluate(*m.opened.executor, m.opened.calibration, m.opened.samples, metric, m.truth, r);
    if (!full)
        qFatal("%s", full.error().message.c_str());
    return full->accuracyDropPercent;
}

std::shared_ptr<EvaluationEngine> engineOf(const Model& m, const TaskMetric& metric,
                                           EvaluationEngineOptions options = {}) {
    auto engine = EvaluationEngine::create(m.opened.graph, m.opened.calibration, m.opened.samples,
                                           metric, m.truth, options);
    if (!engine)
        qFatal("%s", engine.error().message.c_str());
    return *engine;
}

} // namespace

class TestEvaluationEngine : public QObject {
    Q_OBJECT

private slots:
    void everySampleGivesEvaluatesFigures_data() {
        QTest::addColumn<bool>("labelled");
        QTest::addColumn<int>("metric");
        QTest::newRow("top-1 agreement") << false << int(MetricKind::Classification);
        QTest::newRow("labelled top-1") << true << int(MetricKind::Classification);
        QTest::newRow("sqnr") << false << int(MetricKind::Sqnr);
    }
    void everySampleGivesEvaluatesFigures() {
        QFETCH(bool, labelled);
        QFETCH(int, metric);
        const Model m = classifier(12, labelled);
        QVERIFY(m.opened.executor);
        TaskMetric task;
        task.kind = static_cast<MetricKind>(metric);
        auto engine = engineOf(m, task);
        const int layers = static_cast<int>(m.opened.graph->nodeCount());
        for (const EvaluationRequest& r : requestsOf(layers)) {
            auto expected = evaluate(*m.opened.executor, m.opened.calibration, m.opened.samples,
                                     task, m.truth, r);
            QVERIFY2(expected, expected ? "" : expected.error().message.c_str());
            auto all = engine->evaluateAll(r);
            QVERIFY2(all, all ? "" : all.error().message.c_str());
            const QString what = QString("split %1, widths %2")
                                     .arg(r.split)
                                     .arg(r.weightBits.empty() ? 0 : r.weightBits[0]);
            QVERIFY2(std::abs(all->accuracyDropPercent - expected->accuracyDropPercent) <=
                         1e-9 * (1 + std::abs(expected->accuracyDropPercent)),
                     qPrintable(what + QString(": %1 against %2")
                                           .arg(all->accuracyDropPercent)
                                           .arg(expected->accuracyDropPercent)));
            QCOMPARE(all->samples, expected->samples);
            QCOMPARE(all->floatScore, expected->floatScore);
            QCOMPARE(all->top1Agreement, expected->top1Agreement);
            auto judged = engine->judge(r, std::nullopt);
            QVERIFY(judged);
            QVERIFY(judged->isFinal());
            QCOMPARE(judged->drop, all->accuracyDropPercent);
            QCOMPARE(judged->interval.low, judged->drop);
            QCOMPARE(judged->interval.high, judged->drop);
        }
    }

    void earlyDecisionsAgreeWithTheFullEvaluation() {
        const Model m = classifier(40, false);
        QVERIFY(m.opened.executor);
        auto engine = engineOf(m, {});
        const int layers = static_cast<int>(m.opened.graph->nodeCount());
        int early = 0;
        for (double limit : {2.0, 10.0, 40.0})
            for (const EvaluationRequest& r : requestsOf(layers)) {
                auto full = evaluate(*m.opened.executor, m.opened.calibration, m.opened.samples,
                                     TaskMetric{}, m.truth, r);
                QVERIFY(full);
                auto j = engine->judge(r, limit);
                QVERIFY2(j, j ? "" : j.error().message.c_str());
                const DropVerdict verdict = verdictOf(j->interval, limit);
                QVERIFY(verdict != DropVerdict::Undecided);
                const bool within = full->accuracyDropPercent <= limit;
                QCOMPARE(verdict == DropVerdict::Within, within);
                QVERIFY(j->interval.low <= full->accuracyDropPercent + 1e-9);
                QVERIFY(full->accuracyDropPercent <= j->interval.high + 1e-9);
                early += j->isFinal() ? 0 : 1;
            }
        // candidates far from a limit stop before the last sample
        QVERIFY2(early > 0, "no judgement stopped early");
        const EvaluationEngineStats s = engine->stats();
        QVERIFY(s.samplesJudged < s.samplesOfAll);
        QCOMPARE(s.referenceRuns, int64_t(40));
    }

    void keptPrefixStatesChangeNothing() {
        const Model m = classifier(6, false);
        QVERIFY(m.opened.executor);
        const int layers = static_cast<int>(m.opened.graph->nodeCount());
        // three candidates with the same first layers, parting at different depths
        const EvaluationRequest a = cycling(layers - 2, {8, 6, 4});
        EvaluationRequest b = a, c = a;
        b.weightBits[size_t(layers / 2)] = 2;
        c.weightBits[size_t(layers / 4)] = 2;
        c.split = layers / 3;
        c.weightBits.resize(size_t(c.split));
        c.activationBits.resize(size_t(c.split));
        auto engine = engineOf(m, {});
        engine->expect({b, c});
        for (const EvaluationRequest& r : {a, b, c}) {
            auto j = engine->judge(r, std::nullopt);
            QVERIFY2(j, j ? "" : j.error().message.c_str());
            auto full = evaluate(*m.opened.executor, m.opened.calibration, m.opened.samples,
                                 TaskMetric{}, m.truth, r);
            QVERIFY(full);
            QCOMPARE(j->drop, full->accuracyDropPercent);
        }
        const EvaluationEngineStats s = engine->stats();
        QVERIFY2(s.layersReused > 0, "no run started from a kept state");
        // b starts after layers/2 layers on each sample, c after layers/4
        QCOMPARE(s.layersReused, int64_t(6) * (layers / 2 + layers / 4));
        QCOMPARE(s.sampleRuns, int64_t(18));

        // the same judged with SQNR, which shows any difference in the outputs
        const TaskMetric sqnr = sqnrMetric();
        auto fresh = engineOf(m, sqnr), reusing = engineOf(m, sqnr);
        reusing->expect({b});
        QVERIFY(reusing->judge(a, std::nullopt));
        auto reused = reusing->judge(b, std::nullopt);
        auto direct = fresh->judge(b, std::nullopt);
        QVERIFY(reused && direct);
        QVERIFY(reusing->stats().layersReused > 0);
        QCOMPARE(reused->drop, direct->drop);
    }

    void ratioMetricsAreNeverAcceptedEarly() {
        const Model m = classifier(16, false);
        QVERIFY(m.opened.executor);
        const TaskMetric sqnr = sqnrMetric();
        auto engine = engineOf(m, sqnr);
        const int layers = static_cast<int>(m.opened.graph->nodeCount());
        auto j = engine->judge(cycling(layers / 2, {8}), 1e6);
        QVERIFY(j);
        QVERIFY(j->isFinal()); // within a huge limit, but only every sample can say so
    }

    void floatOutputsOnDiskServeTheNextEngine() {
        const Model m = classifier(6, false);
        QVERIFY(m.opened.executor);
        const TaskMetric sqnr = sqnrMetric();
        QTemporaryDir dir;
        EvaluationEngineOptions options;
        options.referenceDirectory = dir.filePath("references").toStdString();
        const int layers = static_cast<int>(m.opened.graph->nodeCount());
        const EvaluationRequest r = cycling(layers / 2, {6, 8});
        const double expected = fullDrop(m, sqnr, r);
        {
            auto first = engineOf(m, sqnr, options);
            auto j = first->judge(r, std::nullopt);
            QVERIFY(j);
            QCOMPARE(j->drop, expected);
            QCOMPARE(first->stats().referenceRuns, int64_t(6));
            QCOMPARE(first->stats().referencesLoaded, int64_t(0));
        }
        {
            auto second = engineOf(m, sqnr, options);
            auto j = second->judge(r, std::nullopt);
            QVERIFY(j);
            QCOMPARE(j->drop, expected);
            QCOMPARE(second->stats().referenceRuns, int64_t(0));
            QCOMPARE(second->stats().referencesLoaded, int64_t(6));
        }
        // a damaged file is a miss: that sample's float run is done again
        int damaged = 0;
        for (const auto& entry : std::filesystem::directory_iterator(options.referenceDirectory))
            if (damaged == 0 && entry.path().extension() == ".pb") {
                std::filesystem::resize_file(entry.path(), 10);
                ++damaged;
            }
        QCOMPARE(damaged, 1);
        auto third = engineOf(m, sqnr, options);
        auto j = third->judge(r, std::nullopt);
        QVERIFY(j);
        QCOMPARE(j->drop, expected);
        QCOMPARE(third->stats().referenceRuns, int64_t(1));
        QCOMPARE(third->stats().referencesLoaded, int64_t(5));
    }

    void floatOutputsBeyondTheBudgetAreComputedAgain() {
        const Model m = classifier(6, false);
        QVERIFY(m.opened.executor);
        const TaskMetric sqnr = sqnrMetric();
        EvaluationEngineOptions options;
        options.referenceBudgetBytes = 1; // nothing fits, and there is no folder
        auto engine = engineOf(m, sqnr, options);
        const int layers = static_cast<int>(m.opened.graph->nodeCount());
        const EvaluationRequest r = cycling(layers / 3, {4});
        auto j = engine->judge(r, std::nullopt);
        QVERIFY(j);
        QCOMPARE(j->drop, fullDrop(m, sqnr, r));
        // once for the answers, once more for each sample judged
        QCOMPARE(engine->stats().referenceRuns, int64_t(12));
    }

    void aCancelledJudgementLosesNothingItFinished() {
        const Model m = classifier(24, false);
        QVERIFY(m.opened.executor);
        const int layers = static_cast<int>(m.opened.graph->nodeCount());
        const EvaluationRequest r = cycling(layers / 2, {2, 4});
        auto engine = engineOf(m, {});
        CancellationToken cancel;
        std::optional<Result<DropJudgement>> stopped;
        std::thread judging([&] { stopped = engine->judge(r, std::nullopt, cancel); });
        while (engine->stats().samplesJudged < 6)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        cancel.cancel();
        judging.join();
        QVERIFY(stopped && !*stopped);
        QCOMPARE(stopped->error().kind, ErrorKind::Cancelled);
        const int64_t before = engine->stats().samplesJudged;
        QVERIFY(before >= 6 && before < 24);
        // the queue changed: judged again, it goes on from what it had
        auto j = engine->judge(r, std::nullopt);
        QVERIFY(j);
        QCOMPARE(j->samples, 24);
        QCOMPARE(j->drop, fullDrop(m, {}, r));
        const EvaluationEngineStats s = engine->stats();
        QCOMPARE(s.samplesJudged, int64_t(24));
        // at most the samples running when it stopped are run twice
        QVERIFY2(s.sampleRuns <= 24 + 2, qPrintable(QString::number(s.sampleRuns)));
    }

    void badRequestsAndOptionsAreClearErrors() {
        const Model m = classifier(2, false);
        QVERIFY(m.opened.executor);
        EvaluationEngineOptions bad;
        bad.confidence = 1.0;
        auto refused = EvaluationEngine::create(m.opened.graph, m.opened.calibration,
                                                m.opened.samples, {}, m.truth, bad);
        QVERIFY(!refused);
        QVERIFY(QString::fromStdString(refused.error().message).contains("confidence"));
        auto engine = engineOf(m, {});
        EvaluationRequest r = cycling(3, {8});
        r.weightBits.pop_back();
        auto j = engine->judge(r, 5.0);
        QVERIFY(!j);
        QVERIFY(QString::fromStdString(j.error().message).contains("bit-widths"));
    }
};

QTEST_GUILESS_MAIN(TestEvaluationEngine)
#include "test_evaluation_engine.moc"
