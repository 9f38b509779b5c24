#include "core/solve/assignment_cost.h"

#include "core/solve/bit_size.h"
#include "core/util/size_text.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace autosplit {

namespace {

std::string layerText(const SplitAnalysis& a, int layer) {
    return "layer " + std::to_string(layer) + " '" + a.layers[static_cast<size_t>(layer) - 1].name +
           "'";
}

} // namespace

struct AssignmentCost::Widths {
    const EdgeBits* bits = nullptr; // null: the float bits everywhere
    int floatBits = 16;
    int weight(int layer) const { return bits ? bits->weight(layer) : floatBits; }
    int activation(int layer) const { return bits ? bits->activation(layer) : floatBits; }
};

Result<AssignmentCost> AssignmentCost::create(const Graph& graph, const SplitAnalysis& analysis,
                                              const QuantErrorTable& errors,
                                              const LatencyModel& latency, const Uplink& uplink,
                                              int64_t edgeMemoryBytes, int floatBits) {
    const int n = analysis.layerCount();
    if (static_cast<int>(graph.nodeCount()) != n ||
        analysis.cuts.size() != static_cast<size_t>(n) + 1 ||
        analysis.values.size() != graph.values().size())
        return Error{"solve: the split analysis does not belong to this graph (" +
                     std::to_string(n) + " layers, graph has " + std::to_string(graph.nodeCount()) +
                     " nodes)"};
    if (static_cast<int>(errors.layers.size()) != n)
        return Error{"solve: the error table has " + std::to_string(errors.layers.size()) +
                     " layers but the graph has " + std::to_string(n) +
                     "; compute it for this graph"};
    if (latency.layerCount() != n)
        return Error{"solve: the latency model knows " + std::to_string(latency.layerCount()) +
                     " layers but the graph has " + std::to_string(n)};
    if (!analysis.rawInputSizeKnown)
        return Error{"solve: a graph input has an unknown size, so Cloud-Only cannot be costed; "
                     "give the input shape"};
    if (edgeMemoryBytes < 0)
        return Error{"solve: edge memory must be >= 0 bytes"};
    if (floatBits < 1 || floatBits > 64)
        return Error{"solve: float bits must be 1..64, got " + std::to_string(floatBits)};
    if (!(uplink.bitsPerSecond > 0) || !std::isfinite(uplink.bitsPerSecond) ||
        !(uplink.roundTripSeconds >= 0) || uplink.overheadBytesPerMessage < 0)
        return Error{"solve: the uplink needs a rate > 0 bit/s, a round-trip time >= 0 and an "
                     "overhead >= 0 bytes"};

    AssignmentCost c;
    c.m_graph = &graph;
    c.m_analysis = &analysis;
    c.m_errors = &errors;
    c.m_latency = &latency;
    c.m_uplink = uplink;
    c.m_edgeMemory = edgeMemoryBytes;
    c.m_floatBits = floatBits;
    c.m_column.fill(-1);
    for (size_t j = 0; j < errors.bits.size(); ++j) {
        const int b = errors.bits[j];
        if (b < 1 || b >= kMaxBits || c.m_column[static_cast<size_t>(b)] >= 0)
            return Error{"solve: the error table's bit-widths must be distinct and in 1..64 (got " +
                         std::to_string(b) + ")"};
        c.m_column[static_cast<size_t>(b)] = static_cast<int>(j);
    }

    c.m_inputs.resize(static_cast<size_t>(n));
    c.m_outputs.resize(static_cast<size_t>(n));
    c.m_dependents.resize(static_cast<size_t>(n));
    c.m_quantizedOutputs.assign(static_cast<size_t>(n), 0);
    c.m_cloudSuffix.assign(static_cast<size_t>(n) + 1, 0.0);
    for (int layer = 1; layer <= n; ++layer) {
        const auto i = static_cast<size_t>(layer) - 1;
        const LayerQuantErrors& row = errors.layers[i];
        if (row.weightMse.size() != errors.bits.size() ||
            (!row.activationMse.empty() && row.activationMse.size() != errors.bits.size()))
            return Error{"solve: error table row of " + layerText(analysis, layer) +
                         " does not have one value per bit-width"};
        for (double d : row.weightMse)
            if (!std::isfinite(d) || d < 0)
                return Error{"solve: D_w of " + layerText(analysis, layer) +
                             " is not a finite number >= 0"};
        for (double d : row.activationMse)
            if (!std::isfinite(d) || d < 0)
                return Error{"solve: D_a of " + layerText(analysis, layer) +
                             " is not a finite number >= 0"};

        const Node& node = graph.node(layer - 1);
        for (ValueId v : node.inputs) {
            if (v == kNone || graph.value(v).isConstant())
                continue;
            const Value& value = graph.value(v);
            if (value.producer == kNone && !value.isGraphInput)
                continue;
            if (std::find(c.m_inputs[i].begin(), c.m_inputs[i].end(), v) == c.m_inputs[i].end())
                c.m_inputs[i].push_back(v);
        }
        for (ValueId v : node.outputs) {
            if (v == kNone)
                continue;
            c.m_outputs[i].push_back(v);
            const ValueFacts& f = analysis.values[static_cast<size_t>(v)];
            if (f.fixedBits == 0 && f.elements)
                c.m_quantizedOutputs[i] += *f.elements;
            for (NodeId consumer : graph.value(v).consumers) {
                const int d = consumer + 1;
                if (std::find(c.m_dependents[i].begin(), c.m_dependents[i].end(), d) ==
                    c.m_dependents[i].end())
                    c.m_dependents[i].push_back(d);
            }
        }
        if (c.m_quantizedOutputs[i] > 0 && row.activationMse.empty())
            c.m_activationMeasured = false;
    }
    for (int layer = n; layer >= 1; --layer) {
        const double s = latency.cloudLayerSeconds(layer);
        if (!std::isfinite(s) || s < 0)
            return Error{"solve: the cloud latency of " + layerText(analysis, layer) +
                         " is not a finite number >= 0"};
        c.m_cloudSuffix[static_cast<size_t>(layer) - 1] =
            c.m_cloudSuffix[static_cast<size_t>(layer)] + s;
    }
    return c;
}

double AssignmentCost::weightError(int layer, int bits) const {
    const int col = hasBits(bits) ? m_column[static_cast<size_t>(bits)] : -1;
    const auto& row = m_errors->layers[static_cast<size_t>(layer) - 1].weightMse;
    return col < 0 ? 0.0 : row[static_cast<size_t>(col)];
}

double AssignmentCost::activationError(int layer, int bits) const {
    const int col = hasBits(bits) ? m_column[static_cast<size_t>(bits)] : -1;
    const auto& row = m_errors->layers[static_cast<size_t>(layer) - 1].activationMse;
    return col < 0 || row.empty() ? 0.0 : row[static_cast<size_t>(col)];
}

int64_t AssignmentCost::tensorBytes(ValueId value, int bits) const {
    const ValueFacts& f = m_analysis->values[static_cast<size_t>(value)];
    if (!f.elements)
        return 0;
    return packedBytes(*f.elements, f.fixedBits > 0 ? f.fixedBits : bits);
}

int64_t AssignmentCost::tensorBits(ValueId value, int bits) const {
    const ValueFacts& f = m_analysis->values[static_cast<size_t>(value)];
    if (!f.elements)
        return 0;
    // Fixed-size tensors count as whole bytes, as the analysis' working set does.
    return f.fixedBits > 0 ? 8 * packedBytes(*f.elements, f.fixedBits) : *f.elements * bits;
}

Status AssignmentCost::checkBits(const std::vector<int>& edgeLayers, const EdgeBits& bits) const {
    for (int layer : edgeLayers) {
        if (layer > bits.layerCount())
            return Error{"solve: the bit assignment covers " + std::to_string(bits.layerCount()) +
                         " layers but " + layerText(*m_analysis, layer) + " is on the edge"};
        const int bw = bits.weight(layer);
        const int ba = bits.activation(layer);
        if (params(layer) > 0 && !hasBits(bw))
            return Error{"solve: weight bit-width " + std::to_string(bw) + " of " +
                         layerText(*m_analysis, layer) + " is not in the error table"};
        if (!hasBits(ba))
            return Error{"solve: activation bit-width " + std::to_string(ba) + " of " +
                         layerText(*m_analysis, layer) + " is not in the error table"};
    }
    return Status::success();
}

Result<Candidate> AssignmentCost::evaluate(int n, const EdgeBits& bits) const {
    if (n < 0 || n > layerCount())
        return Error{"solve: cut " + std::to_string(n) + " is not in 0.." +
                     std::to_string(layerCount())};
    std::vector<int> layers(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        layers[static_cast<size_t>(i)] = i + 1;
    if (Status s = checkBits(layers, bits); !s)
        return s.error();
    Widths w;
    w.bits = &bits;
    return cost(layers, true, w);
}

Result<Candidate> AssignmentCost::evaluate(std::vector<int> edgeLayers,
                                           const EdgeBits& bits) const {
    std::sort(edgeLayers.begin(), edgeLayers.end());
    edgeLayers.erase(std::unique(edgeLayers.begin(), edgeLayers.end()), edgeLayers.end());
    if (!edgeLayers.empty() && (edgeLayers.front() < 1 || edgeLayers.back() > layerCount()))
        return Error{"solve: edge layer out of 1.." + std::to_string(layerCount())};
    if (Status s = checkBits(edgeLayers, bits); !s)
        return s.error();
    Widths w;
    w.bits = &bits;
    const bool prefix =
        edgeLayers.empty() || edgeLayers.back() == static_cast<int>(edgeLayers.size());
    return cost(edgeLayers, prefix, w);
}

Candidate AssignmentCost::evaluateFloat(int n) const {
    n = std::clamp(n, 0, layerCount());
    std::vector<int> layers(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        layers[static_cast<size_t>(i)] = i + 1;
    Widths w;
    w.floatBits = m_floatBits;
    return cost(layers, true, w).value(); // a prefix is always closed under producers
}

Result<Candidate> AssignmentCost::evaluateFloat(std::vector<int> edgeLayers) const {
    std::sort(edgeLayers.begin(), edgeLayers.end());
    edgeLayers.erase(std::unique(edgeLayers.begin(), edgeLayers.end()), edgeLayers.end());
    if (!edgeLayers.empty() && (edgeLayers.front() < 1 || edgeLayers.back() > layerCount()))
        return Error{"solve: edge layer out of 1.." + std::to_string(layerCount())};
    Widths w;
    w.floatBits = m_floatBits;
    const bool prefix =
        edgeLayers.empty() || edgeLayers.back() == static_cast<int>(edgeLayers.size());
    return cost(edgeLayers, prefix, w);
}

Result<Candidate> AssignmentCost::cost(const std::vector<int>& edgeLayers, bool prefix,
                                       const Widths& widths) const {
    const SplitAnalysis& a = *m_analysis;
    const int layers = layerCount();
    const int m = static_cast<int>(edgeLayers.size());
    std::vector<int> position(static_cast<size_t>(layers) + 1,
                              0); // 1-based step on the edge, 0 = cloud
    for (int k = 0; k < m; ++k)
        position[static_cast<size_t>(edgeLayers[static_cast<size_t>(k)])] = k + 1;
    for (int layer : edgeLayers)
        for (ValueId v : activationInputs(layer)) {
            const int p = a.values[static_cast<size_t>(v)].producedAt;
            if (p > 0 && position[static_cast<size_t>(p)] == 0)
                return Error{
                    "solve: the edge set is not closed under producers: " + layerText(a, layer) +
                    " reads '" + m_graph->value(v).name + "' from cloud " + layerText(a, p)};
        }

    Candidate c;
    c.split = prefix ? m : (m == 0 ? 0 : edgeLayers.back());
    if (!prefix)
        c.edgeLayers = edgeLayers;
    c.floatEdge = widths.bits == nullptr;
    c.rawInputBits = a.options.rawInputBits;
    c.floatBits = m_floatBits;
    if (widths.bits)
        c.bits = *widths.bits;
    else
        c.bits = EdgeBits::uniform(c.split, m_floatBits, m_floatBits);

    auto activationOf = [&](int producer) {
        return producer > 0 ? widths.activation(producer) : 0;
    };
    int64_t weightBits = 0;
    for (int layer : edgeLayers) {
        const int bw = widths.weight(layer);
        c.edgeSeconds += m_latency->edgeLayerSeconds(layer, traffic(layer, bw, activationOf));
        weightBits += params(layer) * bw;
        if (widths.bits)
            c.error += weightError(layer, bw) + activationError(layer, widths.activation(layer));
    }
    if (prefix) {
        c.cloudSeconds = cloudSuffixSeconds(m);
    } else {
        for (int layer = 1; layer <= layers; ++layer)
            if (position[static_cast<size_t>(layer)] == 0)
                c.cloudSeconds += m_latency->cloudLayerSeconds(layer);
    }

    // Liveness over the edge steps 1..m and the tensors that cross.
    const bool outputsOnEdge = a.options.outputsConsumedOnEdge;
    std::vector<int64_t> delta(static_cast<size_t>(m) + 2, 0);
    std::string unknown;
    auto visit = [&](ValueId v) {
        const Value& value = m_graph->value(v);
        const ValueFacts& f = a.values[static_cast<size_t>(v)];
        if (f.constant)
            return;
        const int from = f.producedAt == 0 ? 1 : position[static_cast<size_t>(f.producedAt)];
        int lastOnEdge = 0;
        bool sent = value.isGraphOutput && !outputsOnEdge;
        for (NodeId consumer : value.consumers) {
            const int pos = position[static_cast<size_t>(consumer) + 1];
            if (pos > 0)
                lastOnEdge = std::max(lastOnEdge, pos);
            else
                sent = true;
        }
        const bool live = m > 0 && (f.producedAt > 0 || lastOnEdge > 0 || sent);
        if (!f.elements && (live || sent) && unknown.empty())
            unknown = "'" + value.name + "'";
        const int64_t bits = tensorBits(v, activationOf(f.producedAt));
        if (live) {
            const int to = (sent || value.isGraphOutput) ? m : std::max(from, lastOnEdge);
            delta[static_cast<size_t>(from)] += bits;
            delta[static_cast<size_t>(to) + 1] -= bits;
        }
        if (sent) {
            c.crossing.push_back(v);
            c.transmittedBytes += tensorBytes(v, activationOf(f.producedAt));
        }
    };
    for (ValueId v : m_graph->inputs())
        visit(v);
    for (int layer : edgeLayers)
        for (ValueId v : outputs(layer))
            visit(v);
    int64_t live = 0, peak = 0;
    for (int t = 1; t <= m; ++t) {
        live += delta[static_cast<size_t>(t)];
        peak = std::max(peak, live);
    }

    c.edgeWeightBytes = bitsToBytes(weightBits);
    c.peakActivationBytes = bitsToBytes(peak);
    c.edgeMemoryBytes = c.edgeWeightBytes + c.peakActivationBytes;
    c.transmissionSeconds = m_uplink.seconds(c.transmittedBytes);
    c.totalSeconds = c.edgeSeconds + c.transmissionSeconds + c.cloudSeconds;
    if (!unknown.empty()) {
        c.feasible = false;
        c.reason = "tensor " + unknown + " on the edge or crossing has an unknown size";
    } else if (c.edgeMemoryBytes > m_edgeMemory) {
        c.feasible = false;
        c.reason = "edge memory " + exactSizeText(c.edgeMemoryBytes) + " exceeds the limit of " +
                   exactSizeText(m_edgeMemory);
    }
    return c;
}

} // namespace autosplit
