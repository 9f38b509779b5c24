// The explorer under random use: for each seed a main window gets a random sequence of what a
// user does — opening the embedded samples, moving the memory, uplink and drop sliders or typing
// into their fields, changing presets, bit-widths and the confidence, cancelling, picking in the
// Pareto chart and the tables, switching pages and models — at random moments (random short waits
// between them, so that actions land while loads, calibrations, solves and evaluations run), and
// is closed and deleted at a random moment. No run may crash, hang on closing, bring up a dialog,
// or make Qt (or anything) print a warning; at random points the window is let settle and must
// then show the newest solution for the panel's settings.
//
// Seeds: AUTOSPLIT_STRESS_SEEDS ("0-24", "7", "3,17,40-45"), else the first AUTOSPLIT_STRESS_RUNS
// (default 100) from 0. Each seed is a data row "seed N": replay one alone with
// `test_gui_stress randomUse:"seed 17"` (or AUTOSPLIT_STRESS_SEEDS=17). AUTOSPLIT_STRESS_VERBOSE=1
// prints every action as it happens (a crash then shows the last one).

#include "tests/support/classifier_sample.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/constraints/unit_spin_box.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/main_window.h"
#include "widgets/solution/solution_table_view.h"

#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QMutex>
#include <QPointer>
#include <QScatterSeries>
#include <QSettings>
#include <QSlider>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QtTest>

#include <memory>
#include <random>

using namespace autosplit;

namespace {

// Every warning, critical or fatal message of a run, from any thread.
struct MessageLog {
    QMutex mutex;
    QStringList messages;
    QtMessageHandler previous = nullptr;
    int seed = -1;
};

MessageLog& messageLog() {
    static MessageLog log;
    return log;
}

// The offscreen platform's windows lack two things that QPlatformWindow's defaults then warn
// about; the xcb platform implements both, so neither says anything is wrong with the program:
// - propagateSizeHints(): whenever a window's minimum or maximum size changes (docks do);
// - raise(): whenever a top-level shows, as the chart's point tooltip does on hover.
bool isOffscreenNoise(const QString& text) {
    return QGuiApplication::platformName() == QLatin1String("offscreen") &&
           (text == QLatin1String("This plugin does not support propagateSizeHints()") ||
            text == QLatin1String("This plugin does not support raise()"));
}

void recordMessage(QtMsgType type, const QMessageLogContext& context, const QString& text) {
    MessageLog& log = messageLog();
    if ((type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg) &&
        !(type == QtWarningMsg && isOffscreenNoise(text))) {
        const QMutexLocker lock(&log.mutex);
        log.messages.append(text);
        if (type == QtFatalMsg)
            fprintf(stderr, "fatal message in the run of seed %d\n", log.seed);
    }
    if (log.previous)
        log.previous(type, context, text);
}

QStringList takeMessages() {
    MessageLog& log = messageLog();
    const QMutexLocker lock(&log.mutex);
    return std::exchange(log.messages, {});
}

// "0-24", "7", "3,17,40-45".
std::vector<int> parseSeeds(const QString& text) {
    std::vector<int> seeds;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList range = part.trimmed().split(QLatin1Char('-'));
        bool ok1 = false, ok2 = true;
        const int from = range.value(0).toInt(&ok1);
        const int to = range.size() == 2 ? range.value(1).toInt(&ok2) : from;
        if (!ok1 || !ok2 || range.size() > 2 || to < from) {
            qFatal("AUTOSPLIT_STRESS_SEEDS: '%s' is not a seed or a range of seeds",
                   qPrintable(part));
        }
        for (int s = from; s <= to; ++s)
            seeds.push_back(s);
    }
    return seeds;
}

// What a user does; each run draws its actions with these weights.
enum class Action {
    OpenClassifier,
    OpenRecognizer,
    OpenDetector,
    MoveMemory,
    MoveUplink,
    MoveDrop,
    TypeField,
    PickPreset,
    ChangeBits,
    ChangeConfidence,
    Cancel,
    ClickChart,
    PickSolutionRow,
    PickLayerOrNode,
    SwitchPage,
    ToggleRawGraph,
    MeasureSensitivity,
    MeasureSolutions,
    ExportBundle,
    ToggleOptimize,
    Settle,
};

struct Weighted {
    Action action;
    int weight;
    const char* name;
};

constexpr Weighted kActions[] = {
    {Action::OpenClassifier, 10, "open the text-direction classifier"},
    {Action::OpenRecognizer, 2, "open the text recogniser"},
    {Action::OpenDetector, 2, "open the text detector"},
    {Action::MoveMemory, 12, "move the memory slider"},
    {Action::MoveUplink, 10, "move the uplink slider"},
    {Action::MoveDrop, 10, "move the drop slider"},
    {Action::TypeField, 6, "type into a field"},
    {Action::PickPreset, 4, "pick a device or network"},
    {Action::ChangeBits, 3, "change the bit-widths"},
    {Action::ChangeConfidence, 2, "change the confidence"},
    {Action::Cancel, 8, "cancel"},
    {Action::ClickChart, 8, "click in the Pareto chart"},
    {Action::PickSolutionRow, 6, "pick a row of the solutions"},
    {Action::PickLayerOrNode, 4, "pick a layer or a node"},
    {Action::SwitchPage, 3, "switch the page"},
    {Action::ToggleRawGraph, 2, "toggle the raw graph"},
    {Action::MeasureSensitivity, 2, "measure layer sensitivity"},
    {Action::MeasureSolutions, 2, "measure the solutions on this computer"},
    {Action::ExportBundle, 2, "export a deployment bundle"},
    {Action::ToggleOptimize, 2, "toggle the optimization passes"},
    {Action::Settle, 4, "let the window settle"},
};

// The random numbers one step uses, drawn whatever the window's state, so a seed always makes
// the same sequence of actions (the timing of the background jobs is what varies).
struct Step {
    const Weighted* what;
    quint32 a, b, c;
    int waitMs;
};

Step drawStep(std::mt19937& rng) {
    int total = 0;
    for (const Weighted& w : kActions)
        total += w.weight;
    int pick = static_cast<int>(rng() % static_cast<quint32>(total));
    const Weighted* what = &kActions[0];
    for (const Weighted& w : kActions) {
        if (pick < w.weight) {
            what = &w;
            break;
        }
        pick -= w.weight;
    }
    Step step{what, quint32(rng()), quint32(rng()), quint32(rng()), 0};
    // Mostly short waits (actions pile up on running jobs), some long enough for a job to end.
    const quint32 kind = rng() % 10;
    const quint32 r = rng();
    step.waitMs = kind < 5 ? int(r % 30) : kind < 9 ? 30 + int(r % 270) : 300 + int(r % 1200);
    return step;
}

bool verbose() {
    return qEnvironmentVariableIntValue("AUTOSPLIT_STRESS_VERBOSE") != 0;
}

} // namespace

class TestGuiStress : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void randomUse_data();
    void randomUse();

private:
    void perform(MainWindow& window, const Step& step);
    static void moveSlider(QSlider* slider, const Step& step);
    static void clickChart(MainWindow& window, const Step& step);
    static void clickTableRow(QTableView* table, quint32 r, bool twice);
    // Waits until nothing runs in the background and checks that the views show the newest
    // solution for the panel's settings.
    void settleAndCheck(MainWindow& window);
    // A dialog came up: noted as a failure of the run and closed.
    void closeDialogs();

    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
    QString m_opened; // the sample last asked for
    QStringList m_failures;
};

void TestGuiStress::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCoreApplication::setOrganizationName(QStringLiteral("autosplit-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_gui_stress"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    messageLog().previous = qInstallMessageHandler(recordMessage);
}

void TestGuiStress::cleanupTestCase() {
    qInstallMessageHandler(messageLog().previous);
}

void TestGuiStress::randomUse_data() {
    QTest::addColumn<int>("seed");
    std::vector<int> seeds;
    const QString list = qEnvironmentVariable("AUTOSPLIT_STRESS_SEEDS");
    if (!list.isEmpty()) {
        seeds = parseSeeds(list);
    } else {
        bool ok = false;
        int runs = qEnvironmentVariableIntValue("AUTOSPLIT_STRESS_RUNS", &ok);
        if (!ok)
            runs = 100;
        for (int s = 0; s < runs; ++s)
            seeds.push_back(s);
    }
    for (int seed : seeds)
        QTest::addRow("seed %d", seed) << seed;
}

void TestGuiStress::randomUse() {
    QFETCH(int, seed);
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
    messageLog().seed = seed;
    takeMessages();
    m_failures.clear();
    m_opened.clear();
    // Every run is a first start; a third of them also calibrate afresh (an empty cache), so
    // that calibration and evaluation take long enough for actions to land on them.
    QSettings().clear();
    const bool cold = rng() % 3 == 0;
    std::unique_ptr<QTemporaryDir> coldCache;
    if (cold)
        coldCache = std::make_unique<QTemporaryDir>(m_dir.filePath(QStringLiteral("cold-XXXXXX")));
    qputenv("XDG_CACHE_HOME",
            QFile::encodeName(cold ? coldCache->path() : m_dir.filePath(QStringLiteral("warm"))));
    const int steps = 3 + static_cast<int>(rng() % 24);
    const quint32 closeKind = rng() % 3;
    qInfo("seed %d: %d actions, %s cache", seed, steps, cold ? "cold" : "warm");

    QTimer dialogWatch;
    connect(&dialogWatch, &QTimer::timeout, this, &TestGuiStress::closeDialogs);
    dialogWatch.start(20);

    auto* window = new MainWindow;
    QPointer<MainWindow> alive(window);
    window->resize(1280, 800);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    // A run starts by opening a sample (mostly the fast classifier), so that most actions find a
    // model and its jobs rather than an empty window.
    const quint32 first = rng() % 8;
    perform(*window, Step{&kActions[first < 6 ? 0 : first == 6 ? 1 : 2], 0, 0, 0, 0});
    for (int i = 0; i < steps && m_failures.isEmpty(); ++i) {
        const Step step = drawStep(rng);
        if (verbose())
            qInfo("seed %d, step %d: %s, then %d ms (%s%s%s)", seed, i, step.what->name,
                  step.waitMs, window->engine()->isBusy() ? "loading " : "",
                  window->engine()->isSolveBusy() ? "calibrating or evaluating " : "",
                  window->currentModel() ? "model shown" : "no model");
        perform(*window, step);
        if (QTest::currentTestFailed())
            break;
        QTest::qWait(step.waitMs);
        if (!messageLog().messages.isEmpty())
            break;
    }
    const bool failedEarly = QTest::currentTestFailed();

    // Closed as the user closes it (then deleted, as the application does when its last window
    // closes), deleted later, or deleted at once — whatever runs at that moment.
    QElapsedTimer closing;
    closing.start();
    if (closeKind == 0) {
        window->close();
        delete window;
    } else if (closeKind == 1) {
        window->deleteLater();
    } else {
        delete window;
    }
    QTRY_VERIFY_WITH_TIMEOUT(alive.isNull(), 20000);
    const qint64 closeMs = closing.elapsed();
    dialogWatch.stop();
    closeDialogs();
    // Events a worker posted just before it ended must find nothing deleted.
    QTest::qWait(20);
    if (failedEarly)
        return;

    QVERIFY2(closeMs < 10000,
             qPrintable(
                 QStringLiteral("seed %1: closing the window took %2 ms").arg(seed).arg(closeMs)));
    const QStringList messages = takeMessages();
    QVERIFY2(messages.isEmpty(), qPrintable(QStringLiteral("seed %1: %2 message(s): %3")
                                                .arg(seed)
                                                .arg(messages.size())
                                                .arg(messages.join(QStringLiteral(" | ")))));
    QVERIFY2(
        m_failures.isEmpty(),
        qPrintable(
            QStringLiteral("seed %1: %2").arg(seed).arg(m_failures.join(QStringLiteral(" | ")))));
}

void TestGuiStress::closeDialogs() {
    // A bundle that cannot be written is told in this box, as designed (its text is the one-line
    // error); it is closed and noted, not failed: whether an export succeeds is the export
    // tests' business (an export of a graph left unoptimized is refused today).
    for (auto* box : QApplication::allWidgets()) {
        if (box->objectName() == QLatin1String("exportErrorBox") && box->isVisible()) {
            qInfo("export refused: %s", qPrintable(static_cast<QMessageBox*>(box)->text()));
            box->close();
        }
    }
    if (QWidget* modal = QApplication::activeModalWidget()) {
        m_failures.append(
            QStringLiteral("a dialog came up: %1 '%2'")
                .arg(QString::fromLatin1(modal->metaObject()->className()), modal->windowTitle()));
        if (auto* box = qobject_cast<QMessageBox*>(modal))
            m_failures.last() += QStringLiteral(": ") + box->text();
        modal->close();
    }
    for (QWidget* top : QApplication::topLevelWidgets()) {
        auto* box = qobject_cast<QMessageBox*>(top);
        if (box && box->isVisible()) {
            m_failures.append(QStringLiteral("a message box came up: %1").arg(box->text()));
            box->close();
        }
    }
}

void TestGuiStress::perform(MainWindow& window, const Step& step) {
    ConstraintPanel* panel = window.constraintPanel();
    switch (step.what->action) {
    case Action::OpenClassifier:
        m_opened = test::kClassifierId;
        window.openSample(m_opened);
        break;
    case Action::OpenRecognizer:
        m_opened = QStringLiteral("text-recognizer");
        window.openSample(m_opened);
        break;
    case Action::OpenDetector:
        m_opened = QStringLiteral("text-detector");
        window.openSample(m_opened);
        break;
    case Action::MoveMemory:
        moveSlider(panel->memorySlider(), step);
        break;
    case Action::MoveUplink:
        moveSlider(panel->uplinkSlider(), step);
        break;
    case Action::MoveDrop:
        moveSlider(panel->dropSlider(), step);
        break;
    case Action::TypeField: {
        // Typed and confirmed with Enter, as a user would, in any unit the field accepts.
        static const char* const memory[] = {"64 KiB", "1 MiB", "300k", "16 MiB", "2g", "0"};
        static const char* const uplink[] = {"3 Mbps", "20", "1 Gbit/s", "16 kbit/s", "500k"};
        static const char* const drop[] = {"0", "1", "0.5", "5", "47", "100"};
        QAbstractSpinBox* box = nullptr;
        QString text;
        switch (step.a % 3) {
        case 0:
            box = panel->memorySpin();
            text = QLatin1String(memory[step.b % std::size(memory)]);
            break;
        case 1:
            box = panel->uplinkSpin();
            text = QLatin1String(uplink[step.b % std::size(uplink)]);
            break;
        default:
            box = panel->dropSpin();
            text = QLatin1String(drop[step.b % std::size(drop)]);
            break;
        }
        if (!box->isEnabled())
            break;
        box->setFocus();
        box->selectAll();
        QTest::keyClicks(box, text);
        QTest::keyClick(box, Qt::Key_Return);
        break;
    }
    case Action::PickPreset: {
        QComboBox* boxes[] = {panel->edgeDeviceBox(), panel->cloudDeviceBox(), panel->networkBox()};
        QComboBox* box = boxes[step.a % 3];
        // Any entry but the last, "Profile file…", which asks for a file; separators have no
        // data. "This computer (measured)" starts a measurement in the background.
        std::vector<int> items;
        for (int i = 0; i + 1 < box->count(); ++i)
            if (box->itemData(i).isValid())
                items.push_back(i);
        if (!items.empty())
            box->setCurrentIndex(items[step.b % items.size()]);
        break;
    }
    case Action::ChangeBits: {
        static const char* const sets[] = {"2,4,6,8", "6,8", "8", "4,8", "2,8", ""};
        QLineEdit* edit = panel->bitsEdit();
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, QLatin1String(sets[step.a % std::size(sets)]));
        QTest::keyClick(edit, Qt::Key_Return);
        break;
    }
    case Action::ChangeConfidence: {
        static const double levels[] = {90.0, 95.0, 99.0, 99.9};
        panel->confidenceSpin()->setValue(levels[step.a % std::size(levels)]);
        break;
    }
    case Action::Cancel:
        // The status bar's button when it is offered, else Escape (the menu's shortcut).
        if (auto* button = window.findChild<QToolButton*>(QStringLiteral("cancelButton"));
            button && button->isEnabled() && step.a % 2 == 0)
            QTest::mouseClick(button, Qt::LeftButton);
        else
            window.action(QStringLiteral("cancelAction"))->trigger();
        break;
    case Action::ClickChart:
        clickChart(window, step);
        break;
    case Action::PickSolutionRow:
        window.pages()->setCurrentWidget(window.solutionTable());
        clickTableRow(window.solutionTable(), step.a, false);
        break;
    case Action::PickLayerOrNode:
        if (step.a % 2 == 0) {
            window.action(QStringLiteral("layersPageAction"))->trigger();
            clickTableRow(window.layerTable(), step.b, step.c % 2 == 0);
        } else {
            window.pages()->setCurrentWidget(window.graphView());
            QWidget* viewport = window.graphView()->viewport();
            const QPoint at(int(step.b % quint32(std::max(1, viewport->width()))),
                            int(step.c % quint32(std::max(1, viewport->height()))));
            QTest::mouseClick(viewport, Qt::LeftButton, {}, at);
        }
        break;
    case Action::SwitchPage:
        window.pages()->setCurrentIndex(int(step.a % quint32(window.pages()->count())));
        break;
    case Action::ToggleRawGraph:
        window.action(QStringLiteral("rawGraphAction"))->trigger();
        break;
    case Action::MeasureSensitivity:
        if (QAction* measure = window.findChild<QAction*>(QStringLiteral("sensitivityAction"));
            measure && measure->isEnabled())
            measure->trigger();
        break;
    case Action::MeasureSolutions:
        window.action(QStringLiteral("measureSolutionsAction"))->trigger();
        break;
    case Action::ExportBundle:
        // What File > Export Deployment Bundle does once a folder is chosen.
        window.exportBundleTo(m_dir.filePath(QStringLiteral("bundle-%1").arg(step.a % 4)), true);
        break;
    case Action::ToggleOptimize:
        window.action(QStringLiteral("optimizeAction"))->trigger();
        break;
    case Action::Settle:
        settleAndCheck(window);
        break;
    }
}

void TestGuiStress::moveSlider(QSlider* slider, const Step& step) {
    if (!slider->isEnabled())
        return;
    const int span = slider->maximum() - slider->minimum() + 1;
    const int target = slider->minimum() + int(step.b % quint32(span));
    switch (step.a % 3) {
    case 0: // a jump, as a click on the groove does
        slider->setValue(target);
        break;
    case 1: { // a drag through several positions on the way
        slider->setSliderDown(true);
        const int from = slider->value();
        const int moves = 2 + int(step.c % 8);
        for (int m = 1; m <= moves; ++m) {
            slider->setValue(from + (target - from) * m / moves);
            QTest::qWait(int(step.c % 7));
        }
        slider->setSliderDown(false);
        break;
    }
    default: { // keys: arrows and pages
        static const Qt::Key keys[] = {Qt::Key_Left,     Qt::Key_Right, Qt::Key_PageUp,
                                       Qt::Key_PageDown, Qt::Key_Home,  Qt::Key_End};
        slider->setFocus();
        const int presses = 1 + int(step.c % 4);
        for (int p = 0; p < presses; ++p)
            QTest::keyClick(slider, keys[(step.b + quint32(p)) % std::size(keys)]);
        break;
    }
    }
}

void TestGuiStress::clickChart(MainWindow& window, const Step& step) {
    // A drawn point (candidate, front, selection or baseline) when there is one, else anywhere
    // in the plot.
    ParetoChart* chart = window.paretoChart();
    QChartView* view = chart->chartView();
    QXYSeries* series[] = {chart->candidateSeries(), chart->frontSeries(), chart->selectedSeries()};
    QXYSeries* from = series[step.a % 3];
    if (step.a % 4 == 3 && !chart->baselineSeries().empty())
        from = chart->baselineSeries()[step.b % chart->baselineSeries().size()];
    QPoint at;
    if (from && from->count() > 0 && from->chart()) {
        const QPointF value = from->at(int(step.c % quint32(from->count())));
        at = view->mapFromScene(chart->chart()->mapToPosition(value, from));
    } else {
        QWidget* viewport = view->viewport();
        at = QPoint(int(step.b % quint32(std::max(1, viewport->width()))),
                    int(step.c % quint32(std::max(1, viewport->height()))));
    }
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
}

void TestGuiStress::clickTableRow(QTableView* table, quint32 r, bool twice) {
    QAbstractItemModel* model = table->model();
    if (!model || model->rowCount() == 0)
        return;
    const QModelIndex index = model->index(int(r % quint32(model->rowCount())), 0);
    table->scrollTo(index);
    const QPoint at = table->visualRect(index).center();
    if (twice)
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
    else
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
}

void TestGuiStress::settleAndCheck(MainWindow& window) {
    // The large samples take minutes to calibrate afresh; only the classifier is waited for.
    if (m_opened != test::kClassifierId)
        return;
    Engine* engine = window.engine();
    SolveEngine* solver = engine->solveEngine();
    auto busy = [&] {
        return engine->isBusy() || engine->isSolveBusy() || solver->isMeasuringCandidate() ||
               engine->isMeasuring();
    };
    // A move queued in the panel is sent within its coalescing period, then solved.
    QTest::qWait(2 * ConstraintPanel::kCoalesceMs);
    QTRY_VERIFY_WITH_TIMEOUT(!busy(), 120000);
    QTest::qWait(2 * ConstraintPanel::kCoalesceMs);
    QTRY_VERIFY_WITH_TIMEOUT(!busy(), 120000);
    if (!window.currentModel() || !solver->solution())
        return;
    const session::SolveSettings panelSettings = window.constraintPanel()->constraints();
    const session::SolveSettings& solved = solver->constraints();
    QCOMPARE(solved.edgeMemoryBytes, panelSettings.edgeMemoryBytes);
    QCOMPARE(solved.maxAccuracyDrop, panelSettings.maxAccuracyDrop);
    // the views show the engine's newest solution, settled
    QCOMPARE(window.currentSolution(), solver->solution());
    QVERIFY(!window.isProvisional());
    QVERIFY(window.paretoChart()->selectedSeries()->count() <= 1);
    const SolutionSetPtr set = window.currentSolution();
    if (panelSettings.edgeMemoryBytes)
        QCOMPARE(set->constraints.edgeMemoryBytes, *panelSettings.edgeMemoryBytes);
    QVERIFY(window.shownCandidate() < static_cast<int>(set->candidates.size()));
}

QTEST_MAIN(TestGuiStress)
#include "test_gui_stress.moc"
