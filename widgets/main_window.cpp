#include "widgets/main_window.h"

#include "widgets/engine/error_message.h"

#include "session/solve_session.h"
#include "widgets/charts/chart_export.h"
#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/sample_data_dialog.h"
#include "widgets/solution/solution_details_view.h"
#include "widgets/solution/solution_text.h"

#include "session/candidates_csv.h"

#include "widgets/engine/engine.h"
#include "widgets/models/layer_filter_proxy_model.h"
#include "widgets/models/layer_table_model.h"
#include "widgets/models/model_summary_view.h"
#include "widgets/number_format.h"

#include "resources/embedded_resources.h"

#include "core/passes/pass_manager.h"
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

// Before the first solve the potential-split column uses 2 bits, the smallest width of the
// presets' candidate sets.
constexpr int kDefaultLowestBits = 2;

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
    connect(m_engine, &Engine::bundleExported, this,
            [this](const QString& dir, const QString& summary) {
                updateActions();
                statusBar()->showMessage(
                    tr("Exported %1: %2").arg(QDir::toNativeSeparators(dir), summary), 10000);
                emit bundleExportFinished(dir, QString());
            });
    connect(m_engine, &Engine::bundleExportFailed, this,
            [this](const QString& dir, const QString& message) {
                updateActions();
                showExportResult(dir, message);
                emit bundleExportFinished(dir, message);
            });
    connect(m_engine, &Engine::busyChanged, this,
            [this](bool busy) { onBusyChanged(busy || m_engine->isSolveBusy()); });

    createActions();
    createMenus();
    createToolBar();
    createCentralWidget();
    createSummaryDock();
    createSolutionDocks();
    createSolutionsPage(); // main_window_state.cpp
    createStatusBar();
    connectExplorationTracking();
    connectMeasuredDevices(); // main_window_devices.cpp
    readSettings();
    applySplitCriteria(m_constraintPanel->constraints().edgeMemoryBytes.value_or(0),
                       kDefaultLowestBits);
    onBusyChanged(false);
    applyConstraints(m_constraintPanel->constraints());
    updateActions();
    updateSolveState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    // Named, so that tests and the toolbar find them and QSettings-free shortcuts stay testable.
    auto make = [this](const char* name, const QString& text, const QString& icon,
                       QStyle::StandardPixmap fallback = QStyle::SP_CustomBase) {
        QIcon themed = fallback == QStyle::SP_CustomBase
                           ? QIcon::fromTheme(icon)
                           : QIcon::fromTheme(icon, style()->standardIcon(fallback));
        auto* action = new QAction(themed, text, this);
        action->setObjectName(QLatin1String(name));
        return action;
    };
    m_openAction = make("openAction", tr("&Open…"), QStringLiteral("document-open"),
                        QStyle::SP_DialogOpenButton);
    m_openAction->setIconText(tr("Open"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open an ONNX model"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::showOpenDialog);

    m_openSampleAction = make("openSampleAction", tr("Open &Sample Model"),
                              QStringLiteral("document-open-recent"), QStyle::SP_FileIcon);
    m_openSampleAction->setIconText(tr("Sample"));
    m_openSampleAction->setStatusTip(
        tr("Open the embedded sample model (PaddleOCR's PP-OCRv4 text detector) on its sample "
           "data"));
    connect(m_openSampleAction, &QAction::triggered, this, [this] { openSample(); });
    createSampleMenu();
    m_openSampleAction->setMenu(m_sampleMenu);

    m_sampleDataAction =
        make("sampleDataAction", tr("Sample &Data…"), QStringLiteral("folder-images"));
    m_sampleDataAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_sampleDataAction->setStatusTip(
        tr("Choose the inputs the model is calibrated and its accuracy drops measured on"));
    connect(m_sampleDataAction, &QAction::triggered, this, &MainWindow::showSampleDataDialog);

    m_sensitivityAction =
        make("sensitivityAction", tr("Measure Layer &Sensitivity (8 bit)"), QString());
    m_sensitivityAction->setStatusTip(
        tr("Measure the accuracy drop each layer causes when it alone is quantized to 8 bits; "
           "the result fills the layer table's last column"));
    connect(m_sensitivityAction, &QAction::triggered, this, [this] {
        if (m_engine->measureSensitivity(8)) {
            m_solveActivity = tr("Measuring each layer's sensitivity…");
            updateSolveState();
        }
        updateActions();
    });

    m_exportGraphAction = make("exportGraphAction", tr("Export &Graph…"),
                               QStringLiteral("document-save-as"), QStyle::SP_DialogSaveButton);
    m_exportGraphAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportGraphAction->setStatusTip(tr("Save the whole graph with its cut as PNG or SVG"));
    connect(m_exportGraphAction, &QAction::triggered, this, &MainWindow::exportGraph);
    m_exportParetoAction = make("exportParetoAction", tr("Export &Pareto Chart…"), QString());
    m_exportParetoAction->setStatusTip(tr("Save the Pareto chart as PNG or SVG"));
    connect(m_exportParetoAction, &QAction::triggered, this,
            [this] { exportChart(m_paretoChart, QStringLiteral("pareto")); });
    m_exportBreakdownAction =
        make("exportBreakdownAction", tr("Export Latency &Breakdown…"), QString());
    m_exportBreakdownAction->setStatusTip(tr("Save the latency breakdown chart as PNG or SVG"));
    connect(m_exportBreakdownAction, &QAction::triggered, this,
            [this] { exportChart(m_breakdownChart, QStringLiteral("breakdown")); });
    m_exportCsvAction = make("exportCsvAction", tr("Export &Candidates as CSV…"), QString());
    m_exportCsvAction->setStatusTip(
        tr("Save every candidate and baseline of the current solution as CSV"));
    connect(m_exportCsvAction, &QAction::triggered, this, &MainWindow::exportCandidates);
    m_exportBundleAction = make("exportBundleAction", tr("Export &Deployment Bundle…"),
                                QStringLiteral("document-export"));
    m_exportBundleAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_exportBundleAction->setStatusTip(
        tr("Write the shown solution as edge and cloud ONNX models with a manifest, ready to run"));
    connect(m_exportBundleAction, &QAction::triggered, this, &MainWindow::exportBundle);

    m_cancelAction =
        make("cancelAction", tr("&Cancel"), QStringLiteral("process-stop"), QStyle::SP_BrowserStop);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setStatusTip(tr("Stop loading, calibrating or evaluating"));
    connect(m_cancelAction, &QAction::triggered, m_engine, &Engine::cancelAll);

    m_quitAction = make("quitAction", tr("&Quit"), QStringLiteral("application-exit"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_findAction = make("findAction", tr("&Find in Graph…"), QStringLiteral("edit-find"));
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setStatusTip(tr("Find a node of the graph by name or op type"));
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_pages->setCurrentWidget(m_graphView);
        m_graphSearch->setFocus(Qt::ShortcutFocusReason);
        m_graphSearch->selectAll();
    });
    m_findNextAction = make("findNextAction", tr("Find &Next"), QStringLiteral("go-down-search"));
    m_findNextAction->setShortcut(QKeySequence::FindNext);
    connect(m_findNextAction, &QAction::triggered, this, &MainWindow::findInGraph);

    m_zoomInAction = make("zoomInAction", tr("Zoom &In"), QStringLiteral("zoom-in"));
    m_zoomInAction->setShortcut(QKeySequence::ZoomIn);
    connect(m_zoomInAction, &QAction::triggered, this, [this] { m_graphView->zoomIn(); });
    m_zoomOutAction = make("zoomOutAction", tr("Zoom &Out"), QStringLiteral("zoom-out"));
    m_zoomOutAction->setShortcut(QKeySequence::ZoomOut);
    connect(m_zoomOutAction, &QAction::triggered, this, [this] { m_graphView->zoomOut(); });
    m_actualSizeAction =
        make("actualSizeAction", tr("&Actual Size"), QStringLiteral("zoom-original"));
    m_actualSizeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_0));
    connect(m_actualSizeAction, &QAction::triggered, this, [this] { m_graphView->resetZoom(); });
    m_fitAction = make("fitAction", tr("&Fit to Window"), QStringLiteral("zoom-fit-best"));
    m_fitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_fitAction, &QAction::triggered, this, [this] { m_graphView->fitToWindow(); });
    m_showCutAction = make("showCutAction", tr("Go to the &Cut"), QStringLiteral("go-jump"));
    m_showCutAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    m_showCutAction->setStatusTip(tr("Scroll the graph to where the shown solution splits it"));
    connect(m_showCutAction, &QAction::triggered, this, [this] {
        m_pages->setCurrentWidget(m_graphView);
        m_graphView->showCut();
    });
    m_rawGraphAction = make("rawGraphAction", tr("Show &Raw Graph"), QString());
    m_rawGraphAction->setCheckable(true);
    m_rawGraphAction->setIconText(tr("Raw Graph"));
    m_rawGraphAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_rawGraphAction->setStatusTip(
        tr("Show the graph as imported instead of the optimized one the solution is about"));
    connect(m_rawGraphAction, &QAction::toggled, this, [this](bool raw) {
        m_pages->setCurrentWidget(m_graphView);
        m_graphView->setShowRawGraph(raw);
    });
    // What the command line's --no-optimize and --input-shape do, for the open model.
    m_optimizeAction = make("optimizeAction", tr("O&ptimize the Graph"), QString());
    m_optimizeAction->setCheckable(true);
    m_optimizeAction->setChecked(true);
    m_optimizeAction->setStatusTip(
        tr("Run the optimization passes (folding, fusion) before the analysis; off: the graph "
           "as imported (--no-optimize)"));
    connect(m_optimizeAction, &QAction::toggled, this, [this](bool on) {
        m_engine->setPassNames(on ? defaultPassNames() : std::vector<std::string>{});
        if (m_model)
            reopen(m_model->inputShapes);
    });
    m_inputShapesAction = make("inputShapesAction", tr("Input S&hapes…"), QString());
    m_inputShapesAction->setStatusTip(
        tr("Fix the shapes of graph inputs with dynamic dimensions and open the model again "
           "(--input-shape)"));
    connect(m_inputShapesAction, &QAction::triggered, this, &MainWindow::showInputShapesDialog);
    m_graphPageAction = make("graphPageAction", tr("&Graph"), QString());
    m_graphPageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(m_graphPageAction, &QAction::triggered, this, [this] { m_pages->setCurrentIndex(0); });
    m_layersPageAction = make("layersPageAction", tr("&Layers"), QString());
    m_layersPageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(m_layersPageAction, &QAction::triggered, this, [this] { m_pages->setCurrentIndex(1); });

    m_userGuideAction = make("userGuideAction", tr("&User Guide"), QStringLiteral("help-contents"));
    m_userGuideAction->setShortcut(QKeySequence::HelpContents);
    connect(m_userGuideAction, &QAction::triggered, this, &MainWindow::showUserGuide);
    m_shortcutsAction = make("shortcutsAction", tr("&Keyboard Shortcuts"), QString());
    connect(m_shortcutsAction, &QAction::triggered, this, &MainWindow::showShortcuts);
    m_aboutAction = make("aboutAction", tr("&About Auto-Split Explorer"), QString());
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = make("aboutQtAction", tr("About &Qt"), QString());
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

QAction* MainWindow::action(const QString& name) const {
    return findChild<QAction*>(name, Qt::FindDirectChildrenOnly);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addMenu(m_sampleMenu);
    file->addAction(m_sampleDataAction);
    file->addAction(m_inputShapesAction);
    file->addAction(m_optimizeAction);
    file->addSeparator();
    file->addAction(m_exportGraphAction);
    file->addAction(m_exportParetoAction);
    file->addAction(m_exportBreakdownAction);
    file->addAction(m_exportCsvAction);
    file->addAction(m_exportBundleAction);
    file->addSeparator();
    file->addAction(m_cancelAction);
    file->addSeparator();
    file->addAction(m_quitAction);
    createExplorationActions(file);

    menuBar()->addMenu(tr("&Edit"))->addActions({m_findAction, m_findNextAction});

    // The View menu's panel entries need the docks; createSolutionDocks() fills them in.
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addActions({m_graphPageAction, m_layersPageAction});
    view->addSeparator();
    view->addActions(
        {m_zoomInAction, m_zoomOutAction, m_actualSizeAction, m_fitAction, m_showCutAction});
    view->addSeparator();
    view->addAction(m_rawGraphAction);
    view->addSeparator();

    (m_analysisMenu = menuBar()->addMenu(tr("&Analysis")))->addAction(m_sensitivityAction);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addActions({m_userGuideAction, m_shortcutsAction});
    help->addSeparator();
    help->addActions({m_aboutAction, m_aboutQtAction});
}

void MainWindow::createViewMenuEntries(QMenu* view) {
    QMenu* panels = view->addMenu(tr("&Panels"));
    for (QDockWidget* dock : findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly))
        panels->addAction(dock->toggleViewAction());
    if (QToolBar* bar = findChild<QToolBar*>(QStringLiteral("mainToolBar")))
        panels->addAction(bar->toggleViewAction());
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Main Toolbar"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_openAction);
    bar->addAction(m_openSampleAction);
    bar->addSeparator();
    bar->addAction(m_exportGraphAction);
    bar->addSeparator();
    for (QAction* a : {m_zoomOutAction, m_zoomInAction, m_fitAction}) {
        bar->addAction(a);
        // Icon-only when the theme has icons; text otherwise (a bare toolbar would be blank).
        if (QWidget* button = bar->widgetForAction(a))
            if (auto* tool = qobject_cast<QToolButton*>(button))
                tool->setToolButtonStyle(a->icon().isNull() ? Qt::ToolButtonTextOnly
                                                            : Qt::ToolButtonIconOnly);
    }
    bar->addAction(m_rawGraphAction);
    if (auto* tool = qobject_cast<QToolButton*>(bar->widgetForAction(m_rawGraphAction)))
        tool->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addSeparator();
    m_graphSearch = new QLineEdit(bar);
    m_graphSearch->setObjectName(QStringLiteral("graphSearch"));
    m_graphSearch->setPlaceholderText(
        tr("Find node (%1)")
            .arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_graphSearch->setClearButtonEnabled(true);
    m_graphSearch->setMaximumWidth(240);
    m_graphSearch->setToolTip(tr("Name or op type; Enter finds the next match"));
    bar->addWidget(m_graphSearch);
    connect(m_graphSearch, &QLineEdit::returnPressed, this, &MainWindow::findInGraph);
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
    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("centralPages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_graphView, tr("&Graph"));
    m_pages->addTab(central, tr("&Layers"));
    setCentralWidget(m_pages);
    connect(m_graphView, &GraphView::nodeActivated, this, &MainWindow::showNodeDetails);
    connect(m_graphView, &GraphView::showRawGraphChanged, this, [this](bool raw) {
        const QSignalBlocker block(m_rawGraphAction);
        m_rawGraphAction->setChecked(raw);
        m_detailsNode = kNone; // a node id of the other graph
    });
    // A double-clicked layer is shown in the graph.
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (!m_model)
            return;
        const QModelIndex source = m_proxy->mapToSource(index);
        const NodeId node = m_layerModel->nodeOfRow(source.row());
        if (node == kNone)
            return;
        m_rawGraphAction->setChecked(false);
        m_pages->setCurrentWidget(m_graphView);
        m_graphView->selectNode(node);
    });
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
    auto* nodeDock = new QDockWidget(tr("Node"), this);
    nodeDock->setObjectName(QStringLiteral("nodeDock"));
    m_nodeDetails = new QTextBrowser(nodeDock);
    m_nodeDetails->setObjectName(QStringLiteral("nodeDetails"));
    m_nodeDetails->setPlaceholderText(tr("Click a node of the graph to see its details."));
    m_nodeDetails->setMinimumWidth(240);
    nodeDock->setWidget(m_nodeDetails);
    addDockWidget(Qt::RightDockWidgetArea, nodeDock);

    auto* dock = new QDockWidget(tr("Model Summary"), this);
    dock->setObjectName(QStringLiteral("summaryDock"));
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
    auto dock = [this](const QString& title, const char* name, QWidget* widget,
                       Qt::DockWidgetArea area, bool scroll) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(QLatin1String(name));
        if (scroll) {
            auto* area = new QScrollArea(d);
            area->setWidgetResizable(true);
            area->setFrameShape(QFrame::NoFrame);
            area->setWidget(widget);
            // Scrolls vertically only: the dock is never narrower than what the panel needs
            // (German labels are longer), so no field is cut at its right edge.
            area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
            area->setMinimumWidth(widget->minimumSizeHint().width() +
                                  style()->pixelMetric(QStyle::PM_ScrollBarExtent));
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
    QDockWidget* constraints = dock(tr("Constraints"), "constraintsDock", m_constraintPanel,
                                    Qt::RightDockWidgetArea, true);
    QDockWidget* details =
        dock(tr("Solution"), "solutionDock", m_solutionDetails, Qt::RightDockWidgetArea, true);
    QDockWidget* pareto =
        dock(tr("Pareto Set"), "paretoDock", m_paretoChart, Qt::BottomDockWidgetArea, false);
    QDockWidget* breakdown = dock(tr("Latency Breakdown"), "breakdownDock", m_breakdownChart,
                                  Qt::BottomDockWidgetArea, false);
    // The right column runs the window's full height (the panel and the details need it more
    // than the charts need width); the charts sit side by side under the graph. The solution's
    // details share tabs with the model summary and the node details.
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    splitDockWidget(pareto, breakdown, Qt::Horizontal);
    if (auto* summary = findChild<QDockWidget*>(QStringLiteral("summaryDock"))) {
        splitDockWidget(constraints, summary, Qt::Vertical);
        tabifyDockWidget(summary, details);
        if (auto* node = findChild<QDockWidget*>(QStringLiteral("nodeDock")))
            tabifyDockWidget(details, node);
        details->raise();
    }
    createViewMenuEntries(findChild<QMenu*>(QStringLiteral("viewMenu")));
    resizeDocks({pareto}, {300}, Qt::Vertical);
    resizeDocks({pareto, breakdown}, {520, 360}, Qt::Horizontal);
    // As wide as the panel asks (longer labels in German), never narrower than 400 px.
    resizeDocks({constraints},
                {std::max(400, m_constraintPanel->sizeHint().width() +
                                   style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 8)},
                Qt::Horizontal);
    // Every slider in sight: the panel gets the height it asks for, the tabs below the rest.
    resizeDocks(
        {constraints, details},
        {m_constraintPanel->sizeHint().height() + constraints->fontMetrics().height() + 16, 400},
        Qt::Vertical);

    Engine* solver = m_engine;
    connect(m_constraintPanel, &ConstraintPanel::constraintsChanged, this,
            &MainWindow::applyConstraints);
    connect(solver, &Engine::solutionReady, this,
            [this](const SolutionSetPtr& set, double cloudOnly) {
                const bool evaluating = m_engine->willEvaluate(*set);
                m_solveFailure.clear();
                m_solveActivity = evaluating ? tr("Measuring accuracy drops…") : QString();
                setProvisional(evaluating);
                m_userPicked = false;         // a new solve: its own selection is what to show
                showSolution(set, cloudOnly); // ends with updateSolveState()
            });
    connect(solver, &Engine::solutionUpdated, this,
            [this](const SolutionSetPtr& set) { showSolution(set, m_cloudOnlySeconds); });
    connect(solver, &Engine::evaluationFinished, this, [this](const SolutionSetPtr& set) {
        setProvisional(false);
        showSolution(set, m_cloudOnlySeconds);
    });
    // The status bar's solve part: what the engine does, else what it found.
    connect(solver, &Engine::solveFailed, this, [this](const QString& message) {
        m_solveFailure = tr("Cannot solve: %1").arg(message);
        updateSolveState();
    });
    connect(solver, &Engine::calibrationStarted, this, [this] {
        m_solveActivity = tr("Calibrating on the sample data…");
        m_solveProblem.clear();
        updateSolveState();
    });
    connect(solver, &Engine::calibrationFinished, this, [this](bool fromCache) {
        m_solveActivity.clear();
        if (const auto session = m_engine->solveEngine()->session())
            m_paretoChart->setDropMetric(session->metric.kind);
        updateDropLimit();
        statusBar()->showMessage(
            fromCache ? tr("Calibration read from the cache") : tr("Calibration finished"), 5000);
        updateSolveState();
        updateActions();
    });
    connect(solver, &Engine::calibrationSkipped, this, [this](const QString& reason) {
        m_solveActivity.clear();
        updateDropLimit();
        m_solveProblem = tr("Weight errors only: %1").arg(reason);
        updateSolveState();
    });
    connect(solver, &Engine::calibrationFailed, this, [this](const QString& message) {
        m_solveActivity.clear();
        m_solveProblem = tr("Cannot calibrate: %1").arg(message);
        updateSolveState();
    });
    connect(solver, &Engine::evaluationFinished, this, [this] {
        m_solveActivity.clear();
        updateSolveState();
    });
    connect(solver, &Engine::sensitivityMeasured, this,
            [this](std::shared_ptr<const SensitivityResult> result) {
                m_solveActivity.clear();
                m_layerModel->setSensitivity(std::move(result));
                // the answer is the table sorted by it, most sensitive first
                m_layersPageAction->trigger();
                m_table->sortByColumn(LayerTableModel::SensitivityColumn, Qt::DescendingOrder);
                m_table->scrollTo(m_proxy->index(0, LayerTableModel::SensitivityColumn));
                statusBar()->showMessage(tr("Layer sensitivity measured"), 5000);
                updateSolveState();
                updateActions();
            });
    connect(solver, &Engine::sensitivityFailed, this, [this](const QString& message) {
        m_solveActivity.clear();
        m_solveProblem = tr("Cannot measure sensitivity: %1").arg(message);
        updateSolveState();
        updateActions();
    });
    connect(solver, &Engine::evaluationFailed, this, [this](const QString& message) {
        m_solveActivity.clear();
        setProvisional(false);
        m_solveProblem = tr("Cannot measure drops: %1").arg(message);
        updateSolveState();
    });
    connect(solver, &Engine::solveCancelled, this, [this] {
        m_solveActivity.clear();
        setProvisional(false);
        statusBar()->showMessage(tr("Cancelled"), 5000);
        updateSolveState();
    });
    connect(solver, &Engine::solveBusyChanged, this, [this](bool busy) {
        if (!busy)
            m_solveActivity.clear();
        onBusyChanged(m_engine->isBusy() || busy);
        updateSolveState();
    });
    connect(solver, &Engine::solveProgress, this, &MainWindow::onProgress);
    connect(m_paretoChart, &ParetoChart::candidateClicked, this, &MainWindow::pickCandidate);
    connect(m_breakdownChart, &LatencyBreakdownChart::candidateClicked, this,
            &MainWindow::pickCandidate);
    connect(m_paretoChart, &ParetoChart::baselineClicked, this, &MainWindow::pickBaseline);
    connect(m_breakdownChart, &LatencyBreakdownChart::baselineClicked, this,
            &MainWindow::pickBaseline);
}

void MainWindow::createStatusBar() {
    m_stateLabel = new QLabel(statusBar());
    m_stateLabel->setObjectName(QStringLiteral("engineState"));
    statusBar()->addWidget(m_stateLabel, 1);
    m_solveLabel = new QLabel(statusBar());
    m_solveLabel->setObjectName(QStringLiteral("solveState"));
    m_solveLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_solveLabel);
    m_progressBar = new QProgressBar(statusBar());
    m_progressBar->setObjectName(QStringLiteral("progressBar"));
    m_progressBar->setRange(0, 1000);
    // wide enough for the longest stage ("Measuring layer sensitivity 42%") on one line; the
    // status bar squeezed it until the text wrapped
    m_progressBar->setMinimumWidth(220);
    m_progressBar->setMaximumWidth(280);
    m_progressBar->setTextVisible(true);
    statusBar()->addPermanentWidget(m_progressBar);
    m_cancelButton = new QToolButton(statusBar());
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setDefaultAction(m_cancelAction);
    m_cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_cancelButton->setAutoRaise(true);
    statusBar()->addPermanentWidget(m_cancelButton);
}

} // namespace autosplit
