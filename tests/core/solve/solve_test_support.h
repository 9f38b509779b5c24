#pragma once

// Shared by the solver suites: a small latency model (MAC-proportional compute plus bytes over a
// bandwidth, every layer faster on the cloud), deterministic error tables, model loading, and a
// reference cost written from the graph the slow, obvious way (per-step liveness scanning every
// tensor), independent of core/solve's AssignmentCost.

#include "core/analysis/split_analysis.h"
#include "core/cost/latency_model.h"
#include "core/cost/uplink.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/quant_error_table.h"

#include <onnx/onnx_pb.h>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace solvetest {

using namespace autosplit;

struct TestModel {
    Graph graph;
    SplitAnalysis analysis;
};

inline TestModel loadModel(const onnx::ModelProto& proto, const AnalysisOptions& options = {}) {
    TestModel m;
    auto imported = importOnnxBytes(proto.SerializeAsString(), "test", {});
    if (!imported)
        qFatal("import: %s", imported.error().message.c_str());
    m.graph = std::move(imported->graph);
    // The fixtures are described layer by layer as built (an Add is its own layer); residual-add
    // fusion, which merges an Add into the conv before it, has its own suite and would renumber
    // them, so it is left out here.
    std::vector<std::string> passes = defaultPassNames();
    std::erase(passes, std::string("residual-add-fusion"));
    if (auto r = optimizeGraph(m.graph, passes); !r)
        qFatal("optimize: %s", r.error().message.c_str());
    auto a = analyzeSplits(m.graph, options);
    if (!a)
        qFatal("analyze: %s", a.error().message.c_str());
    m.analysis = std::move(*a);
    return m;
}

// Edge: MACs at `edgeMacs` per second plus every byte moved at `edgeBandwidth`; cloud: MACs at
// `cloudMacs` per second. Monotone in every bit-width, and no layer is slower on the cloud.
class TestLatency : public LatencyModel {
public:
    explicit TestLatency(const SplitAnalysis& a, double edgeMacs = 1e9, double edgeBandwidth = 50e6,
                         double cloudMacs = 1e11)
        : m_analysis(a), m_edgeMacs(edgeMacs), m_edgeBandwidth(edgeBandwidth),
          m_cloudMacs(cloudMacs) {}
    int layerCount() const override { return m_analysis.layerCount(); }
    double edgeLayerSeconds(int layer, const LayerTraffic& t) const override {
        return macs(layer) / m_edgeMacs +
               static_cast<double>(t.weightBytes + t.inputBytes + t.outputBytes) / m_edgeBandwidth;
    }
    double cloudLayerSeconds(int layer) const override { return macs(layer) / m_cloudMacs; }

private:
    double macs(int layer) const {
        return static_cast<double>(
            m_analysis.layers[static_cast<size_t>(layer) - 1].macs.value_or(0));
    }
    const SplitAnalysis& m_analysis;
    double m_edgeMacs, m_edgeBandwidth, m_cloudMacs;
};

// D_w(i, b) = w_i 4^-b for layers with parameters (0 otherwise), D_a(i, b) = a_i 4^-b, with w_i,
// a_i drawn log-uniformly: decreasing in b, convex in rate, different per layer.
inline QuantErrorTable syntheticErrors(const SplitAnalysis& a, std::vector<int> bits,
                                       uint32_t seed = 3) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> logScale(std::log(0.05), std::log(20.0));
    QuantErrorTable t;
    t.bits = std::move(bits);
    for (int i = 1; i <= a.layerCount(); ++i) {
        LayerQuantErrors row;
        row.layer = i;
        row.name = a.layers[static_cast<size_t>(i) - 1].name;
        const double w = std::exp(logScale(rng)), s = std::exp(logScale(rng));
        for (int b : t.bits) {
            row.weightMse.push_back(
                a.layers[static_cast<size_t>(i) - 1].params > 0 ? w * std::pow(4.0, -b) : 0.0);
            row.activationMse.push_back(s * std::pow(4.0, -b));
        }
        t.layers.push_back(row);
    }
    return t;
}

struct RefCost {
    double edge = 0, tx = 0, cloud = 0, total = 0;
    int64_t weightBytes = 0, peakBytes = 0, memory = 0, txBytes = 0;
    int64_t weightBits = 0, peakBits = 0; // before rounding to bytes
    double error = 0;
    std::vector<ValueId> crossing;
};

struct RefSetup {
    const Graph* graph = nullptr;
    const SplitAnalysis* analysis = nullptr;
    const QuantErrorTable* errors = nullptr;
    const LatencyModel* latency = nullptr;
    Uplink uplink;
    int rawBits = 8;
    bool outputsOnEdge = false;
};

inline int64_t refBytes(int64_t elements, int bits) {
    return (elements * bits + 7) / 8;
}

inline double refD(const std::vector<double>& row, const QuantErrorTable& t, int bits) {
    if (row.empty())
        return 0.0;
    for (size_t j = 0; j < t.bits.size(); ++j)
        if (t.bits[j] == bits)
            return row[j];
    qFatal("bit-width %d not in the table", bits);
    return 0.0;
}

// onEdge[i] for layer i + 1; bw/ba per layer (used for edge layers); floatBits > 0: unquantized
// edge at that width (E = 0).
inline RefCost referenceCost(const RefSetup& s, const std::vector<bool>& onEdge,
                             const std::vector<int>& bw, const std::vector<int>& ba,
                             int floatBits = 0) {
    const Graph& g = *s.graph;
    const int n = static_cast<int>(g.nodeCount());
    std::vector<int> pos(static_cast<size_t>(n), 0);
    int m = 0;
    for (int i = 0; i < n; ++i)
        if (onEdge[static_cast<size_t>(i)])
            pos[static_cast<size_t>(i)] = ++m;
    auto wbits = [&](int i) { return floatBits > 0 ? floatBits : bw[static_cast<size_t>(i)]; };
    auto abits = [&](int i) { return floatBits > 0 ? floatBits : ba[static_cast<size_t>(i)]; };
    auto activation = [&](const Value& v) {
        return !v.isConstant() && (v.producer != kNone || v.isGraphInput);
    };
    // bits per element of a tensor on the edge / on the wire
    auto bitsOf = [&](const Value& v) {
        return v.producer == kNone ? s.rawBits : abits(v.producer);
    };
    auto bytesOf = [&](const Value& v) { return refBytes(*v.shape.elementCount(), bitsOf(v)); };

    RefCost r;
    int64_t weightBits = 0;
    for (int i = 0; i < n; ++i) {
        if (!onEdge[static_cast<size_t>(i)]) {
            r.cloud += s.latency->cloudLayerSeconds(i + 1);
            continue;
        }
        const Node& node = g.node(i);
        const int64_t params = s.analysis->layers[static_cast<size_t>(i)].params;
        LayerTraffic t;
        t.weightBytes = params > 0 ? refBytes(params, wbits(i)) : 0;
        std::vector<ValueId> seen;
        for (ValueId v : node.inputs)
            if (v != kNone && activation(g.value(v)) &&
                std::find(seen.begin(), seen.end(), v) == seen.end()) {
                seen.push_back(v);
                t.inputBytes += bytesOf(g.value(v));
            }
        for (ValueId v : node.outputs)
            if (v != kNone)
                t.outputBytes += bytesOf(g.value(v));
        r.edge += s.latency->edgeLayerSeconds(i + 1, t);
        weightBits += params * wbits(i);
        if (floatBits == 0)
            r.error +=
                refD(s.errors->layers[static_cast<size_t>(i)].weightMse, *s.errors, wbits(i)) +
                refD(s.errors->layers[static_cast<size_t>(i)].activationMse, *s.errors, abits(i));
    }
    // crossing: produced on the edge (or a graph input), read on the cloud or gathered there
    auto sent = [&](const Value& v) {
        if (v.isGraphOutput && !s.outputsOnEdge)
            return true;
        for (NodeId c : v.consumers)
            if (!onEdge[static_cast<size_t>(c)])
                return true;
        return false;
    };
    for (ValueId id = 0; id < static_cast<ValueId>(g.values().size()); ++id) {
        const Value& v = g.value(id);
        if (!activation(v) || (v.producer != kNone && !onEdge[static_cast<size_t>(v.producer)]))
            continue;
        if (sent(v)) {
            r.crossing.push_back(id);
            r.txBytes += bytesOf(v);
        }
    }
    // working set of every edge step, scanning every tensor
    int64_t peak = 0;
    for (int t = 1; t <= m; ++t) {
        int64_t bits = 0;
        for (const Value& v : g.values()) {
            if (!activation(v))
                continue;
            const bool input = v.producer == kNone;
            if (!input && (!onEdge[static_cast<size_t>(v.producer)] ||
                           pos[static_cast<size_t>(v.producer)] > t))
                continue;
            bool live = !input && pos[static_cast<size_t>(v.producer)] == t;
            live = live || sent(v) || v.isGraphOutput;
            for (NodeId c : v.consumers)
                if (onEdge[static_cast<size_t>(c)] && pos[static_cast<size_t>(c)] >= t)
                    live = true;
            if (live)
                bits += input ? 8 * refBytes(*v.shape.elementCount(), s.rawBits)
                              : *v.shape.elementCount() * bitsOf(v);
        }
        peak = std::max(peak, bits);
    }
    r.weightBits = weightBits;
    r.peakBits = peak;
    r.weightBytes = (weightBits + 7) / 8;
    r.peakBytes = (peak + 7) / 8;
    r.memory = r.weightBytes + r.peakBytes;
    r.tx = r.txBytes > 0 ? s.uplink.roundTripSeconds +
                               static_cast<double>(r.txBytes + s.uplink.overheadBytesPerMessage) *
                                   8.0 / s.uplink.bitsPerSecond
                         : 0.0;
    r.total = r.edge + r.tx + r.cloud;
    return r;
}

inline std::vector<bool> prefixSet(int layers, int n) {
    std::vector<bool> on(static_cast<size_t>(layers), false);
    for (int i = 0; i < n; ++i)
        on[static_cast<size_t>(i)] = true;
    return on;
}

inline bool near(double a, double b, double rel = 1e-9) {
    return std::abs(a - b) <= rel * std::max({1.0, std::abs(a), std::abs(b)}) ||
           std::abs(a - b) <= 1e-15;
}

} // namespace solvetest
