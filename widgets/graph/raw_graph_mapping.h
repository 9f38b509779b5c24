#pragma once

// How the imported graph corresponds to the optimized one, so the raw view can show the
// optimized analysis (which layer a node ended up in, which tensor is which). No Qt.

#include "core/graph/graph.h"

#include <vector>

namespace autosplit {

struct RawGraphMapping {
    // Raw NodeId -> the optimized layer (1-based) it became part of: the optimized node of the
    // same name, the one it was folded into (Node::folded), else the producer of its first output
    // that survived under the same name. 0 when it has none (folded into a constant, removed).
    std::vector<int> layerOfNode;
    // Raw ValueId -> the optimized value of the same name, or kNone.
    std::vector<ValueId> optimizedValue;
};

RawGraphMapping mapRawGraph(const Graph& raw, const Graph& optimized);

} // namespace autosplit
