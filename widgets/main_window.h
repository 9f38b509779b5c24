#pragma once

#include "session/exploration_file.h"
#include "session/opened_model.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/report/report_builder.h"
#include "widgets/solution/solution_set_ptr.h"

#include <QMainWindow>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QToolButton;

namespace autosplit {

class ConstraintPanel;
class Engine;
class GraphView;
class LatencyBreakdownChart;
class ParetoChart;
class SolutionDetailsView;
class SolutionTableView;
class UserGuideDialog;
class LayerFilterProxyModel;
class LayerTableModel;
class ModelSummaryView;

// The explorer's main window: opens a model — the embedded sample, a file from the menu, the
// recent list, the command line or a drop — and shows its optimized graph with the selected cut
// and its layers in a sortable, filterable table; beside them the constraint panel, the
// solution's details, the model summary and a node's details, below them the Pareto chart and
// the latency breakdown. The constraint panel drives the solve engine; a click in either chart
// or a pick in the graph selects everywhere. Loading, calibration, solving and evaluation run in
// the engines; a failed load leaves the shown model as it was. The panel's values, the window's
// layout and the recent files persist (QSettings), and so do the sample data chosen per model.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    static constexpr int kMaxRecentFiles = 8;
    // The About box's line on the executor's kernels: "avx512 (AVX-512, x86-64-v4), chosen for
    // this CPU" or "…, forced by AUTOSPLIT_CPU".
    static QString cpuPathText();

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // `samples` none: the ones chosen for this file before (settings), else none.
    void openFile(const QString& path, const std::vector<InputShapeOverride>& inputShapes = {},
                  const SampleSource& samples = {});
    // The embedded sample `sampleId` (resources::embeddedSamples(); empty: the default).
    void openSample(const QString& sampleId = {},
                    const std::vector<InputShapeOverride>& inputShapes = {});

    Engine* engine() const { return m_engine; }
    session::OpenedModelPtr currentModel() const { return m_model; }
    QTableView* layerTable() const { return m_table; }
    // The Solutions page: the front, the selection and the baselines, a row a pick.
    SolutionTableView* solutionTable() const { return m_solutionTable; }
    LayerTableModel* layerModel() const { return m_layerModel; }
    LayerFilterProxyModel* layerProxy() const { return m_proxy; }
    ModelSummaryView* summaryView() const { return m_summary; }
    GraphView* graphView() const { return m_graphView; }
    ConstraintPanel* constraintPanel() const { return m_constraintPanel; }
    ParetoChart* paretoChart() const { return m_paretoChart; }
    LatencyBreakdownChart* breakdownChart() const { return m_breakdownChart; }
    SolutionDetailsView* solutionDetails() const { return m_solutionDetails; }
    // The solution the views show (null before the first solve).
    SolutionSetPtr currentSolution() const { return m_solution; }
    QLineEdit* filterEdit() const { return m_filter; }
    QLineEdit* graphSearchEdit() const { return m_graphSearch; }
    QTextBrowser* nodeDetailsView() const { return m_nodeDetails; }
    QTabWidget* pages() const { return m_pages; }
    // What the status bar says about the solve engine.
    QString solveStateText() const;
    // Calibrates the shown model on these samples (remembered for its file).
    void setSampleData(const SampleSource& samples);
    // Opens the current model again with these input shapes (and the current optimization
    // choice), keeping its sample data.
    void reopen(const std::vector<InputShapeOverride>& inputShapes);
    // The candidate the views show (the selection, or the one picked in a chart); -1 for none.
    int shownCandidate() const { return m_shownCandidate; }
    // The baseline picked in a chart, when one is shown instead of a candidate; else empty.
    QString shownBaseline() const { return m_shownBaseline; }
    // Whether the views show a provisional selection (drops still being measured).
    bool isProvisional() const { return m_provisional; }
    // Exports the shown solution (candidate or baseline) as a deployment bundle into `dir` in the
    // background (what File > Export Deployment Bundle does once a folder is chosen); false when
    // nothing started.
    bool exportBundleTo(const QString& dir, bool replace);
    // The action with this object name (tests and the toolbar find them by name).
    QAction* action(const QString& name) const;
    QStringList recentFiles() const { return m_recentFiles; }

    // Explorations (main_window_exploration.cpp). Saves the study — model, samples, settings, the
    // picked solution, measured drops, view — atomically; the window then names it.
    Status saveExplorationTo(const QString& path);
    // Opens a saved study: its model with its input shapes and samples, then the settings, the
    // drops (none measured again) and, once the solution arrives, the pick. False, with the user
    // told and nothing changed, when the file cannot be read, the model is not found or the
    // user cancels; a model that fails to load also leaves the window as it was.
    bool openExploration(const QString& path);
    // The exploration the window shows (empty: none saved or opened).
    QString explorationPath() const { return m_explorationPath; }
    QStringList recentExplorations() const { return m_recentExplorations; }
    // Asks where a model that is neither at its saved path nor beside the exploration is now
    // (default: a file dialog); empty: cancelled. Tests answer it.
    std::function<QString(const QString& savedPath)> locateModelPrompt;
    // Asks whether to open a model whose contents changed since the exploration was saved
    // (default: a message box with Open and Cancel).
    std::function<bool(const QString& question)> confirmChangedModelPrompt;
    // Asks, on closing, what to do with unsaved changes to the named exploration (default: a
    // message box with Save, Discard and Cancel).
    enum class UnsavedChoice { Save, Discard, Cancel };
    std::function<UnsavedChoice(const QString& question)> unsavedChangesPrompt;
    // What File > Export Report writes about the shown solution, and writing it (PDF by a .pdf
    // suffix, else HTML); errors name the file.
    ReportContent reportContent() const;
    Status exportReportTo(const QString& path);

signals:
    // The views now show this model.
    void modelShown(autosplit::session::OpenedModelPtr model);
    // A load failed and the user was told (message box opened).
    void loadErrorShown(const QString& message);
    // An export finished: `error` is empty on success (the user was told either way).
    void bundleExportFinished(const QString& dir, const QString& error);
    // A saved exploration's model is shown and its settings, drops and view restored (its pick
    // follows with the solution).
    void explorationRestored(const QString& path);
    // An exploration could not be opened and the user was told.
    void explorationErrorShown(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createCentralWidget();
    void createSummaryDock();
    void createSolutionDocks();
    void createSolutionsPage();
    // A pick by the user (a chart, a legend, a bar, a table row): shown everywhere and kept while
    // the same solve's updates arrive; an unmeasured candidate gets its drop measured.
    void pickCandidate(int index);
    void pickBaseline(const QString& name);
    void createViewMenuEntries(QMenu* view);
    void applyConstraints(const session::SolveSettings& settings);
    void exportGraph();
    void exportChart(QWidget* chart, const QString& what);
    void exportCandidates();
    void exportBundle();
    // A save dialog for `filters`; remembers the folder. Empty: cancelled.
    QString askSavePath(const QString& title, const QString& baseName, const QStringList& filters);
    void showExportResult(const QString& path, const QString& error);
    void showSampleDataDialog();
    void showInputShapesDialog();
    void showNodeDetails(NodeId node);
    // The node panel again for the node it shows, after the shown solution changed.
    void refreshNodeDetails();
    // "split after layer 4, 503.9 ms, drop -1.45 pp" (Cloud-Only and Edge-Only by name, unless
    // `nameEnds` is false: then a solution with no layer or every layer on the edge has only its
    // figures, for a baseline whose name says it already).
    QString describeSolution(const Candidate& candidate, bool nameEnds = true) const;
    // While drops are measured the selection may still change: every view says so.
    void setProvisional(bool provisional);
    // The constraints the shown solution was solved under, in one line for captions.
    QString constraintsText() const;
    void findInGraph();
    void updateSolveState();
    void updateActions();
    // The drop slider applies only when drops can be measured.
    void updateDropLimit();
    void showSolution(const SolutionSetPtr& set, double cloudOnlySeconds);
    void selectCandidate(int index);
    // A baseline picked in a chart: the Solution panel and the graph show it, and it is what an
    // export writes, until a candidate is picked or a new solution arrives.
    void selectBaseline(const QString& name);
    // What the views show: the picked baseline's candidate, else candidate m_shownCandidate.
    const Candidate* shownSolution() const;
    void createStatusBar();
    void readSettings();
    void createSampleMenu();
    void writeSettings() const;

    void showOpenDialog();
    void showAbout();
    // Help > User Guide and Help > Keyboard Shortcuts (the list made anew each time it opens).
    void showUserGuide();
    void showShortcuts();

    void createExplorationActions(QMenu* file);
    void connectExplorationTracking();
    // "This computer (measured)" in the device pickers: measured by the engine in the background.
    void connectMeasuredDevices();
    void connectSolutionMeasurement(); // main_window_devices.cpp
    void markModified();
    session::Exploration currentExploration() const;
    void saveExploration();
    void saveExplorationAs();
    void showOpenExplorationDialog();
    void showExplorationError(const QString& message);
    // The model a pending exploration asked for has loaded (or another one has).
    void explorationModelLoaded(const session::OpenedModelPtr& model);
    void explorationLoadFailed();
    // Shows the saved pick when the solution has it; false otherwise.
    bool applyRestoredSelection();
    void rebuildRecentExplorationsMenu();
    void addRecentExploration(const QString& path);
    void exportReport();
    void rebuildRecentMenu();
    void addRecentFile(const QString& path);
    void applySplitCriteria(qint64 memoryLimitBytes, int lowestBits);
    void updateFilterCount();
    void fitColumns();

    void onStarted(const QString& displayName);
    void onProgress(int permille, const QString& stage);
    void onModelLoaded(const session::OpenedModelPtr& model);
    void onLoadFailed(const QString& message);
    void onCancelled();
    void onBusyChanged(bool busy);

    Engine* m_engine = nullptr;
    session::OpenedModelPtr m_model;
    QString m_loadingName;

    LayerTableModel* m_layerModel = nullptr;
    LayerFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    SolutionTableView* m_solutionTable = nullptr;
    QAction* m_solutionsPageAction = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_filterCount = nullptr;
    ModelSummaryView* m_summary = nullptr;
    GraphView* m_graphView = nullptr;
    ConstraintPanel* m_constraintPanel = nullptr;
    ParetoChart* m_paretoChart = nullptr;
    LatencyBreakdownChart* m_breakdownChart = nullptr;
    SolutionDetailsView* m_solutionDetails = nullptr;
    SolutionSetPtr m_solution;
    double m_cloudOnlySeconds = 0.0;
    int m_shownCandidate = -1;
    NodeId m_detailsNode = kNone; // the node the node panel shows
    QString m_shownBaseline;      // empty: a candidate is shown
    // Eq. (6) criteria of the layer table's potential-split column: the solve's memory and
    // lowest bit-width.
    qint64 m_splitMemoryBytes = 0;
    int m_splitLowestBits = 2;
    QTabWidget* m_pages = nullptr;
    QLineEdit* m_graphSearch = nullptr;
    QTextBrowser* m_nodeDetails = nullptr;
    QLabel* m_solveLabel = nullptr;
    // What the solve engine does now ("Calibrating", "Evaluating", empty: idle).
    QString m_solveActivity;
    bool m_provisional = false; // drops are being measured; the selection may change
    bool m_userPicked = false;  // the shown solution was picked by the user in this solve
    QString m_solveProblem;     // calibration or evaluation could not run
    QString m_solveFailure;     // the newest settings could not be solved

    QLabel* m_stateLabel = nullptr;
    QProgressBar* m_progressBar = nullptr;
    QToolButton* m_cancelButton = nullptr;

    QAction* m_openAction = nullptr;
    QAction* m_openSampleAction = nullptr;
    QMenu* m_sampleMenu = nullptr;
    // No constraints were ever saved: the first sample opened gets its demo limits.
    bool m_firstStart = false;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QAction* m_userGuideAction = nullptr;
    QAction* m_shortcutsAction = nullptr;
    UserGuideDialog* m_userGuide = nullptr; // made on first use, kept for its scroll position
    QAction* m_cancelAction = nullptr;
    QMenu* m_analysisMenu = nullptr;
    QAction* m_measureSolutionsAction = nullptr; // main_window_devices.cpp
    QAction* m_sampleDataAction = nullptr;
    QAction* m_sensitivityAction = nullptr;
    QAction* m_optimizeAction = nullptr;
    QAction* m_inputShapesAction = nullptr;
    QAction* m_exportGraphAction = nullptr;
    QAction* m_exportParetoAction = nullptr;
    QAction* m_exportBreakdownAction = nullptr;
    QAction* m_exportCsvAction = nullptr;
    QAction* m_exportBundleAction = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_findNextAction = nullptr;
    QAction* m_zoomInAction = nullptr;
    QAction* m_zoomOutAction = nullptr;
    QAction* m_actualSizeAction = nullptr;
    QAction* m_fitAction = nullptr;
    QAction* m_showCutAction = nullptr;
    QAction* m_rawGraphAction = nullptr;
    QAction* m_graphPageAction = nullptr;
    QAction* m_layersPageAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QStringList m_recentFiles;

    QAction* m_openExplorationAction = nullptr;
    QAction* m_saveExplorationAction = nullptr;
    QAction* m_saveExplorationAsAction = nullptr;
    QAction* m_exportReportAction = nullptr;
    QMenu* m_recentExplorationsMenu = nullptr;
    QStringList m_recentExplorations;
    QString m_explorationPath;  // absolute; empty: none
    QString m_explorationModel; // the file (or sample id) it is about
    // An exploration whose model is loading (request m_pendingGeneration of the engine).
    std::optional<session::Exploration> m_pendingExploration;
    QString m_pendingExplorationPath;
    quint64 m_pendingGeneration = 0;
    // A saved pick shown on every solution until the user picks or changes a setting.
    std::optional<session::ExplorationSelection> m_restoreSelection;
    std::optional<double> m_restoreZoom; // applied once the graph is laid out
};

} // namespace autosplit
