#pragma once

// The cost of any edge assignment (DESIGN.md, "The problem"), on one graph, its split analysis,
// its error table, an edge/cloud latency model and an uplink:
//  - latency L = sum of edge layers' seconds (each given the bytes it moves at the chosen
//    bit-widths: weights at b_w, activation inputs at their producers' b_a, raw inputs at their
//    raw size, outputs at b_a) + the uplink time of every crossing tensor at its producer's b_a
//    (packed per tensor) + the cloud layers' seconds;
//  - memory M = all edge weights at b_w (packed together) + the peak activation working set,
//    DAG liveness over the edge execution order with each tensor at its own bit-width;
//  - error E = sum over edge layers of D_w(i, b_w(i)) + D_a(i, b_a(i)).
// This is the reference every method is reported with; the Auto-Split search computes the same
// numbers incrementally for its many candidates.

#include "core/solve/candidate.h"
#include "core/solve/edge_bits.h"

#include "core/analysis/split_analysis.h"
#include "core/cost/latency_model.h"
#include "core/cost/uplink.h"
#include "core/quant/quant_error_table.h"
#include "core/util/result.h"

#include <array>
#include <cstdint>
#include <vector>

namespace autosplit {

class AssignmentCost {
public:
    // Keeps references: graph, analysis, errors and latency must outlive the object. Fails (one
    // line) when the analysis, the error table and the latency model disagree on the layers, an
    // error is not a finite number >= 0, or the raw input's size is unknown (Cloud-Only could
    // not be costed).
    static Result<AssignmentCost> create(const Graph& graph, const SplitAnalysis& analysis,
                                         const QuantErrorTable& errors, const LatencyModel& latency,
                                         const Uplink& uplink, int64_t edgeMemoryBytes,
                                         int floatBits = 16);

    // Cut n with the bits of layers 1..n (bits.layerCount() >= n). Fails when n is out of range
    // or a bit-width of an edge layer is not in the error table.
    Result<Candidate> evaluate(int n, const EdgeBits& bits) const;
    // Any edge set closed under producers (every activation an edge layer reads is produced on
    // the edge or is a graph input), executed in topological order; bits cover layers up to the
    // set's last. A set that is a prefix is reported as that cut.
    Result<Candidate> evaluate(std::vector<int> edgeLayers, const EdgeBits& bits) const;
    // The same with the edge part unquantized at the float bits (E = 0): the float baselines.
    Candidate evaluateFloat(int n) const;
    Result<Candidate> evaluateFloat(std::vector<int> edgeLayers) const;

    const Graph& graph() const { return *m_graph; }
    const SplitAnalysis& analysis() const { return *m_analysis; }
    const QuantErrorTable& errors() const { return *m_errors; }
    const LatencyModel& latency() const { return *m_latency; }
    const Uplink& uplink() const { return m_uplink; }
    int64_t edgeMemoryLimit() const { return m_edgeMemory; }
    int floatBits() const { return m_floatBits; }
    int layerCount() const { return m_analysis->layerCount(); }

    // --- Per-layer and per-tensor facts (layers 1-based) for the search and the baselines.
    int64_t params(int layer) const {
        return m_analysis->layers[static_cast<size_t>(layer) - 1].params;
    }
    // Activation tensors the layer reads (graph inputs included, constants not), each once.
    const std::vector<ValueId>& activationInputs(int layer) const {
        return m_inputs[static_cast<size_t>(layer) - 1];
    }
    const std::vector<ValueId>& outputs(int layer) const {
        return m_outputs[static_cast<size_t>(layer) - 1];
    }
    // Later layers reading one of the layer's outputs, each once.
    const std::vector<int>& dependents(int layer) const {
        return m_dependents[static_cast<size_t>(layer) - 1];
    }
    // Elements of the layer's outputs that are quantized to b_a (floating tensors of known size).
    int64_t quantizedOutputElements(int layer) const {
        return m_quantizedOutputs[static_cast<size_t>(layer) - 1];
    }
    bool hasBits(int bits) const {
        return bits >= 0 && bits < kMaxBits && m_column[static_cast<size_t>(bits)] >= 0;
    }
    // D_w(i, b), D_a(i, b); D_a is 0 for a layer the calibration did not measure. b must be in
    // the table (hasBits).
    double weightError(int layer, int bits) const;
    double activationError(int layer, int bits) const;
    bool activationErrorsMeasured() const { return m_activationMeasured; }
    // Bytes of a tensor when its producer's activations are `bits` wide (fixed-size tensors
    // keep their own size); 0 for a tensor of unknown size.
    int64_t tensorBytes(ValueId value, int bits) const;
    int64_t tensorBits(ValueId value, int bits) const; // the same in bits, before rounding
    // Sum of cloud seconds of layers n+1..N.
    double cloudSuffixSeconds(int n) const { return m_cloudSuffix[static_cast<size_t>(n)]; }

    // Traffic of edge layer i given its weight bits and a function giving a producer layer's b_a.
    template <typename ActivationBitsOf>
    LayerTraffic traffic(int layer, int weightBits, ActivationBitsOf&& activationBitsOf) const {
        LayerTraffic t;
        t.weightBits = weightBits;
        t.weightBytes = params(layer) > 0 ? (params(layer) * weightBits + 7) / 8 : 0;
        for (ValueId v : activationInputs(layer))
            t.inputBytes += tensorBytes(
                v, activationBitsOf(m_analysis->values[static_cast<size_t>(v)].producedAt));
        const int own = activationBitsOf(layer);
        t.activationBits = own;
        for (ValueId v : outputs(layer))
            t.outputBytes += tensorBytes(v, own);
        return t;
    }

private:
    static constexpr int kMaxBits = 65;
    AssignmentCost() = default;

    struct Widths; // how the generic evaluation reads bit-widths
    Result<Candidate> cost(const std::vector<int>& edgeLayers, bool prefix,
                           const Widths& widths) const;
    Status checkBits(const std::vector<int>& edgeLayers, const EdgeBits& bits) const;

    const Graph* m_graph = nullptr;
    const SplitAnalysis* m_analysis = nullptr;
    const QuantErrorTable* m_errors = nullptr;
    const LatencyModel* m_latency = nullptr;
    Uplink m_uplink;
    int64_t m_edgeMemory = 0;
    int m_floatBits = 16;
    bool m_activationMeasured = true;
    std::array<int, kMaxBits> m_column{}; // bits -> column of the error table, -1 when absent
    std::vector<std::vector<ValueId>> m_inputs;
    std::vector<std::vector<ValueId>> m_outputs;
    std::vector<std::vector<int>> m_dependents;
    std::vector<int64_t> m_quantizedOutputs;
    std::vector<double> m_cloudSuffix; // N + 1
};

} // namespace autosplit
