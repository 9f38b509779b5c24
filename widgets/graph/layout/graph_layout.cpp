#include "widgets/graph/layout/graph_layout.h"

#include "widgets/graph/layout/layered_layout.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <clocale>
#include <mutex>
#include <string>

#include <locale.h>

// Last: Graphviz's headers define macros (MAX, ROUND, NIL, ...).
#include <gvc.h>

namespace autosplit {

namespace {

constexpr double kPointsPerInch = 72.0;

// Graphviz is not thread-safe (its layout engines keep global state), so one layout at a time.
std::mutex& graphvizMutex() {
    static std::mutex mutex;
    return mutex;
}

// Graphviz reports errors through a process-wide callback; it only runs under the lock above.
std::string& graphvizErrors() {
    static std::string errors;
    return errors;
}

int collectGraphvizError(char* message) {
    std::string& errors = graphvizErrors();
    if (errors.size() < 1000)
        errors += message;
    return 0;
}

// Graphviz parses its numeric attributes with strtod, which follows LC_NUMERIC; a Qt program runs
// in the user's locale ("0,5" in German). Switch this thread, only, to the C locale meanwhile.
class CNumericLocale {
public:
    CNumericLocale() : m_c(newlocale(LC_NUMERIC_MASK, "C", static_cast<locale_t>(nullptr))) {
        if (m_c)
            m_previous = uselocale(m_c);
    }
    ~CNumericLocale() {
        if (m_c) {
            uselocale(m_previous);
            freelocale(m_c);
        }
    }
    CNumericLocale(const CNumericLocale&) = delete;
    CNumericLocale& operator=(const CNumericLocale&) = delete;

private:
    locale_t m_c;
    locale_t m_previous = nullptr;
};

// Owns the Graphviz context and graph, freeing them in the order Graphviz needs.
class GraphvizSession {
public:
    GraphvizSession() : m_context(gvContext()) {}
    ~GraphvizSession() {
        if (m_graph) {
            if (m_laidOut)
                gvFreeLayout(m_context, m_graph);
            agclose(m_graph);
        }
        if (m_context)
            gvFreeContext(m_context);
    }
    GraphvizSession(const GraphvizSession&) = delete;
    GraphvizSession& operator=(const GraphvizSession&) = delete;

    GVC_t* context() const { return m_context; }
    Agraph_t* open() {
        m_graph = agopen(const_cast<char*>("layout"), Agdirected, nullptr);
        return m_graph;
    }
    void setLaidOut() { m_laidOut = true; }

private:
    GVC_t* m_context = nullptr;
    Agraph_t* m_graph = nullptr;
    bool m_laidOut = false;
};

// Locale-independent decimal text for a Graphviz attribute.
std::string number(double value) {
    char buffer[32];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 4);
    return std::string(buffer, result.ptr);
}

std::string inches(double points) {
    return number(points / kPointsPerInch);
}

Agsym_t* declare(Agraph_t* g, int kind, const char* name, const std::string& value) {
    return agattr(g, kind, const_cast<char*>(name), const_cast<char*>(value.c_str()));
}

Error cancelled() {
    return Error{"graph layout: cancelled", ErrorKind::Cancelled};
}

} // namespace

GraphLayout layoutSkeleton(const Graph& graph, const LayoutOptions& options) {
    GraphLayout layout;

    // The drawing's nodes: non-constant inputs, every operation, every output.
    const auto& values = graph.values();
    std::vector<int> inputIndex(values.size(), -1);
    std::vector<int> outputIndex(values.size(), -1);
    for (ValueId v : graph.inputs()) {
        if (graph.value(v).isConstant() || inputIndex[static_cast<size_t>(v)] >= 0)
            continue;
        inputIndex[static_cast<size_t>(v)] = static_cast<int>(layout.nodes.size());
        layout.nodes.push_back({LayoutNodeKind::GraphInput,
                                kNone,
                                v,
                                {},
                                options.ioNodeWidth,
                                options.ioNodeHeight,
                                0});
    }
    layout.nodeIndex.resize(graph.nodeCount());
    for (size_t i = 0; i < graph.nodeCount(); ++i) {
        layout.nodeIndex[i] = static_cast<int>(layout.nodes.size());
        layout.nodes.push_back({LayoutNodeKind::Operation,
                                static_cast<NodeId>(i),
                                kNone,
                                {},
                                options.nodeWidth,
                                options.nodeHeight,
                                0});
    }
    for (ValueId v : graph.outputs()) {
        if (outputIndex[static_cast<size_t>(v)] >= 0)
            continue;
        outputIndex[static_cast<size_t>(v)] = static_cast<int>(layout.nodes.size());
        layout.nodes.push_back({LayoutNodeKind::GraphOutput,
                                kNone,
                                v,
                                {},
                                options.ioNodeWidth,
                                options.ioNodeHeight,
                                0});
    }
    // Its edges: every use of every non-constant value that has a drawn source.
    for (size_t v = 0; v < values.size(); ++v) {
        const Value& value = values[v];
        if (value.isConstant())
            continue;
        int source = -1;
        if (value.producer != kNone)
            source = layout.nodeIndex[static_cast<size_t>(value.producer)];
        else if (inputIndex[v] >= 0)
            source = inputIndex[v];
        if (source < 0)
            continue;
        for (NodeId consumer : value.consumers)
            layout.edges.push_back({source,
                                    layout.nodeIndex[static_cast<size_t>(consumer)],
                                    static_cast<ValueId>(v),
                                    {},
                                    std::nullopt});
        if (outputIndex[v] >= 0)
            layout.edges.push_back(
                {source, outputIndex[v], static_cast<ValueId>(v), {}, std::nullopt});
    }
    return layout;
}

namespace {

Status placeWithDot(GraphLayout& layout, const LayoutOptions& options,
                    const CancellationToken& cancel) {
    std::lock_guard lock(graphvizMutex());
    // A newer request may have superseded this one while it waited for the lock.
    if (cancel.isCancelled())
        return cancelled();
    CNumericLocale cLocale;
    graphvizErrors().clear();
    agseterr(AGERR); // warnings (none expected for a plain DAG) stay quiet
    agseterrf(collectGraphvizError);

    GraphvizSession session;
    if (!session.context())
        return Error{"graph layout: Graphviz could not create its context"};
    Agraph_t* g = session.open();
    if (!g)
        return Error{"graph layout: Graphviz could not create a graph"};

    declare(g, AGRAPH, "rankdir", "TB");
    declare(g, AGRAPH, "nodesep", inches(options.nodeSeparation));
    declare(g, AGRAPH, "ranksep", inches(options.rankSeparation));
    declare(g, AGRAPH, "splines", options.splines ? "spline" : "polyline");
    declare(g, AGRAPH, "mclimit", number(options.crossingEffort));
    declare(g, AGNODE, "shape", "box");
    declare(g, AGNODE, "fixedsize", "true");
    declare(g, AGNODE, "label", "");
    Agsym_t* width = declare(g, AGNODE, "width", inches(options.nodeWidth));
    Agsym_t* height = declare(g, AGNODE, "height", inches(options.nodeHeight));
    const std::string ioWidth = inches(options.ioNodeWidth);
    const std::string ioHeight = inches(options.ioNodeHeight);

    std::vector<Agnode_t*> gvNodes(layout.nodes.size());
    for (size_t i = 0; i < layout.nodes.size(); ++i) {
        std::string name = "n" + std::to_string(i);
        gvNodes[i] = agnode(g, name.data(), 1);
        if (layout.nodes[i].kind != LayoutNodeKind::Operation) {
            agxset(gvNodes[i], width, const_cast<char*>(ioWidth.c_str()));
            agxset(gvNodes[i], height, const_cast<char*>(ioHeight.c_str()));
        }
    }
    std::vector<Agedge_t*> gvEdges(layout.edges.size());
    for (size_t i = 0; i < layout.edges.size(); ++i) {
        const LayoutEdge& e = layout.edges[i];
        // Anonymous edges in a non-strict graph: parallel edges (two outputs of one node used by
        // the same consumer) stay separate.
        gvEdges[i] = agedge(g, gvNodes[static_cast<size_t>(e.from)],
                            gvNodes[static_cast<size_t>(e.to)], nullptr, 1);
    }
    if (cancel.isCancelled())
        return cancelled();

    if (gvLayout(session.context(), g, "dot") != 0) {
        std::string message = graphvizErrors();
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        for (char& c : message)
            if (c == '\n')
                c = ' ';
        return Error{"graph layout: Graphviz dot failed" +
                     (message.empty() ? std::string() : ": " + message)};
    }
    session.setLaidOut();
    if (cancel.isCancelled())
        return cancelled();

    // Graphviz's y axis points up; flip it so the first rank is at the top.
    const boxf bb = GD_bb(g);
    const double left = bb.LL.x;
    const double top = bb.UR.y;
    auto toLayout = [&](pointf p) { return LayoutPoint{p.x - left, top - p.y}; };
    layout.width = bb.UR.x - bb.LL.x;
    layout.height = bb.UR.y - bb.LL.y;

    int minRank = 0;
    int maxRank = 0;
    for (size_t i = 0; i < layout.nodes.size(); ++i) {
        Agnode_t* n = gvNodes[i];
        LayoutNode& node = layout.nodes[i];
        node.center = toLayout(ND_coord(n));
        node.width = ND_width(n) * kPointsPerInch;
        node.height = ND_height(n) * kPointsPerInch;
        node.rank = ND_rank(n);
        minRank = i == 0 ? node.rank : std::min(minRank, node.rank);
        maxRank = i == 0 ? node.rank : std::max(maxRank, node.rank);
    }
    for (LayoutNode& node : layout.nodes)
        node.rank -= minRank;
    layout.rankCount = layout.nodes.empty() ? 0 : maxRank - minRank + 1;

    for (size_t i = 0; i < layout.edges.size(); ++i) {
        const splines* spl = ED_spl(gvEdges[i]);
        if (!spl)
            continue; // dot routes every edge of a DAG; the view draws a straight line otherwise
        LayoutEdge& edge = layout.edges[i];
        for (int b = 0; b < spl->size; ++b) {
            const bezier& curve = spl->list[b];
            // Consecutive pieces share their joint: keep it once.
            for (int p = (edge.path.empty() ? 0 : 1); p < curve.size; ++p)
                edge.path.push_back(toLayout(curve.list[p]));
            if (curve.eflag)
                edge.arrowTip = toLayout(curve.ep);
        }
    }
    return Status::success();
}

} // namespace

int64_t virtualNodeCount(const GraphLayout& skeleton) {
    // Skeleton edges run from lower to higher node indices (inputs, operations in topological
    // order, outputs), so one pass in index order gives the longest-path ranks.
    std::vector<std::vector<int>> into(skeleton.nodes.size());
    for (const LayoutEdge& e : skeleton.edges)
        into[static_cast<size_t>(e.to)].push_back(e.from);
    std::vector<int> rank(skeleton.nodes.size(), 0);
    for (size_t n = 0; n < rank.size(); ++n)
        for (int from : into[n])
            rank[n] = std::max(rank[n], rank[static_cast<size_t>(from)] + 1);
    int64_t count = 0;
    for (const LayoutEdge& e : skeleton.edges)
        count +=
            std::max(0, rank[static_cast<size_t>(e.to)] - rank[static_cast<size_t>(e.from)] - 1);
    return count;
}

Result<GraphLayout> layoutGraph(const Graph& graph, const LayoutOptions& options,
                                const CancellationToken& cancel) {
    const auto started = std::chrono::steady_clock::now();
    if (cancel.isCancelled())
        return cancelled();
    GraphLayout layout = layoutSkeleton(graph, options);
    LayoutEngine engine = options.engine;
    if (engine == LayoutEngine::Auto)
        engine = static_cast<int64_t>(layout.nodes.size()) + virtualNodeCount(layout) <=
                         options.dotNodeLimit
                     ? LayoutEngine::Dot
                     : LayoutEngine::Layered;
    Status placed = engine == LayoutEngine::Dot ? placeWithDot(layout, options, cancel)
                                                : placeLayered(layout, options, cancel);
    if (!placed)
        return placed.error();
    layout.engine = engine;
    layout.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return layout;
}

} // namespace autosplit
