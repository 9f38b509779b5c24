#pragma once

// Which optimized layer each node of a model derived from the optimized graph belongs to, by
// name, so a run of the derived model times the layers the solver reasons about. The edge model
// (split_models.h) keeps each layer's node name and names what it adds after what it serves:
// "<layer>/Relu" (an expanded fused activation), "<tensor>/QuantizeLinear", "<tensor>/Clip" and
// "<tensor>/DequantizeLinear" (a layer's output activation, or a graph input's), and
// "<weight>/DequantizeLinear" (a layer's weight). Integer lowering in the executor keeps the
// layer's node name and drops the nodes it absorbs, so the same rule holds before and after it.

#include "core/graph/graph.h"

#include <vector>

namespace autosplit {

struct LayerAttribution {
    std::vector<int> layerOf; // per node of the derived graph: 0-based optimized layer
    int unmatched = 0;        // nodes named after nothing known: given their neighbour's layer
};

// A node whose name (or a prefix of it before a '/') is a layer's name belongs to that layer; one
// named after a tensor belongs to the layer producing it, or for a graph input or a weight to the
// first layer reading it. Anything else takes the layer of the node before it (the first node:
// the one after it).
LayerAttribution attributeToLayers(const Graph& optimized, const Graph& derived);

} // namespace autosplit
