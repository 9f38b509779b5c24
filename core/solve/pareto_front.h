#pragma once

// The Pareto front of candidates in (latency, accuracy loss): the feasible candidates no other
// feasible candidate beats in both (equal in both: the first one listed stays).

#include "core/solve/candidate.h"

#include <vector>

namespace autosplit {

// In (totalSeconds, error), ascending latency (so descending error).
std::vector<int> paretoFront(const std::vector<Candidate>& candidates);
// In (totalSeconds, measuredDrop) among the candidates with a measured drop.
std::vector<int> measuredParetoFront(const std::vector<Candidate>& candidates);

} // namespace autosplit
