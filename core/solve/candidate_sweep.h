#pragma once

// Costs of many Auto-Split candidates, each "prefix 1..n of weight state kw and activation state
// ka" of two Lagrangian paths, without an O(n) pass per candidate. The sweep keeps one current
// state (kw, ka) with per-layer latencies, errors and weight bits in Fenwick trees, the working
// set of every edge step in a range-max tree and the crossing bytes of every cut in a
// difference Fenwick tree; moving one step along a path changes one layer's bit-width and
// updates the layer (and, for an activation width, the layers reading its outputs). Requests
// are visited in Hilbert-curve order of (kw, ka), so the walk between them stays short, and a
// request at the current state is answered by prefix queries in O(log N).

#include "core/solve/assignment_cost.h"
#include "core/solve/fenwick_tree.h"
#include "core/solve/lagrangian_path.h"
#include "core/solve/range_max_tree.h"

#include "core/util/progress.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace autosplit {

struct SweepRequest {
    int n = 0;
    int weightState = 0;
    int activationState = 0;
};

struct SweepResult {
    double edgeSeconds = 0.0;
    double error = 0.0;
    int64_t weightBits = 0;    // sum of params x b_w over layers 1..n
    int64_t peakBits = 0;      // peak working set over steps 1..n, in bits
    int64_t crossingBytes = 0; // every tensor crossing cut n, packed per tensor
    uint64_t fingerprint = 0;  // assignmentFingerprint over layers 1..n
};

class CandidateSweep {
public:
    // The paths have one layer per graph layer (path layer i-1 is layer i); the weight path's
    // rates are params x bits, the activation path's quantized output elements x bits.
    CandidateSweep(const AssignmentCost& cost, std::shared_ptr<const LagrangianPath> weights,
                   std::shared_ptr<const LagrangianPath> activations);

    // One result per request, in request order; nullopt when cancelled.
    std::optional<std::vector<SweepResult>> run(const std::vector<SweepRequest>& requests,
                                                const CancellationToken& cancel);
    // Steps walked by the last run (for the benchmark).
    int64_t stepsWalked() const { return m_steps; }

private:
    void reset();
    void moveWeight(int target);
    void moveActivation(int target);
    void setWeight(int layer, int bits);
    void setActivation(int layer, int bits);
    void relayer(int layer); // recomputes one layer's edge latency
    SweepResult query(int n) const;

    const AssignmentCost& m_cost;
    std::shared_ptr<const LagrangianPath> m_weights;
    std::shared_ptr<const LagrangianPath> m_activations;
    int m_layers = 0;
    int m_weightState = 0;
    int m_activationState = 0;
    std::vector<int> m_bw;         // 1-based
    std::vector<int> m_ba;         // 1-based, m_ba[0] = 0 for graph inputs
    std::vector<double> m_latency; // 1-based current edge seconds per layer
    FenwickTree<double> m_latencyTree;
    FenwickTree<double> m_errorTree;
    FenwickTree<int64_t> m_weightBitsTree;
    FenwickTree<uint64_t> m_fingerprintTree;
    FenwickTree<int64_t> m_crossingTree;  // difference array over cuts 0..N
    RangeMaxTree m_workingSet;            // steps 1..N at positions 0..N-1
    std::vector<int64_t> m_fixedCrossing; // raw and integer bytes of each cut
    int64_t m_steps = 0;
};

} // namespace autosplit
