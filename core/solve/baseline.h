#pragma once

// A baseline method's single answer, reported on the same cost model as Auto-Split.

#include "core/solve/candidate.h"

#include <optional>
#include <string>

namespace autosplit {

struct Baseline {
    std::string name; // "Cloud-Only", "Edge-Only U8", "U8", "Neurosurgeon", "DADS/QDMP", "QDMP_E",
                      // "QDMP_E + U4", "Li et al. (fastest)", "Li et al. (most private)"
    Candidate candidate; // at its true cost; infeasible with a reason when it has no valid answer
    std::optional<double> believedSeconds; // the method's own latency estimate, when it differs
    std::string note;                      // how the answer was chosen, in one line
};

} // namespace autosplit
