// ParetoChart, offscreen, on SolutionSets the real solver made for small DAGs: the series hold
// exactly the set's feasible candidates, its Pareto front, the selected solution and one series
// per baseline (distinct marker and colour each); the normalised view divides by Cloud-Only;
// clicking a drawn point emits its candidate index; decimation never drops the front, the
// selection or a baseline; tooltips name what they describe. Baselines that land on one spot
// (the solver often gives several the same answer) are nested, each drawn below another a ring
// larger, at their exact values, and the tooltip there names every one of them. A drop judged on
// part of the samples has a whisker over the interval of the whole set's, and its tooltip says so.
// Long file: one QtTest suite per class under test, as Qt's own tests are organised.

#include "tests/widgets/solution_fixture.h"

#include "widgets/charts/chart_export.h"
#include "widgets/charts/chart_legend.h"
#include "widgets/charts/chart_zoom.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/solution/solution_text.h"

#include "tests/support/model_builder.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QImage>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QLocale>
#include <QLogValueAxis>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>
#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
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

// The plotted markers of baselines and the selected star, found the plain way: where each one is
// in the log-E view (E = 0 one decade below the smallest positive E) or the measured view (the
// drop; none for the float model; not plotted when not measured) and in which order the chart
// draws them (the set's baselines, then the star).
struct Marker {
    int baseline; // index into the set's baselines, -1 for the star
    QPointF value;
};

double logFloorOf(const SolutionSet& set) {
    double smallest = 1e300;
    for (const Candidate& c : set.candidates)
        if (c.feasible && c.error > 0.0)
            smallest = std::min(smallest, c.error);
    for (const Baseline& b : set.baselines)
        if (b.candidate.error > 0.0)
            smallest = std::min(smallest, b.candidate.error);
    return std::pow(10.0, std::floor(std::log10(smallest)) - 1.0);
}

std::vector<Marker> plottedMarkers(const SolutionSet& set, bool measured) {
    const double floor = logFloorOf(set);
    auto at = [&](const Candidate& c) -> std::optional<QPointF> {
        const double x = c.totalSeconds * 1000.0;
        if (!measured)
            return QPointF(x, c.error > 0.0 ? c.error : floor);
        if (c.measuredDrop)
            return QPointF(x, *c.measuredDrop);
        if (c.edgeLayerCount() == 0 || c.floatEdge)
            return QPointF(x, 0.0);
        return std::nullopt;
    };
    std::vector<Marker> out;
    for (size_t b = 0; b < set.baselines.size(); ++b) {
        const Candidate& c = set.baselines[b].candidate;
        if (c.feasible || c.totalSeconds > 0.0)
            if (const auto v = at(c))
                out.push_back({static_cast<int>(b), *v});
    }
    if (const auto v = at(set.selectedCandidate()))
        out.push_back({-1, *v});
    return out;
}

// Groups of markers at exactly the same value, each in drawing order.
std::vector<std::vector<Marker>> coinciding(const std::vector<Marker>& markers) {
    std::map<std::pair<double, double>, std::vector<Marker>> byValue;
    for (const Marker& m : markers)
        byValue[{m.value.x(), m.value.y()}].push_back(m);
    std::vector<std::vector<Marker>> out;
    for (auto& [value, group] : byValue)
        if (group.size() > 1)
            out.push_back(group);
    return out;
}

// The size a marker is drawn at: its halo's while it has one, else its own.
qreal drawnSize(const ParetoChart& chart, const Marker& m) {
    if (m.baseline < 0)
        return chart.selectedSeries()->markerSize();
    const QScatterSeries* halo = chart.haloSeries()[static_cast<size_t>(m.baseline)];
    return halo->count() > 0
               ? halo->markerSize()
               : chart.baselineSeries()[static_cast<size_t>(m.baseline)]->markerSize();
}

void showAt(ParetoChart& chart, const QSize& size) {
    chart.resize(size);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTest::qWait(100);
}

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
    void coincidingBaselinesAreNested_data();
    void coincidingBaselinesAreNested();
    void tooltipListsEveryMethodAtASpot();
    void legendEntriesSelectBaselines();
    void zoomAndPanKeepTheData();
    void selectedStarIsNeverClipped();
    void exportCarriesCaptionAndLegend();
    void provisionalSelectionIsMarked();
    void partlyJudgedDropsShowTheirInterval();

private:
    SolvedModel m_residual;
    SolvedModel m_inception;
    // The residual block's front evaluated for real on random inputs.
    std::shared_ptr<const SolutionSet> m_measuredResidual;
};

void TestParetoChart::initTestCase() {
    // Memory limits that leave some splits out, so that the set is not trivially everything.
    m_residual = solveModel(buildResidualBlock(), defaultTestConstraints(64 * 1024));
    m_inception = solveModel(buildInception(), defaultTestConstraints(256 * 1024));
    QVERIFY(m_residual.set->candidates.size() > 5);
    QVERIFY(m_inception.set->candidates.size() > 5);
    m_measuredResidual = evaluateFront(m_residual, 16, 50.0);
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
        // Candidates, front, the star, each baseline and its halo.
        QCOMPARE(chart.haloSeries().size(), set.baselines.size());
        QCOMPARE(chart.chart()->series().size(), qsizetype(3 + 2 * set.baselines.size()));
        // The legend beside the plot: candidates, front, "Selected" third, then every baseline
        // under its series' full name (wrapped, never cut); the halos have none. Qt Charts' own
        // legend, which cut entries at the dock's size, is hidden.
        QVERIFY(!chart.chart()->legend()->isVisible());
        const auto& entries = chart.legend()->entries();
        QCOMPARE(entries.size(), size_t(3 + set.baselines.size()));
        QCOMPARE(entries[2].text, chart.selectedSeries()->name());
        QCOMPARE(entries[2].shape, QScatterSeries::MarkerShapeStar);
        for (size_t b = 0; b < set.baselines.size(); ++b) {
            QCOMPARE(entries[3 + b].text, chart.baselineSeries()[b]->name());
            QCOMPARE(entries[3 + b].shape, chart.baselineSeries()[b]->markerShape());
            QCOMPARE(entries[3 + b].key, QString::fromStdString(set.baselines[b].name));
        }
        QCOMPARE(chart.legend()->list()->count(), int(entries.size()));
        QCOMPARE(chart.legend()->list()->textElideMode(), Qt::ElideNone);
        QVERIFY(chart.legend()->list()->wordWrap());
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
    const auto& evaluated = m_measuredResidual;
    const SolutionSet& set = *evaluated;
    QVERIFY(!set.measuredFront.empty());
    ParetoChart chart;
    chart.setSolutionSet(evaluated);
    QCOMPARE(chart.yMetric(), ParetoChart::YMetric::MeasuredDrop);
    // the drop axis is named in the task metric's unit, top-1 unless told otherwise
    QCOMPARE(chart.yAxis()->titleText(), QStringLiteral("Top-1 drop (pp)"));
    chart.setDropMetric(MetricKind::TextDetection);
    QCOMPARE(chart.yAxis()->titleText(), QStringLiteral("Hmean drop (pp)"));
    chart.setDropMetric(MetricKind::Sqnr);
    QCOMPARE(chart.yAxis()->titleText(), QStringLiteral("Output noise (% of signal)"));
    chart.setDropMetric(MetricKind::Classification);
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

void TestParetoChart::coincidingBaselinesAreNested_data() {
    QTest::addColumn<int>("model");
    QTest::addColumn<QSize>("size");
    // The inception block puts seven baselines on Cloud-Only's spot, the residual block four on
    // Edge-Only U8's; the Pareto dock of the main window at 1280x800, and a large window. Once
    // measured, the residual block's float-edge baselines share the drop 0.
    QTest::newRow("inception dock") << 0 << QSize(620, 300);
    QTest::newRow("inception large") << 0 << QSize(1000, 620);
    QTest::newRow("residual dock") << 1 << QSize(620, 300);
    QTest::newRow("residual large") << 1 << QSize(1000, 620);
    QTest::newRow("residual measured dock") << 2 << QSize(620, 300);
}

void TestParetoChart::coincidingBaselinesAreNested() {
    QFETCH(int, model);
    QFETCH(QSize, size);
    const std::shared_ptr<const SolutionSet> shown = model == 0   ? m_inception.set
                                                     : model == 1 ? m_residual.set
                                                                  : m_measuredResidual;
    const SolutionSet& set = *shown;
    ParetoChart chart;
    chart.setSolutionSet(shown);
    showAt(chart, size);
    const bool measured = model == 2;
    QCOMPARE(chart.yMetric(),
             measured ? ParetoChart::YMetric::MeasuredDrop : ParetoChart::YMetric::ErrorProxy);

    // Drawing order: every halo below every baseline, the star last.
    const QList<QAbstractSeries*> order = chart.chart()->series();
    auto position = [&](const QAbstractSeries* s) { return order.indexOf(s); };
    for (const QScatterSeries* halo : chart.haloSeries())
        for (const QScatterSeries* baseline : chart.baselineSeries())
            QVERIFY(position(halo) < position(baseline));
    QCOMPARE(position(chart.selectedSeries()), order.size() - 1);
    // Halos stay out of the legend, and sit exactly on their baseline's point.
    QCOMPARE(chart.legend()->entries().size(), size_t(3 + set.baselines.size()));
    for (size_t b = 0; b < chart.haloSeries().size(); ++b) {
        const QScatterSeries* halo = chart.haloSeries()[b];
        if (halo->count() > 0) {
            QCOMPARE(halo->count(), 1);
            QCOMPARE(halo->at(0), chart.baselineSeries()[b]->at(0));
            QCOMPARE(halo->markerShape(), chart.baselineSeries()[b]->markerShape());
            QCOMPARE(halo->brush(), chart.baselineSeries()[b]->brush());
        }
    }

    const std::vector<Marker> markers = plottedMarkers(set, measured);
    auto pixel = [&](const QPointF& v) {
        return chart.chart()->mapToPosition(v, chart.selectedSeries());
    };
    auto overlap = [&](const Marker& a, const Marker& b) {
        const QPointF d = pixel(a.value) - pixel(b.value);
        return std::hypot(d.x(), d.y()) < 13.0; // a baseline marker's size
    };
    // The plotted values are the exact ones.
    for (const Marker& m : markers)
        if (m.baseline >= 0)
            QCOMPARE(chart.baselineSeries()[static_cast<size_t>(m.baseline)]->at(0), m.value);
    const auto groups = coinciding(markers);
    size_t largest = 0;
    for (const auto& group : groups)
        largest = std::max(largest, group.size());
    QVERIFY2(largest >= 3, "the set has no spot shared by several baselines");
    for (const auto& group : groups) {
        // Bottom to top, each one drawn a ring (at least 2 px on every side) larger than the one
        // drawn over it; the top one at its own size unless a marker drawn later overlaps it.
        QStringList sizes;
        for (const Marker& m : group)
            sizes.append(QString::number(drawnSize(chart, m)));
        for (size_t k = 0; k + 1 < group.size(); ++k)
            QVERIFY2(drawnSize(chart, group[k]) >= drawnSize(chart, group[k + 1]) + 4.0,
                     qPrintable(sizes.join(u' ')));
        const Marker& top = group.back();
        if (top.baseline >= 0 &&
            chart.haloSeries()[static_cast<size_t>(top.baseline)]->count() > 0) {
            const auto self = std::find_if(markers.begin(), markers.end(), [&](const Marker& m) {
                return m.baseline == top.baseline;
            });
            QVERIFY(std::any_of(self + 1, markers.end(),
                                [&](const Marker& m) { return overlap(m, top); }));
        }
        QVERIFY2(drawnSize(chart, group.front()) <= 44.0, qPrintable(sizes.join(u' ')));
    }

    // In pixels: any two markers with centres within 3 px (the lower one all but hidden) are
    // nested, whether or not their values are equal.
    for (size_t i = 0; i < markers.size(); ++i)
        for (size_t j = i + 1; j < markers.size(); ++j) {
            const QPointF d = pixel(markers[i].value) - pixel(markers[j].value);
            if (std::hypot(d.x(), d.y()) <= 3.0)
                QVERIFY(drawnSize(chart, markers[i]) >= drawnSize(chart, markers[j]) + 4.0);
        }

    // A marker alone keeps its size and has no halo.
    for (const Marker& m : markers) {
        bool alone = true;
        for (const Marker& o : markers) {
            const QPointF d = pixel(m.value) - pixel(o.value);
            if (&o != &m && std::hypot(d.x(), d.y()) <= 20.0)
                alone = false;
        }
        if (alone && m.baseline >= 0) {
            QCOMPARE(chart.haloSeries()[static_cast<size_t>(m.baseline)]->count(), 0);
            QCOMPARE(chart.baselineSeries()[static_cast<size_t>(m.baseline)]->markerSize(), 13.0);
        }
    }
}

void TestParetoChart::tooltipListsEveryMethodAtASpot() {
    for (const SolvedModel* solved : {&m_inception, &m_residual}) {
        const SolutionSet& set = *solved->set;
        ParetoChart chart;
        chart.setSolutionSet(solved->set);
        showAt(chart, QSize(620, 300));
        const std::vector<Marker> markers = plottedMarkers(set, false);
        const auto groups = coinciding(markers);
        QVERIFY(!groups.empty());
        auto nameOf = [&](const Marker& m) {
            return m.baseline < 0 ? QStringLiteral("Selected")
                                  : QString::fromStdString(
                                        set.baselines[static_cast<size_t>(m.baseline)].name);
        };
        std::set<int> grouped;
        for (const auto& group : groups) {
            for (const Marker& hovered : group) {
                grouped.insert(hovered.baseline);
                if (hovered.baseline < 0)
                    continue;
                const size_t b = static_cast<size_t>(hovered.baseline);
                // Hovering the marker or its halo: the same list, with every method there.
                for (QScatterSeries* series : {chart.baselineSeries()[b], chart.haloSeries()[b]}) {
                    const QString text = chart.tooltipAt(series, hovered.value);
                    // The group, and whatever else is close enough to hide them (the star).
                    const int count =
                        QRegularExpression(QStringLiteral("(\\d+) methods at this point"))
                            .match(text)
                            .captured(1)
                            .toInt();
                    QVERIFY2(count >= static_cast<int>(group.size()), qPrintable(text));
                    for (const Marker& m : group)
                        QVERIFY2(text.contains(nameOf(m).toHtmlEscaped()), qPrintable(text));
                    // And the details of the hovered one.
                    QVERIFY(text.contains(
                        format::milliseconds(set.baselines[b].candidate.totalSeconds)));
                }
                // What the user sees: the series' hover signal shows that text.
                emit chart.baselineSeries()[b]->hovered(hovered.value, true);
                QCOMPARE(QToolTip::text(),
                         chart.tooltipAt(chart.baselineSeries()[b], hovered.value));
                emit chart.baselineSeries()[b]->hovered(hovered.value, false);
            }
        }
        // A baseline on its own spot is described alone.
        for (const Marker& m : markers)
            if (!grouped.count(m.baseline) && m.baseline >= 0) {
                const QString text = chart.tooltipAt(
                    chart.baselineSeries()[static_cast<size_t>(m.baseline)], m.value);
                QVERIFY(text.contains(nameOf(m)));
                QVERIFY(!text.contains(QStringLiteral("methods at this point")));
            }
    }
}

// A click on a baseline's legend entry shows that baseline; on "Selected", the solver's choice.
void TestParetoChart::legendEntriesSelectBaselines() {
    const SolutionSet& set = *m_inception.set;
    ParetoChart chart;
    chart.setSolutionSet(m_inception.set);
    showAt(chart, QSize(620, 300));
    QSignalSpy baseline(&chart, &ParetoChart::baselineClicked);
    QSignalSpy candidate(&chart, &ParetoChart::candidateClicked);
    QListWidget* list = chart.legend()->list();
    for (size_t b = 0; b < set.baselines.size(); ++b) {
        QListWidgetItem* item = list->item(int(3 + b));
        list->scrollToItem(item);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(item).center());
        QCOMPARE(baseline.count(), int(b + 1));
        QCOMPARE(baseline.last().first().toString(), QString::fromStdString(set.baselines[b].name));
    }
    list->scrollToItem(list->item(2));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(2)).center());
    QCOMPARE(candidate.count(), 1);
    QCOMPARE(candidate.first().first().toInt(), set.selected);
    // the candidates' and the front's entries stand for no one solution
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(0)).center());
    QCOMPARE(candidate.count() + baseline.count(), 1 + int(set.baselines.size()));
    // folded, the plot gets the room
    const int plotWidth = chart.chartView()->width();
    chart.legend()->setFolded(true);
    QTest::qWait(50);
    QVERIFY(!list->isVisible());
    QVERIFY(chart.chartView()->width() > plotWidth + 60);
}

// The wheel zooms at the pointer, a drag zooms to its rectangle, a right drag pans, a double
// click shows everything; the zoom survives a new set in the same units and not a change of axis.
void TestParetoChart::zoomAndPanKeepTheData() {
    ParetoChart chart;
    chart.setLogScale(false);
    chart.setSolutionSet(m_inception.set);
    showAt(chart, QSize(700, 360));
    QValueAxis* x = chart.xAxis();
    auto* y = qobject_cast<QValueAxis*>(chart.yAxis());
    QVERIFY(y);
    const double x0 = x->min(), x1 = x->max(), y0 = y->min(), y1 = y->max();
    QVERIFY(!chart.zoom()->isZoomed());
    QVERIFY(!chart.resetZoomButton()->isVisible());

    QWidget* viewport = chart.chartView()->viewport();
    const QRectF plot = chart.chart()->plotArea();
    const QPoint centre = chart.chartView()->mapFromScene(plot.center());
    QWheelEvent wheel(centre, viewport->mapToGlobal(centre), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(viewport, &wheel);
    QVERIFY(chart.zoom()->isZoomed());
    QVERIFY(chart.resetZoomButton()->isVisible());
    // two notches in: the span shrinks by 1.2^2, around the pointer
    QVERIFY(std::abs((x->max() - x->min()) * 1.44 - (x1 - x0)) < 1e-6 * (x1 - x0));
    QVERIFY(x->min() > x0 && x->max() < x1);
    QVERIFY(y->min() > y0 && y->max() < y1);
    // ticks stay round and few
    QVERIFY((x->max() - x->min()) / x->tickInterval() <= 12.0);

    // pan right by 50 px with the right button: the view moves left (smaller values)
    const double spanX = x->max() - x->min(), minX = x->min();
    QTest::mousePress(viewport, Qt::RightButton, {}, centre);
    QMouseEvent move(QEvent::MouseMove, QPointF(centre + QPoint(50, 0)),
                     viewport->mapToGlobal(QPointF(centre + QPoint(50, 0))), Qt::NoButton,
                     Qt::RightButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &move);
    QTest::mouseRelease(viewport, Qt::RightButton, {}, centre + QPoint(50, 0));
    QVERIFY(x->min() < minX);
    QVERIFY(std::abs((x->max() - x->min()) - spanX) < 1e-6 * spanX);

    // a new set in the same units keeps the zoom
    const double keptMin = x->min(), keptMax = x->max();
    chart.setSolutionSet(m_inception.set);
    QCOMPARE(x->min(), keptMin);
    QCOMPARE(x->max(), keptMax);
    // a double click shows everything again
    QTest::mouseDClick(viewport, Qt::LeftButton, {}, centre);
    QVERIFY(!chart.zoom()->isZoomed());
    QCOMPARE(x->min(), x0);
    QCOMPARE(x->max(), x1);

    // a rectangle dragged over the plot's left half zooms to it; the units change: forgotten
    const QPoint from = chart.chartView()->mapFromScene(plot.topLeft() + QPointF(5, 5));
    const QPoint to = chart.chartView()->mapFromScene(plot.center());
    QTest::mousePress(viewport, Qt::LeftButton, {}, from);
    for (int i = 1; i <= 4; ++i) {
        const QPointF at = from + (to - from) * (i / 4.0);
        QMouseEvent drag(QEvent::MouseMove, at, viewport->mapToGlobal(at), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(viewport, &drag);
    }
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
    QVERIFY(chart.zoom()->isZoomed());
    QVERIFY(x->max() < (x0 + x1) / 2.0 + (x1 - x0) * 0.05);
    chart.setNormalised(true);
    QVERIFY(!chart.zoom()->isZoomed());
    QVERIFY(x->max() < 10.0); // multiples of Cloud-Only, fitted to the data
}

// The star (and every marker) keeps half its size of room inside the plot on every side.
void TestParetoChart::selectedStarIsNeverClipped() {
    for (const SolvedModel* solved : {&m_residual, &m_inception}) {
        ParetoChart chart;
        chart.setLogScale(false);
        chart.setSolutionSet(solved->set);
        showAt(chart, QSize(480, 260));
        const QRectF plot = chart.chart()->plotArea();
        auto check = [&](const QScatterSeries* series) {
            for (const QPointF& p : series->points()) {
                const QPointF at =
                    chart.chart()->mapToPosition(p, const_cast<QScatterSeries*>(series));
                const qreal r = series->markerSize() / 2.0;
                QVERIFY2(plot.adjusted(r - 1, r - 1, 1 - r, 1 - r).contains(at),
                         qPrintable(QStringLiteral("%1 (%6, %7) at %2,%3 in %4x%5+%8+%9")
                                        .arg(series->name())
                                        .arg(at.x())
                                        .arg(at.y())
                                        .arg(plot.width())
                                        .arg(plot.height())
                                        .arg(p.x())
                                        .arg(p.y())
                                        .arg(plot.left())
                                        .arg(plot.top())));
            }
        };
        check(chart.selectedSeries());
        chart.setSelected(solved->set->paretoFront.front()); // the fastest, at the plot's edge
        check(chart.selectedSeries());
    }
}

// An exported picture carries a caption and the whole legend, and no control of the widget.
void TestParetoChart::exportCarriesCaptionAndLegend() {
    const SolutionSet& set = *m_inception.set;
    ParetoChart chart;
    chart.setSolutionSet(m_inception.set);
    showAt(chart, QSize(620, 300));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ImageCaption caption;
    caption.title = QStringLiteral("Pareto set of inception.onnx");
    caption.lines << QStringLiteral("Edge eyeriss, cloud tpu · uplink 3.00 Mbit/s");
    const QString svg = dir.filePath(QStringLiteral("pareto.svg"));
    QVERIFY(chart.saveImage(svg, caption).ok());
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(caption.title));
    QVERIFY(text.contains(QStringLiteral("uplink 3.00 Mbit/s")));
    for (const QScatterSeries* series : chart.baselineSeries())
        QVERIFY2(text.contains(series->name().toHtmlEscaped()), qPrintable(series->name()));
    // none of the controls: their texts are not in the picture
    QVERIFY(!text.contains(QStringLiteral("Log scale")));
    QVERIFY(!text.contains(QStringLiteral("Y axis")));
    QVERIFY(!text.contains(QStringLiteral("Hide")));
    // the PNG: wider than the plot (the legend beside it) and taller (the caption above)
    const QString png = dir.filePath(QStringLiteral("pareto.png"));
    QVERIFY(chart.saveImage(png, caption).ok());
    QImage image(png);
    QVERIFY(!image.isNull());
    const QSize plot = chart.chartView()->viewport()->size();
    QVERIFY(image.width() >= 2 * (plot.width() + 150));
    QVERIFY(image.height() > 2 * plot.height());
    // the legend is whole even when the dock is short: the picture is as tall as it needs
    chart.resize(620, 200);
    QTest::qWait(50);
    QVERIFY(chart.saveImage(png, caption).ok());
    QImage shortImage(png);
    QVERIFY(shortImage.height() / 2.0 >=
            chart.legend()->paintedHeight(chart.chartView()->font(), 190.0) * 0.85);
    QVERIFY(set.baselines.size() >= 8);
}

void TestParetoChart::provisionalSelectionIsMarked() {
    ParetoChart chart;
    chart.setSolutionSet(m_inception.set);
    showAt(chart, QSize(620, 300));
    QVERIFY(!chart.legend()->entries()[2].text.contains(QStringLiteral("provisional")));
    chart.setProvisional(true);
    QVERIFY(chart.legend()->entries()[2].text.contains(QStringLiteral("provisional")));
    QVERIFY(chart.findChild<QLabel*>(QStringLiteral("paretoSummary"))
                ->toolTip()
                .contains(QStringLiteral("provisional")));
    chart.setSolutionSet(m_inception.set); // a new set while measuring stays provisional
    QVERIFY(chart.legend()->entries()[2].text.contains(QStringLiteral("provisional")));
    chart.setProvisional(false);
    QVERIFY(!chart.legend()->entries()[2].text.contains(QStringLiteral("provisional")));
}

void TestParetoChart::partlyJudgedDropsShowTheirInterval() {
    // The residual block's front and baselines judged by the evaluation engine against a limit,
    // as the explorer judges them: some on part of the samples only.
    const int samples = 16;
    const auto judged = judgeFront(m_residual, samples, 50.0);
    const SolutionSet& set = *judged;
    // the selection itself always rests on every sample
    const Candidate& selected = set.selectedCandidate();
    QVERIFY(!selected.dropEvidence || selected.dropEvidence->isFinal());
    ParetoChart chart;
    chart.setSampleCount(samples);
    chart.setSolutionSet(judged);
    QCOMPARE(chart.yMetric(), ParetoChart::YMetric::MeasuredDrop);

    // Expected whiskers, found the plain way: every drawn candidate and plotted baseline whose
    // drop rests on part of the samples, at its latency, from the interval's low end (no less
    // than 0) to its high end.
    std::vector<std::array<double, 3>> expected;
    int partial = 0, final = 0;
    auto note = [&](const Candidate& c) {
        if (!c.measuredDrop)
            return;
        if (!c.dropEvidence || c.dropEvidence->isFinal()) {
            ++final;
            return;
        }
        ++partial;
        QVERIFY(c.dropEvidence->samples < samples);
        QCOMPARE(c.dropEvidence->total, samples);
        expected.push_back(
            {c.totalSeconds * 1000.0, std::max(0.0, c.dropEvidence->low), c.dropEvidence->high});
    };
    for (int i : chart.shownCandidates())
        note(set.candidates[static_cast<size_t>(i)]);
    for (const Baseline& b : set.baselines)
        if (b.candidate.feasible || b.candidate.totalSeconds > 0.0)
            note(b.candidate);
    QVERIFY2(partial > 0, "nothing was judged on part of the samples: the test says nothing");
    QVERIFY2(final > 0, "nothing was judged on every sample: the test says too little");
    std::vector<std::array<double, 3>> drawn;
    double highest = 0.0;
    for (const QLineSeries* whisker : chart.dropIntervalSeries()) {
        QCOMPARE(whisker->count(), 2);
        const QPointF low = whisker->at(0), high = whisker->at(1);
        QCOMPARE(low.x(), high.x()); // vertical
        drawn.push_back({low.x(), low.y(), high.y()});
        highest = std::max(highest, high.y());
    }
    std::sort(expected.begin(), expected.end());
    std::sort(drawn.begin(), drawn.end());
    QCOMPARE(drawn, expected);
    // the whole bar is in sight
    QVERIFY(qobject_cast<QValueAxis*>(chart.yAxis())->max() >= highest);
    // the legend explains the whisker once
    const auto& entries = chart.legend()->entries();
    QCOMPARE(std::count_if(entries.begin(), entries.end(),
                           [](const ChartLegend::Entry& e) {
                               return e.symbol == ChartLegend::Symbol::Whisker &&
                                      e.text ==
                                          QStringLiteral(
                                              "Drop interval (judged on part of the samples)");
                           }),
             1);

    // The tooltip of a partly judged point, and of its whisker, says the interval and the count;
    // a final one says it rests on all samples.
    for (int i : chart.shownCandidates()) {
        const Candidate& c = set.candidates[static_cast<size_t>(i)];
        if (!c.measuredDrop)
            continue;
        const QString text = chart.tooltipText(c, format::methodLabel(c.method));
        if (format::isPartlyJudged(c)) {
            const QString interval = format::candidateDrop(c);
            QVERIFY2(interval.contains(QStringLiteral(" of %1 samples)").arg(samples)),
                     qPrintable(interval));
            QVERIFY2(
                interval.startsWith(QLocale().toString(std::max(0.0, c.dropEvidence->low), 'f', 1) +
                                    QChar(u'–')),
                qPrintable(interval));
            QVERIFY2(text.contains(format::candidateDropInFull(c, samples)), qPrintable(text));
            QVERIFY(text.contains(
                QStringLiteral("%1 of %2 samples").arg(c.dropEvidence->samples).arg(samples)));
            const auto at = chart.valueOf(c);
            QVERIFY(at);
            QCOMPARE(at->y(), *c.measuredDrop); // the point: the drop of the samples judged
            const auto whisker =
                std::find_if(chart.dropIntervalSeries().begin(), chart.dropIntervalSeries().end(),
                             [&](const QLineSeries* s) { return s->at(0).x() == at->x(); });
            QVERIFY(whisker != chart.dropIntervalSeries().end());
            QVERIFY(chart.tooltipAt(*whisker, (*whisker)->at(1))
                        .contains(format::candidateDropInFull(c, samples)));
        } else {
            QVERIFY2(text.contains(QStringLiteral("on all %1 samples").arg(samples)),
                     qPrintable(text));
        }
    }

    // No whiskers where drops are not drawn, nor for a set measured on every sample.
    chart.setYMetric(ParetoChart::YMetric::ErrorProxy);
    QVERIFY(chart.dropIntervalSeries().empty());
    chart.clearYMetric();
    QCOMPARE(chart.dropIntervalSeries().size(), expected.size());
    chart.setSolutionSet(m_measuredResidual);
    QVERIFY(chart.dropIntervalSeries().empty());
    QVERIFY(std::none_of(
        chart.legend()->entries().begin(), chart.legend()->entries().end(),
        [](const ChartLegend::Entry& e) { return e.symbol == ChartLegend::Symbol::Whisker; }));
}

QTEST_MAIN(TestParetoChart)
#include "test_pareto_chart.moc"
