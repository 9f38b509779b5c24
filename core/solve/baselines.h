#pragma once

// The methods Auto-Split is compared with (DESIGN.md, "Baselines"), each reported at its true
// cost under the same AssignmentCost model:
//  - Cloud-Only (CLOUD16): raw input sent, the whole model on the cloud;
//  - Edge-Only U8: the whole model on the edge, uniform 8-bit;
//  - U8: Auto-Split's search with every bit-width 8, selected by the same rule;
//  - Neurosurgeon: treats the topological order as a chain and picks n by its belief that only
//    layer n's output crosses (float edge); reported with every tensor that really crosses;
//  - DADS/QDMP: the min-cut of the float DAG (min_cut.h), storing the whole model on the edge;
//  - QDMP_E: that cut storing only its edge part; QDMP_E + U4: that edge part uniformly 4-bit;
//  - Li et al.: the candidate rule's cuts with an INT8 edge; the fastest (Cloud-Only included)
//    and the most private (the fastest that keeps the raw input on the device).
// A min-cut edge set need not be a prefix of the analysis' topological order: it is reported as
// the set itself (Candidate::edgeLayers, executed in topological order), never moved to a cut.

#include "core/solve/assignment_cost.h"
#include "core/solve/baseline.h"
#include "core/solve/min_cut.h"
#include "core/solve/solve_constraints.h"

#include "core/util/progress.h"
#include "core/util/result.h"

#include <vector>

namespace autosplit {

Baseline cloudOnlyBaseline(const AssignmentCost& cost);
Baseline edgeOnlyU8Baseline(const AssignmentCost& cost);
// Fails only when cancelled.
Result<Baseline> u8Baseline(const AssignmentCost& cost, const SolveConstraints& limits,
                            const CancellationToken& cancel = {});
Baseline neurosurgeonBaseline(const AssignmentCost& cost);

// The float DAG as a cut problem: edge layers at the float bits, tensors sent at the float bits
// (raw inputs at their raw size), linear uplink time without the per-message cost.
CutProblem floatCutProblem(const AssignmentCost& cost);
struct QdmpBaselines {
    Baseline qdmp;
    Baseline qdmpE;
    Baseline qdmpEU4;
};
QdmpBaselines qdmpBaselines(const AssignmentCost& cost);

struct LiBaselines {
    Baseline fastest;
    Baseline mostPrivate;
};
LiBaselines liBaselines(const AssignmentCost& cost);

// All of them, in the order listed above. Fails only when cancelled.
Result<std::vector<Baseline>> computeBaselines(const AssignmentCost& cost,
                                               const SolveConstraints& limits,
                                               const ProgressCallback& progress = {},
                                               const CancellationToken& cancel = {});

} // namespace autosplit
