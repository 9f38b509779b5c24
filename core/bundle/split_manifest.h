#pragma once

// The part of a bundle's manifest that a SplitPlan decides: the split, every layer with where it
// runs and its widths, the edge model's inputs, the crossing tensors with their wire form, and
// the outputs of either side. The exporter adds where the bundle came from and what it is
// predicted to do.

#include "core/bundle/bundle_manifest.pb.h"
#include "core/bundle/split_plan.h"

#include "core/graph/graph.h"

namespace autosplit {

void describeSplit(const Graph& graph, const SplitPlan& plan, bundle::Manifest& manifest);

} // namespace autosplit
