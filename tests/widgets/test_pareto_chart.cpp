// ParetoChart, offscreen, on SolutionSets the real solver made for small DAGs: the series hold
// exactly the set's feasible candidates, its Pareto front, the selected solution and one series
// per baseline (distinct marker and colour each); the normalised view divides by Cloud-Only;
// clicking a drawn point emits its candidate index; decimation never drops the front, the
// selection or a baseline; tooltips name what they describe.

#include "solution_fixture.h"

#include "widgets/pareto_chart.h"
#include "widgets/solution_text.h"

#include "tests/support/model_builder.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QValueAxis>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using PointList = std::vector<std::pair<double, double>>;

PointList sorted(PointList p) {
    std::sort(p.begin(), p.end());
    return p;
}

PointList pointsOf(const QXYSeries* series) {
    PointList out;
    for (const QPointF& p : series->points())
        out.emplace_back(p.x(), p.y());
    return out;
}

// Cloud-Only's latency, found the plain way.
double cloudOnly(const SolutionSet& set) {
    for (const Candidate& c : set.candidates)
        if (c.method == Method::CloudOnly)
            return c.totalSeconds;
    qFatal("no Cloud-Only candidate");
    return 0.0;
}

// Counts the paint events a widget receives.
class PaintCounter : public QObject {
public:
    int count = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

class TestParetoChart : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void seriesHoldTheSet();
    void normalisedDividesByCloudOnly();
    void clickingAPointEmitsItsIndex();
    void decimationKeepsFrontSelectionAndBaselines();
    void selectionMoves();
    void tooltipDescribesTheCandidate();
    void measuredDropsOnceEvaluated();
    void logScaleForE();
    void newSetIsLaidOutBeforeItsFirstPaint();

private:
    SolvedModel m_residual;
    SolvedModel m_inception;
};

void TestParetoChart::initTestCase() {
    // Memory limits that leave some splits out, so that the set is not trivially everything.
    m_residual = solveModel(buildResidualBlock(), defaultTestConstraints(64 * 1024));
    m_inception = solveModel(buildInception(), defaultTestConstraints(256 * 1024));
    QVERIFY(m_residual.set->candidates.size() > 5);
    QVERIFY(m_inception.set->candidates.size() > 5);
}

void TestParetoChart::seriesHoldTheSet() {
    for (const SolvedModel* solved : {&m_residual, &m_inception}) {
        const SolutionSet& set = *solved->set;
        ParetoChart chart;
        chart.setLogScale(false); // E as is (the log view has its own test)
        chart.setSolutionSet(solved->set);
        QCOMPARE(chart.yMetric(), ParetoChart::YMetric::ErrorProxy); // nothing measured
        QVERIFY(chart.yAxis()->titleText().contains(QStringLiteral("Error proxy E")));
        QVERIFY(chart.xAxis()->titleText().contains(QStringLiteral("ms")));

        PointList feasible;
        std::vector<int> feasibleIndices;
        for (size_t i = 0; i < set.candidates.size(); ++i)
            if (set.candidates[i].feasible) {
                feasible.emplace_back(set.candidates[i].totalSeconds * 1000.0,
                                      set.candidates[i].error);
                feasibleIndices.push_back(static_cast<int>(i));
            }
        QCOMPARE(sorted(pointsOf(chart.candidateSeries())), sorted(feasible));
        QCOMPARE(chart.shownCandidates(), feasibleIndices);

        PointList front;
        for (int i : set.paretoFront)
            front.emplace_back(set.candidates[static_cast<size_t>(i)].totalSeconds * 1000.0,
                               set.candidates[static_cast<size_t>(i)].error);
        QCOMPARE(pointsOf(chart.frontSeries()), front); // in order, ascending latency
        QCOMPARE(chart.frontCandidates(), set.paretoFront);

        const Candidate& selected = set.selectedCandidate();
        QCOMPARE(pointsOf(chart.selectedSeries()),
                 PointList({{selected.totalSeconds * 1000.0, selected.error}}));
        QCOMPARE(chart.selectedSeries()->markerShape(), QScatterSeries::MarkerShapeStar);

        QCOMPARE(chart.baselineSeries().size(), set.baselines.size());
        std::set<std::pair<int, QRgb>> styles;
        for (size_t b = 0; b < set.baselines.size(); ++b) {
            const Baseline& baseline = set.baselines[b];
            QScatterSeries* series = chart.baselineSeries()[b];
            QVERIFY2(series->name().startsWith(QString::fromStdString(baseline.name)),
                     qPrintable(series->name()));
            QVERIFY(series->markerShape() != QScatterSeries::MarkerShapeStar);
            styles.insert({series->markerShape(), series->color().rgb()});
            const Candidate& c = baseline.candidate;
            const bool hasCost = c.feasible || c.totalSeconds > 0.0;
            if (hasCost)
                QCOMPARE(pointsOf(series), PointList({{c.totalSeconds * 1000.0, c.error}}));
            else
                QCOMPARE(series->count(), 0);
            if (!c.feasible)
                QVERIFY(series->name().contains(QStringLiteral("infeasible")) ||
                        series->name().contains(QStringLiteral("no answer")));
        }
        QCOMPARE(styles.size(), set.baselines.size());
        // Every series is in the legend.
        QCOMPARE(chart.chart()->series().size(), qsizetype(3 + set.baselines.size()));
    }
}

void TestParetoChart::normalisedDividesByCloudOnly() {
    const SolutionSet& set = *m_inception.set;
    const double reference = cloudOnly(set);
    ParetoChart chart;
    chart.setLogScale(false);
    chart.setSolutionSet(m_inception.set);
    chart.findChild<QCheckBox*>(QStringLiteral("normalisedBox"))->click();
    QVERIFY(chart.isNormalised());
    QVERIFY(chart.xAxis()->titleText().contains(QStringLiteral("Cloud-Only")));
    PointList expected;
    for (const Candidate& c : set.candidates)
        if (c.feasible)
            expected.emplace_back(c.totalSeconds / reference, c.error);
    QCOMPARE(sorted(pointsOf(chart.candidateSeries())), sorted(expected));
    // Cloud-Only itself sits at 1.
    const auto baseline = std::find_if(set.baselines.begin(), set.baselines.end(),
                                       [](const Baseline& b) { return b.name == "Cloud-Only"; });
    QVERIFY(baseline != set.baselines.end());
    const auto index = static_cast<size_t>(baseline - set.baselines.begin());
    QCOMPARE(chart.baselineSeries()[index]->at(0).x(), 1.0);
    for (const QPointF& p : chart.selectedSeries()->points())
        QCOMPARE(p.x(), set.selectedCandidate().totalSeconds / reference);

    // A reference given by the caller is used as is.
    chart.setSolutionSet(m_inception.set, reference * 2.0);
    QCOMPARE(chart.baselineSeries()[index]->at(0).x(), 0.5);
    chart.setNormalised(false);
    QCOMPARE(chart.baselineSeries()[index]->at(0).x(), reference * 1000.0);
}

void TestParetoChart::clickingAPointEmitsItsIndex() {
    const SolutionSet& set = *m_inception.set;
    ParetoChart chart;
    chart.resize(900, 600);
    chart.setSolutionSet(m_inception.set);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTest::qWait(50);

    QChart* qc = chart.chart();
    QChartView* view = chart.chartView();
    auto pixel = [&](const QPointF& value) {
        return view->mapFromScene(qc->mapToPosition(value, chart.candidateSeries()));
    };
    // Where the chart draws a candidate (log E axis: E = 0 at the floor).
    auto at = [&](const Candidate& c) {
        const double y = c.error > 0.0 ? c.error : chart.logFloor();
        return pixel(QPointF(c.totalSeconds * 1000.0, y));
    };
    // Every drawn point, to find one that nothing else covers.
    std::vector<QPoint> all;
    for (QAbstractSeries* s : qc->series())
        if (auto* xy = qobject_cast<QXYSeries*>(s))
            for (const QPointF& p : xy->points())
                all.push_back(pixel(p));
    auto isolated = [&](const QPoint& at) {
        int near = 0;
        for (const QPoint& q : all)
            if ((q - at).manhattanLength() < 24)
                ++near;
        return near == 1;
    };
    std::set<int> front(set.paretoFront.begin(), set.paretoFront.end());
    int target = -1;
    for (int i : chart.shownCandidates()) {
        if (front.count(i) || i == set.selected)
            continue;
        const Candidate& c = set.candidates[static_cast<size_t>(i)];
        if (isolated(at(c))) {
            target = i;
            break;
        }
    }
    QVERIFY2(target >= 0, "no candidate stands alone on the chart");
    QSignalSpy clicked(&chart, &ParetoChart::candidateClicked);
    const Candidate& c = set.candidates[static_cast<size_t>(target)];
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at(c));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().first().toInt(), target);

    // The selected star.
    clicked.clear();
    const Candidate& s = set.selectedCandidate();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at(s));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().first().toInt(), set.selected);
}

void TestParetoChart::decimationKeepsFrontSelectionAndBaselines() {
    const SolutionSet& set = *m_inception.set;
    int feasible = 0;
    for (const Candidate& c : set.candidates)
        feasible += c.feasible ? 1 : 0;
    const int limit = static_cast<int>(set.paretoFront.size()) + 4;
    QVERIFY2(feasible > limit + 4, "the set is too small to decimate");
    ParetoChart chart;
    chart.setLogScale(false);
    chart.setDecimationLimit(limit);
    chart.setSolutionSet(m_inception.set);
    const std::vector<int>& shown = chart.shownCandidates();
    QVERIFY(static_cast<int>(shown.size()) <= limit);
    QVERIFY(static_cast<int>(shown.size()) > static_cast<int>(set.paretoFront.size()));
    for (int i : set.paretoFront)
        QVERIFY(std::find(shown.begin(), shown.end(), i) != shown.end());
    QVERIFY(std::find(shown.begin(), shown.end(), set.selected) != shown.end());
    QCOMPARE(chart.frontCandidates(), set.paretoFront);
    // Every drawn point is its candidate's.
    QCOMPARE(chart.candidateSeries()->count(), qsizetype(shown.size()));
    for (size_t k = 0; k < shown.size(); ++k) {
        const Candidate& c = set.candidates[static_cast<size_t>(shown[k])];
        QVERIFY(c.feasible);
        QCOMPARE(chart.candidateSeries()->at(static_cast<int>(k)),
                 QPointF(c.totalSeconds * 1000.0, c.error));
    }
    QCOMPARE(chart.baselineSeries().size(), set.baselines.size());
    // A selection the decimation had dropped is drawn again.
    int dropped = -1;
    for (size_t i = 0; i < set.candidates.size(); ++i)
        if (set.candidates[i].feasible &&
            std::find(shown.begin(), shown.end(), static_cast<int>(i)) == shown.end())
            dropped = static_cast<int>(i);
    QVERIFY(dropped >= 0);
    chart.setSelected(dropped);
    QVERIFY(std::find(chart.shownCandidates().begin(), chart.shownCandidates().end(), dropped) !=
            chart.shownCandidates().end());
}

void TestParetoChart::selectionMoves() {
    const SolutionSet& set = *m_residual.set;
    ParetoChart chart;
    chart.setLogScale(false);
    chart.setSolutionSet(m_residual.set);
    QCOMPARE(chart.selected(), set.selected);
    const int other = set.paretoFront.back();
    chart.setSelected(other);
    const Candidate& c = set.candidates[static_cast<size_t>(other)];
    QCOMPARE(pointsOf(chart.selectedSeries()), PointList({{c.totalSeconds * 1000.0, c.error}}));
    chart.setSelected(-1);
    QCOMPARE(chart.selectedSeries()->count(), 0);
}

void TestParetoChart::tooltipDescribesTheCandidate() {
    const SolutionSet& set = *m_residual.set;
    ParetoChart chart;
    chart.setSolutionSet(m_residual.set);
    for (const Candidate& c : set.candidates) {
        const QString text = chart.tooltipText(c, format::methodLabel(c.method));
        QVERIFY(text.contains(format::methodLabel(c.method)));
        QVERIFY(text.contains(format::milliseconds(c.totalSeconds)));
        QVERIFY(text.contains(format::milliseconds(c.transmissionSeconds)));
        if (c.edgeLayerCount() > 0)
            QVERIFY(text.contains(QStringLiteral("split after layer %1").arg(c.split)));
    }
}

void TestParetoChart::measuredDropsOnceEvaluated() {
    // The front of the residual block evaluated for real on random inputs.
    const auto evaluated = evaluateFront(m_residual, 16, 50.0);
    const SolutionSet& set = *evaluated;
    QVERIFY(!set.measuredFront.empty());
    ParetoChart chart;
    chart.setSolutionSet(evaluated);
    QCOMPARE(chart.yMetric(), ParetoChart::YMetric::MeasuredDrop);
    QVERIFY(chart.yAxis()->titleText().contains(QStringLiteral("Accuracy drop")));
    // Plotted: the measured candidates at their drops, and those that run the float model
    // (Cloud-Only) at no drop; nothing else.
    PointList expected;
    for (const Candidate& c : set.candidates) {
        if (!c.feasible)
            continue;
        if (c.measuredDrop)
            expected.emplace_back(c.totalSeconds * 1000.0, *c.measuredDrop);
        else if (c.edgeLayerCount() == 0 || c.floatEdge)
            expected.emplace_back(c.totalSeconds * 1000.0, 0.0);
    }
    QCOMPARE(sorted(pointsOf(chart.candidateSeries())), sorted(expected));
    QCOMPARE(chart.frontCandidates(), set.measuredFront);

    // Back to E on request, and to the automatic choice.
    chart.setYMetric(ParetoChart::YMetric::ErrorProxy);
    QCOMPARE(chart.candidateSeries()->count(),
             static_cast<int>(std::count_if(set.candidates.begin(), set.candidates.end(),
                                            [](const Candidate& c) { return c.feasible; })));
    chart.clearYMetric();
    QCOMPARE(chart.yMetric(), ParetoChart::YMetric::MeasuredDrop);
}

void TestParetoChart::logScaleForE() {
    const SolutionSet& set = *m_inception.set;
    ParetoChart chart;
    chart.setSolutionSet(m_inception.set);
    QVERIFY(chart.isLogScale()); // the default
    QVERIFY(qobject_cast<QLogValueAxis*>(chart.yAxis()));
    // The floor is the decade below the smallest positive E.
    double smallest = 1e300;
    bool anyZero = false;
    for (const Candidate& c : set.candidates)
        if (c.feasible) {
            if (c.error > 0.0)
                smallest = std::min(smallest, c.error);
            else
                anyZero = true;
        }
    for (const Baseline& b : set.baselines)
        if (b.candidate.error > 0.0)
            smallest = std::min(smallest, b.candidate.error);
    QVERIFY(anyZero); // Cloud-Only at least
    const double floor = std::pow(10.0, std::floor(std::log10(smallest)) - 1.0);
    QCOMPARE(chart.logFloor(), floor);
    PointList expected;
    for (const Candidate& c : set.candidates)
        if (c.feasible)
            expected.emplace_back(c.totalSeconds * 1000.0, c.error > 0.0 ? c.error : floor);
    QCOMPARE(sorted(pointsOf(chart.candidateSeries())), sorted(expected));
    // Every point lies inside the axis range.
    auto* axis = qobject_cast<QLogValueAxis*>(chart.yAxis());
    for (const auto& p : expected)
        QVERIFY(p.second >= axis->min() && p.second <= axis->max());
    // Off again: a linear axis with the raw E.
    chart.setLogScale(false);
    QVERIFY(qobject_cast<QValueAxis*>(chart.yAxis()));
    QVERIFY(!qobject_cast<QLogValueAxis*>(chart.yAxis()));
    QCOMPARE(chart.candidateSeries()->count(), static_cast<int>(expected.size()));
}

// A new set changes the axes and the legend; the chart is laid out at once, so the next paint
// already shows the final picture and no second paint follows the layout (part of the time
// from a slider change to the chart showing the new solution, bench/bench_explorer).
void TestParetoChart::newSetIsLaidOutBeforeItsFirstPaint() {
    ParetoChart chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    PaintCounter paints;
    chart.chartView()->viewport()->installEventFilter(&paints);
    chart.setSolutionSet(m_residual.set);
    QTRY_VERIFY(paints.count > 0);
    QTest::qWait(100);

    paints.count = 0;
    const QRectF before = chart.chart()->plotArea();
    chart.setSolutionSet(m_inception.set);
    const QRectF laidOut = chart.chart()->plotArea();
    QTRY_VERIFY(paints.count > 0);
    QTest::qWait(100);
    QCOMPARE(paints.count, 1);
    // The other set's axis labels need another plot area, and the one setSolutionSet laid out
    // is the one shown: nothing moved after it.
    QVERIFY(laidOut != before);
    QCOMPARE(chart.chart()->plotArea(), laidOut);
}

QTEST_MAIN(TestParetoChart)
#include "test_pareto_chart.moc"
