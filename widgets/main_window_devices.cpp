// The main window's part of measured devices: the pickers' "This computer (measured)" runs the
// engine's measurement of the opened model with the status bar's progress and Cancel; its result
// becomes the picker's device, a failure or a cancel puts the picker back. A new model is
// measured again for a side that uses this computer (read from the cache when it was before).

#include "widgets/main_window.h"

#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/engine.h"

#include "session/measured_device.h"

#include <QLabel>
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
    connect(this, &MainWindow::modelShown, this, [this](const session::OpenedModelPtr& model) {
        m_constraintPanel->setModelGraph(session::sharedGraph(model));
        const session::SolveSettings settings = m_constraintPanel->constraints();
        if (session::isMeasuredProfileCache(settings.edgeDevice))
            m_engine->measureThisComputer(true);
        else if (session::isMeasuredProfileCache(settings.cloudDevice))
            m_engine->measureThisComputer(false);
    });
}

} // namespace autosplit
