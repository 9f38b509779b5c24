// Analysis > Measure Solutions on This Computer: the explorer runs every Pareto candidate and
// baseline of the shown solution end to end in the background, then the Pareto chart draws a
// hollow measured marker with a line to its prediction for each (and a "Measured" legend entry)
// and the latency breakdown a measured bar below the shown solution's; Cancel drops the run.

#include "widgets/charts/chart_legend.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/main_window.h"

#include "session/split_validation.h"
#include "tests/support/model_builder.h"

#include <QAction>
#include <QFile>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kTimeoutMs = 300000;

bool openAndSolve(MainWindow& window, const QString& path) {
    QSignalSpy solved(window.engine(), &Engine::solutionReady);
    window.openFile(path);
    return solved.wait(kTimeoutMs) && window.currentSolution();
}

} // namespace

class TestSolutionMeasurement : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void chartsShowTheMeasuredPoints();
    void cancelDropsTheRun();

private:
    QTemporaryDir m_dir;
    QString m_model;
};

void TestSolutionMeasurement::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_model = m_dir.filePath(QStringLiteral("residual.onnx"));
    saveModel(buildResidualBlock(), QFile::encodeName(m_model).toStdString());
}

void TestSolutionMeasurement::chartsShowTheMeasuredPoints() {
    MainWindow window;
    window.show();
    QVERIFY(openAndSolve(window, m_model));
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->isSolveBusy(), kTimeoutMs);
    auto* action = window.findChild<QAction*>(QStringLiteral("measureSolutionsAction"));
    QVERIFY(action);
    Engine* engine = window.engine();
    QSignalSpy measured(engine, &Engine::solutionMeasured);
    QSignalSpy failed(engine, &Engine::solutionMeasureFailed);
    QSignalSpy progress(engine, &Engine::solutionMeasureProgress);
    QVERIFY(window.paretoChart()->measuredSeries().empty());
    action->trigger();
    QVERIFY(engine->isMeasuringSolution());
    QVERIFY2(measured.wait(kTimeoutMs),
             failed.isEmpty() ? "no result" : qPrintable(failed.first().first().toString()));
    QVERIFY(!progress.isEmpty());
    const auto report =
        measured.first().at(0).value<std::shared_ptr<const session::ValidationReport>>();
    QVERIFY(report);
    QVERIFY(!report->rows.empty());

    // one hollow marker per measured candidate or baseline, at its measured latency and the y
    // of its prediction, joined to it by a line
    ParetoChart* pareto = window.paretoChart();
    const MeasuredLatencies& latencies = pareto->measuredLatencies();
    QVERIFY(!latencies.empty());
    const auto& markers = pareto->measuredSeries();
    QVERIFY(!markers.empty());
    QCOMPARE(markers.size(), pareto->measuredLinks().size());
    for (size_t i = 0; i < markers.size(); ++i) {
        QCOMPARE(markers[i]->count(), 1);
        QCOMPARE(markers[i]->brush().style(), Qt::NoBrush);
        const QPointF point = markers[i]->at(0);
        QVERIFY(point.x() > 0.0);
        const QLineSeries* link = pareto->measuredLinks()[i];
        QCOMPARE(link->count(), 2);
        QCOMPARE(link->at(1), point);
        QCOMPARE(link->at(0).y(), point.y());
    }
    // every measured row with a front candidate is drawn at its measured total
    for (const session::ValidationRow& row : report->rows) {
        if (row.candidateIndex < 0)
            continue;
        auto it = latencies.candidates.find(row.candidateIndex);
        QVERIFY(it != latencies.candidates.end());
        QCOMPARE(it->second.totalSeconds, row.measured.totalSeconds);
        const bool drawn = std::any_of(markers.begin(), markers.end(), [&](QScatterSeries* s) {
            return qAbs(s->at(0).x() - row.measured.totalSeconds * 1000.0) < 1e-9;
        });
        QVERIFY(drawn);
    }
    const auto& entries = pareto->legend()->entries();
    QVERIFY(std::any_of(entries.begin(), entries.end(), [](const ChartLegend::Entry& e) {
        return e.text.contains(QStringLiteral("Measured"));
    }));

    // the breakdown: the solver's selection, as shown right after the run, has its measured bar
    // (measured as itself, or as the same deployment found elsewhere: a baseline's answer)
    LatencyBreakdownChart* breakdown = window.breakdownChart();
    const int selection = breakdown->selected();
    QVERIFY(selection >= 0);
    QVERIFY2(latencies.candidates.count(selection), "the selection was measured");
    QVERIFY(std::any_of(breakdown->bars().begin(), breakdown->bars().end(),
                        [&](const auto& b) { return b.measured && b.candidate == selection; }));
    // and a measured bar with the measured times for a measured candidate picked
    const int index = latencies.candidates.begin()->first;
    window.paretoChart()->candidateClicked(index);
    QCOMPARE(breakdown->selected(), index);
    const auto& bars = breakdown->bars();
    auto bar = std::find_if(bars.begin(), bars.end(), [](const auto& b) { return b.measured; });
    QVERIFY(bar != bars.end());
    QCOMPARE(bar->candidate, index);
    const MeasuredLatency* times = breakdown->measuredOf(*bar);
    QVERIFY(times);
    QCOMPARE(times->totalSeconds, latencies.candidates.at(index).totalSeconds);
    QVERIFY(breakdown->tooltipText(int(bar - bars.begin())).contains(QStringLiteral("Measured")));

    // a new solve has other candidates: the measured points go
    QSignalSpy solvedAgain(engine, &Engine::solutionReady);
    auto settings = engine->solveSettings();
    settings.uplinkBitsPerSecond = 7.0 * 1048576.0;
    engine->setSolveSettings(settings);
    QVERIFY(solvedAgain.wait(kTimeoutMs));
    QVERIFY(pareto->measuredSeries().empty());
    QVERIFY(pareto->measuredLatencies().empty());
}

void TestSolutionMeasurement::cancelDropsTheRun() {
    MainWindow window;
    window.show();
    QVERIFY(openAndSolve(window, m_model));
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->isSolveBusy(), kTimeoutMs);
    Engine* engine = window.engine();
    QSignalSpy measured(engine, &Engine::solutionMeasured);
    QSignalSpy cancelled(engine, &Engine::solutionMeasureCancelled);
    QVERIFY(engine->measureSolution());
    QVERIFY(!engine->measureSolution()); // one at a time
    engine->cancelAll();
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!engine->isMeasuringSolution());
    QVERIFY(engine->waitForWorkers(kTimeoutMs));
    QTest::qWait(200);
    QVERIFY(measured.isEmpty());
    QVERIFY(window.paretoChart()->measuredSeries().empty());
}

QTEST_MAIN(TestSolutionMeasurement)
#include "test_solution_measurement.moc"
