// LatencyBreakdownChart, offscreen, on SolutionSets the real solver made: the bars of the
// selected solution and of each baseline, and the per-split bars (the fastest feasible candidate
// of every split, in split order), each with exactly its candidate's edge, transmission and
// cloud seconds; the selected split is highlighted; a bar click names its candidate. Shown at
// the size of its dock in the main window, every bar's label is drawn whole, inside the widget and
// clear of the others (full names where they fit, short ones where not, the full name in the
// tooltip), and the per-split labels do not collide either.

#include "tests/widgets/solution_fixture.h"

#include "widgets/charts/chart_export.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/solution/solution_text.h"

#include "core/cost/profile_loader.h"
#include "core/cost/profile_validation.h"
#include "tests/support/model_builder.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QHorizontalStackedBarSeries>
#include <QLocale>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

// The bar values of candidate c: ms, as the chart's axis reads.
void compareBar(const LatencyBreakdownChart& chart, int bar, const Candidate& c) {
    QCOMPARE(chart.edgeSet()->at(bar), c.edgeSeconds * 1000.0);
    QCOMPARE(chart.transmissionSet()->at(bar), c.transmissionSeconds * 1000.0);
    QCOMPARE(chart.cloudSet()->at(bar), c.cloudSeconds * 1000.0);
    // The three parts are the whole latency.
    QVERIFY(qFuzzyCompare(chart.edgeSet()->at(bar) + chart.transmissionSet()->at(bar) +
                              chart.cloudSet()->at(bar),
                          c.totalSeconds * 1000.0));
}

// A text the chart's scene draws: what it says and where, in the view's pixels.
struct DrawnText {
    QString text;
    QRectF rect;
};

// Every visible text item of the chart whose centre lies in `region` (view pixels).
std::vector<DrawnText> drawnTexts(const LatencyBreakdownChart& chart, const QRectF& region) {
    std::vector<DrawnText> out;
    for (QGraphicsItem* item : chart.chartView()->scene()->items()) {
        auto* text = qgraphicsitem_cast<QGraphicsTextItem*>(item);
        if (!text || !text->isVisible() || text->toPlainText().isEmpty())
            continue;
        const QRectF rect =
            chart.chartView()->mapFromScene(text->sceneBoundingRect()).boundingRect();
        if (region.contains(rect.center()))
            out.push_back({text->toPlainText(), rect});
    }
    return out;
}

// Shows the chart at `size` and lets the layout (and the labels fitted to it) settle.
void showAt(LatencyBreakdownChart& chart, const QSize& size) {
    chart.resize(size);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTest::qWait(100);
}

} // namespace

class TestLatencyBreakdownChart : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void selectedAndBaselines();
    void perSplit();
    void manySplitsAreLabelledSparsely();
    void barClickNamesItsCandidate();
    void newSetIsLaidOutAtOnce();
    void barLabelsAreDrawnWholeAtDockSize_data();
    void barLabelsAreDrawnWholeAtDockSize();
    void tooltipNamesTheBarInFull();
    void splitLabelsDoNotCollideAtDockSize();
    void exportHasCaptionNotControls();
    void lastTickIsWhole();

private:
    SolvedModel m_solved;
    SolvedModel m_chain;
};

void TestLatencyBreakdownChart::initTestCase() {
    m_solved = solveModel(buildInception(), defaultTestConstraints(256 * 1024));
    // A chain where every cut is a potential split: many bars.
    m_chain = solveModel(buildChain(40), defaultTestConstraints(1024 * 1024));
}

void TestLatencyBreakdownChart::selectedAndBaselines() {
    const SolutionSet& set = *m_solved.set;
    LatencyBreakdownChart chart;
    chart.setSolutionSet(m_solved.set);
    QCOMPARE(chart.mode(), LatencyBreakdownChart::Mode::SelectedAndBaselines);
    QVERIFY(qobject_cast<QHorizontalStackedBarSeries*>(chart.series()));

    // Expected, top to bottom: the selected solution, then every baseline that has a cost.
    std::vector<const Candidate*> expected{&set.selectedCandidate()};
    QStringList names;
    for (const Baseline& b : set.baselines)
        if (b.candidate.feasible || b.candidate.totalSeconds > 0.0) {
            expected.push_back(&b.candidate);
            names.append(QString::fromStdString(b.name));
        }
    const auto& bars = chart.bars();
    QCOMPARE(bars.size(), expected.size());
    QCOMPARE(chart.categoryAxis()->count(), qsizetype(bars.size()));
    // The bars run bottom to top: the last one is the selected solution.
    for (size_t k = 0; k < expected.size(); ++k) {
        const int bar = static_cast<int>(bars.size() - 1 - k);
        compareBar(chart, bar, *expected[k]);
        // Never shown, the chart has no space to fit to: the full labels.
        QCOMPARE(chart.categoryAxis()->at(bar), bars[static_cast<size_t>(bar)].label);
        if (k == 0) {
            QCOMPARE(bars[static_cast<size_t>(bar)].candidate, set.selected);
        } else {
            QCOMPARE(bars[static_cast<size_t>(bar)].baseline, names[static_cast<qsizetype>(k - 1)]);
        }
    }

    // Selecting another candidate changes the top bar.
    const int other = set.paretoFront.back();
    chart.setSelected(other);
    compareBar(chart, static_cast<int>(chart.bars().size()) - 1,
               set.candidates[static_cast<size_t>(other)]);
}

void TestLatencyBreakdownChart::perSplit() {
    const SolutionSet& set = *m_chain.set;
    LatencyBreakdownChart chart;
    chart.setSolutionSet(m_chain.set);
    chart.setMode(LatencyBreakdownChart::Mode::PerSplit);
    QVERIFY(qobject_cast<QStackedBarSeries*>(chart.series()));

    // The fastest feasible candidate per split, found the plain way.
    std::map<int, const Candidate*> fastest;
    for (const Candidate& c : set.candidates) {
        if (!c.feasible || !c.edgeLayers.empty())
            continue;
        auto& best = fastest[c.split];
        if (!best || c.totalSeconds < best->totalSeconds)
            best = &c;
    }
    QVERIFY(fastest.size() > 10);
    const auto& bars = chart.bars();
    QCOMPARE(bars.size(), fastest.size());
    int bar = 0;
    int selectedBar = -1;
    for (const auto& [split, candidate] : fastest) {
        QCOMPARE(bars[static_cast<size_t>(bar)].label, QString::number(split));
        compareBar(chart, bar, *candidate);
        QCOMPARE(
            set.candidates[static_cast<size_t>(bars[static_cast<size_t>(bar)].candidate)].split,
            split);
        if (split == set.selectedCandidate().split)
            selectedBar = bar;
        ++bar;
    }
    QVERIFY(selectedBar >= 0);
    QCOMPARE(chart.edgeSet()->selectedBars(), QList<int>{selectedBar});
    QCOMPARE(chart.cloudSet()->selectedBars(), QList<int>{selectedBar});
    QVERIFY(chart.splitAxis());
    QVERIFY(!chart.categoryAxis());
}

void TestLatencyBreakdownChart::manySplitsAreLabelledSparsely() {
    LatencyBreakdownChart chart;
    chart.setSolutionSet(m_chain.set);
    chart.setMode(LatencyBreakdownChart::Mode::PerSplit);
    const auto& bars = chart.bars();
    const QStringList labels = chart.splitAxis()->categoriesLabels();
    QVERIFY(labels.size() <= 24);
    QVERIFY(labels.size() >= std::min<qsizetype>(12, qsizetype(bars.size())));
    // Each label names the split of the bar it stands at.
    for (const QString& label : labels) {
        const int at = static_cast<int>(chart.splitAxis()->endValue(label));
        QCOMPARE(bars[static_cast<size_t>(at)].label, label);
    }
    QCOMPARE(labels.front(), bars.front().label);
}

void TestLatencyBreakdownChart::barClickNamesItsCandidate() {
    const SolutionSet& set = *m_solved.set;
    LatencyBreakdownChart chart;
    chart.setSolutionSet(m_solved.set);
    QSignalSpy candidates(&chart, &LatencyBreakdownChart::candidateClicked);
    QSignalSpy baselines(&chart, &LatencyBreakdownChart::baselineClicked);
    const int top = static_cast<int>(chart.bars().size()) - 1;
    emit chart.series()->clicked(top, chart.edgeSet());
    QCOMPARE(candidates.count(), 1);
    QCOMPARE(candidates.first().first().toInt(), set.selected);
    emit chart.series()->clicked(0, chart.cloudSet());
    QCOMPARE(baselines.count(), 1);
    QCOMPARE(baselines.first().first().toString(), chart.bars().front().baseline);
}

// A new set brings other bars and labels; the chart is laid out in setSolutionSet, so its first
// paint already has the final plot area (not the old one, moved by Qt Charts' later layout pass).
void TestLatencyBreakdownChart::newSetIsLaidOutAtOnce() {
    LatencyBreakdownChart chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setMode(LatencyBreakdownChart::Mode::PerSplit);
    chart.setSolutionSet(m_solved.set);
    QTest::qWait(100);
    const QRectF before = chart.chart()->plotArea();
    chart.setSolutionSet(m_chain.set);
    const QRectF laidOut = chart.chart()->plotArea();
    QVERIFY(laidOut != before);
    QTest::qWait(100);
    QCOMPARE(chart.chart()->plotArea(), laidOut);
}

void TestLatencyBreakdownChart::barLabelsAreDrawnWholeAtDockSize_data() {
    QTest::addColumn<QSize>("size");
    // The bottom dock area of the main window at 1280x800, alone and shared with the Pareto
    // chart; the widget's minimum; a squat one where the full names cannot fit.
    QTest::newRow("620x300") << QSize(620, 300);
    QTest::newRow("480x300") << QSize(480, 300);
    QTest::newRow("360x240") << QSize(360, 240);
    QTest::newRow("300x400") << QSize(300, 400);
}

void TestLatencyBreakdownChart::barLabelsAreDrawnWholeAtDockSize() {
    QFETCH(QSize, size);
    // The sample model (PaddleOCR's classifier) on 3G: the main window's first view, with every
    // baseline answered (the longest labels).
    static const SolvedModel sample = [] {
        auto network = loadNetworkPreset("3g");
        if (!network.ok())
            qFatal("no 3g preset");
        return solveSampleModel(defaultTestConstraints(256 * 1024), toUplink(*network));
    }();
    LatencyBreakdownChart chart;
    chart.setSolutionSet(sample.set);
    showAt(chart, size);
    const auto& bars = chart.bars();
    QVERIFY(bars.size() >= 8);

    // One label per bar, all different, each the bar's full or short label.
    const QStringList labels = chart.categoryAxis()->categories();
    QCOMPARE(labels.size(), qsizetype(bars.size()));
    QCOMPARE(std::set<QString>(labels.begin(), labels.end()).size(), bars.size());
    bool allFull = true;
    for (size_t i = 0; i < bars.size(); ++i) {
        const QString& label = labels[static_cast<qsizetype>(i)];
        QVERIFY2(label == bars[i].label || label == bars[i].shortLabel, qPrintable(label));
        allFull = allFull && label == bars[i].label;
    }

    // Each one is drawn whole (the text the axis holds, not "..."), left of the plot inside the
    // widget, beside its own bar, and clear of its neighbours.
    QChart* qc = chart.chart();
    const QRectF plot = chart.chartView()->mapFromScene(qc->plotArea()).boundingRect();
    const std::vector<DrawnText> drawn =
        drawnTexts(chart, QRectF(0, plot.top() - 4, plot.left(), plot.height() + 8));
    QCOMPARE(drawn.size(), bars.size());
    std::vector<QRectF> rects;
    for (size_t i = 0; i < bars.size(); ++i) {
        const QString& label = labels[static_cast<qsizetype>(i)];
        const auto it = std::find_if(drawn.begin(), drawn.end(),
                                     [&](const DrawnText& t) { return t.text == label; });
        QVERIFY2(it != drawn.end(), qPrintable(QStringLiteral("not drawn: ") + label));
        QVERIFY2(it->rect.left() >= 0.0 && it->rect.right() <= plot.left(), qPrintable(label));
        // Bar i (bottom to top) spans this band of the plot.
        const double band = plot.height() / static_cast<double>(bars.size());
        const double centre = plot.bottom() - (static_cast<double>(i) + 0.5) * band;
        QVERIFY2(std::abs(it->rect.center().y() - centre) <= band / 2.0, qPrintable(label));
        rects.push_back(it->rect);
    }
    // Consecutive labels: the text items have a few pixels of margin, the glyphs less.
    std::sort(rects.begin(), rects.end(),
              [](const QRectF& a, const QRectF& b) { return a.top() < b.top(); });
    for (size_t i = 1; i < rects.size(); ++i)
        QVERIFY(rects[i].top() >= rects[i - 1].bottom() - 6.0);

    // Where the full names cannot be shown in the width Qt Charts gives an axis beside the plot
    // (40 % of the chart) at 90 % of the font, the axis holds the short ones.
    const QFontMetricsF metrics(qc->axes(Qt::Horizontal).front()->labelsFont());
    double widestFull = 0.0;
    for (const auto& bar : bars)
        widestFull = std::max(widestFull, metrics.horizontalAdvance(bar.label) * 0.9);
    if (widestFull > 0.4 * qc->size().width())
        QVERIFY(!allFull);
}

void TestLatencyBreakdownChart::tooltipNamesTheBarInFull() {
    const SolutionSet& set = *m_solved.set;
    LatencyBreakdownChart chart;
    chart.setSolutionSet(m_solved.set);
    const auto& bars = chart.bars();
    for (size_t i = 0; i < bars.size(); ++i) {
        const QString text = chart.tooltipText(static_cast<int>(i));
        QVERIFY2(text.contains(bars[i].label.toHtmlEscaped()), qPrintable(text));
        const Candidate* c = chart.candidateOf(bars[i]);
        QVERIFY(c);
        QVERIFY(text.contains(format::milliseconds(c->totalSeconds)));
        if (!c->feasible)
            QVERIFY(text.contains(QStringLiteral("infeasible")));
        if (!bars[i].baseline.isEmpty()) {
            // The full name is the baseline's, the short one its method's short form.
            QVERIFY(bars[i].label.startsWith(bars[i].baseline));
            QVERIFY(bars[i].shortLabel.startsWith(format::shortMethodLabel(c->method)));
        } else {
            QCOMPARE(bars[i].candidate, set.selected);
        }
    }
}

void TestLatencyBreakdownChart::splitLabelsDoNotCollideAtDockSize() {
    // ResNet-50 has more than a hundred layers: three-digit splits.
    static const SolvedModel big =
        solveModel(buildResNet50(), defaultTestConstraints(64 * 1024 * 1024));
    for (const SolvedModel* solved : {static_cast<const SolvedModel*>(&m_chain), &big}) {
        for (const QSize size : {QSize(620, 300), QSize(480, 300)}) {
            LatencyBreakdownChart chart;
            chart.setSolutionSet(solved->set);
            chart.setMode(LatencyBreakdownChart::Mode::PerSplit);
            showAt(chart, size);
            const auto& bars = chart.bars();
            const QStringList labels = chart.splitAxis()->categoriesLabels();
            QVERIFY(labels.size() >= 4);
            // Every k-th bar, k one of 1, 2, 5, 10, 20, ..., from the first.
            const int every = static_cast<int>(chart.splitAxis()->endValue(labels.value(1)));
            QVERIFY2(std::set<int>({1, 2, 5, 10, 20, 50}).count(every),
                     qPrintable(labels.join(u',')));
            for (qsizetype k = 0; k < labels.size(); ++k) {
                const int at = static_cast<int>(chart.splitAxis()->endValue(labels[k]));
                QCOMPARE(at, static_cast<int>(k) * every);
                QCOMPARE(labels[k], bars[static_cast<size_t>(at)].label);
            }
            QVERIFY(static_cast<size_t>(labels.size() * every) >= bars.size());
            // All drawn below the plot, whole, in order and apart.
            const QRectF plot =
                chart.chartView()->mapFromScene(chart.chart()->plotArea()).boundingRect();
            std::vector<DrawnText> drawn =
                drawnTexts(chart, QRectF(plot.left() - 20, plot.bottom(), plot.width() + 40, 30));
            QCOMPARE(drawn.size(), size_t(labels.size()));
            std::sort(drawn.begin(), drawn.end(), [](const DrawnText& a, const DrawnText& b) {
                return a.rect.center().x() < b.rect.center().x();
            });
            for (size_t k = 0; k < drawn.size(); ++k) {
                QCOMPARE(drawn[k].text, labels[static_cast<qsizetype>(k)]);
                if (k > 0)
                    QVERIFY(drawn[k].rect.left() >= drawn[k - 1].rect.right() - 4.0);
            }
        }
    }
}

// The exported bars carry a caption and none of the widget's controls (the "Show:" box was in
// the SVG).
void TestLatencyBreakdownChart::exportHasCaptionNotControls() {
    LatencyBreakdownChart chart;
    chart.resize(620, 300);
    chart.setSolutionSet(m_solved.set);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ImageCaption caption;
    caption.title = QStringLiteral("Latency breakdown of inception.onnx");
    caption.lines << QStringLiteral("Shown: split after layer 3");
    const QString path = dir.filePath(QStringLiteral("breakdown.svg"));
    QVERIFY(chart.saveImage(path, caption).ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString svg = QString::fromUtf8(file.readAll());
    QVERIFY(svg.contains(caption.title));
    QVERIFY(svg.contains(QStringLiteral("Shown: split after layer 3")));
    QVERIFY(svg.contains(QStringLiteral("Latency (ms)")));
    QVERIFY(!svg.contains(QStringLiteral("Show:")));
    QVERIFY(!svg.contains(QStringLiteral("Selected solution and baselines")));
}

// Every value label whole at the dock's size: the last one was cut to "3" for 3000, and a narrow
// chart elided them all to "100…".
void TestLatencyBreakdownChart::lastTickIsWhole() {
    for (int width : {620, 480, 380}) {
        LatencyBreakdownChart chart;
        chart.resize(width, 300);
        chart.setSolutionSet(m_solved.set);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QTest::qWait(50);
        auto* axis = qobject_cast<QValueAxis*>(chart.chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(axis);
        QVERIFY(!axis->truncateLabels());
        const QRectF plot = chart.chart()->plotArea();
        const QFontMetricsF metrics(axis->labelsFont());
        // the last tick's label fits between the plot's right edge and the view's
        const double last =
            std::floor(axis->max() / axis->tickInterval() + 1e-9) * axis->tickInterval();
        const double x =
            plot.left() + (last - axis->min()) / (axis->max() - axis->min()) * plot.width();
        const double half = metrics.horizontalAdvance(QLocale::c().toString(last, 'f', 0)) / 2.0;
        QVERIFY2(x + half <= chart.chartView()->viewport()->width(),
                 qPrintable(QStringLiteral("width %1: label at %2 + %3 beyond %4")
                                .arg(width)
                                .arg(x)
                                .arg(half)
                                .arg(chart.chartView()->viewport()->width())));
        // and no two labels run together
        const int labels = static_cast<int>((axis->max() - axis->min()) / axis->tickInterval()) + 1;
        QVERIFY(labels * (half * 2.0 + 4.0) <= plot.width() + half * 2.0);
    }
}

QTEST_MAIN(TestLatencyBreakdownChart)
#include "test_latency_breakdown_chart.moc"
