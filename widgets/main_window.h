#pragma once

#include "model_analysis.h"
#include "solution_set_ptr.h"

#include <QMainWindow>
#include <QStringList>

#include <vector>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSpinBox;
class QTableView;
class QToolButton;

namespace autosplit {

class ConstraintPanel;
class Engine;
class GraphView;
class LatencyBreakdownChart;
class ParetoChart;
class SolutionDetailsView;
struct Constraints;
class LayerFilterProxyModel;
class LayerTableModel;
class ModelSummaryView;

// The explorer's main window (issue #2's part of it): opens a model — the embedded sample, a
// file from the menu, the recent list, the command line or a drop — and shows the optimized
// layers with their split analysis in a sortable, filterable table, with a model summary beside
// it. Loading runs in the Engine; a failed load leaves the shown model as it was.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    static constexpr int kMaxRecentFiles = 8;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openFile(const QString& path, const std::vector<InputShapeOverride>& inputShapes = {});
    void openSample(const std::vector<InputShapeOverride>& inputShapes = {});

    Engine* engine() const { return m_engine; }
    ModelAnalysisPtr currentModel() const { return m_model; }
    QTableView* layerTable() const { return m_table; }
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
    QStringList recentFiles() const { return m_recentFiles; }

signals:
    // The views now show this model.
    void modelShown(autosplit::ModelAnalysisPtr model);
    // A load failed and the user was told (message box opened).
    void loadErrorShown(const QString& message);

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
    void applyConstraints(const Constraints& constraints);
    void showSolution(const SolutionSetPtr& set, double cloudOnlySeconds);
    void selectCandidate(int index);
    void createStatusBar();
    void readSettings();
    void writeSettings() const;

    void showOpenDialog();
    void showAbout();
    void rebuildRecentMenu();
    void addRecentFile(const QString& path);
    void applySplitCriteria();
    void updateFilterCount();
    void fitColumns();

    void onStarted(const QString& displayName);
    void onProgress(int permille, const QString& stage);
    void onModelLoaded(const ModelAnalysisPtr& model);
    void onLoadFailed(const QString& message);
    void onCancelled();
    void onBusyChanged(bool busy);

    Engine* m_engine = nullptr;
    ModelAnalysisPtr m_model;
    QString m_loadingName;

    LayerTableModel* m_layerModel = nullptr;
    LayerFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
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
    QSpinBox* m_memoryLimit = nullptr; // KiB
    QSpinBox* m_lowestBits = nullptr;

    QLabel* m_stateLabel = nullptr;
    QProgressBar* m_progressBar = nullptr;
    QToolButton* m_cancelButton = nullptr;

    QAction* m_openAction = nullptr;
    QAction* m_openSampleAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QStringList m_recentFiles;
};

} // namespace autosplit
