#pragma once

#include "session/opened_model.h"
#include "widgets/engine/solve_engine.h"

#include "session/job_tracker.h"

#include <QObject>
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace autosplit {

namespace session {
struct ValidationReport;
}

// The GUI's front end to the core: opens a model (session::openModel: import -> optimize ->
// analyze) on a worker and hands the result back whole by signal; its SolveEngine does the
// rest. Every background job of the GUI runs through a session::JobTracker.
//
// Each request gets a generation number. A newer request supersedes an older one: the older
// job is asked to cancel and whatever it still produces is dropped, so listeners only ever see
// the newest request's outcome. cancel() drops the current job the same way. Destroying the
// engine cancels and waits for its workers, so closing the window mid-job is safe.
//
// Each model it delivers goes to its SolveEngine first (solveEngine()), which calibrates it in
// the background (the embedded sample on its embedded sample data) and solves it; a model that
// fails to load leaves the solve engine on the previous one.
class Engine : public QObject {
    Q_OBJECT

public:
    // What a saved exploration brings to an open: its optimization passes and solve settings.
    // They take effect only once the model has loaded (the settings before it is calibrated, so
    // the calibration matches the saved one); a failed open leaves the engine as it was.
    struct Restore {
        std::vector<std::string> passNames;
        session::SolveSettings settings;
    };

    explicit Engine(QObject* parent = nullptr);
    ~Engine() override;

    // Starts loading a model file; supersedes any running request. Once loaded, the solve engine
    // calibrates it on `samples` (none: weight errors only, drops cannot be measured).
    void openFile(const QString& path, const std::vector<InputShapeOverride>& inputShapes = {},
                  const SampleSource& samples = {},
                  const std::optional<Restore>& restore = std::nullopt);
    // Starts loading the embedded sample `sampleId` (resources::embeddedSamples(); empty: the
    // default sample). Without overrides it gets the input shape PaddleOCR uses
    // (resources::EmbeddedSample::inputShape); it is calibrated on its own sample data.
    void openSample(const QString& sampleId = {},
                    const std::vector<InputShapeOverride>& inputShapes = {},
                    const std::optional<Restore>& restore = std::nullopt);
    // Drops the running request, if any, and asks its worker to stop.
    void cancel();

    bool isBusy() const { return m_busy; }
    // Number of the newest request (0 before the first).
    quint64 generation() const { return m_jobs.generation(); }
    // Optimization passes the next requests run (default: defaultPassNames()).
    void setPassNames(std::vector<std::string> names) { m_passNames = std::move(names); }
    const std::vector<std::string>& passNames() const { return m_passNames; }
    // Blocks until no worker runs any more (even dropped ones); for tests and shutdown.
    bool waitForWorkers(int msecs = -1);
    // Calibration, solving and evaluation of the loaded model; owned by this engine. The main
    // window uses the forwarding members below; tests look inside.
    SolveEngine* solveEngine() const { return m_solveEngine; }

    // The solve side, forwarded (SolveEngine says what each does).
    void setSolveSettings(const session::SolveSettings& settings);
    const session::SolveSettings& solveSettings() const;
    // Calibrates `model` again on other samples (the user chose sample data for it).
    void setSampleData(const session::OpenedModelPtr& model, const SampleSource& samples);
    const SampleSource& sampleData() const;
    bool canMeasureDrops() const;
    bool willEvaluate(const SolutionSet& set) const;
    Uplink uplink() const;
    // Calibrating or evaluating.
    bool isSolveBusy() const;
    // Stops loading, calibrating, evaluating and measuring alike.
    void cancelAll();
    // Each layer's sensitivity at `bits` on the samples (SolveEngine::measureSensitivity).
    bool measureSensitivity(int bits = 8);
    bool canMeasureSensitivity() const;

    // Writes `candidate` of the current solution as a deployment bundle into `dir` (replacing a
    // bundle there when asked), on a worker: bundleExported or bundleExportFailed follows.
    // False (nothing started) before the model is calibrated or while an export runs.
    bool exportBundle(const Candidate& candidate, const QString& dir, bool replace);
    bool isExporting() const { return m_exportJobs.isRunning(); }

    // Measures this computer as the edge (or cloud) device on the loaded model, on a worker
    // (session::measureThisComputer: found in the cache when this model was measured on this
    // machine before): deviceMeasured, deviceMeasureFailed or, after cancelAll(),
    // deviceMeasureCancelled follows. False (nothing started) without a model; a second request
    // supersedes the first, which then reports cancelled.
    bool measureThisComputer(bool edge);
    bool isMeasuring() const { return m_measuring.has_value(); }

    // Runs every Pareto candidate and baseline of the current solution end to end on this
    // computer (session::validateSolution: bundles on loopback, the uplink paced), on a worker:
    // solutionMeasured, solutionMeasureFailed or, after cancelAll(), solutionMeasureCancelled
    // follows. False (nothing started) without a solution or while a measurement runs.
    // `shown`: the candidate the views show (measured whatever else is), -1 for none.
    bool measureSolution(int shown = -1);
    bool isMeasuringSolution() const { return m_validating; }

signals:
    void started(const QString& displayName);
    // permille in [0, 1000]; stage is translated text ("Importing", ...). Throttled.
    void progress(int permille, const QString& stage);
    void modelLoaded(autosplit::session::OpenedModelPtr model);
    void loadFailed(const QString& message);
    void cancelled();
    void busyChanged(bool busy);

    // The solve engine's signals, forwarded.
    void calibrationStarted();
    void calibrationFinished(bool fromCache);
    void calibrationSkipped(const QString& reason);
    void calibrationFailed(const QString& message);
    void solutionReady(autosplit::SolutionSetPtr set, double cloudOnlySeconds);
    void solveFailed(const QString& message);
    void solutionUpdated(autosplit::SolutionSetPtr set);
    void evaluationFinished(autosplit::SolutionSetPtr set);
    void evaluationFailed(const QString& message);
    void solveProgress(int permille, const QString& stage);
    void solveBusyChanged(bool busy);
    void solveCancelled();
    void sensitivityMeasured(std::shared_ptr<const autosplit::SensitivityResult> result);
    void sensitivityFailed(const QString& message);

    // summary: one translated line (split, files, bytes on the wire).
    void bundleExported(const QString& dir, const QString& summary);
    void bundleExportFailed(const QString& dir, const QString& message);

    // path: the measured device profile (a file in the cache) to use as that side's device.
    void deviceMeasured(bool edge, const QString& path);
    void deviceMeasureFailed(bool edge, const QString& message);
    void deviceMeasureCancelled(bool edge);
    void measureProgress(int permille, const QString& stage);
    void measureBusyChanged(bool busy);

    // `set`: the solution the report's rows index into.
    void solutionMeasured(std::shared_ptr<const autosplit::session::ValidationReport> report,
                          autosplit::SolutionSetPtr set);
    void solutionMeasureFailed(const QString& message);
    void solutionMeasureCancelled();
    void solutionMeasureProgress(int permille, const QString& stage);
    void solutionMeasureBusyChanged(bool busy);

private:
    struct Request {
        QString filePath; // empty: the embedded sample `sampleId`
        QString sampleId;
        QString displayName;
        std::vector<InputShapeOverride> inputShapes;
        std::vector<std::string> passNames;
        SampleSource samples;
        std::optional<Restore> restore;
    };

    void start(Request request);
    void setBusy(bool busy);
    void forwardSolveSignals();

    session::JobTracker m_jobs;
    session::JobTracker m_exportJobs;
    session::JobTracker m_measureJobs;
    session::JobTracker m_validateJobs;
    bool m_validating = false;
    std::optional<bool> m_measuring; // the side being measured (true: edge)
    bool m_busy = false;
    std::vector<std::string> m_passNames;
    SolveEngine* m_solveEngine = nullptr;
};

} // namespace autosplit
