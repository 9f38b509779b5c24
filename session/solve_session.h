#pragma once

// A model opened for solving: its samples and calibration, the split analysis, the latency model
// and network it was opened with, the user's limits, and the measured drops of the candidates
// evaluated so far. The command line opens one per run (solve, sweep); the explorer's engine
// opens one per model and shares it, read-only, between its solve and evaluation jobs, passing
// the latency model, uplink and limits of each request explicitly.

#include "session/model_setup.h"
#include "session/opened_model.h"
#include "session/solve_settings.h"

#include "core/analysis/split_analysis.h"
#include "core/cost/latency_model.h"
#include "core/cost/uplink.h"
#include "core/metrics/task_metric.h"
#include "core/quant/calibration.h"
#include "core/solve/drop_cache.h"
#include "core/solve/measured_selection.h"
#include "core/solve/solver.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <QString>

#include <memory>

namespace autosplit::session {

struct SolveSession {
    ModelSetup setup;
    // D_w and D_a with the activation ranges; without samples only D_w (computeWeightErrors).
    CalibrationResult calibration;
    SplitAnalysis analysis;
    std::shared_ptr<const LatencyModel> latency;
    SolveSettings settings; // what the session was opened with
    QString edgeName, cloudName, networkName;
    Uplink uplink;
    SolveConstraints constraints;
    bool evaluate = true;   // measure drops on the samples when a drop limit is set
    int evaluateLimit = 12; // front candidates measured one by one before the binary search
    QString modelPath;
    // What a drop is measured in: top-1 (default) or the lines of a text recogniser.
    TaskMetric metric;
    OpenedModelPtr model;  // the file as opened (its hash goes into exported bundles); may be null
    QString sampleSource;  // where the samples came from, for reports ("folder x", "16 random")
    QString preprocessing; // the image preprocessing spec the samples went through, if any
    // Measured drops by assignment; a cache, so it may grow through a const session.
    mutable DropCache drops;

    // Whether drops can be measured: evaluation on, samples given, activations calibrated.
    bool canMeasure() const;
};

// The solver's problem for this session under another latency model or uplink (and analysis:
// the settings' raw input bits and outputs on the edge cut the graph another way).
SolveProblem problemFor(const SolveSession& session, const LatencyModel& latency,
                        const Uplink& uplink);
SolveProblem problemFor(const SolveSession& session, const SplitAnalysis& analysis,
                        const LatencyModel& latency, const Uplink& uplink);

// What evaluate() is asked to measure `candidate` with: its edge set and widths (float for a float
// edge), the widths its cost charged for what crosses unquantized, the session's weight ranges.
EvaluationRequest evaluationRequest(const SolveSession& session, const Candidate& candidate);

// Evaluates one candidate on the samples (cached in session.drops); the drop in percentage points.
Result<double> measureDrop(const SolveSession& session, const Candidate& candidate,
                           const CancellationToken& cancel = {});

// How the session measures drops (measureDrop), for the core's measured selection
// (core/solve/measured_selection.h); `evaluateLimit` front candidates one by one.
MeasuredSelection measuredSelection(const SolveSession& session, int evaluateLimit);

// The judgement of `set`, a solution of `problem`, by drops measured on the samples:
// evaluateSolution of core/solve/measured_selection.h with this session's measure.
Status evaluateOnSamples(const SolveSession& session, const SolveProblem& problem,
                         int evaluateLimit, SolutionSet& set, const ProgressCallback& progress = {},
                         const CancellationToken& cancel = {},
                         const MeasuredCallback& measured = {});

// One solve, then (when a drop limit is set and the session can measure) the evaluation of the
// solution on the samples (evaluateOnSamples): the selection is then by measured drops.
Result<SolutionSet> solveAndEvaluate(const SolveSession& session, const LatencyModel& latency,
                                     const Uplink& uplink, const SolveConstraints& constraints,
                                     const ProgressCallback& progress = {},
                                     const CancellationToken& cancel = {});
// The same with the session's own latency model.
Result<SolutionSet> solveAndEvaluate(const SolveSession& session, const Uplink& uplink,
                                     const SolveConstraints& constraints,
                                     const ProgressCallback& progress = {});

} // namespace autosplit::session
