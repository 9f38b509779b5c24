// The explorer as a user drives it: the embedded sample opens, is calibrated and solved in the
// background; moving each slider of the constraint panel re-solves, and after each move the
// Pareto chart's selected point, the solution details and the graph's cut all show the candidate
// the solver selects for the new limits (the fastest feasible one within them, recomputed here
// with core's selection rule), and that selection changes where the limits say it must.

#include "tests/support/classifier_sample.h"
#include "widgets/charts/log_scale.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/main_window.h"

#include "core/solve/selection.h"

#include <QScatterSeries>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

#include <algorithm>

using namespace autosplit;

class TestExplorerSliders : public QObject {
    Q_OBJECT

private slots:
    void slidersResolveAndEveryViewFollows();

private:
    // Moves a slider as a drag would and waits for the re-solve and its evaluation.
    static bool moveAndSettle(MainWindow& window, QSlider* slider, int position);
    static void checkViewsShowTheSelection(MainWindow& window);
};

bool TestExplorerSliders::moveAndSettle(MainWindow& window, QSlider* slider, int position) {
    QSignalSpy finished(window.engine()->solveEngine(), &SolveEngine::evaluationFinished);
    slider->setSliderDown(true);
    slider->setValue(position);
    slider->setSliderDown(false);
    return finished.wait(60000);
}

void TestExplorerSliders::checkViewsShowTheSelection(MainWindow& window) {
    const SolutionSetPtr set = window.currentSolution();
    QVERIFY(set);
    qInfo("memory %lld B, uplink %.0f bit/s, max drop %s: %s split %d, %.2f ms, drop %s",
          static_cast<long long>(set->constraints.edgeMemoryBytes),
          window.engine()->solveEngine()->uplink().bitsPerSecond,
          set->constraints.maxAccuracyDrop
              ? qPrintable(QString::number(*set->constraints.maxAccuracyDrop))
              : "none",
          methodName(set->selectedCandidate().method).data(), set->selectedCandidate().split,
          set->selectedCandidate().totalSeconds * 1e3,
          set->selectedCandidate().measuredDrop
              ? qPrintable(QString::number(*set->selectedCandidate().measuredDrop))
              : "-");
    // the selection is the solver's rule applied to the candidates as measured
    const int fastest = selectFastest(set->candidates, set->constraints);
    QVERIFY(fastest >= 0);
    const Candidate& selected = set->selectedCandidate();
    QCOMPARE(selected.totalSeconds, set->candidates[static_cast<size_t>(fastest)].totalSeconds);
    QVERIFY(selected.feasible);
    QVERIFY(selected.edgeMemoryBytes <= set->constraints.edgeMemoryBytes);
    if (selected.measuredDrop && set->constraints.maxAccuracyDrop)
        QVERIFY(*selected.measuredDrop <= *set->constraints.maxAccuracyDrop);
    // the chart's star sits on it
    ParetoChart* chart = window.paretoChart();
    QCOMPARE(chart->selectedSeries()->count(), 1);
    const auto point = chart->valueOf(selected);
    QVERIFY(point);
    QCOMPARE(chart->selectedSeries()->at(0), *point);
    // the graph's crossing edges are its crossing tensors
    GraphView* graph = window.graphView();
    QVERIFY(graph->waitForLayouts(60000));
    std::vector<ValueId> crossing = selected.crossing;
    std::sort(crossing.begin(), crossing.end());
    crossing.erase(std::unique(crossing.begin(), crossing.end()), crossing.end());
    QCOMPARE(graph->annotations().crossingValues, crossing);
}

void TestExplorerSliders::slidersResolveAndEveryViewFollows() {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QSignalSpy finished(window.engine()->solveEngine(), &SolveEngine::evaluationFinished);
    window.openSample(test::kClassifierId);
    QVERIFY(finished.wait(120000));
    ConstraintPanel* panel = window.constraintPanel();

    // Memory: the slider's top (twice what the whole model needs at 16 bits) lets the whole
    // classifier run on the edge; 64 KiB does not hold its 93 KiB of weights at any width, so
    // the selection must move off Edge-Only.
    QVERIFY(moveAndSettle(window, panel->memorySlider(), panel->memorySlider()->maximum() - 1));
    checkViewsShowTheSelection(window);
    const SolutionSetPtr roomy = window.currentSolution();
    QVERIFY(
        moveAndSettle(window, panel->memorySlider(), panel->memoryScale().position(64.0 * 1024.0)));
    checkViewsShowTheSelection(window);
    const SolutionSetPtr tight = window.currentSolution();
    QVERIFY(tight->constraints.edgeMemoryBytes < roomy->constraints.edgeMemoryBytes);
    const int layers = static_cast<int>(window.currentModel()->analysis.layerCount());
    if (roomy->selectedCandidate().split == layers)
        QVERIFY(tight->selectedCandidate().split < layers);
    QVERIFY(tight->selectedCandidate().totalSeconds >= roomy->selectedCandidate().totalSeconds);

    // Uplink: a faster link never makes the best choice slower (the candidates are the same).
    QVERIFY(moveAndSettle(window, panel->uplinkSlider(),
                          panel->uplinkScale().position(64.0 * 1048576.0)));
    checkViewsShowTheSelection(window);
    const SolutionSetPtr fast = window.currentSolution();
    QVERIFY(fast->selectedCandidate().totalSeconds <= tight->selectedCandidate().totalSeconds);
    QVERIFY(fast->candidates.front().transmissionSeconds <
            tight->candidates.front().transmissionSeconds);

    // Accuracy: a 0-point tolerance admits only candidates measured to lose nothing.
    QVERIFY(moveAndSettle(window, panel->dropSlider(), ConstraintPanel::dropPosition(0.0)));
    checkViewsShowTheSelection(window);
    const SolutionSetPtr strict = window.currentSolution();
    QCOMPARE(*strict->constraints.maxAccuracyDrop, 0.0);
    const Candidate& exact = strict->selectedCandidate();
    QVERIFY(exact.edgeLayerCount() == 0 || exact.floatEdge ||
            (exact.measuredDrop && *exact.measuredDrop == 0.0));
    QVERIFY(exact.totalSeconds >= fast->selectedCandidate().totalSeconds);

    // A loose tolerance admits what the strict one refused: a faster candidate that loses
    // accuracy (fewer bits to send), and the views move to it.
    QVERIFY(moveAndSettle(window, panel->dropSlider(), ConstraintPanel::dropPosition(100.0)));
    checkViewsShowTheSelection(window);
    const SolutionSetPtr loose = window.currentSolution();
    const Candidate& lossy = loose->selectedCandidate();
    QVERIFY(lossy.measuredDrop && *lossy.measuredDrop > 0.0);
    QVERIFY(lossy.totalSeconds < exact.totalSeconds);
    QVERIFY(window.paretoChart()->selectedSeries()->at(0) != *window.paretoChart()->valueOf(exact));
}

QTEST_MAIN(TestExplorerSliders)
#include "test_explorer_sliders.moc"
