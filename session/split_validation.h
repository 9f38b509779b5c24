#pragma once

// Predicted against measured latency (DESIGN.md, "Measured devices"): every candidate of a
// solution's Pareto front and every baseline, each assignment once, exported as a deployment
// bundle into a temporary folder and run end to end on this machine (core/deploy/bundle_timing.h:
// the cloud served on loopback, the uplink emulated by pacing), beside the solver's predicted
// edge, transmission, cloud and total time. The command line's `validate` and the explorer's
// Solution > Measure on This Computer both come here. Part of autosplit_validation, the session
// library that links gRPC.

#include "session/solve_session.h"

#include "core/deploy/bundle_timing.h"
#include "core/solve/solution_set.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <string>
#include <vector>

namespace autosplit::session {

struct ValidationOptions {
    Uplink uplink;         // what the solution was solved under; the pacing follows it
    int repeats = 5;       // timed inferences per candidate (medians)
    int warmupRuns = 1;    // untimed first
    int maxCandidates = 0; // 0: all; else the fastest front candidates first, then baselines
    bool baselines = true; // the feasible baselines too
    // Candidates measured whatever the limit (what a view shows: a pick off the front); the
    // solution's selection always is.
    std::vector<int> alsoCandidates;
    int threads = 0;                // executor threads per half; 0 = every core
    double tolerance = 0.15;        // a measured total this close to its prediction agrees
    double fastestTolerance = 0.05; // the predicted fastest may be this much slower measured
};

struct ValidationRow {
    std::string label;       // "Auto-Split", "Cloud-Only", "U8 = Auto-Split", ...
    Candidate candidate;     // with its predicted breakdown
    int candidateIndex = -1; // in the solution's candidates, or -1 for a baseline's own answer
    std::vector<std::string> baselines; // the names of the baselines whose answer this is
    // Every candidate of the solution that is this same deployment (the same edge layers and
    // widths): the measurement is theirs too, so a view showing any of them shows it.
    std::vector<int> sameCandidates;
    MeasuredBreakdown measured;

    // (measured - predicted) / predicted of the total; 0 when nothing was predicted.
    double totalError() const;
};

struct ValidationReport {
    std::vector<ValidationRow> rows; // ascending predicted total
    double tolerance = 0.15;
    double fastestTolerance = 0.05;
    std::string inputSource; // "sample 1 of 16", "a random input (no samples)"

    int withinTolerance() const;
    int predictedFastest() const; // row index; -1 when empty
    int measuredFastest() const;
    // The predicted fastest is the measured fastest, or within fastestTolerance of it.
    bool fastestAgrees() const;
    bool goalMet() const {
        return !rows.empty() && withinTolerance() == int(rows.size()) && fastestAgrees();
    }
};

// The rows to measure: the front (ascending latency), then the feasible baselines, each
// assignment once (a baseline equal to a front candidate adds its name to that row's label).
std::vector<ValidationRow> validationRows(const SolutionSet& set, const ValidationOptions& options);

Status validateValidationOptions(const ValidationOptions& options);

// Exports and times every row of validationRows(set). Inputs: the session's first sample, else
// one random input of the model's shape (fixed seed). Progress over all rows; cancellable
// between inferences. Errors name the candidate.
Result<ValidationReport> validateSolution(const SolveSession& session, const SolutionSet& set,
                                          const ValidationOptions& options,
                                          const ProgressCallback& progress = {},
                                          const CancellationToken& cancel = {});

} // namespace autosplit::session
