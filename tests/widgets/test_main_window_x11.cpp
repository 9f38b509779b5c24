// The main window on the real X11 platform (run under Xvfb, QT_QPA_PLATFORM=xcb): the embedded
// sample opens, is calibrated, solved and evaluated; the window is grabbed from the X server's
// framebuffer (QScreen::grabWindow, not QWidget::grab) and written as PNGs to the build tree
// for people to look at. The pictures are checked: they have the window's size, they are not
// blank, every node box the graph view shows fully is filled with its side's colour, the charts
// are drawn, and the X server's picture agrees with Qt's own rendering of the same window —
// which proves the window was really mapped and painted on the server. Offscreen, none of this
// means anything, so another platform is a failure, not a skip.

#include "tests/support/classifier_sample.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/constraints/unit_spin_box.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_node_item.h"
#include "widgets/graph/graph_view.h"
#include "widgets/main_window.h"

#include "core/bundle/bundle_reader.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QScatterSeries>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QWindow>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

using namespace autosplit;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 800;
// Import, calibration, solve and evaluation of the sample together take seconds; the margin is
// for a loaded machine.
constexpr int kEngineTimeoutMs = 90000;

QString shotPath(const QString& name) {
    const QString dir = QStringLiteral(AUTOSPLIT_SCREENSHOT_DIR);
    QDir().mkpath(dir);
    return dir + QLatin1Char('/') + name;
}

// The window as the X server shows it.
QImage grabFromServer(QWidget& window) {
    QScreen* screen = window.screen();
    if (!screen)
        return {};
    return screen->grabWindow(window.winId()).toImage().convertToFormat(QImage::Format_RGB32);
}

// A child widget's rectangle in the window's device pixels.
QRect deviceRect(QWidget& window, const QWidget* child, const QRect& local) {
    const double dpr = window.devicePixelRatioF();
    const QRect r(child->mapTo(&window, local.topLeft()), local.size());
    return QRect(QPoint(int(std::floor(r.left() * dpr)), int(std::floor(r.top() * dpr))),
                 QPoint(int(std::ceil((r.right() + 1) * dpr)) - 1,
                        int(std::ceil((r.bottom() + 1) * dpr)) - 1));
}

QRect deviceRect(QWidget& window, const QWidget* child) {
    return deviceRect(window, child, child->rect());
}

int distinctColours(const QImage& image, const QRect& area) {
    std::set<QRgb> colours;
    const QRect r = area.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            colours.insert(image.pixel(x, y) & 0xffffff);
    return int(colours.size());
}

// The share of the area's pixels taken by its most common colour.
double dominantShare(const QImage& image, const QRect& area) {
    std::map<QRgb, int> counts;
    const QRect r = area.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            ++counts[image.pixel(x, y) & 0xffffff];
    int most = 0;
    for (const auto& [colour, count] : counts)
        most = std::max(most, count);
    return r.isEmpty() ? 1.0 : double(most) / double(r.width() * r.height());
}

// Pixels of the area within `tolerance` of `colour` on every channel.
int countColour(const QImage& image, const QRect& area, const QColor& colour, int tolerance = 2) {
    int count = 0;
    const QRect r = area.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (std::abs(qRed(p) - colour.red()) <= tolerance &&
                std::abs(qGreen(p) - colour.green()) <= tolerance &&
                std::abs(qBlue(p) - colour.blue()) <= tolerance)
                ++count;
        }
    return count;
}

// Mean absolute difference per channel (0..255) of two images of the same size.
double meanAbsoluteDifference(const QImage& a, const QImage& b) {
    double sum = 0.0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y);
            const QRgb q = b.pixel(x, y);
            sum += std::abs(qRed(p) - qRed(q)) + std::abs(qGreen(p) - qGreen(q)) +
                   std::abs(qBlue(p) - qBlue(q));
        }
    return sum / (3.0 * a.width() * a.height());
}

// Share of pixels that differ by more than a few levels on some channel.
double differingShare(const QImage& a, const QImage& b) {
    int differing = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y);
            const QRgb q = b.pixel(x, y);
            if (std::abs(qRed(p) - qRed(q)) > 8 || std::abs(qGreen(p) - qGreen(q)) > 8 ||
                std::abs(qBlue(p) - qBlue(q)) > 8)
                ++differing;
        }
    return double(differing) / (double(a.width()) * a.height());
}

// Whether optimized-graph layer `layer` (1-based) runs on the edge: the prefix 1..split, or the
// listed edge set of a non-prefix cut (Candidate's documented meaning, recomputed here).
bool layerOnEdge(const Candidate& cut, int layer) {
    if (cut.edgeLayers.empty())
        return layer <= cut.split;
    return std::binary_search(cut.edgeLayers.begin(), cut.edgeLayers.end(), layer);
}

struct NodeCounts {
    int edge = 0;
    int cloud = 0;
};

} // namespace

class TestMainWindowX11 : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void graphPage();
    void layersPage();
    void afterMemorySlider();
    void exportsShownSolution();
    void moreOptionsWithOwnNetwork();

private:
    // Waits until the window's graph shows the current solution laid out and painted.
    void settle();
    // Grabs the window from the X server into `shot`, writes it and checks it against Qt's own
    // rendering of the window.
    void shoot(const QString& name, QImage& shot);
    // Every fully visible operation box of the graph view is on the side the solution says and
    // painted in that side's colour; `counts` says how many of each side were checked.
    void checkGraphColours(const QImage& shot, NodeCounts& counts);
    void checkCharts(const QImage& shot);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindowX11::initTestCase() {
    // Loud, never a skip: on any other platform this would be an offscreen test in disguise.
    if (QGuiApplication::platformName() != QLatin1String("xcb"))
        QFAIL(qPrintable(
            QStringLiteral(
                "this suite needs the X11 platform (xcb, run it under xvfb-run), not '%1'")
                .arg(QGuiApplication::platformName())));
    // The engine's calibration cache must go to the build tree (CTest sets it), never the user's.
    QVERIFY2(!qEnvironmentVariableIsEmpty("XDG_CACHE_HOME"), "XDG_CACHE_HOME is not set");
    QVERIFY(m_settingsDir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    // Settings (window geometry and dock state included) go to a scratch folder.
    QCoreApplication::setOrganizationName(QStringLiteral("autosplit-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_main_window_x11"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings().clear();

    m_window = std::make_unique<MainWindow>();
    MainWindow& window = *m_window;
    window.resize(kWidth, kHeight);
    window.move(0, 0);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.windowHandle()->isExposed());
    QSignalSpy shown(&window, &MainWindow::modelShown);
    QSignalSpy evaluated(window.engine()->solveEngine(), &SolveEngine::evaluationFinished);
    window.openSample(test::kClassifierId);
    QVERIFY(evaluated.wait(kEngineTimeoutMs));
    QCOMPARE(shown.count(), 1);
    QVERIFY(window.currentModel());
    QVERIFY(window.currentSolution());
    QCOMPARE(window.size(), QSize(kWidth, kHeight));
    settle();
}

void TestMainWindowX11::cleanupTestCase() {
    m_window.reset();
}

void TestMainWindowX11::settle() {
    MainWindow& window = *m_window;
    GraphView* graph = window.graphView();
    QVERIFY(graph->waitForLayouts(60000));
    QTRY_VERIFY_WITH_TIMEOUT(graph->currentLayout() && !graph->isLayoutPending(), 60000);
    QVERIFY(!graph->nodeItems().empty());
    const Candidate& selected = window.currentSolution()->selectedCandidate();
    QVERIFY(graph->solution());
    QCOMPARE(graph->solution()->split, selected.split);
    QCOMPARE(graph->solution()->edgeLayers, selected.edgeLayers);
    // Queued repaints reach the X server; the grab below then compares it with Qt's rendering.
    QTest::qWait(300);
}

void TestMainWindowX11::shoot(const QString& name, QImage& shot) {
    MainWindow& window = *m_window;
    shot = grabFromServer(window);
    QVERIFY2(!shot.isNull(), qPrintable(name + QStringLiteral(": grabWindow returned nothing")));
    const QString path = shotPath(name);
    QVERIFY2(shot.save(path), qPrintable(QStringLiteral("cannot write ") + path));
    qInfo("wrote %s", qPrintable(path));
    // The window's size in device pixels.
    QCOMPARE(shot.size(), window.size() * window.devicePixelRatioF());
    // Not blank: many colours, none covering nearly everything.
    const int colours = distinctColours(shot, shot.rect());
    const double dominant = dominantShare(shot, shot.rect());
    qInfo("%s: %d colours, the commonest covers %.1f %%", qPrintable(name), colours,
          dominant * 100.0);
    QVERIFY2(colours >= 200 && dominant <= 0.8, qPrintable(name + QStringLiteral(" looks blank")));
    // The X server shows what Qt painted: compare with Qt's own rendering of the same window.
    const QImage rendered = window.grab().toImage().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(rendered.size(), shot.size());
    const double mad = meanAbsoluteDifference(shot, rendered);
    const double differing = differingShare(shot, rendered);
    qInfo("%s: X11 grab vs QWidget::grab: mean |diff| %.3f levels, %.3f %% of pixels differ",
          qPrintable(name), mad, differing * 100.0);
    if (mad > 2.0 || differing > 0.02)
        rendered.save(shotPath(QStringLiteral("qt_") + name)); // to see what differs
    QVERIFY2(
        mad <= 2.0 && differing <= 0.02,
        qPrintable(name + QStringLiteral(": the X server's picture differs from Qt's rendering")));
}

void TestMainWindowX11::checkGraphColours(const QImage& shot, NodeCounts& counts) {
    MainWindow& window = *m_window;
    GraphView* graph = window.graphView();
    QVERIFY(graph->solution());
    const Candidate& cut = *graph->solution();
    QWidget* viewport = graph->viewport();
    const QRect viewportRect = deviceRect(window, viewport);
    // Labels over the graph (the legend in its corner) tint what is under them.
    std::vector<QRect> overlays;
    for (QLabel* label : graph->findChildren<QLabel*>())
        if (label->isVisible())
            overlays.push_back(deviceRect(window, label));
    counts = {};
    double lowestShare = 1.0;
    for (GraphNodeItem* item : graph->nodeItems()) {
        if (item->kind() != LayoutNodeKind::Operation)
            continue;
        const CutSide expectedSide =
            layerOnEdge(cut, int(item->node()) + 1) ? CutSide::Edge : CutSide::Cloud;
        QVERIFY2(item->side() == expectedSide,
                 qPrintable(QStringLiteral("node %1 is on the wrong side of split %2")
                                .arg(item->node())
                                .arg(cut.split)));
        const QRectF box = item->mapRectToScene(item->boundingRect());
        const QRect inView = deviceRect(window, viewport, graph->mapFromScene(box).boundingRect());
        if (!viewportRect.contains(inView))
            continue;
        if (std::any_of(overlays.begin(), overlays.end(),
                        [&](const QRect& o) { return o.intersects(inView); }))
            continue;
        // The middle half of the box: clear of the border, the selection outline and the mark.
        const QRect middle = inView.adjusted(inView.width() / 4, inView.height() / 4,
                                             -inView.width() / 4, -inView.height() / 4);
        if (middle.isEmpty())
            continue;
        const int filled = countColour(shot, middle, GraphNodeItem::fillColor(expectedSide));
        const double share = double(filled) / (double(middle.width()) * middle.height());
        QVERIFY2(share >= 0.5,
                 qPrintable(QStringLiteral("node %1 (%2): only %3 % of its box shows the %4 colour")
                                .arg(item->node())
                                .arg(item->title())
                                .arg(share * 100.0, 0, 'f', 0)
                                .arg(expectedSide == CutSide::Edge ? QStringLiteral("edge")
                                                                   : QStringLiteral("cloud"))));
        lowestShare = std::min(lowestShare, share);
        ++(expectedSide == CutSide::Edge ? counts.edge : counts.cloud);
    }
    qInfo("graph: split %d, %d edge-side and %d cloud-side boxes checked in the picture, "
          "each at least %.0f %% its side's colour",
          cut.split, counts.edge, counts.cloud, lowestShare * 100.0);
    QVERIFY2(counts.edge + counts.cloud > 0, "no node box of the graph is fully visible");
}

void TestMainWindowX11::checkCharts(const QImage& shot) {
    MainWindow& window = *m_window;
    const struct {
        const char* name;
        QWidget* widget;
    } charts[] = {{"Pareto chart", window.paretoChart()},
                  {"latency breakdown", window.breakdownChart()}};
    for (const auto& chart : charts) {
        QVERIFY2(chart.widget->isVisible(), chart.name);
        const QRect area = deviceRect(window, chart.widget);
        const int colours = distinctColours(shot, area);
        const double dominant = dominantShare(shot, area);
        qInfo("%s: %dx%d, %d colours, the commonest covers %.1f %%", chart.name, area.width(),
              area.height(), colours, dominant * 100.0);
        QVERIFY2(area.width() >= 200 && area.height() >= 120, chart.name);
        QVERIFY2(colours >= 30 && dominant <= 0.95, chart.name);
    }
    // The selected solution's star is drawn in its colour in the Pareto chart.
    ParetoChart* pareto = window.paretoChart();
    QCOMPARE(pareto->selectedSeries()->count(), 1);
    const int star =
        countColour(shot, deviceRect(window, pareto), pareto->selectedSeries()->color());
    qInfo("Pareto chart: %d pixels of the selected star's colour", star);
    QVERIFY2(star >= 20, "the selected solution's star is not in the Pareto chart");
}

void TestMainWindowX11::graphPage() {
    MainWindow& window = *m_window;
    auto* pages = window.findChild<QTabWidget*>(QStringLiteral("centralPages"));
    QVERIFY(pages);
    QCOMPARE(pages->currentWidget(), static_cast<QWidget*>(window.graphView()));
    QImage shot;
    shoot(QStringLiteral("main_window_x11.png"), shot);
    if (QTest::currentTestFailed())
        return;
    NodeCounts counts;
    checkGraphColours(shot, counts);
    if (QTest::currentTestFailed())
        return;
    checkCharts(shot);
}

void TestMainWindowX11::layersPage() {
    MainWindow& window = *m_window;
    auto* pages = window.findChild<QTabWidget*>(QStringLiteral("centralPages"));
    QVERIFY(pages);
    pages->setCurrentIndex(pages->indexOf(window.layerTable()->parentWidget()));
    QVERIFY(window.layerTable()->isVisible());
    QTest::qWait(300);
    QImage shot;
    shoot(QStringLiteral("main_window_x11_layers.png"), shot);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(window.layerTable()->model()->rowCount(),
             int(window.currentModel()->analysis.layerCount()));
    // The table's rows are drawn: the base and the alternate row colours both show.
    const QRect table = deviceRect(window, window.layerTable()->viewport());
    const QPalette palette = window.layerTable()->palette();
    QVERIFY(palette.color(QPalette::Base) != palette.color(QPalette::AlternateBase));
    QVERIFY(countColour(shot, table, palette.color(QPalette::Base), 0) > 1000);
    QVERIFY(countColour(shot, table, palette.color(QPalette::AlternateBase), 0) > 1000);
    QVERIFY(distinctColours(shot, table) > 30);
    checkCharts(shot);
    pages->setCurrentWidget(window.graphView());
    QTest::qWait(100);
}

void TestMainWindowX11::afterMemorySlider() {
    MainWindow& window = *m_window;
    const SolutionSetPtr before = window.currentSolution();
    // 64 KiB does not hold the sample's weights at any width: the split moves off Edge-Only
    // into the graph, so both sides of the cut show.
    QSlider* slider = window.constraintPanel()->memorySlider();
    QSignalSpy evaluated(window.engine()->solveEngine(), &SolveEngine::evaluationFinished);
    slider->setSliderDown(true);
    slider->setValue(window.constraintPanel()->memoryScale().position(64.0 * 1024.0));
    slider->setSliderDown(false);
    QVERIFY(evaluated.wait(kEngineTimeoutMs));
    QVERIFY(window.currentSolution() != before);
    settle();
    if (QTest::currentTestFailed())
        return;
    const Candidate& selected = window.currentSolution()->selectedCandidate();
    const int layers = int(window.currentModel()->analysis.layerCount());
    QVERIFY2(selected.edgeLayerCount() > 0 && selected.edgeLayerCount() < layers,
             qPrintable(QStringLiteral("split %1 of %2 layers").arg(selected.split).arg(layers)));
    // The view is centred on the cut: boxes of both sides are in the picture.
    window.graphView()->centerOnNode(NodeId(selected.split - 1));
    QTest::qWait(300);
    QImage shot;
    shoot(QStringLiteral("main_window_x11_memory_64k.png"), shot);
    if (QTest::currentTestFailed())
        return;
    NodeCounts counts;
    checkGraphColours(shot, counts);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(counts.edge > 0);
    QVERIFY(counts.cloud > 0);
    checkCharts(shot);
}

// With the split in the graph (after the memory slider), File > Export Deployment Bundle writes
// the solution every view shows: the status bar says so, and the bundle's split is the cut the
// graph, the charts and the Solution panel show.
void TestMainWindowX11::exportsShownSolution() {
    MainWindow& window = *m_window;
    const int shown = window.shownCandidate();
    QVERIFY(shown >= 0);
    const Candidate& c = window.currentSolution()->candidates[static_cast<size_t>(shown)];
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString bundleDir = dir.filePath(QStringLiteral("sample-bundle"));
    QSignalSpy finished(&window, &MainWindow::bundleExportFinished);
    QVERIFY(window.exportBundleTo(bundleDir, false));
    QVERIFY(finished.wait(kEngineTimeoutMs));
    QVERIFY2(finished.last().at(1).toString().isEmpty(),
             qPrintable(finished.last().at(1).toString()));
    settle();
    if (QTest::currentTestFailed())
        return;
    const QString status = window.statusBar()->currentMessage();
    QVERIFY2(status.contains(QStringLiteral("split after layer %1").arg(c.split)),
             qPrintable(status));
    auto bundle = readBundle(bundleDir.toStdString());
    QVERIFY2(bundle, bundle ? "" : bundle.error().message.c_str());
    QCOMPARE(bundle->manifest.split(), c.split);
    QCOMPARE(bundle->manifest.prediction().transmitted_bytes(), c.transmittedBytes);
    QImage shot;
    shoot(QStringLiteral("main_window_x11_bundle_exported.png"), shot);
}

// The constraint panel's More options open, with a network profile file of the user's: the
// panel shows the file and the network's own round trip and overhead, and the solve uses them.
void TestMainWindowX11::moreOptionsWithOwnNetwork() {
    MainWindow& window = *m_window;
    ConstraintPanel* panel = window.constraintPanel();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString network = dir.filePath(QStringLiteral("site-uplink.json"));
    {
        QFile file(network);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"name": "site-uplink", "description": "the customer's site",
            "uplink_bits_per_s": 2097152, "round_trip_s": 0.03, "overhead_bytes_per_message": 1500})");
    }
    panel->moreOptionsButton()->click();
    session::SolveSettings settings = panel->constraints();
    settings.network = network;
    settings.uplinkBitsPerSecond.reset(); // the network's rate
    settings.bits = {4, 8};
    QSignalSpy evaluated(window.engine()->solveEngine(), &SolveEngine::evaluationFinished);
    panel->apply(settings);
    QVERIFY(evaluated.wait(kEngineTimeoutMs));
    settle();
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(panel->networkBox()->currentText().startsWith(QStringLiteral("site-uplink — ")) &&
                 panel->networkBox()->currentText().endsWith(QStringLiteral("(site-uplink.json)")),
             qPrintable(panel->networkBox()->currentText()));
    QCOMPARE(panel->uplinkSpin()->value(), 2097152.0);
    QCOMPARE(panel->roundTripSpin()->value(), 30.0);
    QVERIFY2(panel->networkNote()->text().contains(QStringLiteral("30 ms")),
             qPrintable(panel->networkNote()->text()));
    QVERIFY2(panel->overheadSpin()->text().contains(QStringLiteral("1,500 B")) ||
                 panel->overheadSpin()->text().contains(QStringLiteral("1500 B")),
             qPrintable(panel->overheadSpin()->text()));
    const Uplink uplink = window.engine()->uplink();
    QCOMPARE(uplink.overheadBytesPerMessage, int64_t(1500));
    QCOMPARE(uplink.roundTripSeconds, 0.03);
    QCOMPARE(window.currentSolution()->bits, (std::vector<int>{4, 8}));
    QImage shot;
    shoot(QStringLiteral("main_window_x11_more_options.png"), shot);
}

QTEST_MAIN(TestMainWindowX11)
#include "test_main_window_x11.moc"
