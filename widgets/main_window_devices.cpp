// The main window's part of measured devices: the pickers' "This computer (measured)" runs the
// engine's measurement of the opened model with the status bar's progress and Cancel; its result
// becomes the picker's device, a failure or a cancel puts the picker back. A new model is
// measured again for a side that uses this computer (read from the cache when it was before).
// Analysis > Measure Solutions on This Computer runs every Pareto candidate and baseline of the
// shown solution end to end; the charts then draw the measured latencies beside the predicted
// ones, until the next solve.

#include "widgets/main_window.h"

#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/pareto_chart.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/engine.h"

#include "session/measured_device.h"
#include "session/split_validation.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

namespace autosplit {

void MainWindow::connectMeasuredDevices() {
    connect(m_constraintPanel, &ConstraintPanel::thisComputerRequested, this, [this](bool edge) {
        if (!m_engine->measureThisComputer(edge)) {
            m_constraintPanel->restoreDevice(edge);
            statusBar()->showMessage(tr("Open a model first: this computer is measured on it"),
                                     5000);
            return;
        }
        m_stateLabel->setText(
            tr("Measuring this computer on %1…").arg(m_model ? m_model->displayName : QString()));
    });
    connect(m_engine, &Engine::measureProgress, this, &MainWindow::onProgress);
    connect(m_engine, &Engine::measureBusyChanged, this, [this](bool busy) {
        onBusyChanged(busy || m_engine->isBusy() || m_engine->isSolveBusy());
    });
    connect(m_engine, &Engine::deviceMeasured, this, [this](bool edge, const QString& path) {
        m_stateLabel->setText(edge ? tr("This computer is the edge device (measured)")
                                   : tr("This computer is the cloud device (measured)"));
        m_constraintPanel->useMeasuredDevice(edge, path);
    });
    connect(
        m_engine, &Engine::deviceMeasureFailed, this, [this](bool edge, const QString& message) {
            m_constraintPanel->restoreDevice(edge);
            m_stateLabel->setText(tr("Could not measure this computer"));
            // Non-blocking, so the window (and a test driving it) keeps running.
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot Measure This Computer"),
                                        message, QMessageBox::Ok, this);
            box->setObjectName(QStringLiteral("measureErrorBox"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        });
    connect(m_engine, &Engine::deviceMeasureCancelled, this, [this](bool edge) {
        m_constraintPanel->restoreDevice(edge);
        m_stateLabel->setText(tr("Cancelled measuring this computer"));
    });
    connectSolutionMeasurement();
    connect(this, &MainWindow::modelShown, this, [this](const session::OpenedModelPtr& model) {
        m_constraintPanel->setModelGraph(session::sharedGraph(model));
        const session::SolveSettings settings = m_constraintPanel->constraints();
        if (session::isMeasuredProfileCache(settings.edgeDevice))
            m_engine->measureThisComputer(true);
        else if (session::isMeasuredProfileCache(settings.cloudDevice))
            m_engine->measureThisComputer(false);
    });
}

void MainWindow::connectSolutionMeasurement() {
    m_measureSolutionsAction = new QAction(tr("&Measure Solutions on This Computer…"), this);
    m_measureSolutionsAction->setObjectName(QStringLiteral("measureSolutionsAction"));
    m_measureSolutionsAction->setStatusTip(
        tr("Run every Pareto candidate and baseline end to end on this computer (the cloud on "
           "loopback, the uplink emulated) and show the measured latencies beside the "
           "predicted ones"));
    if (m_analysisMenu)
        m_analysisMenu->addAction(m_measureSolutionsAction);
    connect(m_measureSolutionsAction, &QAction::triggered, this, [this] {
        if (!m_engine->measureSolution(m_breakdownChart->selected())) {
            statusBar()->showMessage(m_engine->isMeasuringSolution()
                                         ? tr("The solutions are being measured already")
                                         : tr("Solve first: the solutions are measured"),
                                     5000);
            return;
        }
        m_stateLabel->setText(tr("Measuring the solutions on this computer…"));
    });
    connect(m_engine, &Engine::solutionMeasureProgress, this, &MainWindow::onProgress);
    connect(m_engine, &Engine::solutionMeasureBusyChanged, this, [this](bool busy) {
        onBusyChanged(busy || m_engine->isBusy() || m_engine->isSolveBusy());
    });
    connect(m_engine, &Engine::solutionMeasured, this,
            [this](const std::shared_ptr<const session::ValidationReport>& report,
                   const SolutionSetPtr& set) {
                if (set != m_solution)
                    return; // solved again meanwhile: these rows index another solution
                MeasuredLatencies measured;
                for (const session::ValidationRow& row : report->rows) {
                    const MeasuredLatency m{row.measured.edgeSeconds,
                                            row.measured.transmissionSeconds,
                                            row.measured.cloudSeconds, row.measured.totalSeconds};
                    if (row.candidateIndex >= 0)
                        measured.candidates[row.candidateIndex] = m;
                    for (int same : row.sameCandidates) // the same deployment, found elsewhere
                        measured.candidates.emplace(same, m);
                    for (const std::string& name : row.baselines)
                        measured.baselines[name] = m;
                }
                m_paretoChart->setMeasuredLatencies(measured);
                m_breakdownChart->setMeasuredLatencies(measured);
                m_stateLabel->setText(
                    tr("Measured %1 solutions on this computer: %2 within %3 % of the prediction")
                        .arg(report->rows.size())
                        .arg(report->withinTolerance())
                        .arg(report->tolerance * 100.0, 0, 'g', 3));
            });
    connect(m_engine, &Engine::solutionMeasureFailed, this, [this](const QString& message) {
        m_stateLabel->setText(tr("Could not measure the solutions"));
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot Measure the Solutions"),
                                    message, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("measureSolutionsErrorBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    connect(m_engine, &Engine::solutionMeasureCancelled, this,
            [this] { m_stateLabel->setText(tr("Cancelled measuring the solutions")); });
    // a new solve has other candidates: what was measured belongs to the old one
    connect(m_engine, &Engine::solutionReady, this, [this] {
        if (!m_paretoChart->measuredLatencies().empty()) {
            m_paretoChart->setMeasuredLatencies({});
            m_breakdownChart->setMeasuredLatencies({});
        }
    });
}

} // namespace autosplit
