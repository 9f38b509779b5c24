// LatencyBreakdownChart, offscreen, on SolutionSets the real solver made: the bars of the
// selected solution and of each baseline, and the per-split bars (the fastest feasible candidate
// of every split, in split order), each with exactly its candidate's edge, transmission and
// cloud seconds; the selected split is highlighted; a bar click names its candidate.

#include "solution_fixture.h"

#include "widgets/latency_breakdown_chart.h"

#include "tests/support/model_builder.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QHorizontalStackedBarSeries>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QtTest>

#include <map>

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

QTEST_MAIN(TestLatencyBreakdownChart)
#include "test_latency_breakdown_chart.moc"
