// The explorer's first start as a customer demo sees it: with no saved settings it opens the
// default sample, PP-OCRv4's text detector, on its embedded scenes; drops are measured in hmean
// points (the chart says so), the selection is a real split, and moving the memory and uplink
// sliders walks it through Edge-Only, SPLIT and Cloud-Only, every selection within the drop
// limit as measured.

#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/main_window.h"

#include "core/quant/evaluation.h"
#include "resources/embedded_resources.h"
#include "session/drop_store.h"
#include "session/solve_session.h"

#include <QAbstractAxis>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QtTest>

using namespace autosplit;

namespace {

constexpr int kTimeoutMs = 300000; // the detector's first calibration on a busy two-core machine

enum class Outcome { CloudOnly, Split, EdgeOnly };

Outcome outcomeOf(const Candidate& c, int layers) {
    return c.split == 0        ? Outcome::CloudOnly
           : c.split == layers ? Outcome::EdgeOnly
                               : Outcome::Split;
}

} // namespace

class TestDemoSample : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void firstStartSplitsAndSlidersWalkIt();
    void recogniserReadsItsLines();
    void aLaterOpenHasTheDropsAtOnce();

private:
    // Moves a slider as a drag would and waits for the re-solve's evaluation.
    static bool moveAndSettle(MainWindow& window, QSlider* slider, int position);
    // The selection, checked against the limits; its outcome.
    static Outcome selection(MainWindow& window);
};

void TestDemoSample::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear(); // a first start
}

bool TestDemoSample::moveAndSettle(MainWindow& window, QSlider* slider, int position) {
    QSignalSpy finished(window.engine()->solveEngine(), &SolveEngine::evaluationFinished);
    slider->setSliderDown(true);
    slider->setValue(position);
    slider->setSliderDown(false);
    return finished.wait(kTimeoutMs);
}

Outcome TestDemoSample::selection(MainWindow& window) {
    const SolutionSetPtr set = window.currentSolution();
    if (!set)
        qFatal("no solution");
    const Candidate& c = set->selectedCandidate();
    const int layers = window.currentModel()->analysis.layerCount();
    qInfo("memory %lld B, uplink %.0f bit/s: split %d of %d, %.1f ms, drop %s",
          static_cast<long long>(set->constraints.edgeMemoryBytes),
          window.engine()->solveEngine()->uplink().bitsPerSecond, c.split, layers,
          c.totalSeconds * 1e3,
          c.measuredDrop ? qPrintable(QString::number(*c.measuredDrop)) : "-");
    // within the limits, as measured; Cloud-Only runs the float model
    if (c.edgeMemoryBytes > set->constraints.edgeMemoryBytes)
        qFatal("the selection does not fit the memory");
    if (c.split > 0 && (!c.measuredDrop || *c.measuredDrop > *set->constraints.maxAccuracyDrop))
        qFatal("the selection's drop was not measured within the limit");
    return outcomeOf(c, layers);
}

void TestDemoSample::firstStartSplitsAndSlidersWalkIt() {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QSignalSpy finished(window.engine()->solveEngine(), &SolveEngine::evaluationFinished);
    window.openSample(); // what a first start opens
    QVERIFY(finished.wait(kTimeoutMs));

    const auto model = window.currentModel();
    QVERIFY(model && model->isSample);
    QCOMPARE(model->sampleId, resources::defaultSample().id);
    QCOMPARE(model->displayName, QStringLiteral("ch_PP-OCRv4_det_infer.onnx"));
    const auto session = window.engine()->solveEngine()->session();
    QVERIFY(session);
    QCOMPARE(session->metric.kind, MetricKind::TextDetection);
    QCOMPARE(session->setup.samples.size(), size_t(16));
    QCOMPARE(session->setup.boxes.size(), size_t(16));
    QVERIFY(session->setup.settings.equalize);
    // the demo's limits on a first start
    const SolutionSetPtr first = window.currentSolution();
    QCOMPARE(first->constraints.edgeMemoryBytes, int64_t(1024 * 1024));
    QCOMPARE(first->bits, (std::vector<int>{6, 8}));
    // drops measured, in hmean points
    QVERIFY(!first->measuredFront.empty());
    QCOMPARE(window.paretoChart()->yMetric(), ParetoChart::YMetric::MeasuredDrop);
    QCOMPARE(window.paretoChart()->yAxis()->titleText(), QStringLiteral("Hmean drop (pp)"));
    QCOMPARE(selection(window), Outcome::Split);

    // memory: room for the whole 8-bit detector, then not even for its first layers
    ConstraintPanel* panel = window.constraintPanel();
    QVERIFY(moveAndSettle(window, panel->memorySlider(),
                          panel->memoryScale().position(16.0 * 1024 * 1024)));
    QCOMPARE(selection(window), Outcome::EdgeOnly);
    QVERIFY(
        moveAndSettle(window, panel->memorySlider(), panel->memoryScale().position(256.0 * 1024)));
    QCOMPARE(selection(window), Outcome::CloudOnly);
    QVERIFY(
        moveAndSettle(window, panel->memorySlider(), panel->memoryScale().position(1024.0 * 1024)));
    QCOMPARE(selection(window), Outcome::Split);
    // uplink: on a fast link the raw image is cheaper to send than to process on the camera
    QVERIFY(moveAndSettle(window, panel->uplinkSlider(),
                          panel->uplinkScale().position(1024.0 * 1048576.0)));
    QCOMPARE(selection(window), Outcome::CloudOnly);
}

// The recogniser sample: its lines' texts, its dictionary for all 6,625 classes, percentile
// ranges after equalization; the float model reads all 32 rendered lines exactly, as measured
// when they were made.
void TestDemoSample::recogniserReadsItsLines() {
    Engine engine;
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    QSignalSpy skipped(solver, &SolveEngine::calibrationSkipped);
    engine.openSample(QStringLiteral("text-recognizer"));
    QVERIFY(calibrated.wait(kTimeoutMs));
    QVERIFY(skipped.isEmpty());
    const auto session = solver->session();
    QVERIFY(session);
    QCOMPARE(session->metric.kind, MetricKind::TextRecognition);
    QVERIFY(session->metric.alphabet);
    QCOMPARE(session->metric.alphabet->classes(), 6625);
    QCOMPARE(session->setup.texts.size(), size_t(32));
    QCOMPARE(session->setup.texts.front(), std::string("SZ-457-LW"));
    QCOMPARE(session->setup.settings.activationRange.method, RangeMethod::Percentile);
    QVERIFY(session->setup.settings.equalize);
    EvaluationRequest request; // split 0: the float model only
    auto evaluated =
        evaluate(*session->setup.executor, session->calibration, session->setup.samples,
                 session->metric, SampleTruth{{}, session->setup.texts, {}}, request);
    QVERIFY2(evaluated.ok(), evaluated.ok() ? "" : evaluated.error().message.c_str());
    QCOMPARE(evaluated->floatScore, 100.0);
}

// The drops measured during the walk above were kept beside the calibration: opening the detector
// again has every one of them before any evaluation runs, and its first selection (the demo's
// limits) needs no new measurement.
void TestDemoSample::aLaterOpenHasTheDropsAtOnce() {
    Engine engine;
    SolveEngine* solver = engine.solveEngine();
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    engine.openSample();
    QVERIFY(calibrated.wait(kTimeoutMs));
    const auto session = solver->session();
    QVERIFY(session);
    QFile stored(session::dropStorePath(*session));
    QVERIFY2(stored.exists(), qPrintable(stored.fileName()));
    const size_t measured = session->drops.size();
    QVERIFY(measured >= 4); // the walk measured at least the four selections it checked
    session::SolveSettings settings;
    settings.network = QStringLiteral("3g");
    settings.edgeMemoryBytes = 1024 * 1024;
    settings.bits = {6, 8};
    settings.maxAccuracyDrop = 1.0;
    QSignalSpy finished(solver, &SolveEngine::evaluationFinished);
    solver->setConstraints(settings);
    QVERIFY(finished.wait(kTimeoutMs));
    const auto set = finished.first().first().value<SolutionSetPtr>();
    QCOMPARE(set->selectedCandidate().split, 4);
    QCOMPARE(session->drops.size(), measured); // nothing new had to be measured
}

QTEST_MAIN(TestDemoSample)
#include "test_demo_sample.moc"
