#pragma once

// Small graph queries the passes share: pattern checks that must be identical everywhere a pass
// decides whether a rewrite is safe.

#include "core/graph/graph.h"

#include <string>
#include <string_view>

namespace autosplit {

// A node of the default ONNX domain with this op type.
inline bool isOp(const Node& node, std::string_view opType) {
    return node.domain.empty() && node.opType == opType;
}

// "Conv 'conv1'", for reports and errors.
inline std::string describe(const Node& node) {
    return node.opType + " '" + node.name + "'";
}

// True when an output other than the first is read by a node or is a graph output, i.e. the node
// cannot be rewritten as a single-output layer.
inline bool hasExtraOutputsInUse(const Graph& graph, const Node& node) {
    for (size_t i = 1; i < node.outputs.size(); ++i) {
        const ValueId out = node.outputs[i];
        if (out != kNone && (!graph.value(out).consumers.empty() || graph.value(out).isGraphOutput))
            return true;
    }
    return false;
}

// The single node reading `producer`'s first output, when the rewrite can absorb the consumer:
// the output is read by exactly that node, is not a graph output, and the producer has no other
// output in use. kNone otherwise.
inline NodeId soleConsumerOfFirstOutput(const Graph& graph, NodeId producer) {
    const Node& node = graph.node(producer);
    if (node.outputs.empty() || node.outputs[0] == kNone || hasExtraOutputsInUse(graph, node))
        return kNone;
    return graph.soleConsumer(node.outputs[0]);
}

// Moves `absorbed`'s first output onto `layer` and removes `absorbed`: the layer now writes the
// tensor the absorbed node wrote, so its name (a graph output's too), shape and consumers stay.
// The layer's former output is left without producer or consumers and finalize() drops it.
inline void absorbSuccessor(Graph& graph, NodeId layer, NodeId absorbed) {
    const ValueId out = graph.node(absorbed).outputs[0];
    graph.removeNode(absorbed);
    Node& n = graph.node(layer);
    const ValueId old = n.outputs[0];
    graph.value(old).producer = kNone;
    n.outputs[0] = out;
    graph.value(out).producer = layer;
}

} // namespace autosplit
