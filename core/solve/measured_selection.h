#pragma once

// Judging a solution on measured accuracy drops (DESIGN.md, "Accuracy"): the error proxy E orders
// the candidates, the samples decide. The fastest candidates along the (latency, error) Pareto
// front are measured until the fastest one within the drop limit is found (evaluateFront), U8 is
// solved again with B = {8} and judged the same way, every baseline is measured, and the
// selection is redone on the measured drops. How a drop is measured (running the model on
// samples) is the caller's: a DropMeasure.

#include "core/quant/drop_interval.h"
#include "core/quant/evaluation.h"
#include "core/solve/drop_cache.h"
#include "core/solve/solution_set.h"
#include "core/solve/solver.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <functional>

namespace autosplit {

// Judges one candidate's accuracy drop (percentage points): with a limit, on as many samples as it
// takes to know whether the whole set's drop is within it; without one, on every sample.
using DropMeasure = std::function<Result<DropJudgement>(
    const Candidate& candidate, std::optional<double> limit, const CancellationToken& cancel)>;
// The candidates about to be judged, in order (so the measure can keep what they share).
using DropQueue = std::function<void(const std::vector<const Candidate*>& upcoming)>;

// Called after each measured drop that changes `set`, with the selection already redone on what
// is measured so far: `candidate` is the index of the candidate just measured, or -1 when a
// baseline changed.
using MeasuredCallback = std::function<void(const SolutionSet& set, int candidate)>;

struct MeasuredSelection {
    DropMeasure measure;
    DropQueue expect; // optional
    // Front candidates measured one by one, fastest first, before the binary search.
    int linearCount = 12;
};

// Finds the fastest front candidate of `set` within limits.maxAccuracyDrop (which must be set).
// A candidate off the front is slower and worse than one on it, so the search stays on the
// front. The first `how.linearCount` front candidates are measured fastest first (exact); past
// them a binary search assumes what the front implies — less error further along, so no larger
// a drop — and measures about log2 of the rest. A candidate is judged until it is clearly within
// or beyond the limit; one within is confirmed on every sample before it is selected. The front
// ends at Cloud-Only, which loses only what its raw input loses on the wire; when even it is over
// the limit, nothing qualifies and the selection falls back to it. `set`'s selection is redone at
// the end.
Status evaluateFront(SolutionSet& set, const SolveConstraints& limits, const MeasuredSelection& how,
                     const CancellationToken& cancel = {}, const MeasuredCallback& measured = {});

// The whole judgement of a solution of `problem` under set.constraints (which must have a drop
// limit): evaluateFront, then U8 re-solved with B = {8} and judged the same way, then every
// feasible baseline judged against the limit (on part of the samples when that is clear); the
// selection redone. Progress in [0, 1]; a cancelled evaluation
// fails and leaves `set` with the drops measured so far.
Status evaluateSolution(const SolveProblem& problem, SolutionSet& set, const MeasuredSelection& how,
                        const ProgressCallback& progress = {}, const CancellationToken& cancel = {},
                        const MeasuredCallback& measured = {});

// Whether a candidate's drop is measured on the samples: quantized edge layers, or a crossing that
// loses on the wire (the raw input as codes or float16, float edge tensors as float16).
bool isMeasurable(const Candidate& candidate);

// What the evaluation runs to judge `candidate`: its split, edge set and widths (float for a float
// edge), the wire forms it was costed with, weights ranged by `weightRange`.
EvaluationRequest evaluationRequestOf(const Candidate& candidate, const RangeOptions& weightRange);

// Gives a candidate the judgement: its drop and, when not on every sample, the evidence.
void applyJudgement(Candidate& candidate, const DropJudgement& judgement);

// Gives every candidate and baseline of `set` the drop already known for it: measured before
// (`known`, by assignment) or 0 when it loses nothing (not isMeasurable). A solution made after the
// user moved a slider then shows — and selects by — every drop measured so far, not only those
// its own evaluation touches; the measured front is drawn from all of them. The selection is
// redone; returns how many candidates have a drop.
size_t applyKnownDrops(SolutionSet& set, const DropCache& known);

} // namespace autosplit
