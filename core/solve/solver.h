#pragma once

// The solve entry point: Auto-Split's candidates, Cloud-Only and Edge-Only U8 beside them, the
// Pareto front, the selection and every baseline, for one graph under one set of constraints.
// Milliseconds on ResNet-50-sized graphs (bench/bench_solve.cpp), so the GUI re-runs it on every
// slider move; progress is reported in [0, 1] and a cancelled solve returns an error.

#include "core/solve/solution_set.h"
#include "core/solve/solve_constraints.h"

#include "core/analysis/split_analysis.h"
#include "core/cost/latency_model.h"
#include "core/cost/uplink.h"
#include "core/graph/graph.h"
#include "core/quant/quant_error_table.h"
#include "core/util/progress.h"
#include "core/util/result.h"

namespace autosplit {

struct SolveProblem {
    const Graph& graph;            // optimized and finalized
    const SplitAnalysis& analysis; // of that graph
    const QuantErrorTable& errors; // D_w (and D_a once calibrated) of that graph
    const LatencyModel& latency;   // built for that analysis
    Uplink uplink;
};

// Guarantees: Cloud-Only is candidate 0 and always qualifies, so a selection always exists and
// is never slower than Cloud-Only, nor than Edge-Only U8 when that fits and meets the accuracy
// limits; every Auto-Split candidate fits the edge memory. Fails (one line) on inconsistent
// inputs or invalid constraints, and when cancelled.
Result<SolutionSet> solve(const SolveProblem& problem, const SolveConstraints& constraints,
                          const ProgressCallback& progress = {},
                          const CancellationToken& cancel = {});

} // namespace autosplit
