#pragma once

#include "session/opened_model.h"
#include "widgets/solution/solution_set_ptr.h"

#include "session/job_tracker.h"
#include "session/sample_source.h"
#include "session/solve_settings.h"

#include "core/cost/latency_model.h"
#include "core/cost/uplink.h"
#include "core/metrics/task_metric.h"
#include "core/quant/layer_sensitivity.h"
#include "core/quant/range_estimator.h"
#include "core/util/progress.h"

#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace autosplit::session {
struct SolveSession;
}

namespace autosplit {

using SampleSource = session::SampleSource;

// The explorer's solve loop off the GUI thread (DESIGN.md: "the interactive loop re-runs only
// solve"). For the model it is given it
//  1. calibrates in the background (D_w and D_a on the sample inputs, from the on-disk cache
//     when the same inputs were calibrated before); without samples, or when calibration cannot
//     run, it computes the weight errors D_w only and drops cannot be measured;
//  2. solves on every setConstraints() — a few milliseconds, on a worker: calls made in one
//     event-loop turn are coalesced into one solve, and a solve whose request was superseded
//     while it ran is dropped and redone with the newest settings, so listeners only ever see
//     the newest request's solution;
//  3. then, with a drop limit set and samples calibrated, evaluates the Pareto candidates on the
//     samples (app/common/solution_evaluation.h), handing over an updated SolutionSet after each
//     measured drop. A newer request or cancel() stops it; measured drops are kept per model, so
//     a candidate that comes back is not measured again.
// Results are immutable SolutionSets shared whole; a job's late result is told from the newest
// by generation numbers and dropped. setModel() supersedes every job of the previous model;
// destroying the engine cancels its workers and waits for them, so nothing arrives afterwards.
class SolveEngine : public QObject {
    Q_OBJECT

public:
    explicit SolveEngine(QObject* parent = nullptr);
    ~SolveEngine() override;

    // Starts calibrating `model` (replacing the current one) and solves once that is done.
    void setModel(session::OpenedModelPtr model, const SampleSource& samples = {});
    // Drops the model and every job.
    void clearModel();
    // Measured drops from a saved exploration, by assignment key (DropCache), for the session
    // whose drop store key (session/drop_store.h) is `storeKey`: added to it when it is
    // calibrated, before its first solve, so none of them is measured again (dropsRestored
    // follows). Drops for another calibration are never used.
    void restoreDrops(const QString& storeKey, std::map<std::string, double> drops);
    // Re-solves with these settings (see the class comment); they stay for the next model. A new
    // confidence of early decisions (dropConfidence) makes the session again first: calibration
    // (from its cache) and then the solve, as for new samples.
    void setConstraints(const session::SolveSettings& settings);
    const session::SolveSettings& constraints() const { return m_settings; }
    // Front candidates measured one by one before the binary search (default 12).
    void setEvaluateLimit(int count) { m_evaluateLimit = count; }
    int evaluateLimit() const { return m_evaluateLimit; }
    // Stops the running evaluation (the solution keeps the drops measured so far), a running
    // sensitivity measurement and a running calibration (the engine then solves on weight errors
    // only; a second cancel stops that).
    void cancel();
    // Measures each layer's sensitivity on the samples in the background (core/quant/
    // layer_sensitivity.h: that layer alone quantized to `bits`, the rest float, the drop in the
    // task metric's unit); sensitivityMeasured or sensitivityFailed follows. False (nothing
    // started) when drops cannot be measured or `bits` was not calibrated. Kept per model.
    bool measureSensitivity(int bits = 8);
    bool isMeasuringSensitivity() const { return m_measuringSensitivity; }
    // Measures the drop of candidate `index` of the current solution in the background — a
    // solution the user picked that the evaluation did not reach, or judged on part of the
    // samples only — on every sample, and hands out the solution with it known (solutionUpdated;
    // every later update keeps it). False (nothing started) when drops cannot be measured, the
    // candidate is not measurable or its drop on every sample is known.
    bool measureCandidate(int index);
    bool isMeasuringCandidate() const { return m_measuringCandidate; }
    // The last sensitivity measured for the current model, or null.
    std::shared_ptr<const SensitivityResult> sensitivity() const { return m_sensitivity; }

    session::OpenedModelPtr model() const { return m_model; }
    // Where the model's samples come from (as given to setModel).
    const SampleSource& samples() const { return m_samples; }
    // The calibrated session the solutions come from; null until calibration is done.
    std::shared_ptr<const session::SolveSession> session() const { return m_session; }
    bool isCalibrated() const { return m_session != nullptr; }
    // Whether candidates' drops can be measured (samples given and calibrated, and the settings
    // ask for it). When they cannot, the accuracy-drop limit of the settings is not applied.
    bool canMeasureDrops() const;
    // Whether a new solution of `set` gets evaluated (drops measurable and a drop limit set):
    // evaluationFinished follows its solutionReady only then.
    bool willEvaluate(const SolutionSet& set) const;
    // The newest solution handed out, and the latency model and uplink it was solved on.
    SolutionSetPtr solution() const { return m_solution; }
    std::shared_ptr<const LatencyModel> latencyModel() const { return m_latency; }
    // The analysis the newest solution cut the graph by (the model's, unless the settings'
    // raw input bits or outputs on the edge differ from its).
    std::shared_ptr<const SplitAnalysis> analysis() const { return m_analysis; }
    Uplink uplink() const { return m_uplink; }
    // Calibrating or evaluating (solves are too short to count).
    bool isBusy() const { return m_busy; }
    // Number of the newest solve request.
    quint64 generation() const { return m_solveJobs.generation(); }
    // Blocks until no worker runs any more (even dropped ones); for tests and shutdown.
    bool waitForWorkers(int msecs = -1);

signals:
    void calibrationStarted();
    // fromCache: read from the calibration cache rather than computed.
    void calibrationFinished(bool fromCache);
    // Calibration did not run (no samples, unusable samples, the executor lacks an operator,
    // cancelled); the engine solves on weight errors only and drops cannot be measured. One line.
    void calibrationSkipped(const QString& reason);
    // Not even the weight errors could be computed: nothing can be solved. One line.
    void calibrationFailed(const QString& message);
    // A new solution, before any evaluation; cloudOnlySeconds normalises the latencies.
    void solutionReady(autosplit::SolutionSetPtr set, double cloudOnlySeconds);
    // The newest settings cannot be solved (unknown device, bad limits, ...). One line.
    void solveFailed(const QString& message);
    // Evaluation measured candidate `candidate` of the current solution.
    void candidateEvaluated(int candidate, double dropPercent);
    // The current solution with more drops measured and the selection redone on them.
    void solutionUpdated(autosplit::SolutionSetPtr set);
    // Evaluation of the current solution is complete; `set` is final.
    void evaluationFinished(autosplit::SolutionSetPtr set);
    void evaluationFailed(const QString& message);
    void sensitivityMeasured(std::shared_ptr<const autosplit::SensitivityResult> result);
    void sensitivityFailed(const QString& message);
    // permille in [0, 1000] of the running calibration or evaluation; stage is translated.
    void progress(int permille, const QString& stage);
    void busyChanged(bool busy);
    void cancelled();
    // restoreDrops' drops were added to the calibrated session.
    void dropsRestored(int count);

private:
    struct LatencyCache;
    struct Prepared;
    struct Solved;
    enum class PrepareMode { Calibrate, WeightsOnly };

    void startPreparation(PrepareMode mode, const QString& reason = {});
    void finishPreparation(const std::shared_ptr<Prepared>& prepared);
    void scheduleSolve();
    void startSolve();
    void finishSolve(const std::shared_ptr<Solved>& solved);
    void startEvaluation(const SolutionSetPtr& set);
    void evaluationUpdate(const SolutionSetPtr& set, int candidate, double drop);
    void finishEvaluation(const SolutionSetPtr& set, const QString& error);
    // `set` with every drop measured so far for these samples (applyKnownDrops).
    SolutionSetPtr withKnownDrops(const SolutionSetPtr& set) const;
    void stopEvaluation();
    // Makes the session again (a new evaluation engine) with the drops measured on every sample
    // kept, as a new confidence of early decisions needs.
    void remakeSession();
    static QString stageText(int stage);
    static QString settingLabel(session::SolveSetting setting);
    void updateBusy();

    // Calibration (or weight errors), solves, evaluations: each newest request wins.
    session::JobTracker m_prepareJobs;
    session::JobTracker m_solveJobs;
    session::JobTracker m_evaluationJobs;
    session::JobTracker m_sensitivityJobs;
    session::JobTracker m_pickJobs; // drops of picked candidates
    session::OpenedModelPtr m_model;
    SampleSource m_samples;
    std::vector<int> m_calibrationBits;
    session::SolveSettings m_settings;
    int m_evaluateLimit = 12;
    QString m_restoredDropsKey;
    std::map<std::string, double> m_restoredDrops;

    std::shared_ptr<const session::SolveSession> m_session;
    std::shared_ptr<LatencyCache> m_latencyCache; // per model, shared with the solve jobs
    std::shared_ptr<session::ProfileCache> m_profiles = std::make_shared<session::ProfileCache>();
    SolutionSetPtr m_solution;
    std::shared_ptr<const SplitAnalysis> m_analysis;
    std::shared_ptr<const LatencyModel> m_latency;
    Uplink m_uplink;

    PrepareMode m_prepareMode = PrepareMode::Calibrate;
    bool m_preparing = false;
    bool m_solveQueued = false; // a solve is scheduled for the next event-loop turn
    bool m_evaluating = false;
    bool m_measuringSensitivity = false;
    bool m_measuringCandidate = false;
    // A drop measured on demand since the last solve: updates of a running evaluation (made from
    // its own copy of the set) get it too.
    bool m_extraDrops = false;
    std::shared_ptr<const SensitivityResult> m_sensitivity;
    bool m_busy = false;
};

} // namespace autosplit
