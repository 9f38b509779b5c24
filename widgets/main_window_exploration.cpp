// The main window's explorations and reports: File > Save/Open Exploration (a study saved whole
// and brought back — model, samples, settings, the picked solution, measured drops, the view)
// and File > Export Report (the shown solution for a customer, as HTML or PDF).
// main_window.cpp builds the window, main_window_files.cpp opens models and writes exports.
#include "widgets/main_window.h"

#include "widgets/engine/error_message.h"

#include "widgets/charts/chart_export.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/solution/solution_table_view.h"

#include "session/drop_store.h"
#include "session/solve_session.h"

#include "resources/embedded_resources.h"

#include "core/passes/pass_manager.h"
#include "core/solve/drop_cache.h"

#include <QAction>
#include <QChartView>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>

namespace autosplit {

namespace {

const char* const kRecentExplorationsKey = "recentExplorations";
const char* const kExplorationDirKey = "exploration/folder";

// A picture as an export writes it, read back from a scratch file.
QImage exportedImage(const std::function<Status(const QString&)>& save) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("image.png"));
    if (!dir.isValid() || !save(path))
        return {};
    return QImage(path);
}

QString explorationFilter() {
    return MainWindow::tr("Explorations (*.%1)").arg(QLatin1String(session::kExplorationSuffix));
}

} // namespace

void MainWindow::createExplorationActions(QMenu* file) {
    auto make = [this](const char* name, const QString& text, const QString& icon) {
        auto* action = new QAction(QIcon::fromTheme(icon), text, this);
        action->setObjectName(QLatin1String(name));
        return action;
    };
    m_openExplorationAction =
        make("openExplorationAction", tr("Open E&xploration…"), QStringLiteral("document-open"));
    m_openExplorationAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openExplorationAction->setStatusTip(
        tr("Open a saved exploration: its model, samples, settings, picked solution and measured "
           "drops"));
    connect(m_openExplorationAction, &QAction::triggered, this,
            &MainWindow::showOpenExplorationDialog);
    m_saveExplorationAction =
        make("saveExplorationAction", tr("&Save Exploration"), QStringLiteral("document-save"));
    m_saveExplorationAction->setShortcut(QKeySequence::Save);
    m_saveExplorationAction->setStatusTip(
        tr("Save the model, samples, settings, picked solution and measured drops"));
    connect(m_saveExplorationAction, &QAction::triggered, this, &MainWindow::saveExploration);
    m_saveExplorationAsAction = make("saveExplorationAsAction", tr("Save Exploration &As…"),
                                     QStringLiteral("document-save-as"));
    m_saveExplorationAsAction->setShortcut(QKeySequence::SaveAs);
    connect(m_saveExplorationAsAction, &QAction::triggered, this, &MainWindow::saveExplorationAs);
    m_exportReportAction =
        make("exportReportAction", tr("Export &Report…"), QStringLiteral("document-export"));
    m_exportReportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_exportReportAction->setStatusTip(
        tr("Write the shown solution, its charts, the graph around the cut, the baselines and "
           "the assumptions as a PDF or HTML report"));
    connect(m_exportReportAction, &QAction::triggered, this, &MainWindow::exportReport);

    // After the model entries: Open Exploration, its recent list, Save, Save As.
    QAction* before = m_sampleMenu->menuAction();
    file->insertAction(before, m_openExplorationAction);
    m_recentExplorationsMenu = new QMenu(tr("Recent E&xplorations"), file);
    m_recentExplorationsMenu->setObjectName(QStringLiteral("recentExplorationsMenu"));
    file->insertMenu(before, m_recentExplorationsMenu);
    file->insertAction(before, m_saveExplorationAction);
    file->insertAction(before, m_saveExplorationAsAction);
    file->insertSeparator(before);
    // The report ends the exports.
    const QList<QAction*> actions = file->actions();
    const qsizetype bundle = actions.indexOf(m_exportBundleAction);
    if (bundle >= 0 && bundle + 1 < actions.size())
        file->insertAction(actions[bundle + 1], m_exportReportAction);
    else
        file->addAction(m_exportReportAction);

    m_recentExplorations = QSettings().value(QLatin1String(kRecentExplorationsKey)).toStringList();
    rebuildRecentExplorationsMenu();
}

// Called once the docks exist: what the user changes makes the exploration unsaved and ends
// the restoring of a saved pick.
void MainWindow::connectExplorationTracking() {
    connect(m_constraintPanel, &ConstraintPanel::constraintsChanged, this, [this] {
        m_restoreSelection.reset();
        markModified();
    });
    auto picked = [this] {
        m_restoreSelection.reset();
        markModified();
    };
    connect(m_paretoChart, &ParetoChart::candidateClicked, this, picked);
    connect(m_breakdownChart, &LatencyBreakdownChart::candidateClicked, this, picked);
    connect(m_solutionTable, &SolutionTableView::candidatePicked, this, picked);
    connect(m_solutionTable, &SolutionTableView::baselinePicked, this, picked);
    connect(m_paretoChart, &ParetoChart::baselineClicked, this, picked);
    connect(m_breakdownChart, &LatencyBreakdownChart::baselineClicked, this, picked);
    connect(m_solutionTable, &SolutionTableView::candidatePicked, this, picked);
    connect(m_solutionTable, &SolutionTableView::baselinePicked, this, picked);
    connect(m_graphView, &GraphView::layoutReady, this, [this](bool raw) {
        if (raw || !m_restoreZoom)
            return;
        const double zoom = *m_restoreZoom;
        m_restoreZoom.reset();
        if (zoom > 0.0 && m_graphView->zoom() > 0.0)
            m_graphView->zoomBy(zoom / m_graphView->zoom());
        m_graphView->showCut();
    });
}

void MainWindow::markModified() {
    // only a named exploration has a title with the "[*]" marker
    if (m_model && !m_explorationPath.isEmpty())
        setWindowModified(true);
}

session::Exploration MainWindow::currentExploration() const {
    session::Exploration e;
    if (!m_model)
        return e;
    if (m_model->isSample)
        e.model.sampleId = m_model->sampleId;
    else
        e.model.path = m_model->filePath;
    e.model.sha256 = m_model->sha256();
    e.model.bytes = m_model->fileSize();
    e.model.displayName = m_model->displayName;
    e.model.inputShapes = m_model->inputShapes;
    e.model.optimize = !m_model->passNames.empty();
    const SampleSource& samples = m_engine->sampleData();
    if (!m_model->isSample && !samples.path.isEmpty())
        e.samples = samples;
    e.settings = m_engine->solveSettings();
    if (!m_shownBaseline.isEmpty()) {
        e.selection.baseline = m_shownBaseline;
    } else if (m_solution && !m_solution->candidates.empty()) {
        const Candidate* shown = shownSolution();
        // the solver's own choice is saved as such: it may differ once more drops are measured
        if (shown && shown != &m_solution->selectedCandidate())
            e.selection.candidateKey = DropCache::keyOf(*shown);
    }
    if (m_restoreSelection) // a saved pick not shown yet (its solution is still coming)
        e.selection = *m_restoreSelection;
    if (const auto session = m_engine->solveEngine()->session()) {
        e.dropStoreKey = session::dropStoreKey(*session);
        e.drops = session->drops.entries();
    }
    e.view = session::ExplorationView{m_pages->currentIndex(), m_graphView->zoom(),
                                      m_graphView->showsRawGraph()};
    return e;
}

Status MainWindow::saveExplorationTo(const QString& path) {
    if (!m_model)
        return Error{tr("Nothing to save: no model is open.").toStdString()};
    const Status saved = session::writeExploration(currentExploration(), path);
    if (!saved)
        return saved;
    m_explorationPath = QFileInfo(path).absoluteFilePath();
    m_explorationModel = m_model->isSample ? m_model->sampleId : m_model->filePath;
    setWindowModified(false);
    addRecentExploration(m_explorationPath);
    updateSolveState(); // the title names the exploration
    statusBar()->showMessage(
        tr("Saved the exploration %1").arg(QDir::toNativeSeparators(m_explorationPath)), 5000);
    return saved;
}

void MainWindow::saveExploration() {
    if (!m_model)
        return;
    if (m_explorationPath.isEmpty()) {
        saveExplorationAs();
        return;
    }
    const Status saved = saveExplorationTo(m_explorationPath);
    if (!saved)
        showExportResult(m_explorationPath, errorMessage(saved.error()));
}

void MainWindow::saveExplorationAs() {
    if (!m_model)
        return;
    QSettings settings;
    QString folder = m_explorationPath.isEmpty()
                         ? settings.value(QLatin1String(kExplorationDirKey)).toString()
                         : QFileInfo(m_explorationPath).absolutePath();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    const QString suffix = QLatin1String(session::kExplorationSuffix);
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save Exploration"),
        QDir(folder).filePath(QFileInfo(m_model->displayName).completeBaseName() +
                              QLatin1Char('.') + suffix),
        explorationFilter());
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    settings.setValue(QLatin1String(kExplorationDirKey), QFileInfo(path).absolutePath());
    const Status saved = saveExplorationTo(path);
    if (!saved)
        showExportResult(path, errorMessage(saved.error()));
}

void MainWindow::showOpenExplorationDialog() {
    QString folder = QSettings().value(QLatin1String(kExplorationDirKey)).toString();
    if (!m_recentExplorations.isEmpty())
        folder = QFileInfo(m_recentExplorations.first()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Exploration"), folder,
                                                      explorationFilter() + QStringLiteral(";;") +
                                                          tr("All files (*)"));
    if (!path.isEmpty())
        openExploration(path);
}

void MainWindow::showExplorationError(const QString& message) {
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open Exploration"), message,
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("explorationErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(m_model ? tr("%1 is still shown.").arg(m_model->displayName)
                                    : QString());
    box->open();
    emit explorationErrorShown(message);
}

bool MainWindow::openExploration(const QString& path) {
    auto read = session::readExploration(path);
    if (!read) {
        showExplorationError(errorMessage(read.error()));
        return false;
    }
    session::Exploration e = std::move(read).value();
    QString modelPath;
    if (e.model.isSample()) {
        if (!resources::embeddedSample(e.model.sampleId)) {
            showExplorationError(tr("%1: the embedded sample '%2' is not part of this program.")
                                     .arg(QDir::toNativeSeparators(path), e.model.sampleId));
            return false;
        }
    } else {
        modelPath = session::locateModel(e.model, path);
        if (modelPath.isEmpty()) {
            // moved on its own: the user says where it is now
            modelPath =
                locateModelPrompt
                    ? locateModelPrompt(e.model.path)
                    : QFileDialog::getOpenFileName(
                          this, tr("Where is %1 now?").arg(QFileInfo(e.model.path).fileName()),
                          QFileInfo(path).absolutePath(),
                          tr("ONNX models (*.onnx);;All files (*)"));
            if (modelPath.isEmpty()) {
                statusBar()->showMessage(tr("Not opened: the model %1 was not found")
                                             .arg(QDir::toNativeSeparators(e.model.path)),
                                         8000);
                return false;
            }
        }
        const auto hash = session::fileSha256(modelPath);
        if (!hash) {
            showExplorationError(errorMessage(hash.error()));
            return false;
        }
        if (*hash != e.model.sha256) {
            const QString question =
                tr("%1 is not the file the exploration was saved with: its contents changed "
                   "(SHA-256 %2…, saved %3…). The saved settings, selection and measured drops "
                   "may not fit it; drops measured on the old file are not used. Open it "
                   "anyway?")
                    .arg(QDir::toNativeSeparators(modelPath), QString::fromLatin1(hash->left(12)),
                         QString::fromLatin1(e.model.sha256.left(12)));
            const bool go = confirmChangedModelPrompt
                                ? confirmChangedModelPrompt(question)
                                : QMessageBox::warning(this, tr("Model Changed"), question,
                                                       QMessageBox::Open | QMessageBox::Cancel,
                                                       QMessageBox::Cancel) == QMessageBox::Open;
            if (!go)
                return false;
        }
    }
    // Nothing changes until the model has loaded (explorationModelLoaded): a failed load
    // leaves the window as it was.
    const Engine::Restore restore{
        e.model.optimize ? defaultPassNames() : std::vector<std::string>{}, e.settings};
    m_engine->solveEngine()->restoreDrops(e.dropStoreKey, e.drops);
    m_firstStart = false;
    if (e.model.isSample())
        m_engine->openSample(e.model.sampleId, e.model.inputShapes, restore);
    else
        m_engine->openFile(modelPath, e.model.inputShapes, e.samples.value_or(SampleSource{}),
                           restore);
    m_pendingExplorationPath = QFileInfo(path).absoluteFilePath();
    m_pendingExploration = std::move(e);
    m_pendingGeneration = m_engine->generation();
    return true;
}

void MainWindow::explorationModelLoaded(const session::OpenedModelPtr& model) {
    const QString identity = model->isSample ? model->sampleId : model->filePath;
    if (!m_pendingExploration || m_pendingGeneration != m_engine->generation()) {
        m_pendingExploration.reset();
        m_restoreSelection.reset();
        m_restoreZoom.reset();
        // the same model opened again (other input shapes, optimization) stays in the
        // exploration, as a change; another model starts a new one
        if (!m_explorationPath.isEmpty() && identity == m_explorationModel) {
            markModified();
        } else {
            m_explorationPath.clear();
            m_explorationModel.clear();
            setWindowModified(false);
        }
        return;
    }
    const session::Exploration e = std::move(*m_pendingExploration);
    m_pendingExploration.reset();
    m_explorationPath = m_pendingExplorationPath;
    m_explorationModel = identity;
    // the engine already solves with these settings; the panel and the menu show them
    m_constraintPanel->setConstraints(e.settings);
    {
        const QSignalBlocker block(m_optimizeAction);
        m_optimizeAction->setChecked(e.model.optimize);
    }
    updateDropLimit();
    m_restoreSelection.reset();
    if (!e.selection.candidateKey.empty() || !e.selection.baseline.isEmpty())
        m_restoreSelection = e.selection;
    m_restoreZoom.reset();
    if (e.view) {
        m_pages->setCurrentIndex(e.view->page);
        m_rawGraphAction->setChecked(e.view->rawGraph);
        if (e.view->graphZoom > 0.0)
            m_restoreZoom = e.view->graphZoom;
    }
    addRecentExploration(m_explorationPath);
    setWindowModified(false);
    statusBar()->showMessage(
        tr("Opened the exploration %1").arg(QDir::toNativeSeparators(m_explorationPath)), 5000);
    emit explorationRestored(m_explorationPath);
}

void MainWindow::explorationLoadFailed() {
    m_pendingExploration.reset();
}

bool MainWindow::applyRestoredSelection() {
    if (!m_restoreSelection || !m_solution)
        return false;
    if (!m_restoreSelection->baseline.isEmpty()) {
        if (!m_solution->baseline(m_restoreSelection->baseline.toStdString()))
            return false;
        selectBaseline(m_restoreSelection->baseline);
        return true;
    }
    const auto& candidates = m_solution->candidates;
    for (size_t i = 0; i < candidates.size(); ++i)
        if (DropCache::keyOf(candidates[i]) == m_restoreSelection->candidateKey) {
            selectCandidate(static_cast<int>(i));
            return true;
        }
    return false;
}

void MainWindow::rebuildRecentExplorationsMenu() {
    m_recentExplorationsMenu->clear();
    for (const QString& path : std::as_const(m_recentExplorations)) {
        QAction* action = m_recentExplorationsMenu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openExploration(path); });
    }
    if (!m_recentExplorations.isEmpty()) {
        m_recentExplorationsMenu->addSeparator();
        m_recentExplorationsMenu->addAction(tr("&Clear Menu"), this, [this] {
            m_recentExplorations.clear();
            QSettings().remove(QLatin1String(kRecentExplorationsKey));
            rebuildRecentExplorationsMenu();
        });
    }
    m_recentExplorationsMenu->setEnabled(!m_recentExplorations.isEmpty());
}

void MainWindow::addRecentExploration(const QString& path) {
    m_recentExplorations.removeAll(path);
    m_recentExplorations.prepend(path);
    while (m_recentExplorations.size() > kMaxRecentFiles)
        m_recentExplorations.removeLast();
    QSettings().setValue(QLatin1String(kRecentExplorationsKey), m_recentExplorations);
    rebuildRecentExplorationsMenu();
}

ReportContent MainWindow::reportContent() const {
    ReportContent r;
    r.model = m_model;
    r.solution = m_solution;
    r.shownCandidate = m_shownCandidate;
    r.shownBaseline = m_shownBaseline;
    r.settings = m_engine->solveSettings();
    r.uplink = m_engine->uplink();
    if (const auto session = m_engine->solveEngine()->session()) {
        r.metric = session->metric.kind;
        const bool anyMeasured =
            m_solution &&
            std::any_of(m_solution->candidates.begin(), m_solution->candidates.end(),
                        [](const Candidate& c) { return c.measuredDrop.has_value(); });
        r.dropsMeasured = m_engine->canMeasureDrops() && anyMeasured;
        if (session->canMeasure()) {
            // the calibration as it ran (the embedded data's own choices included)
            const CalibrationSettings& cal = session->setup.settings;
            session::SampleSource s;
            s.weightRange = cal.weightRange.method;
            s.activationRange = cal.activationRange.method;
            s.percentile = cal.activationRange.method == RangeMethod::Percentile
                               ? cal.activationRange.percentile
                               : cal.weightRange.percentile;
            s.weightRounding = cal.weightRounding;
            s.equalize = cal.equalize;
            r.samples = s;
            const QString source = session->sampleSource.isEmpty() ? tr("the embedded sample data")
                                                                   : session->sampleSource;
            r.sampleDescription =
                tr("%1 samples from %2").arg(session->setup.samples.size()).arg(source);
        }
    }
    // the charts as File > Export writes them (the legend beside the plot, no controls), read back
    r.paretoChart = exportedImage(
        [this](const QString& path) { return m_paretoChart->saveImage(path, ImageCaption{}); });
    r.breakdownChart = exportedImage(
        [this](const QString& path) { return m_breakdownChart->saveImage(path, ImageCaption{}); });
    r.graphAroundCut = m_graphView->cutImage(3);
    return r;
}

Status MainWindow::exportReportTo(const QString& path) {
    if (!m_model || !m_solution)
        return Error{tr("Nothing to report: no solution is shown.").toStdString()};
    return ReportBuilder(reportContent()).write(path);
}

void MainWindow::exportReport() {
    if (!m_model || !m_solution)
        return;
    const QString path =
        askSavePath(tr("Export Report"),
                    QFileInfo(m_model->displayName).completeBaseName() + QStringLiteral("-report"),
                    {tr("PDF document (*.pdf)"), tr("HTML page (*.html)")});
    if (path.isEmpty())
        return;
    const Status written = exportReportTo(path);
    showExportResult(path, written ? QString() : errorMessage(written.error()));
}

} // namespace autosplit
