#pragma once

// A top-to-bottom layered drawing of a graph: where each operation, graph input and graph output
// goes and how each edge is routed. Computed by Graphviz's "dot" engine (libgvc + libcgraph), or
// for graphs too big for it by a simpler layered layout of our own (layered_layout.h). Plain values
// with no Qt in them, so the layout can be computed on any thread and tested without widgets.
// Coordinates are in points (1/72 inch, what Graphviz works in) with the origin at the top left and
// y growing downwards, as in a QGraphicsScene.

#include "core/graph/graph.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <optional>
#include <vector>

namespace autosplit {

enum class LayoutEngine {
    Auto,    // dot up to LayoutOptions::dotNodeLimit nodes, the layered layout beyond
    Dot,     // Graphviz dot: fewer crossings and straighter long edges
    Layered, // placeLayered: linear time, for thousands of nodes
};

struct LayoutOptions {
    // Box of an operation node and of a graph input/output node, in points. Every node of a
    // kind gets the same size: the view elides what does not fit, and the layout does not depend
    // on fonts.
    double nodeWidth = 170.0;
    double nodeHeight = 38.0;
    double ioNodeWidth = 150.0;
    double ioNodeHeight = 34.0;
    // Least horizontal gap between two nodes of a rank and vertical gap between ranks, in points.
    // The rank gap holds the edge labels.
    double nodeSeparation = 22.0;
    double rankSeparation = 34.0;
    // true: smooth splines; false: polylines (still drawn as degenerate cubic segments).
    bool splines = true;
    // Graphviz's mclimit: scales the crossing-minimisation iterations. Below 1 trades crossings
    // for speed on very large graphs.
    double crossingEffort = 1.0;
    LayoutEngine engine = LayoutEngine::Auto;
    // Graphviz 2.42's placement needs time quadratic in the nodes it places, and those include
    // a virtual node per rank an edge spans: Auto switches to the layered layout when the drawn
    // nodes plus the long edges' virtual nodes (virtualNodeCount) exceed this. Measured: 1,003
    // nodes + 1,003 virtual 0.17 s; 2,016 + 2,202 0.9 s; DenseNet-121, 256 nodes + 15,344
    // virtual (every block's tensors feed every later concat), about 40 s.
    int dotNodeLimit = 3000;
};

struct LayoutPoint {
    double x = 0.0;
    double y = 0.0;
};

enum class LayoutNodeKind {
    Operation,   // a graph node
    GraphInput,  // a non-constant graph input
    GraphOutput, // a graph output
};

struct LayoutNode {
    LayoutNodeKind kind = LayoutNodeKind::Operation;
    NodeId node = kNone;   // the graph node (Operation)
    ValueId value = kNone; // the input or output value (GraphInput, GraphOutput)
    LayoutPoint center;
    double width = 0.0;
    double height = 0.0;
    int rank = 0; // 0 at the top; every edge goes from a lower to a higher rank

    double left() const { return center.x - width / 2.0; }
    double right() const { return center.x + width / 2.0; }
    double top() const { return center.y - height / 2.0; }
    double bottom() const { return center.y + height / 2.0; }
};

// One producer -> consumer use of a value. A value with k consumers gives k edges; a graph
// output gives one more, to its output node.
struct LayoutEdge {
    int from = 0; // index into GraphLayout::nodes
    int to = 0;
    ValueId value = kNone;
    // A piecewise cubic Bezier curve: the start point, then three points (two control points and
    // the end point) per segment, so size() == 3k + 1. Starts at the tail node's border.
    std::vector<LayoutPoint> path;
    // Where the arrow head's tip touches the head node; the head runs from path.back() to here.
    std::optional<LayoutPoint> arrowTip;
};

struct GraphLayout {
    std::vector<LayoutNode> nodes; // graph inputs, then operations by NodeId, then outputs
    std::vector<LayoutEdge> edges;
    std::vector<int> nodeIndex; // NodeId -> index into nodes
    double width = 0.0;         // the drawing's bounding box, from (0, 0)
    double height = 0.0;
    int rankCount = 0;
    double seconds = 0.0;                    // wall time of the layout
    LayoutEngine engine = LayoutEngine::Dot; // the one that placed it

    // The layout node of a graph node, or -1.
    int indexOf(NodeId node) const {
        return node >= 0 && static_cast<size_t>(node) < nodeIndex.size()
                   ? nodeIndex[static_cast<size_t>(node)]
                   : -1;
    }
};

// The drawing's nodes and edges, not placed yet: the sizes from `options`, positions, ranks and
// paths empty.
GraphLayout layoutSkeleton(const Graph& graph, const LayoutOptions& options);

// The virtual nodes a layered drawing of `skeleton` needs with longest-path ranks: the sum over
// edges of the ranks they skip. (dot's own ranking is tighter; this bounds it from above.)
int64_t virtualNodeCount(const GraphLayout& skeleton);

// Lays the graph out top to bottom with options.engine. Constants (initializers) are not drawn:
// they belong to their consumers. Graphviz is not thread-safe, so calls are serialised on a
// process-wide lock; a call that was cancelled while it waited returns at once. Graphviz cannot
// be interrupted inside its layout, so cancellation is checked before and after it.
// The layered layout checks cancellation between its sweeps.
// Errors: cancellation, and Graphviz's own message when it fails.
Result<GraphLayout> layoutGraph(const Graph& graph, const LayoutOptions& options = {},
                                const CancellationToken& cancel = {});

} // namespace autosplit
