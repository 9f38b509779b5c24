#pragma once

// What the user asks of a solution (DESIGN.md, "The problem"): the edge memory limit M_edge, the
// accuracy limit, the edge device's bit-width set B, and how the raw input and the graph outputs
// are handled.

#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace autosplit {

struct SolveConstraints {
    int64_t edgeMemoryBytes = 4 * 1024 * 1024; // M_edge: weights + peak activation working set
    // Accuracy limit in percentage points, judged on measured drops (filled in after evaluation).
    std::optional<double> maxAccuracyDrop;
    // Limit on the error proxy E, used for candidates whose drop has not been measured.
    std::optional<double> maxError;
    // B, the edge device's bit-widths; empty = every bit-width of the error table.
    std::vector<int> bits;
    // Bits per raw input element and whether graph outputs stay on the edge; unset = the split
    // analysis' own options (set and different: the analysis is redone with these).
    std::optional<int> rawInputBits;
    std::optional<bool> outputsConsumedOnEdge;
    // Precision of the float baselines' edge data and transmission (Neurosurgeon, DADS/QDMP):
    // 16, the paper's W16A16-T16.
    int floatBits = 16;

    // One line naming the bad field, or success.
    Status validate() const;
};

} // namespace autosplit
