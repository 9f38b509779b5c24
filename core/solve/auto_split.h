#pragma once

// Auto-Split's search (KDD 2021, Algorithm 1; DESIGN.md, "The problem"):
//  1. potential splits (eq. 6): cuts n whose edge part fits M_edge at the lowest bit-width and
//     whose crossing bytes at the lowest bit-width are below the raw input's;
//  2. for each split, the (M_w, M_a) grid from uniform assignments: M_w = the weights of layers
//     1..n at uniform b, M_a = their peak activation working set at uniform b', for every
//     (b, b') in B x B with M_w + M_a <= M_edge;
//  3. per budget pair, Lagrangian bit allocation (Shoham & Gersho) for the weights (min sum D_w
//     subject to weight bits <= M_w) and the activations (min sum D_a subject to the peak
//     working set <= M_a), each the first state of its Lagrangian path that fits;
//  4. one candidate per (split, budget pair), costed by AssignmentCost's formulas.
// The uniform assignments that define the grid are candidates too, so the search never does
// worse than a uniform assignment it considered. Candidates equal in split and bit-widths are
// listed once.
//
// Costs grow as O((|B| N + K) log N log K + walk), not O(N^2 |B|^2): a Lagrangian state's
// choice per layer does not depend on the split, so one path serves every split, the
// allocations of all splits are found together (prefix_state_search.h), and the candidates are
// costed by one incremental walk over the states (candidate_sweep.h).

#include "core/solve/assignment_cost.h"
#include "core/solve/candidate.h"
#include "core/solve/lagrangian_path.h"

#include "core/util/progress.h"
#include "core/util/result.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace autosplit {

struct AutoSplitResult {
    std::vector<int> bits;            // B, ascending
    std::vector<int> potentialSplits; // eq. 6, ascending, never 0
    // Method AutoSplit or AutoSplitUniform, ascending split; Cloud-Only is not among them.
    std::vector<Candidate> candidates;
    std::vector<uint64_t> fingerprints;               // per candidate (assignment_fingerprint.h)
    std::shared_ptr<const LagrangianPath> weightPath; // rates: params x bits
    std::shared_ptr<const LagrangianPath> activationPath; // rates: quantized output elements x bits
    int64_t sweepSteps = 0; // Lagrangian steps walked while costing (benchmark figure)
};

// B must be non-empty and every width in the error table. Progress in [0, 1]; stops with an
// error when cancelled.
Result<AutoSplitResult> searchAutoSplit(const AssignmentCost& cost, std::vector<int> bits,
                                        const ProgressCallback& progress = {},
                                        const CancellationToken& cancel = {});

} // namespace autosplit
