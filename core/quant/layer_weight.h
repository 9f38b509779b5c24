#pragma once

// Which input of a layer is its weight, and along which axis its output channels lie, for
// per-output-channel weight quantization. Weights are the constant float32 multiplication
// operands of Conv, ConvTranspose, Gemm and MatMul; biases are not counted (deployments keep
// them in 32 bits), nor are the constants of other ops (BatchNormalization is folded first).
//
// Output-channel axes:
// - Conv W [M, C/g, k...]: axis 0.
// - ConvTranspose W [C, M/g, k...]: axis 1 when group = 1. With group g > 1 output channel
//   gi * (M/g) + j owns the rows gi * (C/g) .. (gi + 1) * (C/g) - 1 of column j, which is no
//   single axis: the weight is regrouped to [M, C/g, k...] for quantization and put back.
// - Gemm B: axis 0 when transB = 1 ([N, K]), else axis 1 ([K, N]); a constant A (rare): axis 0
//   when transA = 0 ([M, K]), else axis 1.
// - MatMul B [..., K, N]: the last axis; a constant A [..., M, K]: the second-to-last axis. A
//   1-D operand has no output-channel axis: per tensor.
// The B operand is preferred when both could qualify.

#include "core/quant/range_estimator.h"

#include "core/graph/graph.h"
#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace autosplit {

struct LayerWeight {
    NodeId node = kNone;
    size_t slot = 0;
    ValueId value = kNone;
    int axis = -1;      // output-channel axis in the stored layout; -1 = per tensor
    int64_t groups = 1; // > 1 only for grouped ConvTranspose (see above)
    int64_t elements = 0;
};

// The weight of a node, or nullopt when it has none.
std::optional<LayerWeight> layerWeight(const Graph& graph, NodeId node);

struct RoundingMask;

// The layer's weight fake-quantized per output channel (signed symmetric, QuantScheme::weights)
// at `bits`, in the weight's own layout: what an executor uses as a constant override. With a
// rounding mask (core/quant/weight_rounding.h) the flagged weights take the grid point on the
// other side instead of the nearest.
Result<HostTensor> fakeQuantizeWeight(const Graph& graph, const LayerWeight& weight, int bits,
                                      const RangeOptions& options,
                                      const RoundingMask* rounding = nullptr);

} // namespace autosplit
