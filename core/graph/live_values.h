#pragma once

// The tensors a run holds between two nodes of the topological order: what a partial run that
// starts at that node is fed, and what a kept state at a cut consists of.

#include "core/graph/graph.h"

#include <vector>

namespace autosplit {

// Values (not constants) produced before node `cut`, or graph inputs, that a node at or after
// `cut` reads or that are graph outputs. In value order.
std::vector<ValueId> liveValuesAt(const Graph& graph, NodeId cut);

} // namespace autosplit
