// MainWindow, offscreen: opens the sample into the table and summary, keeps the shown model when
// a load fails, filters, marks the solver's potential splits, persists recent files, the
// constraint panel and the layout, has the standard shortcuts, zooms, finds and shows a node's
// details, exports the graph, charts and candidates from its menus, calibrates a user model on
// the sample data chosen for it (and remembers them), tells the solve state in the status bar,
// accepts dropped .onnx files, closes safely mid-load, and speaks German with the German
// catalogue.
// Long file: one QtTest suite per class under test, as Qt's own tests are organised.

#include "tests/support/classifier_sample.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/constraints/unit_spin_box.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/error_message.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_node_details.h"
#include "widgets/graph/graph_node_item.h"
#include "widgets/graph/graph_view.h"
#include "widgets/main_window.h"
#include "widgets/models/layer_filter_proxy_model.h"
#include "widgets/models/layer_table_model.h"
#include "widgets/models/model_summary_view.h"
#include "widgets/sample_data_dialog.h"
#include "widgets/solution/solution_text.h"
#include "widgets/translations.h"

#include "core/bundle/bundle_reader.h"
#include "core/runtime/cpu/cpu_path.h"
#include "resources/embedded_resources.h"
#include "session/candidates_csv.h"
#include "session/solve_session.h"
#include "tests/support/model_builder.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScatterSeries>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>
#include <QtTest>

#include <onnx/onnx_pb.h>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kTimeoutMs = 60000;

QString writeModel(const QTemporaryDir& dir, const QString& name, const onnx::ModelProto& model) {
    const QString path = dir.filePath(name);
    saveModel(model, QFile::encodeName(path).toStdString());
    return path;
}

session::OpenedModelPtr openAndWait(MainWindow& window, const QString& path) {
    QSignalSpy shown(&window, &MainWindow::modelShown);
    if (path.isEmpty())
        window.openSample(test::kClassifierId);
    else
        window.openFile(path);
    if (!shown.wait(kTimeoutMs))
        return nullptr;
    return shown.first().first().value<session::OpenedModelPtr>();
}

// Answers the next file dialog with `path`, as a user typing it and pressing Save would.
void answerSaveDialog(const QString& path) {
    auto* timer = new QTimer;
    auto tries = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, [timer, tries, path] {
        if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
            // Typed into the name field, as a user would (selectFile keeps the proposed name
            // while the folder is still being read).
            auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            if (name)
                name->setText(path);
            else
                dialog->selectFile(path);
            static_cast<QDialog*>(dialog)->accept(); // QFileDialog's own accept() is protected
            timer->deleteLater();
        } else if (++*tries > 500) {
            qWarning("no file dialog came up");
            timer->deleteLater();
        }
    });
    timer->start(10);
}

void closeErrorBoxes(QWidget& window) {
    for (auto* box : window.findChildren<QMessageBox*>(QStringLiteral("loadErrorBox")))
        box->close();
    QCoreApplication::processEvents();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void aboutNamesCpuPath();
    void opensSampleIntoTable();
    void failedOpenKeepsShownModel();
    void filterNarrowsTable();
    void splitCriteriaFollowSolve();
    void recentFilesAndSettingsPersist();
    void standardShortcuts();
    void graphActionsAndNodeDetails();
    void exportsFromMenus();
    void exportsDeploymentBundle();
    void sampleDataForUserModel();
    void optimizeAndInputShapesReopen();
    void statusBarTellsSolveState();
    void dropOpensOnnxFile();
    void closingMidLoadIsSafe();
    void germanTranslation();

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
    QString m_chainPath;
    QString m_bigPath;
};

void TestMainWindow::initTestCase() {
    QVERIFY(m_dir.isValid() && m_settingsDir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    // Settings go to a scratch folder, never to the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("autosplit-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    m_chainPath = writeModel(m_dir, QStringLiteral("chain.onnx"), buildChain(3, 8, 16));
    m_bigPath = writeModel(m_dir, QStringLiteral("big_chain.onnx"), buildChain(60, 64, 56));
}

void TestMainWindow::init() {
    QSettings().clear();
}

void TestMainWindow::opensSampleIntoTable() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const session::OpenedModelPtr model = openAndWait(window, {});
    QVERIFY(model);
    QCOMPARE(window.currentModel(), model);
    QCOMPARE(window.layerTable()->model()->rowCount(), model->analysis.layerCount());
    QCOMPARE(window.layerTable()->model()->rowCount(), int(model->graph.nodeCount()));
    // the model's name, then " — " and the shown solution once one has arrived
    const QString name = test::classifierSample().fileName;
    QVERIFY2(window.windowTitle() == name ||
                 window.windowTitle().startsWith(name + QStringLiteral(" — ")),
             qPrintable(window.windowTitle()));
    const QString summary = window.summaryView()->toPlainText();
    QVERIFY2(summary.contains(test::classifierSample().fileName), qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("1x3x48x192")));
    for (const auto& report : model->passReports)
        QVERIFY(summary.contains(QString::fromStdString(report.pass)));
    auto* count = window.findChild<QLabel*>(QStringLiteral("layerCount"));
    QVERIFY(count);
    QCOMPARE(count->text(),
             QStringLiteral("%1 layers").arg(QLocale().toString(model->analysis.layerCount())));
    auto* state = window.findChild<QLabel*>(QStringLiteral("engineState"));
    QVERIFY(state->text().contains(test::classifierSample().fileName));
    // The sample is not a file: it stays out of the recent list.
    QVERIFY(window.recentFiles().isEmpty());
}

void TestMainWindow::failedOpenKeepsShownModel() {
    MainWindow window;
    window.show();
    const session::OpenedModelPtr model = openAndWait(window, m_chainPath);
    QVERIFY(model);
    const int rows = window.layerTable()->model()->rowCount();
    const QString bad = m_dir.filePath(QStringLiteral("truncated.onnx"));
    {
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const std::string bytes = buildChain(3, 8, 16).SerializeAsString();
        file.write(bytes.data(), static_cast<qint64>(bytes.size() / 2));
    }
    QSignalSpy errors(&window, &MainWindow::loadErrorShown);
    window.openFile(bad);
    QVERIFY(errors.wait(kTimeoutMs));
    QVERIFY2(errors.first().first().toString().contains(QStringLiteral("truncated.onnx")),
             qPrintable(errors.first().first().toString()));
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("loadErrorBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("truncated.onnx")));
    // Nothing the user had is lost.
    QCOMPARE(window.currentModel(), model);
    QCOMPARE(window.layerTable()->model()->rowCount(), rows);
    QVERIFY(window.summaryView()->toPlainText().contains(QStringLiteral("chain.onnx")));
    // (then " — " and the shown solution, once one has arrived)
    QVERIFY2(window.windowTitle() == QStringLiteral("chain.onnx") ||
                 window.windowTitle().startsWith(QStringLiteral("chain.onnx — ")),
             qPrintable(window.windowTitle()));
    QCOMPARE(window.recentFiles(), QStringList{QFileInfo(m_chainPath).absoluteFilePath()});
    closeErrorBoxes(window);
}

void TestMainWindow::filterNarrowsTable() {
    MainWindow window;
    window.show();
    const session::OpenedModelPtr model = openAndWait(window, {});
    QVERIFY(model);
    QTest::keyClicks(window.filterEdit(), QStringLiteral("conv"));
    int expected = 0;
    for (const auto& layer : model->analysis.layers)
        expected += QString::fromStdString(layer.name + " " + layer.opType)
                        .contains(QStringLiteral("conv"), Qt::CaseInsensitive);
    QVERIFY(expected > 0 && expected < model->analysis.layerCount());
    QCOMPARE(window.layerTable()->model()->rowCount(), expected);
    auto* count = window.findChild<QLabel*>(QStringLiteral("layerCount"));
    QCOMPARE(count->text(),
             QStringLiteral("%1 of %2 layers").arg(expected).arg(model->analysis.layerCount()));
    window.filterEdit()->clear();
    QCOMPARE(window.layerTable()->model()->rowCount(), model->analysis.layerCount());
}

void TestMainWindow::splitCriteriaFollowSolve() {
    MainWindow window;
    window.show();
    const session::OpenedModelPtr model = openAndWait(window, m_chainPath);
    QVERIFY(model);
    SolveEngine* solver = window.engine()->solveEngine();
    for (const qint64 kib : {qint64(1), qint64(4), qint64(64), qint64(100000)}) {
        QSignalSpy ready(solver, &SolveEngine::solutionReady);
        window.constraintPanel()->memorySpin()->setValue(double(kib * 1024));
        QVERIFY(ready.wait(kTimeoutMs));
        const SolutionSetPtr set = ready.last().first().value<SolutionSetPtr>();
        QCOMPARE(window.currentSolution(), set);
        const int lowest = *std::min_element(set->bits.begin(), set->bits.end());
        // The table's potential-split column is the solver's eq. (6).
        QCOMPARE(window.layerModel()->memoryLimitBytes(), set->constraints.edgeMemoryBytes);
        QCOMPARE(window.layerModel()->lowestBits(), lowest);
        const auto expected =
            model->analysis.potentialSplits(set->constraints.edgeMemoryBytes, lowest);
        QCOMPARE(window.layerModel()->potentialSplitCount(), int(expected.size()));
        QCOMPARE(std::vector<int>(expected.begin(), expected.end()), set->potentialSplits);
    }
}

void TestMainWindow::recentFilesAndSettingsPersist() {
    const QString chain = QFileInfo(m_chainPath).absoluteFilePath();
    session::SolveSettings saved;
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_chainPath));
        QCOMPARE(window.recentFiles(), QStringList{chain});
        ConstraintPanel* panel = window.constraintPanel();
        panel->networkBox()->setCurrentIndex(panel->networkBox()->findData(QStringLiteral("4g")));
        panel->memorySpin()->setValue(333.0 * 1024);
        panel->dropSpin()->setValue(2.5);
        panel->edgeDeviceBox()->setCurrentIndex(
            panel->edgeDeviceBox()->findData(QStringLiteral("jetson-tx2")));
        // a round trip set by hand: 4G's rate and overhead with it, a Custom network
        panel->roundTripSpin()->setValue(12.5);
        QCOMPARE(panel->networkBox()->currentText(), QStringLiteral("Custom"));
        // and what "More options" holds
        panel->bitsEdit()->setText(QStringLiteral("4,8"));
        panel->maxErrorEdit()->setText(QStringLiteral("0.002"));
        panel->rawInputBitsSpin()->setValue(16);
        panel->outputsOnEdgeBox()->setChecked(true);
        panel->evaluateLimitSpin()->setValue(5);
        panel->confidenceSpin()->setValue(95.5);
        window.action(QStringLiteral("layersPageAction"))->trigger();
        saved = panel->constraints();
        QVERIFY(saved.network.isEmpty());
        QCOMPARE(saved.uplinkBitsPerSecond, std::optional<double>(10.0 * 1048576.0));
        QCOMPARE(saved.overheadBytesPerMessage, std::optional<int64_t>(40));
        QCOMPARE(saved.edgeDevice, QStringLiteral("jetson-tx2"));
        window.resize(900, 650);
        window.close(); // writes settings
    }
    QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList(), QStringList{chain});
    MainWindow again;
    QCOMPARE(again.recentFiles(), QStringList{chain});
    const session::SolveSettings restored = again.constraintPanel()->constraints();
    QVERIFY2(restored == saved,
             qPrintable(QStringLiteral("memory %1 vs %2, uplink %3 vs %4, rtt %5 vs %6")
                            .arg(restored.edgeMemoryBytes.value_or(-1))
                            .arg(saved.edgeMemoryBytes.value_or(-1))
                            .arg(restored.uplinkBitsPerSecond.value_or(-1))
                            .arg(saved.uplinkBitsPerSecond.value_or(-1))
                            .arg(restored.roundTripSeconds.value_or(-1))
                            .arg(saved.roundTripSeconds.value_or(-1))));
    QCOMPARE(restored.edgeMemoryBytes, std::optional<int64_t>(333 * 1024));
    QCOMPARE(restored.maxAccuracyDrop, std::optional<double>(2.5));
    QCOMPARE(restored.roundTripSeconds, std::optional<double>(0.0125));
    QCOMPARE(restored.bits, (std::vector<int>{4, 8}));
    QCOMPARE(restored.maxError, std::optional<double>(0.002));
    QCOMPARE(restored.rawInputBits, 16);
    QVERIFY(restored.outputsOnEdge);
    QCOMPARE(restored.evaluateLimit, 5);
    QCOMPARE(restored.dropConfidence, 0.955);
    QCOMPARE(again.engine()->solveEngine()->constraints().dropConfidence, 0.955);
    QCOMPARE(restored.overheadBytesPerMessage, std::optional<int64_t>(40)); // 4G's, stated
    QCOMPARE(again.constraintPanel()->networkBox()->currentText(), QStringLiteral("Custom"));
    // The restored values are what the engine solves with.
    QCOMPARE(again.engine()->solveEngine()->constraints().edgeMemoryBytes,
             std::optional<int64_t>(333 * 1024));
    QCOMPARE(again.engine()->solveEngine()->constraints().edgeDevice, QStringLiteral("jetson-tx2"));
    QCOMPARE(again.pages()->currentIndex(), 1);
    QCOMPARE(again.size(), QSize(900, 650));
}

void TestMainWindow::standardShortcuts() {
    MainWindow window;
    const std::pair<const char*, QKeySequence> expected[] = {
        {"openAction", QKeySequence(QKeySequence::Open)},
        {"quitAction", QKeySequence(QKeySequence::Quit)},
        {"findAction", QKeySequence(QKeySequence::Find)},
        {"findNextAction", QKeySequence(QKeySequence::FindNext)},
        {"zoomInAction", QKeySequence(QKeySequence::ZoomIn)},
        {"zoomOutAction", QKeySequence(QKeySequence::ZoomOut)},
        {"fitAction", QKeySequence(Qt::CTRL | Qt::Key_0)},
        {"rawGraphAction", QKeySequence(Qt::CTRL | Qt::Key_R)},
        {"cancelAction", QKeySequence(Qt::Key_Escape)},
    };
    QSet<QKeySequence> seen;
    for (const auto& [name, keys] : expected) {
        QAction* a = window.action(QLatin1String(name));
        QVERIFY2(a, name);
        QCOMPARE(a->shortcut(), keys);
    }
    // No two actions of the window share a shortcut (an ambiguous one fires neither).
    for (QAction* a : window.findChildren<QAction*>(Qt::FindDirectChildrenOnly)) {
        for (const QKeySequence& keys : a->shortcuts()) {
            QVERIFY2(!seen.contains(keys), qPrintable(keys.toString()));
            seen.insert(keys);
        }
    }
    // Without a model there is nothing to export or zoom.
    QVERIFY(!window.action(QStringLiteral("exportGraphAction"))->isEnabled());
    QVERIFY(!window.action(QStringLiteral("exportCsvAction"))->isEnabled());
    QVERIFY(!window.action(QStringLiteral("zoomInAction"))->isEnabled());
}

void TestMainWindow::graphActionsAndNodeDetails() {
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy laidOut(window.graphView(), &GraphView::layoutReady);
    const session::OpenedModelPtr model = openAndWait(window, m_chainPath);
    QVERIFY(model);
    QVERIFY(laidOut.count() > 0 || laidOut.wait(kTimeoutMs));
    QVERIFY(window.action(QStringLiteral("zoomInAction"))->isEnabled());
    GraphView* graph = window.graphView();
    const double before = graph->zoom();
    window.action(QStringLiteral("zoomInAction"))->trigger();
    QVERIFY(graph->zoom() > before);
    window.action(QStringLiteral("zoomOutAction"))->trigger();
    QVERIFY(qAbs(graph->zoom() - before) < 1e-9);

    // Find: the search field, Enter, the node shown in the details and the table.
    const Node& layer = model->graph.node(NodeId(1));
    window.action(QStringLiteral("findAction"))->trigger();
    QVERIFY(window.graphSearchEdit()->hasFocus() || !QApplication::focusWidget());
    window.graphSearchEdit()->setText(QString::fromStdString(layer.name));
    QSignalSpy activated(graph, &GraphView::nodeActivated);
    QTest::keyClick(window.graphSearchEdit(), Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().value<NodeId>(), NodeId(1));
    QCOMPARE(graph->selectedNode(), NodeId(1));
    const QString details = window.nodeDetailsView()->toPlainText();
    QVERIFY2(details.contains(QString::fromStdString(layer.name)), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Conv")), qPrintable(details));
    const QModelIndexList rows = window.layerTable()->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(window.layerModel()->nodeOfRow(window.layerProxy()->mapToSource(rows.first()).row()),
             NodeId(1));

    // A click on another node shows that one.
    GraphNodeItem* item = graph->nodeItem(NodeId(2));
    QVERIFY(item);
    graph->centerOn(item);
    const QPoint at = graph->mapFromScene(item->sceneBoundingRect().center());
    QTest::mouseClick(graph->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    QCOMPARE(activated.last().first().value<NodeId>(), NodeId(2));
    QVERIFY(window.nodeDetailsView()->toPlainText().contains(
        QString::fromStdString(model->graph.node(NodeId(2)).name)));

    // The raw-graph toggle follows the view both ways.
    window.action(QStringLiteral("rawGraphAction"))->trigger();
    QVERIFY(graph->showsRawGraph());
    graph->setShowRawGraph(false);
    QVERIFY(!window.action(QStringLiteral("rawGraphAction"))->isChecked());
}

void TestMainWindow::exportsFromMenus() {
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QSignalSpy laidOut(window.graphView(), &GraphView::layoutReady);
    SolveEngine* solver = window.engine()->solveEngine();
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QVERIFY(openAndWait(window, m_chainPath));
    QVERIFY(laidOut.count() > 0 || laidOut.wait(kTimeoutMs));
    QVERIFY(ready.count() > 0 || ready.wait(kTimeoutMs));
    QVERIFY(window.action(QStringLiteral("exportCsvAction"))->isEnabled());

    QTemporaryDir out;
    const struct {
        const char* action;
        QString file;
        QByteArray magic;
    } cases[] = {
        {"exportGraphAction", out.filePath(QStringLiteral("graph.svg")),
         QByteArrayLiteral("<?xml")},
        {"exportGraphAction", out.filePath(QStringLiteral("graph.png")),
         QByteArrayLiteral("\x89PNG")},
        {"exportParetoAction", out.filePath(QStringLiteral("pareto.png")),
         QByteArrayLiteral("\x89PNG")},
        {"exportParetoAction", out.filePath(QStringLiteral("pareto.svg")),
         QByteArrayLiteral("<?xml")},
        {"exportBreakdownAction", out.filePath(QStringLiteral("breakdown.png")),
         QByteArrayLiteral("\x89PNG")},
        {"exportCsvAction", out.filePath(QStringLiteral("candidates.csv")), QByteArray()},
    };
    for (const auto& c : cases) {
        answerSaveDialog(c.file);
        window.action(QLatin1String(c.action))->trigger();
        if (auto* box = window.findChild<QMessageBox*>(QStringLiteral("exportErrorBox")))
            QFAIL(qPrintable(box->text()));
        QFile file(c.file);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(c.file));
        const QByteArray bytes = file.readAll();
        QVERIFY2(bytes.size() > 100, qPrintable(c.file));
        if (!c.magic.isEmpty())
            QVERIFY2(bytes.startsWith(c.magic), qPrintable(c.file));
    }
    // The CSV is the candidates CSV of the shown solution.
    QFile csv(out.filePath(QStringLiteral("candidates.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(
        QString::fromUtf8(csv.readAll()),
        candidatesCsv(*window.currentSolution(), window.currentModel()->analysis.layerCount()));

    // A file that cannot be written is one clear message, and nothing is left behind.
    const QString blocked = out.filePath(QStringLiteral("no-such-folder/graph.png"));
    answerSaveDialog(blocked);
    window.action(QStringLiteral("exportGraphAction"))->trigger();
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("exportErrorBox"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("graph.png")), qPrintable(box->text()));
    QVERIFY(!QFileInfo::exists(blocked));
    box->close();
}

// File > Export Deployment Bundle writes the candidate picked in the Pareto chart (not only the
// selection) as a bundle that reads back whole; an existing folder is refused with one message.
void TestMainWindow::exportsDeploymentBundle() {
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    SolveEngine* solver = window.engine()->solveEngine();
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QVERIFY(openAndWait(window, {}));
    QVERIFY(calibrated.count() > 0 || calibrated.wait(kTimeoutMs));
    QVERIFY(ready.count() > 0 || ready.wait(kTimeoutMs));
    // a new solution (measured drops) shows its own selection again: pick once all arrived
    QTRY_VERIFY_WITH_TIMEOUT(!solver->isBusy(), kTimeoutMs);
    QVERIFY(window.action(QStringLiteral("exportBundleAction"))->isEnabled());
    // pick a split candidate other than the selection, as a click in the chart does
    const SolutionSetPtr set = window.currentSolution();
    int picked = -1;
    for (int i = 0; i < static_cast<int>(set->candidates.size()); ++i)
        if (i != set->selected && set->candidates[static_cast<size_t>(i)].split > 0 &&
            set->candidates[static_cast<size_t>(i)].split <
                window.currentModel()->analysis.layerCount())
            picked = i;
    QVERIFY(picked >= 0);
    // the node panel shows the first layer (under the solver's selection) ...
    const NodeId firstLayer = 0;
    emit window.graphView()->nodeActivated(firstLayer);
    auto plainText = [](const QString& html) {
        QTextDocument document;
        document.setHtml(html);
        return document.toPlainText();
    };
    emit window.paretoChart()->candidateClicked(picked);
    // a pick without a drop is measured in the background; it stays shown when that arrives
    QTRY_VERIFY_WITH_TIMEOUT(!solver->isMeasuringCandidate(), kTimeoutMs);
    QCOMPARE(window.shownCandidate(), picked);
    const Candidate& c = set->candidates[static_cast<size_t>(picked)];
    // ... and every view follows the pick: the status bar and the title name it, the node panel
    // shows it (not the solver's selection any more)
    const QString split = QStringLiteral("split after layer %1").arg(c.split);
    QVERIFY2(window.solveStateText().startsWith(QStringLiteral("Shown: ") + split),
             qPrintable(window.solveStateText()));
    QVERIFY2(window.windowTitle().contains(split), qPrintable(window.windowTitle()));
    QCOMPARE(window.nodeDetailsView()->toPlainText(),
             plainText(window.graphView()->nodeDetailsHtml(firstLayer)));
    QCOMPARE(window.graphView()->solution()->split, c.split);

    QTemporaryDir out;
    const QString dir = out.filePath(QStringLiteral("bundle"));
    QSignalSpy finished(&window, &MainWindow::bundleExportFinished);
    answerSaveDialog(dir);
    window.action(QStringLiteral("exportBundleAction"))->trigger();
    QVERIFY(finished.count() > 0 || finished.wait(kTimeoutMs));
    QVERIFY2(finished.last().at(1).toString().isEmpty(),
             qPrintable(finished.last().at(1).toString()));
    auto bundle = readBundle(dir.toStdString());
    QVERIFY2(bundle, bundle ? "" : bundle.error().message.c_str());
    QCOMPARE(bundle->manifest.split(), c.split);
    for (int layer = 1; layer <= c.split; ++layer) {
        const auto& l = bundle->manifest.layers(layer - 1);
        QVERIFY(l.on_edge());
        QCOMPARE(l.activation_bits(), c.floatEdge ? 32 : c.bits.activation(layer));
    }
    QCOMPARE(bundle->manifest.prediction().total_seconds(), c.totalSeconds);
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Exported")));

    // the same folder again, without replacing: refused, the bundle there untouched
    const QByteArray manifest = [&] {
        QFile f(dir + QStringLiteral("/manifest.json"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    finished.clear();
    QVERIFY(window.exportBundleTo(dir, false));
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY(finished.last().at(1).toString().contains(QStringLiteral("already exists")));
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("exportErrorBox"));
    QVERIFY(box);
    box->close();
    QFile again(dir + QStringLiteral("/manifest.json"));
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCOMPARE(again.readAll(), manifest);

    // a baseline picked in the breakdown is what the views show and what is exported:
    // Cloud-Only, the whole model in the cloud behind an edge that only sends the input
    emit window.breakdownChart()->baselineClicked(QStringLiteral("Cloud-Only"));
    QCOMPARE(window.shownBaseline(), QStringLiteral("Cloud-Only"));
    QVERIFY2(window.solveStateText().startsWith(QStringLiteral("Shown: Cloud-Only baseline, ")),
             qPrintable(window.solveStateText()));
    // said once for what is shown (the solver's own choice follows the " · ")
    QVERIFY2(window.solveStateText()
                     .section(QStringLiteral(" · "), 0, 0)
                     .count(QStringLiteral("Cloud-Only")) == 1,
             qPrintable(window.solveStateText()));
    QVERIFY(window.windowTitle().contains(QStringLiteral("Cloud-Only")));
    // both charts mark it: the star on its marker, its bar highlighted
    const Baseline* cloud = set->baseline("Cloud-Only");
    QVERIFY(cloud);
    QCOMPARE(window.paretoChart()->shownBaseline(), QStringLiteral("Cloud-Only"));
    const auto cloudPoint = window.paretoChart()->valueOf(cloud->candidate);
    QVERIFY(cloudPoint);
    QCOMPARE(window.paretoChart()->selectedSeries()->points(), QList<QPointF>{*cloudPoint});
    const int bar = window.breakdownChart()->highlightedBar();
    QVERIFY(bar >= 0);
    QCOMPARE(window.breakdownChart()->bars()[static_cast<size_t>(bar)].baseline,
             QStringLiteral("Cloud-Only"));
    QVERIFY(window.graphView()->solution());
    QCOMPARE(window.graphView()->solution()->split, 0);
    QCOMPARE(window.graphView()->solution()->method, Method::CloudOnly);
    const QString cloudOnly = out.filePath(QStringLiteral("cloud-only"));
    finished.clear();
    QVERIFY(window.exportBundleTo(cloudOnly, false));
    QVERIFY(finished.wait(kTimeoutMs));
    QVERIFY2(finished.last().at(1).toString().isEmpty(),
             qPrintable(finished.last().at(1).toString()));
    auto baseline = readBundle(cloudOnly.toStdString());
    QVERIFY2(baseline, baseline ? "" : baseline.error().message.c_str());
    QCOMPARE(baseline->manifest.split(), 0);
    QCOMPARE(baseline->manifest.method(), std::string("cloud-only"));
    QCOMPARE(baseline->manifest.crossing(0).name(), std::string("x"));
    // picking a candidate again leaves the baseline; the solver's own selection says so
    emit window.paretoChart()->candidateClicked(picked);
    QVERIFY(window.shownBaseline().isEmpty());
    QVERIFY(window.paretoChart()->shownBaseline().isEmpty());
    // (its drop was measured when it was first picked: the star is at its place)
    const auto pickedPoint =
        window.paretoChart()->valueOf(window.currentSolution()->candidates[size_t(picked)]);
    QVERIFY(pickedPoint || window.paretoChart()->yMetric() == ParetoChart::YMetric::ErrorProxy);
    QCOMPARE(window.paretoChart()->selectedSeries()->points(),
             pickedPoint ? QList<QPointF>{*pickedPoint} : QList<QPointF>{});
    QVERIFY(window.breakdownChart()->highlightedBar() >= 0);
    QCOMPARE(window.breakdownChart()
                 ->bars()[static_cast<size_t>(window.breakdownChart()->highlightedBar())]
                 .candidate,
             picked);
    emit window.paretoChart()->candidateClicked(set->selected);
    QVERIFY2(window.solveStateText().startsWith(QStringLiteral("Selected: ")),
             qPrintable(window.solveStateText()));
}

void TestMainWindow::sampleDataForUserModel() {
    QCOMPARE(SampleDataDialog::problemWith({}),
             SampleDataDialog::tr("Choose a folder or file of samples."));
    QVERIFY(SampleDataDialog::problemWith({m_dir.filePath(QStringLiteral("missing")), {}})
                .contains(QStringLiteral("no such file")));
    QTemporaryDir images;
    for (int i = 0; i < 4; ++i) {
        QImage image(16, 16, QImage::Format_RGB32);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x)
                image.setPixel(x, y,
                               qRgb((x * 16 + i * 40) % 256, (y * 16) % 256, (x * y + i) % 256));
        QVERIFY(image.save(images.filePath(QStringLiteral("s%1.png").arg(i))));
    }
    QVERIFY(SampleDataDialog::problemWith({images.path(), QStringLiteral("resize=banana")})
                .startsWith(SampleDataDialog::tr("Preprocessing: %1").arg(QString()).trimmed()));
    QVERIFY(
        SampleDataDialog::problemWith({images.path(), QStringLiteral("resize=16x16,scale=1/255")})
            .isEmpty());

    const QString chain = QFileInfo(m_chainPath).absoluteFilePath();
    {
        MainWindow window;
        window.show();
        SolveEngine* solver = window.engine()->solveEngine();
        QSignalSpy skipped(solver, &SolveEngine::calibrationSkipped);
        QVERIFY(openAndWait(window, m_chainPath));
        // No samples yet: weight errors only, and the status bar says so.
        QSignalSpy ready(solver, &SolveEngine::solutionReady);
        QVERIFY(skipped.count() > 0 || skipped.wait(kTimeoutMs));
        QVERIFY(!solver->canMeasureDrops());
        // ... and the drop limit cannot apply: its controls say why, and the solve leaves it out
        // (every quantized candidate would fail it, leaving Cloud-Only whatever the sliders).
        QVERIFY(!window.constraintPanel()->isDropLimitAvailable());
        QVERIFY(window.constraintPanel()->dropNote()->isVisibleTo(window.constraintPanel()));
        QVERIFY(window.constraintPanel()->constraints().maxAccuracyDrop.value_or(0) > 0.0);
        QVERIFY(ready.count() > 0 || ready.wait(kTimeoutMs));
        QVERIFY(!window.currentSolution()->constraints.maxAccuracyDrop);
        QVERIFY(window.action(QStringLiteral("sampleDataAction"))->isEnabled());

        // The dialog refuses a bad spec in place, then calibrates on the folder.
        window.action(QStringLiteral("sampleDataAction"))->trigger();
        auto* dialog = window.findChild<SampleDataDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        dialog->pathEdit()->setText(images.path());
        dialog->specEdit()->setText(QStringLiteral("resize=0x"));
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->errorLabel()->isVisible());
        QVERIFY(dialog->errorLabel()->text().contains(QStringLiteral("resize")));
        dialog->specEdit()->clear();
        // The command line's calibration options are in the dialog too.
        auto* percentile = dialog->findChild<QDoubleSpinBox*>(QStringLiteral("percentile"));
        auto* activationRange = dialog->findChild<QComboBox*>(QStringLiteral("activationRange"));
        QVERIFY(percentile && activationRange);
        QVERIFY(!percentile->isEnabled()); // min/max: no percentile to choose
        activationRange->setCurrentIndex(activationRange->findData(int(RangeMethod::Percentile)));
        QVERIFY(percentile->isEnabled());
        percentile->setValue(99.9);
        // Counting spaces is a choice of the text-recognition metric only.
        auto* metric = dialog->findChild<QComboBox*>(QStringLiteral("metric"));
        auto* countSpaces = dialog->findChild<QCheckBox*>(QStringLiteral("countSpaces"));
        QVERIFY(metric && countSpaces);
        QVERIFY(!countSpaces->isEnabled());
        metric->setCurrentIndex(metric->findData(int(MetricKind::TextRecognition)));
        QVERIFY(countSpaces->isEnabled());
        countSpaces->setChecked(true);
        QVERIFY(dialog->source().countSpaces);
        metric->setCurrentIndex(metric->findData(int(MetricKind::Classification)));
        QVERIFY(!countSpaces->isEnabled());
        QVERIFY(!dialog->source().countSpaces);
        auto* rounding = dialog->findChild<QComboBox*>(QStringLiteral("weightRounding"));
        QVERIFY(rounding);
        rounding->setCurrentIndex(rounding->findData(int(WeightRounding::Adaptive)));
        QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
        dialog->accept();
        QVERIFY(calibrated.wait(kTimeoutMs));
        // ... and calibration used them
        QCOMPARE(solver->session()->setup.settings.activationRange.method, RangeMethod::Percentile);
        QCOMPARE(solver->session()->setup.settings.activationRange.percentile, 99.9);
        QCOMPARE(solver->session()->setup.settings.weightRange.method, RangeMethod::MinMax);
        QCOMPARE(solver->session()->setup.settings.weightRounding, WeightRounding::Adaptive);
        QVERIFY(!solver->session()->calibration.weightRounding.empty());
        QVERIFY(solver->canMeasureDrops());
        QVERIFY(window.constraintPanel()->isDropLimitAvailable());
        QVERIFY(!window.constraintPanel()->dropNote()->isVisibleTo(window.constraintPanel()));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return window.currentSolution() &&
                       window.currentSolution()->constraints.maxAccuracyDrop;
            },
            kTimeoutMs));
        QCOMPARE(solver->samples().path, QFileInfo(images.path()).absoluteFilePath());
        window.close();
    }
    // Reopening the file calibrates on the same samples without asking.
    MainWindow again;
    SolveEngine* solver = again.engine()->solveEngine();
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    QVERIFY(openAndWait(again, chain));
    QVERIFY(calibrated.count() > 0 || calibrated.wait(kTimeoutMs));
    QVERIFY(solver->canMeasureDrops());
    QCOMPARE(solver->samples().path, QFileInfo(images.path()).absoluteFilePath());
    QCOMPARE(solver->samples().activationRange, RangeMethod::Percentile); // remembered too
    QCOMPARE(solver->samples().percentile, 99.9);
    QCOMPARE(solver->samples().weightRounding, WeightRounding::Adaptive);
}

// File > Optimize the Graph and Input Shapes: what --no-optimize and --input-shape do, for the
// model that is open.
void TestMainWindow::optimizeAndInputShapesReopen() {
    MainWindow window;
    window.show();
    const session::OpenedModelPtr first = openAndWait(window, {});
    QVERIFY(first);
    QCOMPARE(first->passNames, defaultPassNames());
    QSignalSpy shown(&window, &MainWindow::modelShown);
    window.action(QStringLiteral("optimizeAction"))->setChecked(false);
    QVERIFY(shown.wait(kTimeoutMs));
    const auto raw = shown.last().first().value<session::OpenedModelPtr>();
    QVERIFY(raw->passNames.empty());
    QVERIFY(raw->passReports.empty());
    QVERIFY(raw->isSample);
    QCOMPARE(raw->graph.nodes().size(), raw->rawGraph.nodes().size());
    QVERIFY(raw->graph.nodes().size() > first->graph.nodes().size());
    // another input shape for the sample: 1x3x48x320 instead of 1x3x48x192
    window.reopen({parseInputShapeOverride("x=1x3x48x320").value()});
    QVERIFY(shown.wait(kTimeoutMs));
    const auto wider = shown.last().first().value<session::OpenedModelPtr>();
    QCOMPARE(wider->inputShapes.size(), size_t(1));
    QCOMPARE(wider->inputShapes[0].dims, (std::vector<int64_t>{1, 3, 48, 320}));
    QVERIFY(wider->passNames.empty()); // the optimization choice stays
    QCOMPARE(wider->graph.value(wider->graph.inputs()[0]).shape.dims,
             (std::vector<int64_t>{1, 3, 48, 320}));
}

void TestMainWindow::statusBarTellsSolveState() {
    MainWindow window;
    window.show();
    SolveEngine* solver = window.engine()->solveEngine();
    QSignalSpy finished(solver, &SolveEngine::evaluationFinished);
    QVERIFY(openAndWait(window, {}));
    QVERIFY(finished.wait(10 * kTimeoutMs));
    const SolutionSetPtr set = window.currentSolution();
    QVERIFY(set);
    const QString state = window.solveStateText();
    // The selection, its latency as the details show it, and its measured drop.
    QVERIFY2(state.contains(format::milliseconds(set->selectedCandidate().totalSeconds)),
             qPrintable(state));
    if (set->selectedCandidate().measuredDrop)
        QVERIFY2(state.contains(format::accuracyDrop(set->selectedCandidate().measuredDrop)),
                 qPrintable(state));
}

void TestMainWindow::dropOpensOnnxFile() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData text;
    text.setUrls({QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("notes.txt")))});
    QDragEnterEvent rejected(QPoint(10, 10), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &rejected);
    QVERIFY(!rejected.isAccepted());

    QMimeData onnx;
    onnx.setUrls({QUrl::fromLocalFile(m_chainPath)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &onnx, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy shown(&window, &MainWindow::modelShown);
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &onnx, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(shown.wait(kTimeoutMs));
    QCOMPARE(shown.first().first().value<session::OpenedModelPtr>()->filePath,
             QFileInfo(m_chainPath).absoluteFilePath());
}

void TestMainWindow::closingMidLoadIsSafe() {
    auto* window = new MainWindow;
    window->show();
    QSignalSpy shown(window, &MainWindow::modelShown);
    window->openFile(m_bigPath);
    QVERIFY(window->engine()->isBusy());
    window->close();
    delete window; // the engine cancels and waits for its worker
    QTest::qWait(50);
    QCOMPARE(shown.count(), 0);
}

void TestMainWindow::germanTranslation() {
    const QStringList loaded =
        installTranslations(*qApp, QLocale(QLocale::German, QLocale::Germany));
    QHash<QString, QString> german; // action name -> text
    QVERIFY2(loaded.contains(QStringLiteral(":/i18n/autosplit_de.qm")),
             qPrintable(loaded.join(u',')));
    {
        MainWindow window;
        QStringList menus;
        for (QAction* action : window.menuBar()->actions())
            menus << action->text();
        QCOMPARE(menus, (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Bearbeiten"),
                                     QStringLiteral("&Ansicht"), QStringLiteral("A&nalyse"),
                                     QStringLiteral("&Hilfe")}));
        for (QAction* action : window.findChildren<QAction*>(Qt::FindDirectChildrenOnly))
            german.insert(action->objectName(), action->text());
        QCOMPARE(window.findChild<QDockWidget*>(QStringLiteral("constraintsDock"))->windowTitle(),
                 QStringLiteral("Randbedingungen"));
        // Texts made outside a QObject (free functions with their own tr()) are found too.
        QCOMPARE(format::methodLabel(Method::CloudOnly), QStringLiteral("Nur Cloud"));
        QCOMPARE(format::accuracyDrop(std::nullopt), QStringLiteral("nicht ausgewertet"));
        // An error's kind is said in German; the core's message naming the file follows.
        QCOMPARE(
            errorMessage(Error{"m.onnx: file not found", ErrorKind::Io}),
            QStringLiteral(
                "Eine Datei konnte nicht gelesen oder geschrieben werden: m.onnx: file not found"));
        QCOMPARE(errorMessage(Error{"stopped", ErrorKind::Cancelled}),
                 QStringLiteral("Abgebrochen."));
        QCOMPARE(window.constraintPanel()->moreOptionsButton()->text(),
                 QStringLiteral("Weitere Optionen"));
        NodeDetails details;
        details.name = QStringLiteral("conv");
        details.opType = QStringLiteral("Conv");
        details.layer = 1;
        const QString html = nodeDetailsHtml(details);
        QVERIFY2(html.contains(QStringLiteral("Schicht")), qPrintable(html));
        QCOMPARE(window.filterEdit()->placeholderText(),
                 QStringLiteral("Schichten nach Name oder Operator filtern"));
        QCOMPARE(window.layerModel()
                     ->headerData(LayerTableModel::ParamsColumn, Qt::Horizontal)
                     .toString(),
                 QStringLiteral("Parameter"));
    }
    for (QTranslator* translator : qApp->findChildren<QTranslator*>()) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    // English again without the catalogue.
    MainWindow window;
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&File"));
    // Every action is translated: none reads as in English, but for words German shares.
    const QSet<QString> same{QStringLiteral("graphPageAction"), QStringLiteral("aboutQtAction")};
    for (QAction* action : window.findChildren<QAction*>(Qt::FindDirectChildrenOnly)) {
        QVERIFY2(german.contains(action->objectName()), qPrintable(action->objectName()));
        if (!same.contains(action->objectName()))
            QVERIFY2(german.value(action->objectName()) != action->text(),
                     qPrintable(action->text()));
    }
}

// Help > About says which CPU path the executor's kernels run on, as a person reads it.
void TestMainWindow::aboutNamesCpuPath() {
    MainWindow window;
    auto* about = window.findChild<QAction*>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    QString text;
    QTimer::singleShot(0, &window, [&text] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w)) {
                text = box->text();
                box->accept();
            }
    });
    about->trigger();
    const CpuPathChoice& choice = cpuPathChoice();
    const QString expected =
        QStringLiteral("Executor kernels: %1 (%2), %3")
            .arg(QLatin1String(cpuPathName(choice.path)), QLatin1String(cpuPathTitle(choice.path)),
                 choice.forced ? QStringLiteral("forced by AUTOSPLIT_CPU")
                               : QStringLiteral("chosen for this CPU"));
    QVERIFY2(text.contains(expected), qPrintable(text));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
