// Screenshots of the solution views on the embedded sample model (PaddleOCR's text-direction
// classifier) solved for real: D_w from its weights, the Eyeriss edge and TPU cloud presets, the
// 3G uplink; and ResNet-50 for a large graph. Writes PNGs to <build>/tests/widgets/screenshots/
// for people to look at, and checks that each one was drawn (not blank) and that the views agree
// with the set they show.

#include "tests/widgets/solution_fixture.h"

#include "widgets/charts/chart_export.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/solution/solution_details_view.h"

#include "core/cost/profile_loader.h"
#include "core/cost/profile_validation.h"
#include "tests/support/model_builder.h"

#include <QChartView>
#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QScatterSeries>
#include <QtTest>

#include <set>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

QString shotPath(const QString& name) {
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir + QLatin1Char('/') + name;
}

// Grabs a shown widget into a PNG and checks it has content.
void shoot(QWidget& widget, const QString& name) {
    widget.show();
    if (!QTest::qWaitForWindowExposed(&widget))
        qFatal("%s not exposed", qPrintable(name));
    QTest::qWait(50);
    const QImage image = widget.grab().toImage();
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 5)
        for (int x = 0; x < image.width(); x += 5)
            colours.insert(image.pixel(x, y));
    if (colours.size() < 8)
        qFatal("%s looks blank", qPrintable(name));
    if (!image.save(shotPath(name)))
        qFatal("cannot write %s", qPrintable(shotPath(name)));
}

} // namespace

class TestSolutionViewScreenshots : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void constraintPanel();
    void paretoChart();
    void breakdown();
    void details();
    void resNet50();
    void dockSize();

private:
    SolvedModel m_sample;
};

void TestSolutionViewScreenshots::initTestCase() {
    auto network = loadNetworkPreset("3g");
    QVERIFY(network.ok());
    m_sample = solveSampleModel(defaultTestConstraints(256 * 1024), toUplink(*network));
    QVERIFY(m_sample.set->candidates.size() > 10);
}

void TestSolutionViewScreenshots::constraintPanel() {
    ConstraintPanel panel;
    panel.resize(460, 230);
    shoot(panel, QStringLiteral("constraint_panel.png"));
}

void TestSolutionViewScreenshots::paretoChart() {
    ParetoChart chart;
    chart.resize(1000, 620);
    chart.setSolutionSet(m_sample.set);
    QCOMPARE(chart.candidateSeries()->count(), qsizetype(chart.shownCandidates().size()));
    shoot(chart, QStringLiteral("pareto_chart.png"));
    chart.setNormalised(true);
    shoot(chart, QStringLiteral("pareto_chart_normalised.png"));
    QVERIFY(chart.saveImage(shotPath(QStringLiteral("pareto_chart.svg"))).ok());
}

void TestSolutionViewScreenshots::breakdown() {
    LatencyBreakdownChart chart;
    chart.resize(900, 480);
    chart.setSolutionSet(m_sample.set);
    shoot(chart, QStringLiteral("latency_breakdown.png"));
    chart.setMode(LatencyBreakdownChart::Mode::PerSplit);
    shoot(chart, QStringLiteral("latency_breakdown_per_split.png"));
}

void TestSolutionViewScreenshots::details() {
    SolutionDetailsView view;
    view.resize(640, 720);
    view.setModel(m_sample.model);
    view.setSolutionSet(m_sample.set);
    QCOMPARE(view.candidate(), &m_sample.set->selectedCandidate());
    shoot(view, QStringLiteral("solution_details.png"));
}

// A large graph: ResNet-50 (random weights, real D_w) at a 64 MiB edge memory limit.
void TestSolutionViewScreenshots::resNet50() {
    const SolvedModel big = solveModel(buildResNet50(), defaultTestConstraints(64 * 1024 * 1024));
    ParetoChart chart;
    chart.resize(1000, 620);
    chart.setSolutionSet(big.set);
    chart.setNormalised(true);
    shoot(chart, QStringLiteral("pareto_chart_resnet50.png"));
    LatencyBreakdownChart breakdown;
    breakdown.resize(900, 480);
    breakdown.setSolutionSet(big.set);
    breakdown.setMode(LatencyBreakdownChart::Mode::PerSplit);
    shoot(breakdown, QStringLiteral("latency_breakdown_per_split_resnet50.png"));
}

// The charts at the size of their docks in the main window's default layout (1280x800), where
// they share the bottom area: about 300 px high, the Pareto chart as narrow as its controls let
// it be, the breakdown 620 or 480 px wide. Labels, legend and markers have to stay readable.
void TestSolutionViewScreenshots::dockSize() {
    ParetoChart chart;
    chart.resize(620, 300);
    chart.setSolutionSet(m_sample.set);
    shoot(chart, QStringLiteral("pareto_chart_dock.png"));
    for (int width : {620, 480}) {
        const QString suffix = QStringLiteral("_dock%1.png").arg(width);
        LatencyBreakdownChart breakdown;
        breakdown.resize(width, 300);
        breakdown.setSolutionSet(m_sample.set);
        shoot(breakdown, QStringLiteral("latency_breakdown") + suffix);
        breakdown.setMode(LatencyBreakdownChart::Mode::PerSplit);
        shoot(breakdown, QStringLiteral("latency_breakdown_per_split") + suffix);
    }
}

QTEST_MAIN(TestSolutionViewScreenshots)
#include "test_solution_view_screenshots.moc"
