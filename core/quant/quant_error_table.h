#pragma once

// The per-layer quantization errors the solver needs (DESIGN.md, "The problem"):
// D_w(i, b), the MSE between layer i's weight and its per-output-channel quantized version, and
// D_a(i, b), the MSE between layer i's output activation and its per-tensor quantized version on
// sample data. Plain value structs (no JSON library in core): every field maps to a JSON
// number, string or array as is.

#include "core/quant/range_estimator.h"

#include "core/graph/graph.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace autosplit {

struct LayerQuantErrors {
    int layer = 0;    // 1-based layer index i; graph node i - 1
    std::string name; // node name
    std::string opType;
    std::string weight;  // weight tensor name; empty when the layer has no weight
    int weightAxis = -1; // output-channel axis of the weight (-1: per tensor)
    int64_t weightElements = 0;
    // D_w(i, bits[j]); zeros for a layer without weight (nothing to quantize).
    std::vector<double> weightMse;
    std::string activation; // the layer's (first) output tensor
    // D_a(i, bits[j]); empty until calibration has measured it.
    std::vector<double> activationMse;
};

struct QuantErrorTable {
    std::vector<int> bits;                // the bit-width set B, ascending
    std::string weightRangeMethod;        // rangeMethodName of the weight ranges
    std::string activationRangeMethod;    // of the activation ranges; empty until calibrated
    std::vector<LayerQuantErrors> layers; // one per graph node, in topological order

    // Position of a bit-width in `bits`, or nullopt.
    std::optional<size_t> bitIndex(int bits) const;
};

// A table with one row per node of the graph and D_w filled for every bit-width in `bits`
// (each must be 2..8 or 16; sorted and deduplicated into the table). Reports progress per layer
// and stops with an error when cancelled.
Result<QuantErrorTable> computeWeightErrors(const Graph& graph, std::span<const int> bits,
                                            const RangeOptions& options = {},
                                            const ProgressCallback& progress = {},
                                            const CancellationToken& cancel = {});

} // namespace autosplit
