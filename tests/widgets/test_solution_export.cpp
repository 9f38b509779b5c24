// Export, offscreen: the Pareto chart and the breakdown save as PNG (readable, at the requested
// scale) and SVG (a valid SVG document), the candidates as CSV with the command line's columns
// and one row per candidate and baseline whose numbers are the set's; bad paths and formats are
// one-line errors naming the file.

#include "tests/widgets/solution_fixture.h"

#include "session/candidates_csv.h"
#include "widgets/charts/chart_export.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"

#include "tests/support/model_builder.h"

#include <QChartView>
#include <QFile>
#include <QImage>
#include <QScatterSeries>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace autosplit;
using namespace autosplit::testing;

class TestSolutionExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void chartAsPng();
    void chartAsSvg();
    void candidatesAsCsv();
    void partlyJudgedDropsAsCsv();
    void errorsNameTheFile();

private:
    SolvedModel m_solved;
    QTemporaryDir m_dir;
};

void TestSolutionExport::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_solved = solveModel(buildInception(), defaultTestConstraints(256 * 1024));
}

void TestSolutionExport::chartAsPng() {
    ParetoChart chart;
    chart.resize(800, 500);
    chart.setSolutionSet(m_solved.set);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const QString path = m_dir.filePath(QStringLiteral("pareto.png"));
    const Status saved = saveWidgetImage(chart.chartView(), path, 2.0);
    QVERIFY2(saved.ok(), saved.error().message.c_str());
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), chart.chartView()->viewport()->size() * 2);
    // Something was drawn: more than one colour.
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 10);

    LatencyBreakdownChart breakdown;
    breakdown.resize(600, 400);
    breakdown.setSolutionSet(m_solved.set);
    breakdown.show();
    QVERIFY(QTest::qWaitForWindowExposed(&breakdown));
    const QString barsPath = m_dir.filePath(QStringLiteral("breakdown.png"));
    QVERIFY(saveWidgetImage(breakdown.chartView(), barsPath, 1.0).ok());
    QCOMPARE(QImage(barsPath).size(), breakdown.chartView()->viewport()->size());
}

void TestSolutionExport::chartAsSvg() {
    ParetoChart chart;
    chart.resize(800, 500);
    chart.setSolutionSet(m_solved.set);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const QString path = m_dir.filePath(QStringLiteral("pareto.svg"));
    const Status saved = saveWidgetImage(chart.chartView(), path);
    QVERIFY2(saved.ok(), saved.error().message.c_str());
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    // The drawing is in the view's pixels (defaultSize() converts the header's mm at 90 dpi).
    QCOMPARE(renderer.viewBoxF().size().toSize(), chart.chartView()->viewport()->size());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY(svg.contains("<svg"));
    // Drawn as vectors: the axis titles are text elements.
    QVERIFY(svg.contains("Latency"));

    // The chart's own export draws the candidates as shapes, not one bitmap per point.
    const QString vectorPath = m_dir.filePath(QStringLiteral("pareto-vector.svg"));
    const Status vector = chart.saveImage(vectorPath);
    QVERIFY2(vector.ok(), vector.error().message.c_str());
    QVERIFY(QSvgRenderer(vectorPath).isValid());
    QFile vectorFile(vectorPath);
    QVERIFY(vectorFile.open(QIODevice::ReadOnly));
    const QByteArray vectorSvg = vectorFile.readAll();
    QVERIFY(vectorSvg.count("<image") < svg.count("<image"));
    QVERIFY(!chart.candidateSeries()->lightMarker().isNull()); // back as it was
}

void TestSolutionExport::candidatesAsCsv() {
    const SolutionSet& set = *m_solved.set;
    const int layers = m_solved.model->analysis.layerCount();
    const QString path = m_dir.filePath(QStringLiteral("candidates.csv"));
    const Status written = writeCandidatesCsv(set, layers, path);
    QVERIFY2(written.ok(), written.error().message.c_str());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines =
        QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QStringList header = lines.front().split(QLatin1Char(','));
    QCOMPARE(header, QStringList({QStringLiteral("kind"),
                                  QStringLiteral("method"),
                                  QStringLiteral("outcome"),
                                  QStringLiteral("split"),
                                  QStringLiteral("feasible"),
                                  QStringLiteral("pareto"),
                                  QStringLiteral("selected"),
                                  QStringLiteral("latency_s"),
                                  QStringLiteral("normalised"),
                                  QStringLiteral("edge_s"),
                                  QStringLiteral("transmission_s"),
                                  QStringLiteral("cloud_s"),
                                  QStringLiteral("edge_memory_bytes"),
                                  QStringLiteral("edge_weight_bytes"),
                                  QStringLiteral("transmitted_bytes"),
                                  QStringLiteral("error"),
                                  QStringLiteral("measured_drop_pp"),
                                  QStringLiteral("drop_low"),
                                  QStringLiteral("drop_high"),
                                  QStringLiteral("drop_samples")}));
    QCOMPARE(lines.size(), qsizetype(1 + set.candidates.size() + set.baselines.size()));
    const std::set<int> front(set.paretoFront.begin(), set.paretoFront.end());
    double cloudOnly = 0.0;
    for (const Candidate& c : set.candidates)
        if (c.method == Method::CloudOnly)
            cloudOnly = c.totalSeconds;
    auto near = [](double a, double b) {
        return std::abs(a - b) <= 1e-8 * std::max(1.0, std::abs(b));
    };
    int selectedRows = 0;
    for (size_t i = 0; i < set.candidates.size() + set.baselines.size(); ++i) {
        const QStringList cells = lines[static_cast<qsizetype>(i + 1)].split(QLatin1Char(','));
        QCOMPARE(cells.size(), header.size());
        const bool isBaseline = i >= set.candidates.size();
        const Candidate& c =
            isBaseline ? set.baselines[i - set.candidates.size()].candidate : set.candidates[i];
        QCOMPARE(cells[0], isBaseline ? QStringLiteral("baseline") : QStringLiteral("candidate"));
        if (isBaseline)
            QCOMPARE(cells[1],
                     QString::fromStdString(set.baselines[i - set.candidates.size()].name));
        else
            QCOMPARE(cells[1], QString::fromLatin1(methodName(c.method).data()));
        const QString outcome = c.edgeLayerCount() == 0 ? QStringLiteral("Cloud-Only")
                                : c.edgeLayers.empty() && c.split == layers
                                    ? QStringLiteral("Edge-Only")
                                    : QStringLiteral("SPLIT");
        QCOMPARE(cells[2], outcome);
        QCOMPARE(cells[3].toInt(), c.split);
        QCOMPARE(cells[4], c.feasible ? QStringLiteral("1") : QStringLiteral("0"));
        QCOMPARE(cells[5], !isBaseline && front.count(static_cast<int>(i)) ? QStringLiteral("1")
                                                                           : QStringLiteral("0"));
        selectedRows += cells[6] == QLatin1String("1") ? 1 : 0;
        if (cells[6] == QLatin1String("1"))
            QCOMPARE(static_cast<int>(i), set.selected);
        QVERIFY(near(cells[7].toDouble(), c.totalSeconds));
        // six significant digits
        QVERIFY(std::abs(cells[8].toDouble() - c.totalSeconds / cloudOnly) <=
                1e-5 * std::max(1.0, c.totalSeconds / cloudOnly));
        QVERIFY(near(cells[9].toDouble(), c.edgeSeconds));
        QVERIFY(near(cells[10].toDouble(), c.transmissionSeconds));
        QVERIFY(near(cells[11].toDouble(), c.cloudSeconds));
        QCOMPARE(cells[12].toLongLong(), c.edgeMemoryBytes);
        QCOMPARE(cells[13].toLongLong(), c.edgeWeightBytes);
        QCOMPARE(cells[14].toLongLong(), c.transmittedBytes);
        QVERIFY(near(cells[15].toDouble(), c.error));
        QCOMPARE(cells[16].isEmpty(), !c.measuredDrop.has_value());
        // nothing judged here: no intervals
        QVERIFY(cells[17].isEmpty() && cells[18].isEmpty() && cells[19].isEmpty());
    }
    QCOMPARE(selectedRows, 1);
}

void TestSolutionExport::partlyJudgedDropsAsCsv() {
    // Judged by the evaluation engine as the explorer judges: some on part of the samples.
    const SolvedModel residual =
        solveModel(buildResidualBlock(), defaultTestConstraints(64 * 1024));
    const int samples = 16;
    const auto judged = judgeFront(residual, samples, 50.0);
    const QStringList lines = candidatesCsv(*judged, residual.model->analysis.layerCount())
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QStringList header = lines.front().split(QLatin1Char(','));
    const auto column = [&](const char* name) {
        return static_cast<int>(header.indexOf(QLatin1String(name)));
    };
    const int drop = column("measured_drop_pp"), low = column("drop_low"),
              high = column("drop_high"), count = column("drop_samples");
    QVERIFY(drop >= 0 && low > drop && high > low && count > high);
    int partial = 0, final = 0;
    for (size_t i = 0; i < judged->candidates.size() + judged->baselines.size(); ++i) {
        const Candidate& c = i < judged->candidates.size()
                                 ? judged->candidates[i]
                                 : judged->baselines[i - judged->candidates.size()].candidate;
        const QStringList cells = lines[static_cast<qsizetype>(i + 1)].split(QLatin1Char(','));
        QCOMPARE(cells.size(), header.size());
        QCOMPARE(cells[drop].isEmpty(), !c.measuredDrop.has_value());
        if (!c.measuredDrop)
            continue;
        // the existing column keeps its meaning: the drop on the samples judged
        QVERIFY(std::abs(cells[drop].toDouble() - *c.measuredDrop) <=
                1e-5 * std::max(1.0, *c.measuredDrop));
        if (!c.dropEvidence || c.dropEvidence->isFinal()) {
            ++final;
            QVERIFY(cells[low].isEmpty() && cells[high].isEmpty() && cells[count].isEmpty());
            continue;
        }
        ++partial;
        QVERIFY(std::abs(cells[low].toDouble() - std::max(0.0, c.dropEvidence->low)) <= 1e-4);
        QVERIFY(std::abs(cells[high].toDouble() - c.dropEvidence->high) <= 1e-4);
        QCOMPARE(cells[count].toInt(), c.dropEvidence->samples);
        QVERIFY(cells[count].toInt() < samples);
    }
    QVERIFY(partial > 0);
    QVERIFY(final > 0);
}

void TestSolutionExport::errorsNameTheFile() {
    ParetoChart chart;
    chart.resize(400, 300);
    chart.setSolutionSet(m_solved.set);
    const Status badFormat =
        saveWidgetImage(chart.chartView(), m_dir.filePath(QStringLiteral("chart.bmpx")));
    QVERIFY(!badFormat.ok());
    QVERIFY2(QString::fromStdString(badFormat.error().message)
                 .startsWith(QStringLiteral("chart.bmpx: ")),
             badFormat.error().message.c_str());
    const QString missing = m_dir.filePath(QStringLiteral("no/such/folder/out.csv"));
    const Status badPath =
        writeCandidatesCsv(*m_solved.set, m_solved.model->analysis.layerCount(), missing);
    QVERIFY(!badPath.ok());
    QVERIFY2(
        QString::fromStdString(badPath.error().message).startsWith(QStringLiteral("out.csv: ")),
        badPath.error().message.c_str());
    const Status badPng =
        saveWidgetImage(chart.chartView(), m_dir.filePath(QStringLiteral("no/such/x.png")));
    QVERIFY(!badPng.ok());
    QVERIFY(QString::fromStdString(badPng.error().message).startsWith(QStringLiteral("x.png: ")));
}

QTEST_MAIN(TestSolutionExport)
#include "test_solution_export.moc"
