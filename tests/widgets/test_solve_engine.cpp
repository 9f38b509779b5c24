// SolveEngine: calibrates the embedded sample model in the background (equal to core's
// calibrate() on the embedded sample data), solves on each constraint change off the GUI thread
// (equal to core's solve() called here), evaluates the Pareto candidates on the samples (the
// selection equal to a plain reference search written here with core's evaluate()), hands out
// only the newest request's results, and survives another model or its own destruction mid-job.
// Long file: one QtTest suite per class under test, as Qt's own tests are organised.

#include "tests/support/classifier_sample.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"

#include "core/solve/measured_selection.h"
#include "resources/embedded_resources.h"
#include "session/solve_session.h"
#include "tests/support/model_builder.h"

#include "core/cost/analytical_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/data/sample_set.h"
#include "core/quant/calibration.h"
#include "core/quant/channel_equalization.h"
#include "core/quant/evaluation.h"
#include "core/quant/layer_sensitivity.h"
#include "core/quant/quant_error_table.h"
#include "core/solve/solver.h"

#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <onnx/onnx_pb.h>

#include <cmath>
#include <map>
#include <optional>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kTimeoutMs = 240000; // calibration on a busy two-core machine
constexpr int64_t kMiB = 1024 * 1024;
constexpr double kDropLimit = 5.0;

QString writeModel(const QTemporaryDir& dir, const QString& name, const onnx::ModelProto& model) {
    const QString path = dir.filePath(name);
    saveModel(model, QFile::encodeName(path).toStdString());
    return path;
}

session::SolveSettings paperSettings(int64_t memory) {
    session::SolveSettings s;
    s.edgeDevice = QStringLiteral("eyeriss");
    s.cloudDevice = QStringLiteral("tpu");
    s.uplinkBitsPerSecond = 3.0 * 1048576.0;
    s.edgeMemoryBytes = memory;
    s.maxAccuracyDrop = kDropLimit;
    s.bits = {2, 4, 6, 8};
    return s;
}

// Waits until `spy` has more than `count` entries.
bool waitForCount(QSignalSpy& spy, int count, int timeout = kTimeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (spy.count() <= count) {
        if (timer.elapsed() > timeout)
            return false;
        spy.wait(std::max<int>(1, timeout - int(timer.elapsed())));
    }
    return true;
}

// What the engine computes, computed here straight from core: the sample data preprocessed as
// resources say, the float model calibrated, solved, and the front searched one by one.
struct Reference {
    session::OpenedModelPtr model;
    std::shared_ptr<const Graph> graph;
    std::optional<Executor> executor;
    std::vector<std::vector<HostTensor>> samples;
    std::vector<int> labels;
    CalibrationResult calibration;
    std::unique_ptr<AnalyticalLatencyModel> latency;
    Uplink uplink;
};

std::unique_ptr<Reference> makeReference(const session::OpenedModelPtr& model) {
    auto r = std::make_unique<Reference>();
    r->model = model;
    r->graph = std::shared_ptr<const Graph>(model, &model->graph);
    auto spec = parsePreprocessSpec(test::classifierSample().preprocessSpec.toStdString());
    if (!spec)
        qFatal("spec: %s", spec.error().message.c_str());
    SampleSetOptions options;
    options.preprocess = *spec;
    auto set = SampleSet::fromFiles("reference",
                                    resources::sampleDataFiles(test::classifierSample()), options);
    if (!set)
        qFatal("samples: %s", set.error().message.c_str());
    auto tensors = set->loadAll();
    if (!tensors)
        qFatal("samples: %s", tensors.error().message.c_str());
    for (size_t i = 0; i < tensors->size(); ++i) {
        r->samples.push_back({(*tensors)[i]});
        r->labels.push_back(set->entry(i).label);
    }
    auto executor = Executor::create(r->graph);
    if (!executor)
        qFatal("executor: %s", executor.error().message.c_str());
    r->executor.emplace(std::move(executor).value());
    // the embedded samples are calibrated after channel equalization
    auto equalized = equalizeChannels(*r->executor, r->samples);
    if (!equalized)
        qFatal("equalization: %s", equalized.error().message.c_str());
    if (!equalized->tensors.empty()) {
        r->graph = equalized->graph;
        auto e = Executor::create(r->graph);
        if (!e)
            qFatal("executor: %s", e.error().message.c_str());
        r->executor.emplace(std::move(e).value());
    }
    CalibrationSettings settings;
    settings.bits = {2, 4, 6, 8};
    auto calibration = calibrate(*r->executor, r->samples, settings);
    if (!calibration)
        qFatal("calibration: %s", calibration.error().message.c_str());
    r->calibration = std::move(calibration).value();
    auto latency =
        makeLatencyModel(model->graph, model->analysis, loadDevicePreset("eyeriss").value(),
                         loadDevicePreset("tpu").value());
    if (!latency)
        qFatal("latency: %s", latency.error().message.c_str());
    r->latency = std::move(latency).value();
    r->uplink.bitsPerSecond = 3.0 * 1048576.0;
    return r;
}

SolutionSet directSolve(const Reference& r, int64_t memory) {
    SolveConstraints limits;
    limits.edgeMemoryBytes = memory;
    limits.maxAccuracyDrop = kDropLimit;
    limits.bits = {2, 4, 6, 8};
    auto set = solve(
        SolveProblem{r.model->graph, r.model->analysis, r.calibration.table, *r.latency, r.uplink},
        limits);
    if (!set)
        qFatal("solve: %s", set.error().message.c_str());
    return std::move(set).value();
}

double measure(const Reference& r, const Candidate& c) {
    EvaluationRequest request;
    request.split = c.split;
    request.weightBits = c.bits.weights();
    request.activationBits = c.bits.activations();
    auto result = evaluate(*r.executor, r.calibration, r.samples, r.labels, request);
    if (!result)
        qFatal("evaluate: %s", result.error().message.c_str());
    return result->accuracyDropPercent;
}

// The plain search: along the (latency, error) front, fastest first, the first candidate that
// quantizes nothing or whose measured drop is within the limit. Returns its index and drop.
std::pair<int, double> referenceSelection(const Reference& r, const SolutionSet& set) {
    for (int index : set.paretoFront) {
        const Candidate& c = set.candidates[size_t(index)];
        if (!c.feasible || !c.isPrefix())
            continue;
        if (c.edgeLayerCount() == 0 || c.floatEdge)
            return {index, 0.0};
        const double drop = measure(r, c);
        if (drop <= kDropLimit)
            return {index, drop};
    }
    return {-1, 0.0};
}

bool sameAssignment(const Candidate& a, const Candidate& b) {
    return a.method == b.method && a.split == b.split && a.edgeLayers == b.edgeLayers &&
           a.bits.weights() == b.bits.weights() && a.bits.activations() == b.bits.activations() &&
           a.floatEdge == b.floatEdge;
}

// Everything a view shows of two solution sets is the same.
void compareSets(const SolutionSet& actual, const SolutionSet& expected) {
    QCOMPARE(actual.candidates.size(), expected.candidates.size());
    for (size_t i = 0; i < actual.candidates.size(); ++i) {
        const Candidate& a = actual.candidates[i];
        const Candidate& e = expected.candidates[i];
        QVERIFY2(sameAssignment(a, e), qPrintable(QStringLiteral("candidate %1").arg(i)));
        QCOMPARE(a.totalSeconds, e.totalSeconds);
        QCOMPARE(a.edgeMemoryBytes, e.edgeMemoryBytes);
        QCOMPARE(a.error, e.error);
        QCOMPARE(a.feasible, e.feasible);
        QCOMPARE(a.measuredDrop.has_value(), e.measuredDrop.has_value());
        if (a.measuredDrop)
            QCOMPARE(*a.measuredDrop, *e.measuredDrop);
    }
    QCOMPARE(actual.paretoFront, expected.paretoFront);
    QCOMPARE(actual.measuredFront, expected.measuredFront);
    QCOMPARE(actual.selected, expected.selected);
    QCOMPARE(actual.baselines.size(), expected.baselines.size());
    for (size_t i = 0; i < actual.baselines.size(); ++i) {
        const Baseline& a = actual.baselines[i];
        const Baseline& e = expected.baselines[i];
        QCOMPARE(a.name, e.name);
        QVERIFY2(sameAssignment(a.candidate, e.candidate), a.name.c_str());
        QCOMPARE(a.candidate.totalSeconds, e.candidate.totalSeconds);
        QCOMPARE(a.candidate.measuredDrop.has_value(), e.candidate.measuredDrop.has_value());
        if (a.candidate.measuredDrop)
            QCOMPARE(*a.candidate.measuredDrop, *e.candidate.measuredDrop);
    }
}

} // namespace

class TestSolveEngine : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sampleSolveMatchesCore();
    void stricterMemoryChangesSelection();
    void measuredDropsAreKept();
    void confidenceRemakesTheSession();
    void sensitivityIsCoresLayerByLayer();
    void burstDeliversOnlyTheNewest();
    void interleavedChangesDeliverOnlyTheNewest();
    void modelWithoutSamplesSolvesOnWeightErrors();
    void bitsOutsideTheCalibrationRecalibrate();
    void cancelStopsEvaluation();
    void cancelledCalibrationFallsBackToWeightErrors();
    void openingAnotherModelMidCalibration();
    void settingAnotherModelMidCalibration();
    void destroyedMidEvaluation();

private:
    // A loaded sample model with its calibration done (from the cache after the first test).
    bool loadSample(Engine& engine);
    void useFreshCache();

    QTemporaryDir m_dir;
    QString m_chainPath;
    std::unique_ptr<Reference> m_reference;
    SolutionSetPtr m_oneMegabyte; // the engine's evaluated solution at 1 MB / 3 Mbps / 5 %
    int m_cacheCount = 0;
};

void TestSolveEngine::initTestCase() {
    QVERIFY(m_dir.isValid());
    useFreshCache();
    m_chainPath = writeModel(m_dir, QStringLiteral("chain.onnx"), buildChain(4, 8, 16));
}

void TestSolveEngine::useFreshCache() {
    // QStandardPaths reads this on every call: the engine's calibration cache goes here.
    qputenv("XDG_CACHE_HOME",
            QFile::encodeName(m_dir.filePath(QStringLiteral("cache%1").arg(++m_cacheCount))));
}

bool TestSolveEngine::loadSample(Engine& engine) {
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    QSignalSpy skipped(solver, &SolveEngine::calibrationSkipped);
    engine.openSample(test::kClassifierId);
    if (!calibrated.wait(kTimeoutMs))
        return false;
    return skipped.isEmpty() && solver->isCalibrated() && solver->canMeasureDrops();
}

void TestSolveEngine::sampleSolveMatchesCore() {
    Engine engine;
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    QSignalSpy started(solver, &SolveEngine::calibrationStarted);
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    QSignalSpy progress(solver, &SolveEngine::progress);
    QSignalSpy busy(solver, &SolveEngine::busyChanged);
    engine.openSample(test::kClassifierId);
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(started.count(), 1); // calibration starts as soon as the model is there
    QVERIFY(solver->isBusy());
    QVERIFY(!solver->isCalibrated());
    QVERIFY(calibrated.wait(kTimeoutMs));
    QCOMPARE(calibrated.first().first().toBool(), false); // a fresh cache: computed
    QVERIFY(solver->canMeasureDrops());
    QVERIFY(!progress.isEmpty());
    for (const auto& args : progress) {
        QVERIFY(args.at(0).toInt() >= 0 && args.at(0).toInt() <= 1000);
        QVERIFY(!args.at(1).toString().isEmpty());
    }
    QCOMPARE(busy.first().first().toBool(), true);

    // The calibration is core's calibrate() on the embedded sample data, preprocessed as
    // resources say: the same D_w and D_a for every layer and bit-width.
    const auto model = loaded.first().first().value<session::OpenedModelPtr>();
    m_reference = makeReference(model);
    const auto session = solver->session();
    QVERIFY(session);
    QCOMPARE(session->setup.samples.size(), size_t(16));
    QCOMPARE(session->setup.labels, m_reference->labels);
    QCOMPARE(session->calibration.table.bits, m_reference->calibration.table.bits);
    QCOMPARE(session->calibration.table.layers.size(),
             m_reference->calibration.table.layers.size());
    for (size_t i = 0; i < session->calibration.table.layers.size(); ++i) {
        QCOMPARE(session->calibration.table.layers[i].weightMse,
                 m_reference->calibration.table.layers[i].weightMse);
        QCOMPARE(session->calibration.table.layers[i].activationMse,
                 m_reference->calibration.table.layers[i].activationMse);
    }

    // 1 MB, 3 Mbps, 5 %: the solution is core's solve() under the same limits...
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    QSignalSpy measured(solver, &SolveEngine::candidateEvaluated);
    QSignalSpy updated(solver, &SolveEngine::solutionUpdated);
    solver->setConstraints(paperSettings(kMiB));
    QVERIFY(waitForCount(evaluated, 0));
    QCOMPARE(ready.count(), 1);
    const auto first = ready.first().at(0).value<SolutionSetPtr>();
    SolutionSet direct = directSolve(*m_reference, kMiB);
    // with nothing measured yet, what is known is that nothing quantized loses nothing
    applyKnownDrops(direct, DropCache{});
    compareSets(*first, direct);
    QCOMPARE(ready.first().at(1).toDouble(), direct.candidates[0].totalSeconds); // Cloud-Only
    QVERIFY(direct.candidates[0].method == Method::CloudOnly);

    // ... then judged on measured drops: the selection is what the plain search finds, and the
    // whole set what the shared evaluation gives when called here on core's own calibration.
    const auto final = evaluated.first().first().value<SolutionSetPtr>();
    const auto [index, drop] = referenceSelection(*m_reference, direct);
    QVERIFY(index >= 0);
    QCOMPARE(final->selected, index);
    QVERIFY(final->selectedCandidate().measuredDrop.has_value());
    QCOMPARE(*final->selectedCandidate().measuredDrop, drop);
    QVERIFY(final->selectedCandidate().split >
            0); // the sample splits at 1 MB (as the CLI test shows)

    session::SolveSession reference;
    reference.setup.graph = m_reference->graph;
    reference.setup.executor.emplace(Executor::create(m_reference->graph).value());
    reference.setup.samples = m_reference->samples;
    reference.setup.labels = m_reference->labels;
    reference.calibration = m_reference->calibration;
    reference.analysis = model->analysis;
    SolutionSet expected = direct;
    QVERIFY(session::evaluateOnSamples(
        reference, session::problemFor(reference, *m_reference->latency, m_reference->uplink),
        reference.evaluateLimit, expected));
    compareSets(*final, expected);

    // Progress along the way: one candidateEvaluated per measured front candidate, each with its
    // drop, and the updates only ever add drops.
    QVERIFY(!measured.isEmpty());
    for (const auto& args : measured) {
        const int i = args.at(0).toInt();
        QVERIFY(final->candidates[size_t(i)].measuredDrop.has_value());
        QCOMPARE(args.at(1).toDouble(), *final->candidates[size_t(i)].measuredDrop);
    }
    QVERIFY(updated.count() >= measured.count());
    QCOMPARE(updated.last().first().value<SolutionSetPtr>(), final);
    QCOMPARE(solver->solution(), final);
    QVERIFY(!solver->isBusy());
    m_oneMegabyte = final;
}

void TestSolveEngine::stricterMemoryChangesSelection() {
    QVERIFY(m_reference && m_oneMegabyte);
    Engine engine;
    QVERIFY(loadSample(engine)); // from the cache written by the first test
    SolveEngine* solver = engine.solveEngine();
    // Just below what the 1 MB selection needs: it no longer fits, so the solver must pick
    // another, and the engine picks what core and the plain search pick.
    const int64_t stricter = m_oneMegabyte->selectedCandidate().edgeMemoryBytes - 1;
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    solver->setConstraints(paperSettings(stricter));
    QVERIFY(waitForCount(evaluated, 0));
    const auto final = evaluated.first().first().value<SolutionSetPtr>();
    QCOMPARE(final->constraints.edgeMemoryBytes, stricter);
    const SolutionSet direct = directSolve(*m_reference, stricter);
    const auto [index, drop] = referenceSelection(*m_reference, direct);
    QVERIFY(index >= 0);
    QCOMPARE(final->selected, index);
    QVERIFY(sameAssignment(final->selectedCandidate(), direct.candidates[size_t(index)]));
    QCOMPARE(final->selectedCandidate().measuredDrop.value_or(-1.0), drop);
    QVERIFY(final->selectedCandidate().edgeMemoryBytes <= stricter);
    QVERIFY(!sameAssignment(final->selectedCandidate(), m_oneMegabyte->selectedCandidate()));
}

// Drops measured under one limit are shown under the next: a looser limit's first solution
// (before it evaluates anything) already has every drop measured before, so the measured front
// keeps the candidates found earlier instead of forgetting them.
void TestSolveEngine::measuredDropsAreKept() {
    QVERIFY(m_reference && m_oneMegabyte);
    Engine engine;
    QVERIFY(loadSample(engine));
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    session::SolveSettings tight = paperSettings(kMiB);
    tight.maxAccuracyDrop = 0.0;
    solver->setConstraints(tight);
    QVERIFY(waitForCount(evaluated, 0));
    const auto strict = evaluated.last().first().value<SolutionSetPtr>();
    int measuredBefore = 0;
    for (const Candidate& c : strict->candidates)
        measuredBefore += c.measuredDrop && isMeasurable(c) ? 1 : 0;
    QVERIFY(measuredBefore > 1);

    session::SolveSettings loose = tight;
    loose.maxAccuracyDrop = 90.0;
    const int readyBefore = int(ready.count());
    solver->setConstraints(loose);
    QVERIFY(waitForCount(ready, readyBefore));
    const auto first = ready.at(readyBefore).first().value<SolutionSetPtr>();
    int kept = 0;
    for (const Candidate& c : strict->candidates) {
        if (!c.measuredDrop || !isMeasurable(c))
            continue;
        for (const Candidate& n : first->candidates)
            if (sameAssignment(n, c)) {
                QVERIFY(n.measuredDrop.has_value());
                QCOMPARE(*n.measuredDrop, *c.measuredDrop);
                ++kept;
            }
    }
    QCOMPARE(kept, measuredBefore);
    // the measured front is drawn from all of them, and the selection is within the limit
    QVERIFY(first->measuredFront.size() >= 2);
    const Candidate& selected = first->selectedCandidate();
    QVERIFY(selected.measuredDrop && *selected.measuredDrop <= 90.0);
    QVERIFY(selected.totalSeconds <= strict->selectedCandidate().totalSeconds);
    solver->cancel();
}

// The confidence of early decisions reaches the session the evaluation engine is made from; a
// new one makes the session again (a new prepare), bringing along every drop measured on every
// sample, and judges at it.
void TestSolveEngine::confidenceRemakesTheSession() {
    Engine engine;
    QVERIFY(loadSample(engine));
    SolveEngine* solver = engine.solveEngine();
    QCOMPARE(solver->session()->engineOptions.confidence, session::SolveSettings{}.dropConfidence);
    QSignalSpy started(solver, &SolveEngine::calibrationStarted);
    QSignalSpy finished(solver, &SolveEngine::calibrationFinished);
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    session::SolveSettings settings = paperSettings(kMiB);
    solver->setConstraints(settings);
    QVERIFY(waitForCount(evaluated, 0));
    QCOMPARE(started.count(), 0); // limits alone never make the session again
    const auto before = solver->session();
    const std::map<std::string, double> measured = before->drops.entries();
    QVERIFY(!measured.empty());

    settings.dropConfidence = 0.9;
    solver->setConstraints(settings);
    QCOMPARE(started.count(), 1);
    QVERIFY(!solver->session()); // nothing is judged by the old engine meanwhile
    QVERIFY(waitForCount(finished, 0));
    const auto after = solver->session();
    QVERIFY(after && after != before);
    QCOMPARE(after->engineOptions.confidence, 0.9);
    const std::map<std::string, double> kept = after->drops.entries();
    for (const auto& [key, drop] : measured) {
        const auto it = kept.find(key);
        QVERIFY2(it != kept.end(), key.c_str());
        QCOMPARE(it->second, drop);
    }
    QVERIFY(waitForCount(evaluated, 1));
    // and the session stays while only the limits move
    settings.maxAccuracyDrop = kDropLimit + 1.0;
    solver->setConstraints(settings);
    QVERIFY(waitForCount(evaluated, 2));
    QCOMPARE(started.count(), 1);
    QCOMPARE(solver->session(), after);
    solver->cancel();
}

// Measure Layer Sensitivity: in the background, each layer's drop alone at 8 bits, the same as
// core's layerSensitivity on the reference calibration; widths not calibrated are refused.
void TestSolveEngine::sensitivityIsCoresLayerByLayer() {
    QVERIFY(m_reference);
    Engine engine;
    QVERIFY(loadSample(engine));
    SolveEngine* solver = engine.solveEngine();
    QVERIFY(!solver->measureSensitivity(3)); // calibrated for 2, 4, 6, 8 only
    QVERIFY(!solver->isMeasuringSensitivity());
    QSignalSpy measured(solver, &SolveEngine::sensitivityMeasured);
    QSignalSpy failed(solver, &SolveEngine::sensitivityFailed);
    QVERIFY(solver->measureSensitivity(8));
    QVERIFY(solver->isMeasuringSensitivity());
    QVERIFY(solver->isBusy());
    QVERIFY(waitForCount(measured, 0));
    QVERIFY(failed.isEmpty());
    QVERIFY(!solver->isBusy());
    const auto result = measured.first().first().value<std::shared_ptr<const SensitivityResult>>();
    QVERIFY(result);
    QCOMPARE(solver->sensitivity(), result);
    QCOMPARE(result->bits, 8);
    QCOMPARE(int(result->layers.size()), m_reference->model->analysis.layerCount());
    LayerSensitivityRequest request;
    auto expected =
        layerSensitivity(*m_reference->executor, m_reference->calibration, m_reference->samples,
                         TaskMetric{}, SampleTruth{m_reference->labels, {}, {}}, request);
    QVERIFY(expected.ok());
    QCOMPARE(result->floatScore, expected->floatScore);
    for (size_t i = 0; i < result->layers.size(); ++i) {
        QCOMPARE(result->layers[i].layer, expected->layers[i].layer);
        QCOMPARE(result->layers[i].drop, expected->layers[i].drop);
        QCOMPARE(result->layers[i].quantized, expected->layers[i].quantized);
    }
    // another model drops it
    engine.openFile(m_chainPath);
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY(!solver->sensitivity());
}

// Ten changes in one event-loop turn: one solve, with the last settings.
void TestSolveEngine::burstDeliversOnlyTheNewest() {
    Engine engine;
    QVERIFY(loadSample(engine));
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QSignalSpy updated(solver, &SolveEngine::solutionUpdated);
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    const quint64 before = solver->generation();
    for (int i = 1; i <= 10; ++i)
        solver->setConstraints(paperSettings(i * 256 * 1024));
    QCOMPARE(solver->generation(), before + 10);
    QVERIFY(waitForCount(evaluated, 0));
    QVERIFY(solver->waitForWorkers(kTimeoutMs));
    QTest::qWait(50); // anything still queued is handled now
    QCOMPARE(ready.count(), 1);
    QCOMPARE(ready.first().first().value<SolutionSetPtr>()->constraints.edgeMemoryBytes,
             int64_t(10 * 256 * 1024));
    for (const auto& args : updated)
        QCOMPARE(args.first().value<SolutionSetPtr>()->constraints.edgeMemoryBytes,
                 int64_t(10 * 256 * 1024));
    QCOMPARE(evaluated.count(), 1);
}

// Changes while solves and evaluations run: whatever arrives after a change is for that change.
void TestSolveEngine::interleavedChangesDeliverOnlyTheNewest() {
    int64_t requested = 0;
    int stale = 0, delivered = 0;
    Engine engine;
    QVERIFY(loadSample(engine));
    SolveEngine* solver = engine.solveEngine();
    auto check = [&](const SolutionSetPtr& set) {
        ++delivered;
        if (set->constraints.edgeMemoryBytes != requested)
            ++stale;
    };
    connect(solver, &SolveEngine::solutionReady, this,
            [&](const SolutionSetPtr& set, double) { check(set); });
    connect(solver, &SolveEngine::solutionUpdated, this, check);
    connect(solver, &SolveEngine::evaluationFinished, this, check);
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    for (int i = 0; i < 12; ++i) {
        requested = (2 + (i % 5)) * 256 * 1024;
        solver->setConstraints(paperSettings(requested));
        QTest::qWait(i * 7); // some land mid-solve, some mid-evaluation, some after
    }
    requested = 3 * kMiB;
    solver->setConstraints(paperSettings(requested));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return !evaluated.isEmpty() &&
                   evaluated.last().first().value<SolutionSetPtr>()->constraints.edgeMemoryBytes ==
                       requested;
        },
        kTimeoutMs));
    QVERIFY(solver->waitForWorkers(kTimeoutMs));
    QTest::qWait(50);
    QVERIFY(delivered > 0);
    QCOMPARE(stale, 0);
    QCOMPARE(solver->solution()->constraints.edgeMemoryBytes, requested);
}

// A model of the user's without sample data: weight errors only, solved, nothing evaluated.
void TestSolveEngine::modelWithoutSamplesSolvesOnWeightErrors() {
    Engine engine;
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    QSignalSpy skipped(solver, &SolveEngine::calibrationSkipped);
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    engine.openFile(m_chainPath);
    QVERIFY(skipped.wait(kTimeoutMs));
    QVERIFY(!skipped.first().first().toString().isEmpty());
    QVERIFY(calibrated.isEmpty());
    QVERIFY(solver->isCalibrated());
    QVERIFY(!solver->canMeasureDrops());
    const auto model = loaded.first().first().value<session::OpenedModelPtr>();
    QVERIFY(solver->session()->calibration.table.layers.size() == model->graph.nodeCount());
    QVERIFY(solver->session()->calibration.activationRanges.empty());

    session::SolveSettings settings = paperSettings(kMiB);
    settings.maxAccuracyDrop.reset();
    settings.maxError = 1e-3;
    solver->setConstraints(settings);
    QVERIFY(waitForCount(ready, 0));
    const auto set = ready.last().first().value<SolutionSetPtr>();
    // core's solve() on core's weight errors, here
    auto table = computeWeightErrors(model->graph, std::vector<int>{2, 4, 6, 8});
    QVERIFY(table);
    auto latency =
        makeLatencyModel(model->graph, model->analysis, loadDevicePreset("eyeriss").value(),
                         loadDevicePreset("tpu").value());
    QVERIFY(latency);
    Uplink uplink;
    uplink.bitsPerSecond = 3.0 * 1048576.0;
    SolveConstraints limits;
    limits.edgeMemoryBytes = kMiB;
    limits.maxError = 1e-3;
    limits.bits = {2, 4, 6, 8};
    auto direct =
        solve(SolveProblem{model->graph, model->analysis, *table, **latency, uplink}, limits);
    QVERIFY(direct);
    compareSets(*set, *direct);
    QTest::qWait(100);
    QVERIFY(evaluated.isEmpty()); // nothing to evaluate on
    QVERIFY(!solver->isBusy());
}

// B = {3, 8} is not in the calibrated {2, 4, 6, 8}: the engine calibrates it, then solves.
void TestSolveEngine::bitsOutsideTheCalibrationRecalibrate() {
    Engine engine;
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy skipped(solver, &SolveEngine::calibrationSkipped);
    QSignalSpy started(solver, &SolveEngine::calibrationStarted);
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QSignalSpy failed(solver, &SolveEngine::solveFailed);
    engine.openFile(m_chainPath);
    QVERIFY(skipped.wait(kTimeoutMs));
    session::SolveSettings settings = paperSettings(kMiB);
    settings.bits = {3, 8};
    solver->setConstraints(settings);
    QVERIFY(waitForCount(ready, 0));
    QVERIFY(failed.isEmpty());
    QCOMPARE(started.count(), 2);
    QCOMPARE(solver->session()->calibration.table.bits, (std::vector<int>{2, 3, 4, 6, 8}));
    QCOMPARE(ready.last().first().value<SolutionSetPtr>()->bits, (std::vector<int>{3, 8}));

    // A device that does not exist is one line naming it; the last solution stays.
    settings.edgeDevice = QStringLiteral("no-such-device");
    solver->setConstraints(settings);
    QVERIFY(failed.wait(kTimeoutMs));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("no-such-device")) &&
                 !message.contains(QLatin1Char('\n')),
             qPrintable(message));
    QCOMPARE(ready.count(), 1);
    QVERIFY(solver->solution());
}

void TestSolveEngine::cancelStopsEvaluation() {
    Engine engine;
    QVERIFY(loadSample(engine));
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QSignalSpy cancelled(solver, &SolveEngine::cancelled);
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    solver->setConstraints(paperSettings(kMiB));
    QVERIFY(ready.wait(kTimeoutMs));
    QVERIFY(solver->isBusy()); // evaluating
    QSignalSpy updated(solver, &SolveEngine::solutionUpdated);
    solver->cancel();
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!solver->isBusy());
    QVERIFY(solver->waitForWorkers(kTimeoutMs));
    QTest::qWait(50);
    QCOMPARE(updated.count(), 0);
    QCOMPARE(evaluated.count(), 0);
    QVERIFY(solver->solution()); // the solution stays, with what was measured before the cancel
    solver->cancel();            // nothing running: no second signal
    QCOMPARE(cancelled.count(), 1);
}

// Cancel while the sample calibrates: the calibration is dropped, the engine solves on weight
// errors (core's computeWeightErrors) and measures nothing; a second cancel has nothing to stop.
void TestSolveEngine::cancelledCalibrationFallsBackToWeightErrors() {
    useFreshCache();
    Engine engine;
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    QSignalSpy skipped(solver, &SolveEngine::calibrationSkipped);
    QSignalSpy cancelled(solver, &SolveEngine::cancelled);
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    engine.openSample(test::kClassifierId);
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY(solver->isBusy());
    solver->cancel();
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(skipped.wait(kTimeoutMs));
    QCOMPARE(calibrated.count(), 0);
    QVERIFY(!solver->canMeasureDrops());
    const auto model = loaded.first().first().value<session::OpenedModelPtr>();
    auto table = computeWeightErrors(model->graph, std::vector<int>{2, 4, 6, 8});
    QVERIFY(table);
    const QuantErrorTable& engineTable = solver->session()->calibration.table;
    QCOMPARE(engineTable.layers.size(), table->layers.size());
    for (size_t i = 0; i < table->layers.size(); ++i) {
        QCOMPARE(engineTable.layers[i].weightMse, table->layers[i].weightMse);
        QVERIFY(engineTable.layers[i].activationMse.empty());
    }
    solver->setConstraints(paperSettings(kMiB));
    QVERIFY(ready.wait(kTimeoutMs));
    // No drops can be measured, so the drop limit is left out (under it nothing quantized would
    // qualify): the selection is the fastest candidate within memory.
    const auto set = ready.first().first().value<SolutionSetPtr>();
    QVERIFY(!set->constraints.maxAccuracyDrop);
    QCOMPARE(set->constraints.edgeMemoryBytes, kMiB);
    const Candidate& selected = set->selectedCandidate();
    QVERIFY(selected.feasible);
    for (const Candidate& c : set->candidates)
        if (c.feasible)
            QVERIFY(c.totalSeconds >= selected.totalSeconds);
    QVERIFY2(selected.method != Method::CloudOnly, set->selectionReason.c_str());
    QVERIFY(!solver->isBusy());
    QTest::qWait(50);
    QCOMPARE(evaluated.count(), 0);
    solver->cancel();
    QCOMPARE(cancelled.count(), 1);
}

// Another file opened while the sample calibrates: the sample's calibration is dropped and the
// new model is what the solve engine works on.
void TestSolveEngine::openingAnotherModelMidCalibration() {
    useFreshCache(); // so the sample's calibration is computed, not read
    Engine engine;
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    QSignalSpy skipped(solver, &SolveEngine::calibrationSkipped);
    engine.openSample(test::kClassifierId);
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY(solver->isBusy());
    engine.openFile(m_chainPath);
    QVERIFY(skipped.wait(kTimeoutMs)); // the chain has no samples
    QCOMPARE(loaded.count(), 2);
    const auto chain = loaded.last().first().value<session::OpenedModelPtr>();
    QCOMPARE(solver->model(), chain);
    QVERIFY(solver->waitForWorkers(kTimeoutMs));
    QTest::qWait(50);
    // the sample's calibration either finished before the chain arrived or was dropped
    QVERIFY(calibrated.count() <= 1);
    QCOMPARE(solver->session()->calibration.table.layers.size(), chain->graph.nodeCount());
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    solver->setConstraints(paperSettings(kMiB));
    QVERIFY(ready.wait(kTimeoutMs));
    QVERIFY(ready.first().first().value<SolutionSetPtr>()->candidates.back().split <=
            int(chain->graph.nodeCount()));
}

// The same one level down, deterministically: a second setModel before the first calibration
// could possibly be back.
void TestSolveEngine::settingAnotherModelMidCalibration() {
    useFreshCache();
    Engine engine;
    QSignalSpy loaded(&engine, &Engine::modelLoaded);
    engine.openSample(test::kClassifierId);
    QVERIFY(loaded.wait(kTimeoutMs));
    const auto sample = loaded.first().first().value<session::OpenedModelPtr>();
    engine.openFile(m_chainPath);
    QVERIFY(loaded.wait(kTimeoutMs));
    const auto chain = loaded.last().first().value<session::OpenedModelPtr>();
    QVERIFY(engine.waitForWorkers(kTimeoutMs));
    QVERIFY(engine.solveEngine()->waitForWorkers(kTimeoutMs));

    SolveEngine solver;
    QSignalSpy calibrated(&solver, &SolveEngine::calibrationFinished);
    QSignalSpy skipped(&solver, &SolveEngine::calibrationSkipped);
    QSignalSpy started(&solver, &SolveEngine::calibrationStarted);
    solver.setModel(sample);
    solver.setModel(chain);
    solver.setModel(sample);
    QCOMPARE(started.count(), 3);
    QVERIFY(calibrated.wait(kTimeoutMs));
    QVERIFY(solver.waitForWorkers(kTimeoutMs));
    QTest::qWait(50);
    QCOMPARE(calibrated.count(), 1);
    QCOMPARE(skipped.count(), 0); // the chain's result was dropped
    QCOMPARE(solver.model(), sample);
    QCOMPARE(solver.session()->setup.samples.size(), size_t(16));
}

void TestSolveEngine::destroyedMidEvaluation() {
    auto* engine = new Engine;
    QPointer<Engine> guard(engine);
    QVERIFY(loadSample(*engine));
    SolveEngine* solver = engine->solveEngine();
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QSignalSpy updated(solver, &SolveEngine::solutionUpdated);
    QSignalSpy evaluated(solver, &SolveEngine::evaluationFinished);
    QSignalSpy progress(solver, &SolveEngine::progress);
    solver->setConstraints(paperSettings(kMiB));
    QVERIFY(ready.wait(kTimeoutMs));
    QVERIFY(solver->isBusy()); // the evaluation runs
    const int updates = updated.count(), progresses = progress.count();
    delete engine; // cancels and waits for the workers, the solve engine's included
    QVERIFY(guard.isNull());
    QTest::qWait(200); // nothing queued for the dead engines runs
    QCOMPARE(updated.count(), updates);
    QCOMPARE(progress.count(), progresses);
    QCOMPARE(evaluated.count(), 0);
}

QTEST_MAIN(TestSolveEngine)
#include "test_solve_engine.moc"
