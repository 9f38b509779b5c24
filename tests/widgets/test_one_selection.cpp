// One selection, every view: whatever picks a solution — the solver, a point of the Pareto chart,
// an entry of its legend, a bar of the breakdown, a row of the Solutions table — the graph's cut,
// the Solution and Node panels, both charts, the table, the status bar and the window title all
// show that solution and nothing stale; and while drops are measured, every view says the
// selection is provisional. Picks are made as a user makes them (mouse clicks) where the widget
// allows it; the breakdown's bars are hit through their signal.

#include "tests/support/classifier_sample.h"
#include "widgets/charts/chart_legend.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/main_window.h"
#include "widgets/models/solution_table_model.h"
#include "widgets/solution/solution_details_view.h"
#include "widgets/solution/solution_table_view.h"

#include "core/solve/measured_selection.h"

#include <QChart>
#include <QChartView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QScatterSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTextDocument>
#include <QtTest>

using namespace autosplit;

namespace {

constexpr int kTimeoutMs = 120000;

QString plainText(const QString& html) {
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

// What the status bar and the title call a solution.
QString nameOf(const Candidate& c, int layers) {
    if (c.edgeLayerCount() == 0)
        return QStringLiteral("Cloud-Only");
    if (c.edgeLayerCount() >= layers)
        return QStringLiteral("Edge-Only");
    return QStringLiteral("split after layer %1").arg(c.split);
}

// Shows `window` at 1280x800 with the classifier sample open and every drop of its first solve
// measured (the views settled).
bool openSettled(MainWindow& window) {
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    QSignalSpy shownModel(&window, &MainWindow::modelShown);
    window.openSample(test::kClassifierId);
    if (!shownModel.wait(kTimeoutMs))
        return false;
    SolveEngine* solver = window.engine()->solveEngine();
    return QTest::qWaitFor([&] { return window.currentSolution() && !solver->isBusy(); },
                           kTimeoutMs);
}

} // namespace

class TestOneSelection : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyViewShowsEachPick();
    void provisionalStateIsTheSameEverywhere();
    void pickIsKeptWhileDropsArrive();
    void unmeasuredPickIsMeasured();
    void partlyJudgedPickIsJudgedOnEverySample();

private:
    // Asserts that every view shows `shown`: candidate `index`, or baseline `baseline`.
    void checkViews(MainWindow& window, int index, const QString& baseline);

    QTemporaryDir m_settingsDir;
};

void TestOneSelection::initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCoreApplication::setOrganizationName(QStringLiteral("autosplit-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_one_selection"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestOneSelection::checkViews(MainWindow& window, int index, const QString& baseline) {
    const SolutionSetPtr set = window.currentSolution();
    QVERIFY(set);
    const Candidate* shown = nullptr;
    if (baseline.isEmpty()) {
        QVERIFY(index >= 0 && index < int(set->candidates.size()));
        shown = &set->candidates[size_t(index)];
        QCOMPARE(window.shownCandidate(), index);
        QVERIFY(window.shownBaseline().isEmpty());
    } else {
        const Baseline* b = set->baseline(baseline.toStdString());
        QVERIFY(b);
        shown = &b->candidate;
        QCOMPARE(window.shownBaseline(), baseline);
    }
    const int layers = window.currentModel()->analysis.layerCount();
    const QString name = nameOf(*shown, layers);

    // the graph's cut
    QVERIFY(window.graphView()->solution());
    QCOMPARE(window.graphView()->solution()->split, shown->split);
    QCOMPARE(window.graphView()->solution()->edgeLayerCount(), shown->edgeLayerCount());
    QCOMPARE(window.graphView()->solution()->bits.weights(), shown->bits.weights());
    // the Solution panel
    QCOMPARE(window.solutionDetails()->candidate(), shown);
    // the Pareto chart: the star where the shown solution is (when the view can place it)
    ParetoChart* pareto = window.paretoChart();
    QCOMPARE(pareto->shownBaseline(), baseline);
    if (baseline.isEmpty())
        QCOMPARE(pareto->selected(), index);
    const auto point = pareto->valueOf(*shown);
    QCOMPARE(pareto->selectedSeries()->points(), point ? QList<QPointF>{*point} : QList<QPointF>{});
    // the breakdown: the shown solution's bar highlighted
    LatencyBreakdownChart* breakdown = window.breakdownChart();
    const int bar = breakdown->highlightedBar();
    QVERIFY(bar >= 0);
    const auto& b = breakdown->bars()[size_t(bar)];
    if (baseline.isEmpty())
        QCOMPARE(b.candidate, index);
    else
        QCOMPARE(b.baseline, baseline);
    // the Solutions table: the shown row selected
    SolutionTableView* table = window.solutionTable();
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), qsizetype(1));
    QCOMPARE(rows.first().row(), table->viewRowOf(baseline.isEmpty() ? index : -1, baseline));
    QCOMPARE(table->solutionModel()->candidateOf(table->solutionModel()->shownRow()), shown);
    // the status bar and the title name it
    const QString status = window.solveStateText().section(QStringLiteral(" · "), 0, 0);
    QVERIFY2(status.contains(name), qPrintable(status + QStringLiteral(" / ") + name));
    QVERIFY2(window.windowTitle().contains(name), qPrintable(window.windowTitle()));
    if (!baseline.isEmpty())
        QVERIFY2(status.contains(baseline), qPrintable(status));
    // the Node panel: the node it shows, under this solution's bit-widths
    QCOMPARE(window.nodeDetailsView()->toPlainText(),
             plainText(window.graphView()->nodeDetailsHtml(NodeId{0})));
}

void TestOneSelection::everyViewShowsEachPick() {
    MainWindow window;
    QVERIFY(openSettled(window));
    QVERIFY(!window.isProvisional());
    const SolutionSetPtr set = window.currentSolution();
    emit window.graphView()->nodeActivated(NodeId{0}); // the node panel shows the first layer

    // 1. the solver's selection
    checkViews(window, set->selected, {});

    // 2. a point of the Pareto chart, clicked: a front candidate other than the selection
    ParetoChart* pareto = window.paretoChart();
    // (one no baseline marker covers: a click there picks the marker on top)
    auto pixelOf = [&](const QPointF& value) {
        return pareto->chart()->mapToPosition(value, pareto->frontSeries());
    };
    int frontPick = -1;
    for (int i : pareto->frontCandidates()) {
        const auto value = pareto->valueOf(set->candidates[size_t(i)]);
        if (i == set->selected || !value)
            continue;
        bool covered = false;
        for (const QScatterSeries* series : pareto->baselineSeries())
            for (const QPointF& p : series->points())
                covered = covered || QLineF(pixelOf(p), pixelOf(*value)).length() < 24.0;
        if (!covered)
            frontPick = i;
    }
    QVERIFY(frontPick >= 0);
    {
        QChartView* view = pareto->chartView();
        const QPointF value = *pareto->valueOf(set->candidates[size_t(frontPick)]);
        const QPoint at =
            view->mapFromScene(pareto->chart()->mapToPosition(value, pareto->frontSeries()));
        QSignalSpy clicked(pareto, &ParetoChart::candidateClicked);
        QSignalSpy baselineClicked(pareto, &ParetoChart::baselineClicked);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QVERIFY2(clicked.count() == 1, qPrintable(QStringLiteral("at %1,%2 in %3x%4, baselines %5")
                                                      .arg(at.x())
                                                      .arg(at.y())
                                                      .arg(view->viewport()->width())
                                                      .arg(view->viewport()->height())
                                                      .arg(baselineClicked.count())));
        // the nearest point to the click: the pick, or one drawn on the same spot
        frontPick = clicked.first().first().toInt();
    }
    checkViews(window, frontPick, {});

    // 3. a baseline's legend entry, clicked
    {
        QListWidget* list = pareto->legend()->list();
        int row = -1;
        for (int r = 0; r < list->count(); ++r)
            if (list->item(r)->data(Qt::UserRole).toString() == QLatin1String("Cloud-Only"))
                row = r;
        QVERIFY(row >= 0);
        list->scrollToItem(list->item(row));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(list->item(row)).center());
    }
    checkViews(window, -1, QStringLiteral("Cloud-Only"));

    // 4. a bar of the breakdown: another baseline
    QString barBaseline;
    for (const auto& bar : window.breakdownChart()->bars())
        if (!bar.baseline.isEmpty() && bar.baseline != QLatin1String("Cloud-Only"))
            barBaseline = bar.baseline;
    QVERIFY(!barBaseline.isEmpty());
    emit window.breakdownChart()->baselineClicked(barBaseline);
    checkViews(window, -1, barBaseline);

    // 5. a row of the Solutions table, clicked: another front candidate
    window.pages()->setCurrentWidget(window.solutionTable());
    SolutionTableView* table = window.solutionTable();
    int tablePick = -1;
    for (const auto& row : table->solutionModel()->rows())
        if (row.baseline.isEmpty() && row.candidate != frontPick && row.candidate != set->selected)
            tablePick = row.candidate;
    QVERIFY(tablePick >= 0);
    {
        const int viewRow = table->viewRowOf(tablePick);
        const QModelIndex cell = table->model()->index(viewRow, SolutionTableModel::TotalColumn);
        table->scrollTo(cell);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(cell).center());
    }
    checkViews(window, tablePick, {});
    // a baseline's row too
    {
        const int viewRow = table->viewRowOf(-1, QStringLiteral("Cloud-Only"));
        QVERIFY(viewRow >= 0);
        const QModelIndex cell = table->model()->index(viewRow, SolutionTableModel::SolutionColumn);
        table->scrollTo(cell);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(cell).center());
    }
    checkViews(window, -1, QStringLiteral("Cloud-Only"));

    // 6. the star's legend entry takes every view back to the solver's selection
    {
        QListWidget* list = pareto->legend()->list();
        list->scrollToItem(list->item(2));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(list->item(2)).center());
    }
    checkViews(window, set->selected, {});
    QVERIFY2(window.solveStateText().startsWith(QStringLiteral("Selected: ")),
             qPrintable(window.solveStateText()));
}

// While drops are measured the solver's selection may still change: the status bar, the title,
// the Solution panel, both charts and the graph all say so, and all stop saying so together.
void TestOneSelection::provisionalStateIsTheSameEverywhere() {
    MainWindow window;
    QVERIFY(openSettled(window));
    SolveEngine* solver = window.engine()->solveEngine();

    auto provisionalEverywhere = [&](bool provisional) {
        QCOMPARE(window.isProvisional(), provisional);
        QCOMPARE(window.solveStateText().contains(QStringLiteral("provisional")), provisional);
        QCOMPARE(window.windowTitle().contains(QStringLiteral("provisional")), provisional);
        QCOMPARE(window.paretoChart()->isProvisional(), provisional);
        QCOMPARE(window.paretoChart()->legend()->entries()[2].text.contains(
                     QStringLiteral("provisional")),
                 provisional);
        QCOMPARE(window.breakdownChart()->isProvisional(), provisional);
        QCOMPARE(window.breakdownChart()->provisionalNote()->text().contains(
                     QStringLiteral("provisional")),
                 provisional);
        QCOMPARE(window.graphView()->isProvisional(), provisional);
        QCOMPARE(window.graphView()->legendHtml().contains(QStringLiteral("provisional")),
                 provisional);
        const QString title = window.findChild<QLabel*>(QStringLiteral("detailsTitle"))->text();
        QCOMPARE(title.contains(QStringLiteral("provisional")), provisional);
    };
    provisionalEverywhere(false);
    // Another limit: the new solution is evaluated, so until that ends it is provisional. The
    // window hears of it first (it connected first), so here every view must say so already.
    int checked = 0;
    connect(solver, &SolveEngine::solutionReady, this, [&](const SolutionSetPtr& set) {
        if (!solver->willEvaluate(*set))
            return;
        provisionalEverywhere(true);
        ++checked;
    });
    QSignalSpy finished(solver, &SolveEngine::evaluationFinished);
    session::SolveSettings settings = solver->constraints();
    settings.maxAccuracyDrop = 0.0;
    settings.edgeMemoryBytes = settings.edgeMemoryBytes.value_or(1 << 20) / 2;
    window.engine()->setSolveSettings(settings);
    QVERIFY(finished.wait(kTimeoutMs));
    QCOMPARE(checked, 1);
    QTRY_VERIFY_WITH_TIMEOUT(!solver->isBusy(), kTimeoutMs);
    provisionalEverywhere(false);
}

// A pick made while drops are measured stays shown when the evaluation's updates arrive (they are
// the same solve: the same candidates); a new solve shows its own selection again.
void TestOneSelection::pickIsKeptWhileDropsArrive() {
    MainWindow window;
    QVERIFY(openSettled(window));
    SolveEngine* solver = window.engine()->solveEngine();
    emit window.graphView()->nodeActivated(NodeId{0});

    int picked = -1;
    connect(solver, &SolveEngine::solutionReady, this, [&](const SolutionSetPtr& set) {
        if (picked >= 0 || !solver->willEvaluate(*set))
            return;
        // the user picks a feasible candidate of the front other than the provisional one
        for (int i : set->paretoFront)
            if (i != set->selected && set->candidates[size_t(i)].feasible)
                picked = i;
        if (picked >= 0)
            emit window.paretoChart()->candidateClicked(picked);
    });
    QSignalSpy updated(solver, &SolveEngine::solutionUpdated);
    QSignalSpy finished(solver, &SolveEngine::evaluationFinished);
    session::SolveSettings settings = solver->constraints();
    settings.maxAccuracyDrop = 0.5;
    settings.edgeMemoryBytes = settings.edgeMemoryBytes.value_or(1 << 20) / 3;
    window.engine()->setSolveSettings(settings);
    QVERIFY(finished.wait(kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!solver->isBusy(), kTimeoutMs);
    QVERIFY(picked >= 0);
    QVERIFY(updated.count() > 0);
    QCOMPARE(window.currentSolution(), solver->solution());
    checkViews(window, picked, {});
    QVERIFY2(window.solveStateText().startsWith(QStringLiteral("Shown: ")),
             qPrintable(window.solveStateText()));

    // another limit: a new solve, its own selection
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    settings.maxAccuracyDrop = 1.0;
    window.engine()->setSolveSettings(settings);
    QVERIFY(ready.wait(kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!solver->isBusy(), kTimeoutMs);
    checkViews(window, window.currentSolution()->selected, {});
}

// A picked candidate the evaluation did not measure gets its drop measured: the solution comes
// back with it, still shown, and the measured view can place its star.
void TestOneSelection::unmeasuredPickIsMeasured() {
    MainWindow window;
    QVERIFY(openSettled(window));
    SolveEngine* solver = window.engine()->solveEngine();
    emit window.graphView()->nodeActivated(NodeId{0});
    const SolutionSetPtr set = window.currentSolution();
    int picked = -1;
    for (int i = 0; i < int(set->candidates.size()); ++i) {
        const Candidate& c = set->candidates[size_t(i)];
        if (c.feasible && isMeasurable(c) && !c.measuredDrop)
            picked = i;
    }
    QVERIFY2(picked >= 0, "every candidate is measured already");
    QVERIFY(!window.paretoChart()->valueOf(set->candidates[size_t(picked)]) ||
            window.paretoChart()->yMetric() == ParetoChart::YMetric::ErrorProxy);
    QSignalSpy updated(solver, &SolveEngine::solutionUpdated);
    window.pages()->setCurrentWidget(window.solutionTable());
    emit window.solutionTable()->candidatePicked(picked);
    QVERIFY(solver->isMeasuringCandidate());
    QVERIFY(updated.wait(kTimeoutMs));
    QVERIFY(!solver->isMeasuringCandidate());
    const SolutionSetPtr after = window.currentSolution();
    QVERIFY(after != set);
    QVERIFY(after->candidates[size_t(picked)].measuredDrop.has_value());
    checkViews(window, picked, {});
    QVERIFY(window.paretoChart()->valueOf(after->candidates[size_t(picked)]));
    QVERIFY(!window.paretoChart()->selectedSeries()->points().isEmpty());
    // a second pick of it measures nothing more
    QVERIFY(!solver->measureCandidate(picked));
}

// A picked candidate judged on part of the samples only (clearly beyond the limit, so the
// evaluation stopped early) is judged on every sample: its whisker goes, every view gives the drop
// on all samples.
void TestOneSelection::partlyJudgedPickIsJudgedOnEverySample() {
    MainWindow window;
    QVERIFY(openSettled(window));
    SolveEngine* solver = window.engine()->solveEngine();
    emit window.graphView()->nodeActivated(NodeId{0});
    session::SolveSettings settings = solver->constraints();
    settings.maxAccuracyDrop = 5.0;
    QSignalSpy finished(solver, &SolveEngine::evaluationFinished);
    window.engine()->setSolveSettings(settings);
    QVERIFY(finished.wait(kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!solver->isBusy(), kTimeoutMs);
    const SolutionSetPtr set = window.currentSolution();
    int picked = -1;
    for (int i : window.paretoChart()->shownCandidates()) {
        const Candidate& c = set->candidates[size_t(i)];
        if (c.measuredDrop && c.dropEvidence && !c.dropEvidence->isFinal())
            picked = i;
    }
    QVERIFY2(picked >= 0, "nothing was judged on part of the samples");
    const int whiskers = int(window.paretoChart()->dropIntervalSeries().size());
    QVERIFY(whiskers > 0);
    const int total = set->candidates[size_t(picked)].dropEvidence->total;
    QSignalSpy updated(solver, &SolveEngine::solutionUpdated);
    emit window.solutionTable()->candidatePicked(picked);
    QVERIFY(solver->isMeasuringCandidate());
    QVERIFY(updated.wait(kTimeoutMs));
    const Candidate& after = window.currentSolution()->candidates[size_t(picked)];
    QVERIFY(after.measuredDrop);
    QVERIFY(!after.dropEvidence || after.dropEvidence->isFinal());
    checkViews(window, picked, {});
    QCOMPARE(int(window.paretoChart()->dropIntervalSeries().size()), whiskers - 1);
    QCOMPARE(window.solutionDetails()->dropLabel()->text(),
             QStringLiteral("%1 pp on all %2 samples")
                 .arg(QLocale().toString(*after.measuredDrop, 'f', 2))
                 .arg(total));
    // judged on every sample now: a second pick judges nothing more
    QVERIFY(!solver->measureCandidate(picked));
}

QTEST_MAIN(TestOneSelection)
#include "test_one_selection.moc"
