// layoutGraph against the graph it lays out, for both engines (Graphviz dot and the hand-written
// layered layout): every node placed once with its size, no two boxes overlapping, one edge per
// use of a tensor, edges running down from the tail's border to the head's, ranks that follow the
// topological order (the layered layout's are the longest-path depths), a chain drawn as a
// straight column, the automatic choice of engine, concurrent calls serialised, cancellation.

#include "widgets/graph/layout/graph_layout.h"
#include "widgets/graph/layout/layered_layout.h"

#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "tests/support/model_builder.h"
#include "tests/support/synthetic_dag.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <set>
#include <tuple>

Q_DECLARE_METATYPE(autosplit::LayoutEngine)

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr double kEps = 0.75; // Graphviz rounds coordinates to hundredths of a point and so on

Graph optimized(const onnx::ModelProto& proto, bool optimize = true) {
    auto imported = importOnnxBytes(proto.SerializeAsString(), "model", {});
    if (!imported)
        qFatal("import failed: %s", imported.error().message.c_str());
    Graph graph = std::move(imported->graph);
    if (optimize) {
        auto reports = optimizeGraph(graph, defaultPassNames());
        if (!reports)
            qFatal("optimize failed: %s", reports.error().message.c_str());
    }
    return graph;
}

LayoutOptions withEngine(LayoutEngine engine) {
    LayoutOptions options;
    options.engine = engine;
    return options;
}

GraphLayout laidOut(const Graph& graph, const LayoutOptions& options = {}) {
    auto layout = layoutGraph(graph, options);
    if (!layout)
        qFatal("layout failed: %s", layout.error().message.c_str());
    return std::move(layout).value();
}

// (source kind/id, consumer kind/id, value) triples the drawing must have, from the graph alone.
// A source/target is ('n', NodeId), ('i', input ValueId) or ('o', output ValueId).
using End = std::pair<char, int>;
using EdgeKey = std::tuple<End, End, ValueId>;

std::multiset<EdgeKey> expectedEdges(const Graph& graph) {
    std::multiset<EdgeKey> edges;
    for (size_t v = 0; v < graph.values().size(); ++v) {
        const Value& value = graph.values()[v];
        if (value.isConstant())
            continue;
        End source;
        if (value.producer != kNone)
            source = {'n', value.producer};
        else if (value.isGraphInput)
            source = {'i', static_cast<int>(v)};
        else
            continue;
        std::set<NodeId> consumers;
        for (const Node& node : graph.nodes()) {
            const NodeId id = static_cast<NodeId>(&node - graph.nodes().data());
            for (ValueId in : node.inputs)
                if (in == static_cast<ValueId>(v))
                    consumers.insert(id);
        }
        for (NodeId c : consumers)
            edges.insert({source, End{'n', c}, static_cast<ValueId>(v)});
        if (value.isGraphOutput)
            edges.insert({source, End{'o', static_cast<int>(v)}, static_cast<ValueId>(v)});
    }
    return edges;
}

End endOf(const LayoutNode& node) {
    switch (node.kind) {
    case LayoutNodeKind::Operation:
        return {'n', node.node};
    case LayoutNodeKind::GraphInput:
        return {'i', node.value};
    case LayoutNodeKind::GraphOutput:
        return {'o', node.value};
    }
    return {};
}

bool overlap(const LayoutNode& a, const LayoutNode& b) {
    return a.left() < b.right() - kEps && b.left() < a.right() - kEps &&
           a.top() < b.bottom() - kEps && b.top() < a.bottom() - kEps;
}

// On the box's border, within two points (Graphviz clips curves to the box).
bool onBorder(const LayoutNode& n, const LayoutPoint& p) {
    const bool inside = p.x >= n.left() - 2.0 && p.x <= n.right() + 2.0 && p.y >= n.top() - 2.0 &&
                        p.y <= n.bottom() + 2.0;
    const double distance = std::min({std::abs(p.x - n.left()), std::abs(p.x - n.right()),
                                      std::abs(p.y - n.top()), std::abs(p.y - n.bottom())});
    return inside && distance <= 2.0;
}

// Checks everything that must hold for any graph; returns a failure description or "".
QString checkLayout(const Graph& graph, const GraphLayout& layout, const LayoutOptions& options) {
    // Every operation, non-constant input and output, once, with its size, inside the box.
    size_t inputs = 0;
    for (ValueId v : graph.inputs())
        inputs += graph.value(v).isConstant() ? 0 : 1;
    const size_t expectedNodes = inputs + graph.nodeCount() + graph.outputs().size();
    if (layout.nodes.size() != expectedNodes)
        return QStringLiteral("%1 nodes laid out, expected %2")
            .arg(layout.nodes.size())
            .arg(expectedNodes);
    std::set<End> seen;
    for (size_t i = 0; i < layout.nodes.size(); ++i) {
        const LayoutNode& n = layout.nodes[i];
        if (!seen.insert(endOf(n)).second)
            return QStringLiteral("node %1 placed twice").arg(i);
        const bool op = n.kind == LayoutNodeKind::Operation;
        const double w = op ? options.nodeWidth : options.ioNodeWidth;
        const double h = op ? options.nodeHeight : options.ioNodeHeight;
        if (std::abs(n.width - w) > kEps || std::abs(n.height - h) > kEps)
            return QStringLiteral("node %1 is %2x%3, expected %4x%5")
                .arg(i)
                .arg(n.width)
                .arg(n.height)
                .arg(w)
                .arg(h);
        if (n.left() < -kEps || n.top() < -kEps || n.right() > layout.width + kEps ||
            n.bottom() > layout.height + kEps)
            return QStringLiteral("node %1 lies outside the drawing").arg(i);
        if (op && layout.indexOf(n.node) != static_cast<int>(i))
            return QStringLiteral("indexOf(%1) is wrong").arg(n.node);
    }
    for (size_t i = 0; i < graph.nodeCount(); ++i)
        if (layout.indexOf(static_cast<NodeId>(i)) < 0)
            return QStringLiteral("operation %1 not placed").arg(i);

    // No two boxes overlap: sweep by left edge.
    std::vector<size_t> byLeft(layout.nodes.size());
    for (size_t i = 0; i < byLeft.size(); ++i)
        byLeft[i] = i;
    std::sort(byLeft.begin(), byLeft.end(),
              [&](size_t a, size_t b) { return layout.nodes[a].left() < layout.nodes[b].left(); });
    for (size_t a = 0; a < byLeft.size(); ++a)
        for (size_t b = a + 1; b < byLeft.size(); ++b) {
            const LayoutNode& na = layout.nodes[byLeft[a]];
            const LayoutNode& nb = layout.nodes[byLeft[b]];
            if (nb.left() >= na.right())
                break;
            if (overlap(na, nb))
                return QStringLiteral("nodes %1 and %2 overlap").arg(byLeft[a]).arg(byLeft[b]);
        }

    // The edges are exactly the uses of the tensors.
    std::multiset<EdgeKey> drawn;
    for (const LayoutEdge& e : layout.edges)
        drawn.insert({endOf(layout.nodes[static_cast<size_t>(e.from)]),
                      endOf(layout.nodes[static_cast<size_t>(e.to)]), e.value});
    if (drawn != expectedEdges(graph))
        return QStringLiteral("the edges are not the uses of the graph's tensors");

    // Ranks follow the topological order; every edge runs down from the tail to the head.
    for (size_t i = 0; i < layout.edges.size(); ++i) {
        const LayoutEdge& e = layout.edges[i];
        const LayoutNode& from = layout.nodes[static_cast<size_t>(e.from)];
        const LayoutNode& to = layout.nodes[static_cast<size_t>(e.to)];
        if (from.rank >= to.rank)
            return QStringLiteral("edge %1 goes from rank %2 to rank %3")
                .arg(i)
                .arg(from.rank)
                .arg(to.rank);
        if (from.center.y >= to.center.y)
            return QStringLiteral("edge %1 does not go down").arg(i);
        if (e.path.size() < 4 || (e.path.size() - 1) % 3 != 0)
            return QStringLiteral("edge %1 has %2 path points").arg(i).arg(e.path.size());
        // The curve leaves the tail through the lower half of its border (dot starts a
        // sideways edge at the box's side) and the arrow ends on the upper half of the head's.
        const LayoutPoint start = e.path.front();
        const LayoutPoint tip = e.arrowTip ? *e.arrowTip : e.path.back();
        if (!onBorder(from, start) || start.y < from.center.y - kEps)
            return QStringLiteral("edge %1 does not start at its tail's bottom").arg(i);
        if (!onBorder(to, tip) || tip.y > to.center.y + kEps)
            return QStringLiteral("edge %1 does not end at its head's top").arg(i);
        for (const LayoutPoint& p : e.path)
            if (p.x < -kEps || p.y < -kEps || p.x > layout.width + kEps ||
                p.y > layout.height + kEps)
                return QStringLiteral("edge %1 leaves the drawing").arg(i);
    }
    // Nodes of one rank share a row; a higher rank is lower down.
    std::map<int, double> rowOfRank;
    for (const LayoutNode& n : layout.nodes) {
        auto [it, added] = rowOfRank.emplace(n.rank, n.center.y);
        if (!added && std::abs(it->second - n.center.y) > kEps)
            return QStringLiteral("rank %1 is not one row").arg(n.rank);
    }
    double previous = -1.0;
    for (const auto& [rank, y] : rowOfRank) {
        if (y <= previous)
            return QStringLiteral("rank %1 is not below the rank before").arg(rank);
        previous = y;
    }
    if (static_cast<int>(rowOfRank.size()) > layout.rankCount || rowOfRank.begin()->first != 0)
        return QStringLiteral("rankCount or the first rank is wrong");
    return {};
}

} // namespace

class TestGraphLayout : public QObject {
    Q_OBJECT

private slots:
    void chainIsOneColumn_data() { engines(); }
    void chainIsOneColumn();
    void dagsAreValidLayerings_data();
    void dagsAreValidLayerings();
    void rawGraphWithConstantsAndFanOut_data() { engines(); }
    void rawGraphWithConstantsAndFanOut();
    void optionsSetSizesAndGaps_data() { engines(); }
    void optionsSetSizesAndGaps();
    void layeredRanksAreLongestPaths();
    void autoPicksTheEngineBySize();
    void denselyConnectedGraphAvoidsDot();
    void concurrentCallsAreSerialised();
    void cancelledBeforeStart_data() { engines(); }
    void cancelledBeforeStart();

private:
    static void engines() {
        QTest::addColumn<LayoutEngine>("engine");
        QTest::newRow("dot") << LayoutEngine::Dot;
        QTest::newRow("layered") << LayoutEngine::Layered;
    }
};

void TestGraphLayout::chainIsOneColumn() {
    QFETCH(LayoutEngine, engine);
    const Graph graph = optimized(buildChain(6));
    QCOMPARE(graph.nodeCount(), size_t(6)); // Conv+Relu fused
    const LayoutOptions options = withEngine(engine);
    const GraphLayout layout = laidOut(graph, options);
    QCOMPARE(layout.engine, engine);
    const QString problem = checkLayout(graph, layout, options);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // input, six layers, output: eight ranks in that order, one column, straight edges down.
    QCOMPARE(layout.rankCount, 8);
    QCOMPARE(layout.edges.size(), size_t(7));
    const double x = layout.nodes.front().center.x;
    for (const LayoutNode& n : layout.nodes) {
        const int expectedRank = n.kind == LayoutNodeKind::GraphInput    ? 0
                                 : n.kind == LayoutNodeKind::GraphOutput ? 7
                                                                         : n.node + 1;
        QCOMPARE(n.rank, expectedRank);
        QVERIFY(std::abs(n.center.x - x) < kEps);
    }
    for (const LayoutEdge& e : layout.edges) {
        const LayoutNode& from = layout.nodes[static_cast<size_t>(e.from)];
        const LayoutNode& to = layout.nodes[static_cast<size_t>(e.to)];
        QCOMPARE(to.rank, from.rank + 1);
        // Top to bottom: y never decreases along the curve, x stays on the column.
        double y = -1.0;
        for (const LayoutPoint& p : e.path) {
            QVERIFY(p.y >= y - 1e-9);
            QVERIFY(std::abs(p.x - x) < kEps);
            y = p.y;
        }
        // From the middle of the tail's bottom to the middle of the head's top.
        QVERIFY(std::abs(e.path.front().y - from.bottom()) < kEps);
        QVERIFY(e.arrowTip.has_value());
        QVERIFY(std::abs(e.arrowTip->y - to.top()) < kEps);
        QVERIFY(std::abs(e.arrowTip->x - x) < kEps);
        // The gap between consecutive ranks is the rank separation.
        QVERIFY(std::abs(to.top() - from.bottom() - options.rankSeparation) < 1.5);
    }
}

void TestGraphLayout::dagsAreValidLayerings_data() {
    QTest::addColumn<int>("model");
    QTest::addColumn<LayoutEngine>("engine");
    const char* names[] = {"residual block", "inception", "resnet-50", "yolov3-tiny (two heads)",
                           "synthetic 300"};
    for (int model = 0; model < 5; ++model)
        for (auto [engine, name] :
             {std::pair{LayoutEngine::Dot, "dot"}, std::pair{LayoutEngine::Layered, "layered"}})
            QTest::addRow("%s, %s", names[model], name) << model << engine;
}

void TestGraphLayout::dagsAreValidLayerings() {
    QFETCH(int, model);
    QFETCH(LayoutEngine, engine);
    const onnx::ModelProto proto = model == 0   ? buildResidualBlock()
                                   : model == 1 ? buildInception()
                                   : model == 2 ? buildResNet50(13, 64)
                                   : model == 3 ? buildYoloV3Tiny(13, 64)
                                                : buildSyntheticDag(300);
    const Graph graph = optimized(proto);
    const LayoutOptions options = withEngine(engine);
    const GraphLayout layout = laidOut(graph, options);
    const QString problem = checkLayout(graph, layout, options);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestGraphLayout::rawGraphWithConstantsAndFanOut() {
    // The raw graph keeps BatchNormalization and separate Relus; a tensor used by two layers
    // gives two edges, and the graph output also used inside gives one more.
    ModelBuilder b;
    std::string x = b.input("x", {1, 3, 16, 16});
    std::string a = b.relu(b.conv(x, 4, 3));
    std::string left = b.conv(a, 4, 1);
    std::string right = b.batchNorm(b.conv(a, 4, 3));
    std::string sum = b.add(left, right);
    b.output(a);
    b.output(sum);
    QFETCH(LayoutEngine, engine);
    const Graph graph = optimized(b.model(), false);
    const LayoutOptions options = withEngine(engine);
    const GraphLayout layout = laidOut(graph, options);
    const QString problem = checkLayout(graph, layout, options);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    int edgesOfA = 0;
    for (const LayoutEdge& e : layout.edges)
        edgesOfA += graph.value(e.value).name == a ? 1 : 0;
    QCOMPARE(edgesOfA, 3);
}

void TestGraphLayout::optionsSetSizesAndGaps() {
    QFETCH(LayoutEngine, engine);
    const Graph graph = optimized(buildInception());
    LayoutOptions options = withEngine(engine);
    options.nodeWidth = 90.0;
    options.nodeHeight = 50.0;
    options.ioNodeWidth = 60.0;
    options.ioNodeHeight = 20.0;
    options.nodeSeparation = 40.0;
    options.rankSeparation = 60.0;
    options.splines = false;
    options.crossingEffort = 0.5;
    const GraphLayout layout = laidOut(graph, options);
    const QString problem = checkLayout(graph, layout, options);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Nodes of a rank keep the node separation; ranks keep the rank separation.
    std::map<int, std::vector<const LayoutNode*>> ranks;
    for (const LayoutNode& n : layout.nodes)
        ranks[n.rank].push_back(&n);
    bool sawNeighbours = false;
    double previousBottom = -1.0;
    for (auto& [rank, nodes] : ranks) {
        std::sort(nodes.begin(), nodes.end(),
                  [](const LayoutNode* a, const LayoutNode* b) { return a->left() < b->left(); });
        for (size_t i = 1; i < nodes.size(); ++i) {
            QVERIFY(nodes[i]->left() - nodes[i - 1]->right() >= options.nodeSeparation - 1.0);
            sawNeighbours = true;
        }
        double top = nodes.front()->top();
        double bottom = nodes.front()->bottom();
        for (const LayoutNode* n : nodes) {
            top = std::min(top, n->top());
            bottom = std::max(bottom, n->bottom());
        }
        if (previousBottom >= 0.0)
            QVERIFY(top - previousBottom >= options.rankSeparation - 1.0);
        previousBottom = bottom;
    }
    QVERIFY(sawNeighbours); // the inception branches share ranks
}

void TestGraphLayout::layeredRanksAreLongestPaths() {
    // The layered layout ranks each node one below its deepest predecessor: recompute that from
    // the graph's own links (inputs at depth 0, a node below all its producers).
    const Graph graph = optimized(buildSyntheticDag(300));
    const GraphLayout layout = laidOut(graph, withEngine(LayoutEngine::Layered));
    std::vector<int> depth(graph.nodeCount(), 0);
    for (size_t i = 0; i < graph.nodeCount(); ++i)
        for (ValueId in : graph.nodes()[i].inputs) {
            if (in == kNone || graph.value(in).isConstant())
                continue;
            const Value& v = graph.value(in);
            const int below = v.producer == kNone ? 1 : depth[static_cast<size_t>(v.producer)] + 1;
            depth[i] = std::max(depth[i], below);
        }
    int deepest = 0;
    for (size_t i = 0; i < graph.nodeCount(); ++i) {
        QCOMPARE(layout.nodes[static_cast<size_t>(layout.indexOf(static_cast<NodeId>(i)))].rank,
                 depth[i]);
        deepest = std::max(deepest, depth[i]);
    }
    QCOMPARE(layout.rankCount, deepest + 2); // the output one below the last layer
    // Long edges are routed through one point per rank they pass: 3 path points per rank.
    for (const LayoutEdge& e : layout.edges) {
        const int span = layout.nodes[static_cast<size_t>(e.to)].rank -
                         layout.nodes[static_cast<size_t>(e.from)].rank;
        QCOMPARE(e.path.size(), static_cast<size_t>(3 * span + 1));
    }
}

// The virtual nodes of a layered drawing, computed here the plain way: longest-path ranks by
// relaxing every edge until nothing changes, then the ranks each edge skips.
int64_t virtualNodesByRelaxation(const GraphLayout& skeleton) {
    std::vector<int> rank(skeleton.nodes.size(), 0);
    for (bool changed = true; changed;) {
        changed = false;
        for (const LayoutEdge& e : skeleton.edges) {
            int& to = rank[static_cast<size_t>(e.to)];
            if (to < rank[static_cast<size_t>(e.from)] + 1) {
                to = rank[static_cast<size_t>(e.from)] + 1;
                changed = true;
            }
        }
    }
    int64_t count = 0;
    for (const LayoutEdge& e : skeleton.edges)
        count += rank[static_cast<size_t>(e.to)] - rank[static_cast<size_t>(e.from)] - 1;
    return count;
}

void TestGraphLayout::autoPicksTheEngineBySize() {
    const Graph graph = optimized(buildInception()); // 10 operations, 12 drawn nodes
    LayoutOptions options;
    const GraphLayout skeleton = layoutSkeleton(graph, options);
    QCOMPARE(skeleton.nodes.size(), size_t(12));
    const int64_t virtualNodes = virtualNodesByRelaxation(skeleton);
    QVERIFY(virtualNodes > 0); // the short branches skip ranks to reach the concat
    QCOMPARE(virtualNodeCount(skeleton), virtualNodes);
    QCOMPARE(options.engine, LayoutEngine::Auto);
    QCOMPARE(laidOut(graph, options).engine, LayoutEngine::Dot);
    // dot while the drawn and the virtual nodes fit the limit, the layered layout beyond
    options.dotNodeLimit = static_cast<int>(12 + virtualNodes);
    QCOMPARE(laidOut(graph, options).engine, LayoutEngine::Dot);
    options.dotNodeLimit = static_cast<int>(12 + virtualNodes - 1);
    const GraphLayout layered = laidOut(graph, options);
    QCOMPARE(layered.engine, LayoutEngine::Layered);
    const QString problem = checkLayout(graph, layered, options);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestGraphLayout::denselyConnectedGraphAvoidsDot() {
    // A DenseNet-style block: each conv reads the concat of every earlier output, so a few
    // hundred nodes carry thousands of rank-skipping edges (dot would take tens of seconds).
    ModelBuilder b;
    std::vector<std::string> features{b.input("input", {1, 8, 8, 8})};
    for (int i = 0; i < 60; ++i) {
        const std::string in = features.size() == 1 ? features.front() : b.concat(features);
        features.push_back(b.relu(b.conv(in, 4, 3)));
    }
    b.output(b.concat(features));
    const Graph graph = optimized(b.model());
    const LayoutOptions options;
    const GraphLayout skeleton = layoutSkeleton(graph, options);
    QVERIFY(static_cast<int>(skeleton.nodes.size()) < options.dotNodeLimit);
    QVERIFY(static_cast<int64_t>(skeleton.nodes.size()) + virtualNodesByRelaxation(skeleton) >
            options.dotNodeLimit);
    const GraphLayout layout = laidOut(graph, options);
    QCOMPARE(layout.engine, LayoutEngine::Layered);
    const QString problem = checkLayout(graph, layout, options);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestGraphLayout::concurrentCallsAreSerialised() {
    // Graphviz keeps global state: two threads at once must still give the one-thread answer.
    const Graph graph = optimized(buildResNet50(13, 64));
    const GraphLayout reference = laidOut(graph);
    auto run = [&graph] { return layoutGraph(graph); };
    auto a = std::async(std::launch::async, run);
    auto b = std::async(std::launch::async, run);
    for (auto* future : {&a, &b}) {
        auto result = future->get();
        QVERIFY(result.ok());
        QCOMPARE(result->nodes.size(), reference.nodes.size());
        for (size_t i = 0; i < reference.nodes.size(); ++i) {
            QCOMPARE(result->nodes[i].center.x, reference.nodes[i].center.x);
            QCOMPARE(result->nodes[i].center.y, reference.nodes[i].center.y);
        }
    }
}

void TestGraphLayout::cancelledBeforeStart() {
    QFETCH(LayoutEngine, engine);
    const Graph graph = optimized(buildChain(3));
    CancellationToken cancel;
    cancel.cancel();
    auto result = layoutGraph(graph, withEngine(engine), cancel);
    QVERIFY(!result.ok());
    QVERIFY(result.error().message.find("cancelled") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestGraphLayout)
#include "test_graph_layout.moc"
