#pragma once

// One solution of the split problem at its cost (DESIGN.md, "The problem"): which layers run on
// the edge at which bit-widths, the latency breakdown, edge memory, what crosses the network, the
// error proxy E and, once evaluated on sample data, the measured accuracy drop.

#include "core/solve/edge_bits.h"

#include "core/graph/graph.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

// Which method produced a candidate.
enum class Method {
    CloudOnly,        // n = 0: raw input sent, whole model on the cloud
    EdgeOnlyU8,       // n = N, uniform 8-bit
    AutoSplit,        // Lagrangian bit allocation for one (split, M_w, M_a)
    AutoSplitUniform, // a uniform assignment of Auto-Split's (M_w, M_a) grid
    U8,               // Auto-Split's search with every bit-width 8
    Neurosurgeon,     // chain belief, reported at its true cost
    Qdmp,             // min-cut of the float DAG, whole model stored on the edge
    QdmpE,            // that cut, only the edge part stored
    QdmpEU4,          // that cut, edge part uniformly 4-bit
    LiFastest,        // Li et al.'s candidate rule, INT8 edge: fastest
    LiPrivate,        // ... the fastest that keeps the raw input on the device
    Assignment,       // evaluated as given (user edits, tests)
};

// Stable lower-case identifier for reports and JSON ("cloud-only", "edge-only-u8", "auto-split",
// "auto-split-uniform", "u8", "neurosurgeon", "qdmp", "qdmp-e", "qdmp-e-u4", "li-fastest",
// "li-private", "assignment").
std::string_view methodName(Method method);

struct Candidate {
    Method method = Method::Assignment;
    // Cut n: layers 1..n run on the edge. For an edge set that is not a prefix of the analysis'
    // topological order (a min-cut partition), `edgeLayers` lists it and `split` is its last layer.
    int split = 0;
    std::vector<int> edgeLayers; // 1-based, ascending; empty for the prefix 1..split
    EdgeBits bits;               // b_w, b_a of layers 1..split (only edge layers matter)
    bool floatEdge = false;      // edge part unquantized at the float bits: E = 0
    // Auto-Split's (M_w, M_a) grid pair, as the uniform widths the budgets come from; 0 otherwise.
    int budgetWeightBits = 0;
    int budgetActivationBits = 0;
    // What the cost charged per element for what crosses unquantized: a float graph input read on
    // the cloud at the analysis' raw-input bits, a float tensor an edge layer leaves unquantized
    // at the float bits. The bundle sends them so and the evaluation simulates them
    // (core/quant/wire_form.h).
    int rawInputBits = 8;
    int floatBits = 16;

    double edgeSeconds = 0.0;
    double transmissionSeconds = 0.0;
    double cloudSeconds = 0.0;
    double totalSeconds = 0.0;
    int64_t edgeWeightBytes = 0;
    int64_t peakActivationBytes = 0;    // peak activation working set on the edge
    int64_t edgeMemoryBytes = 0;        // weights + peak working set: M(n, b)
    int64_t transmittedBytes = 0;       // payload of every crossing tensor, packed
    std::vector<ValueId> crossing;      // tensors sent to the cloud
    double error = 0.0;                 // E(n, b)
    std::optional<double> measuredDrop; // percentage points, when evaluated

    // Fits the edge memory and every size it needs is known; otherwise `reason` says why not.
    bool feasible = true;
    std::string reason;

    bool isPrefix() const { return edgeLayers.empty(); }
    int edgeLayerCount() const { return isPrefix() ? split : static_cast<int>(edgeLayers.size()); }
    bool onEdge(int layer) const;
};

} // namespace autosplit
