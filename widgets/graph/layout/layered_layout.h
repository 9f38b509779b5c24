#pragma once

// A hand-written layered (Sugiyama-style) layout for graphs too big for Graphviz 2.42's dot,
// whose horizontal placement takes time quadratic in the nodes. Linear-time steps throughout:
//   ranks      longest path from the inputs (every edge points down);
//   order      long edges become chains of virtual nodes; a DFS order, then barycentre sweeps
//              down and up, keeping the order with the fewest crossings;
//   placement  sweeps that move each node towards the mean of its neighbours, each rank solved
//              exactly as an isotonic regression (pool adjacent violators) under the minimum
//              gaps, weighting long-edge chains so they run straight;
//   routing    each edge a chain of vertical-tangent cubic segments through its virtual nodes,
//              ports spread along the boxes' borders.
// Fewer crossings than dot is not the aim; a readable drawing of thousands of nodes in tens of
// milliseconds is.

#include "widgets/graph/layout/graph_layout.h"

#include "core/util/progress.h"
#include "core/util/result.h"

namespace autosplit {

// Places a layoutSkeleton(): fills positions, ranks, paths, arrow tips, width, height and
// rankCount. Checks `cancel` between sweeps.
Status placeLayered(GraphLayout& layout, const LayoutOptions& options,
                    const CancellationToken& cancel = {});

} // namespace autosplit
