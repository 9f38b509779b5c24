#pragma once

// Selection (DESIGN.md, "The problem"; KDD 2021 §4.2): the lowest-latency candidate that fits the
// edge memory and whose accuracy drop is within the user's limit.

#include "core/solve/candidate.h"
#include "core/solve/solve_constraints.h"

#include <string>
#include <vector>

namespace autosplit {

// Whether a candidate's accuracy is within the limits:
//  - a measured drop is judged against maxAccuracyDrop when that is set;
//  - an unquantized edge (no edge layers, or float baselines) loses nothing: always within;
//  - otherwise the error proxy E is judged against maxError when that is set;
//  - a candidate that only a drop limit applies to, not yet measured, is not within it (its
//    drop is unknown until it is evaluated on sample data);
//  - no limit at all: within.
// `why`, when given, receives one line for a candidate that is not within.
bool meetsAccuracy(const Candidate& candidate, const SolveConstraints& limits,
                   std::string* why = nullptr);

// Index of the fastest candidate that is feasible and meets the accuracy limits; ties go to less
// error, then less edge memory, then the lower index. -1 when there is none.
int selectFastest(const std::vector<Candidate>& candidates, const SolveConstraints& limits);

} // namespace autosplit
