#include "widgets/graph/layout/layered_layout.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

namespace autosplit {

namespace {

constexpr double kVirtualWidth = 8.0;
constexpr double kArrowLength = 8.0;
constexpr double kMaxPortSpread = 14.0;
constexpr int kOrderSweeps = 12;
constexpr int kPlacementSweeps = 12;
// Edge weights in the placement, as dot weighs them: chains of virtual nodes pull hardest, so
// long edges run straight.
constexpr double kRealRealWeight = 1.0;
constexpr double kRealVirtualWeight = 2.0;
constexpr double kVirtualVirtualWeight = 8.0;

struct Link {
    int node = 0;
    double weight = 1.0;
};

// The layered graph: real nodes 0..real-1 (the layout's), then virtual nodes.
struct Layered {
    int real = 0;
    std::vector<int> rank;
    std::vector<double> width;
    std::vector<std::vector<Link>> up;    // neighbours one rank higher
    std::vector<std::vector<Link>> down;  // neighbours one rank lower
    std::vector<std::vector<int>> chains; // per layout edge: tail, virtual nodes..., head
    std::vector<std::vector<int>> layers; // per rank, in order
    std::vector<int> position;            // index within its layer

    bool isVirtual(int n) const { return n >= real; }
    int add(int r, double w) {
        rank.push_back(r);
        width.push_back(w);
        up.emplace_back();
        down.emplace_back();
        return static_cast<int>(rank.size()) - 1;
    }
    double linkWeight(int a, int b) const {
        const int virtuals = (isVirtual(a) ? 1 : 0) + (isVirtual(b) ? 1 : 0);
        return virtuals == 0   ? kRealRealWeight
               : virtuals == 1 ? kRealVirtualWeight
                               : kVirtualVirtualWeight;
    }
};

Error cancelled() {
    return Error{"graph layout: cancelled", ErrorKind::Cancelled};
}

Layered buildLayered(const GraphLayout& layout) {
    Layered g;
    g.real = static_cast<int>(layout.nodes.size());
    // Longest-path ranks; the layout's node order (inputs, operations by NodeId, outputs) is
    // topological.
    std::vector<std::vector<size_t>> incoming(layout.nodes.size());
    for (size_t e = 0; e < layout.edges.size(); ++e)
        incoming[static_cast<size_t>(layout.edges[e].to)].push_back(e);
    for (size_t n = 0; n < layout.nodes.size(); ++n) {
        int r = 0;
        for (size_t e : incoming[n])
            r = std::max(r, g.rank[static_cast<size_t>(layout.edges[e].from)] + 1);
        g.add(r, layout.nodes[n].width);
    }
    g.chains.resize(layout.edges.size());
    for (size_t e = 0; e < layout.edges.size(); ++e) {
        const int from = layout.edges[e].from;
        const int to = layout.edges[e].to;
        std::vector<int>& chain = g.chains[e];
        chain.push_back(from);
        for (int r = g.rank[static_cast<size_t>(from)] + 1; r < g.rank[static_cast<size_t>(to)];
             ++r)
            chain.push_back(g.add(r, kVirtualWidth));
        chain.push_back(to);
        for (size_t i = 0; i + 1 < chain.size(); ++i) {
            const double w = g.linkWeight(chain[i], chain[i + 1]);
            g.down[static_cast<size_t>(chain[i])].push_back({chain[i + 1], w});
            g.up[static_cast<size_t>(chain[i + 1])].push_back({chain[i], w});
        }
    }
    return g;
}

// Initial order: depth-first from the sources, so that a chain of layers stays together.
void initialOrder(Layered& g) {
    const int count = static_cast<int>(g.rank.size());
    const int ranks = count == 0 ? 0 : *std::max_element(g.rank.begin(), g.rank.end()) + 1;
    g.layers.assign(static_cast<size_t>(ranks), {});
    g.position.assign(static_cast<size_t>(count), -1);
    std::vector<bool> seen(static_cast<size_t>(count), false);
    std::vector<std::pair<int, size_t>> stack; // node, next child
    auto visit = [&](int n) {
        seen[static_cast<size_t>(n)] = true;
        auto& layer = g.layers[static_cast<size_t>(g.rank[static_cast<size_t>(n)])];
        g.position[static_cast<size_t>(n)] = static_cast<int>(layer.size());
        layer.push_back(n);
        stack.push_back({n, 0});
    };
    for (int root = 0; root < count; ++root) {
        if (seen[static_cast<size_t>(root)])
            continue;
        visit(root);
        while (!stack.empty()) {
            auto& [n, next] = stack.back();
            const auto& children = g.down[static_cast<size_t>(n)];
            if (next >= children.size()) {
                stack.pop_back();
                continue;
            }
            const int child = children[next++].node;
            if (!seen[static_cast<size_t>(child)])
                visit(child);
        }
    }
}

// Crossings between layer r and r + 1: inversions of the lower ends when the links are sorted
// by their upper ends (Fenwick tree).
int64_t crossingsBelow(const Layered& g, size_t r) {
    std::vector<std::pair<int, int>> links;
    for (int n : g.layers[r])
        for (const Link& l : g.down[static_cast<size_t>(n)])
            links.push_back(
                {g.position[static_cast<size_t>(n)], g.position[static_cast<size_t>(l.node)]});
    std::sort(links.begin(), links.end());
    const size_t size = g.layers[r + 1].size();
    std::vector<int> tree(size + 1, 0);
    int64_t crossings = 0;
    int64_t inserted = 0;
    for (const auto& [top, bottom] : links) {
        // Links already inserted whose lower end lies right of this one cross it.
        int64_t atOrLeft = 0;
        for (size_t i = static_cast<size_t>(bottom) + 1; i > 0; i -= i & (~i + 1))
            atOrLeft += tree[i];
        crossings += inserted - atOrLeft;
        for (size_t i = static_cast<size_t>(bottom) + 1; i <= size; i += i & (~i + 1))
            ++tree[i];
        ++inserted;
    }
    return crossings;
}

int64_t totalCrossings(const Layered& g) {
    int64_t total = 0;
    for (size_t r = 0; r + 1 < g.layers.size(); ++r)
        total += crossingsBelow(g, r);
    return total;
}

// One barycentre sweep: each layer sorted by the mean position of its neighbours in the layer
// before it (above when going down, below when going up); nodes without such neighbours keep
// their place.
void orderSweep(Layered& g, bool downwards) {
    const size_t ranks = g.layers.size();
    for (size_t k = 1; k < ranks; ++k) {
        const size_t r = downwards ? k : ranks - 1 - k;
        auto& layer = g.layers[r];
        std::vector<std::pair<double, int>> keyed;
        keyed.reserve(layer.size());
        for (int n : layer) {
            const auto& links =
                downwards ? g.up[static_cast<size_t>(n)] : g.down[static_cast<size_t>(n)];
            double key = g.position[static_cast<size_t>(n)];
            if (!links.empty()) {
                double sum = 0.0;
                for (const Link& l : links)
                    sum += g.position[static_cast<size_t>(l.node)];
                key = sum / static_cast<double>(links.size());
            }
            keyed.push_back({key, n});
        }
        std::stable_sort(keyed.begin(), keyed.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (size_t i = 0; i < keyed.size(); ++i) {
            layer[i] = keyed[i].second;
            g.position[static_cast<size_t>(layer[i])] = static_cast<int>(i);
        }
    }
}

bool orderLayers(Layered& g, const CancellationToken& cancel) {
    initialOrder(g);
    auto best = g.layers;
    int64_t fewest = totalCrossings(g);
    for (int sweep = 0; sweep < kOrderSweeps && fewest > 0; ++sweep) {
        if (cancel.isCancelled())
            return false;
        orderSweep(g, sweep % 2 == 0);
        const int64_t crossings = totalCrossings(g);
        if (crossings < fewest) {
            fewest = crossings;
            best = g.layers;
        }
    }
    g.layers = std::move(best);
    for (const auto& layer : g.layers)
        for (size_t i = 0; i < layer.size(); ++i)
            g.position[static_cast<size_t>(layer[i])] = static_cast<int>(i);
    return true;
}

// x of the nodes of one layer, in order, closest (weighted least squares) to `wanted` with
// x[i + 1] - x[i] >= gap[i]: with offsets o (o[0] = 0, o[i + 1] = o[i] + gap[i]) this is the
// non-decreasing fit of wanted - o, which pool-adjacent-violators solves in linear time.
std::vector<double> placeInOrder(const std::vector<double>& wanted,
                                 const std::vector<double>& weight,
                                 const std::vector<double>& gap) {
    const size_t n = wanted.size();
    std::vector<double> offset(n, 0.0);
    for (size_t i = 1; i < n; ++i)
        offset[i] = offset[i - 1] + gap[i - 1];
    struct Block {
        double sum = 0.0; // weighted sum of targets
        double weight = 0.0;
        size_t count = 0;
        double mean() const { return sum / weight; }
    };
    std::vector<Block> blocks;
    for (size_t i = 0; i < n; ++i) {
        blocks.push_back({weight[i] * (wanted[i] - offset[i]), weight[i], 1});
        while (blocks.size() > 1 && blocks[blocks.size() - 2].mean() > blocks.back().mean()) {
            Block last = blocks.back();
            blocks.pop_back();
            blocks.back().sum += last.sum;
            blocks.back().weight += last.weight;
            blocks.back().count += last.count;
        }
    }
    std::vector<double> x(n);
    size_t i = 0;
    for (const Block& b : blocks)
        for (size_t k = 0; k < b.count; ++k, ++i)
            x[i] = b.mean() + offset[i];
    return x;
}

std::vector<double> placeHorizontally(const Layered& g, const LayoutOptions& options,
                                      const CancellationToken& cancel, bool& ok) {
    std::vector<double> x(g.rank.size(), 0.0);
    auto gapBetween = [&](int a, int b) {
        const double space = g.isVirtual(a) || g.isVirtual(b) ? options.nodeSeparation / 2.0
                                                              : options.nodeSeparation;
        return (g.width[static_cast<size_t>(a)] + g.width[static_cast<size_t>(b)]) / 2.0 + space;
    };
    // Start packed and centred on 0.
    for (const auto& layer : g.layers) {
        double at = 0.0;
        for (size_t i = 0; i < layer.size(); ++i) {
            if (i > 0)
                at += gapBetween(layer[i - 1], layer[i]);
            x[static_cast<size_t>(layer[i])] = at;
        }
        for (int n : layer)
            x[static_cast<size_t>(n)] -= at / 2.0;
    }
    // Sweeps down, up, and (last) towards both sides at once.
    for (int sweep = 0; sweep < kPlacementSweeps; ++sweep) {
        if (cancel.isCancelled()) {
            ok = false;
            return x;
        }
        const bool both = sweep >= kPlacementSweeps - 4;
        const bool downwards = sweep % 2 == 0;
        const size_t ranks = g.layers.size();
        for (size_t k = 0; k < ranks; ++k) {
            const size_t r = downwards ? k : ranks - 1 - k;
            const auto& layer = g.layers[r];
            std::vector<double> wanted(layer.size()), weight(layer.size()), gap;
            for (size_t i = 0; i < layer.size(); ++i) {
                const int n = layer[i];
                double sum = 0.0;
                double total = 0.0;
                auto pull = [&](const std::vector<Link>& links) {
                    for (const Link& l : links) {
                        sum += l.weight * x[static_cast<size_t>(l.node)];
                        total += l.weight;
                    }
                };
                if (both || downwards)
                    pull(g.up[static_cast<size_t>(n)]);
                if (both || !downwards)
                    pull(g.down[static_cast<size_t>(n)]);
                wanted[i] = total > 0.0 ? sum / total : x[static_cast<size_t>(n)];
                weight[i] = std::max(total, 0.5);
                if (i > 0)
                    gap.push_back(gapBetween(layer[i - 1], n));
            }
            const std::vector<double> placed = placeInOrder(wanted, weight, gap);
            for (size_t i = 0; i < layer.size(); ++i)
                x[static_cast<size_t>(layer[i])] = placed[i];
        }
    }
    ok = true;
    return x;
}

// Horizontal offsets of the ports of one node's links, spread along its border in the order of
// the other ends' x, so that edges leaving one node do not start on top of each other.
std::vector<double> portOffsets(const std::vector<double>& otherX, double width) {
    const size_t m = otherX.size();
    std::vector<double> offsets(m, 0.0);
    if (m < 2)
        return offsets;
    std::vector<size_t> byX(m);
    std::iota(byX.begin(), byX.end(), size_t{0});
    std::stable_sort(byX.begin(), byX.end(),
                     [&](size_t a, size_t b) { return otherX[a] < otherX[b]; });
    const double spread = std::min(kMaxPortSpread, (width - 16.0) / static_cast<double>(m - 1));
    for (size_t k = 0; k < m; ++k)
        offsets[byX[k]] = (static_cast<double>(k) - static_cast<double>(m - 1) / 2.0) * spread;
    return offsets;
}

} // namespace

Status placeLayered(GraphLayout& layout, const LayoutOptions& options,
                    const CancellationToken& cancel) {
    if (cancel.isCancelled())
        return cancelled();
    Layered g = buildLayered(layout);
    if (!orderLayers(g, cancel))
        return cancelled();
    bool ok = false;
    std::vector<double> x = placeHorizontally(g, options, cancel, ok);
    if (!ok)
        return cancelled();

    // Ranks stacked top-down, each as tall as its tallest box.
    const size_t ranks = g.layers.size();
    std::vector<double> rankHeight(ranks, 0.0);
    for (size_t n = 0; n < layout.nodes.size(); ++n) {
        const size_t r = static_cast<size_t>(g.rank[n]);
        rankHeight[r] = std::max(rankHeight[r], layout.nodes[n].height);
    }
    std::vector<double> rankTop(ranks, 0.0);
    for (size_t r = 1; r < ranks; ++r)
        rankTop[r] = rankTop[r - 1] + rankHeight[r - 1] + options.rankSeparation;
    auto centreY = [&](int n) {
        const size_t r = static_cast<size_t>(g.rank[static_cast<size_t>(n)]);
        return rankTop[r] + rankHeight[r] / 2.0;
    };

    // Shift so the drawing starts at x = 0.
    double left = std::numeric_limits<double>::max();
    double right = std::numeric_limits<double>::lowest();
    for (size_t n = 0; n < g.rank.size(); ++n) {
        left = std::min(left, x[n] - g.width[n] / 2.0);
        right = std::max(right, x[n] + g.width[n] / 2.0);
    }
    if (g.rank.empty())
        left = right = 0.0;
    for (double& v : x)
        v -= left;
    layout.width = right - left;
    layout.height = ranks == 0 ? 0.0 : rankTop.back() + rankHeight.back();
    layout.rankCount = static_cast<int>(ranks);
    for (size_t n = 0; n < layout.nodes.size(); ++n) {
        LayoutNode& node = layout.nodes[n];
        node.center = {x[n], centreY(static_cast<int>(n))};
        node.rank = g.rank[n];
    }

    // Ports: each node's outgoing edges spread along its bottom, incoming along its top.
    std::vector<std::vector<size_t>> outEdges(layout.nodes.size()), inEdges(layout.nodes.size());
    for (size_t e = 0; e < layout.edges.size(); ++e) {
        outEdges[static_cast<size_t>(layout.edges[e].from)].push_back(e);
        inEdges[static_cast<size_t>(layout.edges[e].to)].push_back(e);
    }
    std::vector<double> tailOffset(layout.edges.size(), 0.0), headOffset(layout.edges.size(), 0.0);
    for (size_t n = 0; n < layout.nodes.size(); ++n) {
        std::vector<double> next;
        for (size_t e : outEdges[n])
            next.push_back(x[static_cast<size_t>(g.chains[e][1])]);
        const auto outs = portOffsets(next, layout.nodes[n].width);
        for (size_t k = 0; k < outEdges[n].size(); ++k)
            tailOffset[outEdges[n][k]] = outs[k];
        std::vector<double> previous;
        for (size_t e : inEdges[n])
            previous.push_back(x[static_cast<size_t>(g.chains[e][g.chains[e].size() - 2])]);
        const auto ins = portOffsets(previous, layout.nodes[n].width);
        for (size_t k = 0; k < inEdges[n].size(); ++k)
            headOffset[inEdges[n][k]] = ins[k];
    }

    // Each edge: vertical-tangent cubic pieces from the tail's bottom through its virtual nodes
    // to the arrow's base above the head's top.
    for (size_t e = 0; e < layout.edges.size(); ++e) {
        LayoutEdge& edge = layout.edges[e];
        const LayoutNode& from = layout.nodes[static_cast<size_t>(edge.from)];
        const LayoutNode& to = layout.nodes[static_cast<size_t>(edge.to)];
        const std::vector<int>& chain = g.chains[e];
        std::vector<LayoutPoint> points;
        points.push_back({from.center.x + tailOffset[e], from.bottom()});
        for (size_t i = 1; i + 1 < chain.size(); ++i)
            points.push_back({x[static_cast<size_t>(chain[i])], centreY(chain[i])});
        const LayoutPoint tip{to.center.x + headOffset[e], to.top()};
        points.push_back({tip.x, tip.y - kArrowLength});
        edge.path.clear();
        edge.path.push_back(points.front());
        for (size_t i = 1; i < points.size(); ++i) {
            const LayoutPoint a = points[i - 1];
            const LayoutPoint b = points[i];
            const double half = (b.y - a.y) / 2.0;
            edge.path.push_back({a.x, a.y + half});
            edge.path.push_back({b.x, b.y - half});
            edge.path.push_back(b);
        }
        edge.arrowTip = tip;
    }
    return Status::success();
}

} // namespace autosplit
