#pragma once

// What the graph view paints on top of a layout for the current solution: which side of the
// cut each node is on, which edges cross it, and what each tensor costs to send at its bit-width
// over the current uplink (DESIGN.md, "The problem": L_tx). Plain values, no Qt, so the
// colouring can be checked against the split analysis without widgets.

#include "widgets/graph/layout/graph_layout.h"

#include "core/analysis/split_analysis.h"
#include "core/cost/uplink.h"
#include "core/graph/graph.h"
#include "core/solve/candidate.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace autosplit {

enum class CutSide {
    None,  // no split shown, or a node outside every layer (a raw constant computation)
    Edge,  // runs on the edge device (graph inputs are there too)
    Cloud, // runs on the cloud (graph outputs are gathered there unless consumed on the edge)
};

struct TransmissionCost {
    std::optional<int64_t> bytes; // packed payload; nullopt when the tensor's size is unknown
    int bits = 0;                 // bits per element it travels at
    // The payload over the uplink alone. The round trip and the per-message overhead are paid
    // once per inference, not per tensor: the crossing tensors' seconds plus them make
    // GraphAnnotations::crossingSeconds, so the labels of a cut add up to its transmission time.
    double seconds = 0.0;
};

struct AnnotationSettings {
    const Candidate* cut = nullptr; // the split shown; nullptr: none
    // Bits per element of floating tensors not produced by a quantized edge layer of the cut
    // (cloud tensors, or every tensor when no solution is shown); 0: their stored precision.
    int defaultActivationBits = 0;
    Uplink uplink;
};

struct GraphAnnotations {
    std::vector<CutSide> nodeSides;  // per layout node
    std::vector<bool> crossingEdges; // per layout edge: edge side -> cloud side
    // Per layout edge: the one crossing edge that stands for its tensor's transfer (a tensor
    // read by thirty cloud layers is sent once); the other crossing edges of that tensor reuse
    // what was sent.
    std::vector<bool> transferEdges;
    std::vector<TransmissionCost> valueCosts; // per value of the drawn graph (drawn ones filled)
    std::vector<ValueId> crossingValues;      // values of the crossing edges, ascending, unique
    std::optional<int64_t> crossingBytes;     // their total; nullopt when one size is unknown
    double crossingSeconds = 0.0;             // sending them all as one message, round trip in
};

// `shown` is the graph `layout` was computed for: the optimized graph the analysis is about, or
// the raw graph with `layerOfNode` (shown NodeId -> analysis layer, 1-based, 0 none) and
// `analysisValue` (shown ValueId -> analysis ValueId or kNone) from mapRawGraph. Empty vectors
// mean the identity (the optimized graph). A raw node outside every layer takes the side of its
// data inputs: the edge when all come from the edge, else the cloud; none without data inputs.
GraphAnnotations annotateGraph(const Graph& shown, const GraphLayout& layout,
                               const SplitAnalysis& analysis, const std::vector<int>& layerOfNode,
                               const std::vector<ValueId>& analysisValue,
                               const AnnotationSettings& settings);

} // namespace autosplit
