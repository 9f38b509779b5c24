#include "core/solve/min_cut.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>

namespace autosplit {

namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using FlowGraph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS,
    boost::property<boost::vertex_index_t, long,
                    boost::property<boost::vertex_color_t, boost::default_color_type,
                                    boost::property<boost::vertex_distance_t, long,
                                                    boost::property<boost::vertex_predecessor_t,
                                                                    Traits::edge_descriptor>>>>,
    boost::property<
        boost::edge_capacity_t, int64_t,
        boost::property<boost::edge_residual_capacity_t, int64_t,
                        boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;

constexpr int64_t kUnbounded = int64_t{1} << 60;

class FlowBuilder {
public:
    explicit FlowBuilder(size_t vertices) : m_graph(vertices) {}
    void add(size_t from, size_t to, int64_t capacity) {
        if (capacity <= 0)
            return;
        auto capacityMap = boost::get(boost::edge_capacity, m_graph);
        auto reverseMap = boost::get(boost::edge_reverse, m_graph);
        const auto forward = boost::add_edge(from, to, m_graph).first;
        const auto backward = boost::add_edge(to, from, m_graph).first;
        capacityMap[forward] = capacity;
        capacityMap[backward] = 0;
        reverseMap[forward] = backward;
        reverseMap[backward] = forward;
    }
    FlowGraph& graph() { return m_graph; }

private:
    FlowGraph m_graph;
};

} // namespace

double partitionSeconds(const CutProblem& problem, const std::vector<bool>& onEdge) {
    double total = 0.0;
    for (size_t i = 0; i < problem.edgeSeconds.size(); ++i)
        total += onEdge[i] ? problem.edgeSeconds[i] : problem.cloudSeconds[i];
    for (const CutTensor& t : problem.tensors) {
        const bool producedOnEdge = t.producer == 0 || onEdge[static_cast<size_t>(t.producer) - 1];
        bool readOnCloud = t.gathered;
        for (int c : t.consumers) {
            const bool consumerOnEdge = onEdge[static_cast<size_t>(c) - 1];
            if (consumerOnEdge && !producedOnEdge)
                return std::numeric_limits<double>::infinity();
            readOnCloud = readOnCloud || !consumerOnEdge;
        }
        if (producedOnEdge && readOnCloud)
            total += t.seconds;
    }
    return total;
}

CutPartition minCutPartition(const CutProblem& problem) {
    const size_t layers = problem.edgeSeconds.size();
    const size_t source = 0, sink = 1;
    auto layerVertex = [](int layer) { return static_cast<size_t>(layer) + 1; };
    const size_t vertices = 2 + layers + problem.tensors.size();

    double total = 0.0;
    for (size_t i = 0; i < layers; ++i)
        total += problem.edgeSeconds[i] + problem.cloudSeconds[i];
    for (const CutTensor& t : problem.tensors)
        total += t.seconds;
    const double scale = total > 0 ? 1e15 / total : 1.0;
    auto units = [scale](double seconds) {
        return static_cast<int64_t>(std::llround(std::max(seconds, 0.0) * scale));
    };

    FlowBuilder flow(vertices);
    for (size_t i = 0; i < layers; ++i) {
        const int layer = static_cast<int>(i) + 1;
        flow.add(source, layerVertex(layer), units(problem.cloudSeconds[i]));
        flow.add(layerVertex(layer), sink, units(problem.edgeSeconds[i]));
    }
    for (size_t k = 0; k < problem.tensors.size(); ++k) {
        const CutTensor& t = problem.tensors[k];
        const size_t aux = 2 + layers + k;
        const size_t producer = t.producer == 0 ? source : layerVertex(t.producer);
        flow.add(producer, aux, units(t.seconds));
        for (int c : t.consumers) {
            flow.add(aux, layerVertex(c), kUnbounded);
            if (t.producer > 0)
                flow.add(layerVertex(c), producer, kUnbounded);
        }
        if (t.gathered)
            flow.add(aux, sink, kUnbounded);
    }

    FlowGraph& g = flow.graph();
    boost::boykov_kolmogorov_max_flow(g, source, sink);

    // The edge set: what the source still reaches in the residual graph (the smallest minimum
    // cut's source side, closed under producers because those edges are unbounded).
    auto residual = boost::get(boost::edge_residual_capacity, g);
    std::vector<bool> reached(vertices, false);
    std::queue<size_t> queue;
    reached[source] = true;
    queue.push(source);
    while (!queue.empty()) {
        const size_t u = queue.front();
        queue.pop();
        for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
            const size_t v = boost::target(*e, g);
            if (!reached[v] && residual[*e] > 0) {
                reached[v] = true;
                queue.push(v);
            }
        }
    }
    CutPartition result;
    std::vector<bool> onEdge(layers, false);
    for (size_t i = 0; i < layers; ++i)
        if (reached[layerVertex(static_cast<int>(i) + 1)]) {
            onEdge[i] = true;
            result.edgeLayers.push_back(static_cast<int>(i) + 1);
        }
    result.seconds = partitionSeconds(problem, onEdge);
    return result;
}

} // namespace autosplit
