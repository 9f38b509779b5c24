#pragma once

// What a solve returns (DESIGN.md, "The problem"): every candidate, the Pareto front, the
// selected candidate and every baseline, for the constraints it was solved under. A value type;
// the GUI hands it over whole.

#include "core/solve/baseline.h"
#include "core/solve/candidate.h"
#include "core/solve/solve_constraints.h"

#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

struct SolutionSet {
    SolveConstraints constraints;
    std::vector<int> bits;            // B used
    std::vector<int> potentialSplits; // eq. 6
    // Cloud-Only first, then Edge-Only U8 (when the table has 8 bits), then Auto-Split's
    // candidates.
    std::vector<Candidate> candidates;
    std::vector<int> paretoFront;   // (latency, error), ascending latency
    std::vector<int> measuredFront; // (latency, measured drop), once candidates are evaluated
    int selected = 0;               // index into candidates; Cloud-Only when nothing else qualifies
    std::string selectionReason;
    std::vector<Baseline> baselines;
    std::vector<std::string> warnings;

    const Candidate& selectedCandidate() const { return candidates[static_cast<size_t>(selected)]; }
    const Baseline* baseline(std::string_view name) const;
};

// Recomputes the fronts and the selection, e.g. after measured drops were filled in or the
// accuracy limits changed (constraints.maxAccuracyDrop / maxError). The memory limit and B
// need a new solve.
void updateSelection(SolutionSet& set);

// Cloud-Only's latency in the set, what normalised latencies divide by (the first candidate's
// when the set has no Cloud-Only; 0 for an empty set).
double cloudOnlySeconds(const SolutionSet& set);

} // namespace autosplit
