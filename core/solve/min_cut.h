#pragma once

// The optimal float partition of a DAG between edge and cloud as DADS (Hu et al., 2019) and
// QDMP (Zhang et al., 2020) compute it: a minimum s-t cut. Source = edge, sink = cloud:
//  - layer i on the cloud pays its cloud seconds (edge s -> i), on the edge its edge seconds
//    (edge i -> t);
//  - a tensor produced on the edge and read on the cloud (or a graph output gathered on the
//    cloud) pays its transmission once: an auxiliary node per tensor, producer -> aux with the
//    tensor's seconds, aux -> each consumer (and -> t for a gathered output) unbounded;
//  - data never flows back from cloud to edge: consumer -> producer unbounded, so the edge side
//    is closed under producers (a valid edge set, though not necessarily a prefix of one
//    topological order).
// Transmission is linear per tensor here: a fixed per-message cost (round-trip time, framing) is
// not part of the cut; the caller reports the partition at its true cost.
// The cut is computed with the Boost Graph Library's Boykov-Kolmogorov max-flow on integer
// capacities (the costs scaled so their total is about 1e15 units, far below overflow).

#include <vector>

namespace autosplit {

struct CutTensor {
    int producer = 0;           // 1-based layer, 0 for a graph input (held on the edge)
    std::vector<int> consumers; // 1-based layers
    bool gathered = false;      // must reach the cloud even with no cloud consumer (a graph output)
    double seconds = 0.0;       // cost of sending it
};

struct CutProblem {
    std::vector<double> edgeSeconds;  // per layer, index layer - 1
    std::vector<double> cloudSeconds; // per layer
    std::vector<CutTensor> tensors;
};

struct CutPartition {
    // Ascending, closed under producers: what the source still reaches after the max-flow, the
    // smallest minimum cut of the (scaled, rounded) problem.
    std::vector<int> edgeLayers;
    double seconds = 0.0; // partitionSeconds of it
};

// Cost of an edge set under the cut model (onEdge indexed by layer - 1); infinite when the set
// is not closed under producers.
double partitionSeconds(const CutProblem& problem, const std::vector<bool>& onEdge);

CutPartition minCutPartition(const CutProblem& problem);

} // namespace autosplit
