#pragma once

// Folding a per-output-channel affine map y = x * scale + shift into the Conv, ConvTranspose or
// Gemm that produces x: W' = W * scale per output channel, b' = b * scale + shift. What
// BatchNormalization computes in inference, and what exporters leave behind as constant Mul/Add
// pairs after a conv (PaddlePaddle's PP-LCNet "learnable affine blocks", ONNX Runtime's
// ConvMulFusion/ConvAddFusion). Folding keeps such an op from becoming a layer boundary of its
// own, so the tensor a split sends and the quantizer rounds is the one a deployed integer model
// has.

#include "core/graph/graph.h"
#include "core/passes/pass.h"

#include <optional>
#include <string>
#include <vector>

namespace autosplit {

// One (scale, shift) for every output channel, or a single pair for all of them.
struct ChannelAffine {
    std::vector<double> scale;
    std::vector<double> shift;
};

// The values of a floating-point constant as doubles; nullopt for no tensor or another type.
std::optional<std::vector<double>> realValues(const Tensor* t);

// The Conv, ConvTranspose or Gemm producing `op`'s input `x` that an affine `op` could fold into:
// `op` is the sole reader of that layer's only output in use, and the layer carries no activation
// or fused residual yet. kNone otherwise.
NodeId affineFoldTarget(const Graph& graph, NodeId op, ValueId x);

// The number of output channels of `layer` (a fold target) as its constant weight tells, or 0
// when the weight is not a floating-point constant of a shape the layer allows.
size_t outputChannels(const Graph& graph, const Node& layer);

// Folds `affine`, computed by `op`, into `layer` (from affineFoldTarget): the layer takes over
// op's output tensor and op is removed. New weight and bias names end in `suffix`. Returns an
// empty string on success, else why it cannot be folded (nothing changed).
std::string foldChannelAffine(Graph& graph, NodeId layer, NodeId op, const ChannelAffine& affine,
                              const std::string& suffix);

} // namespace autosplit
