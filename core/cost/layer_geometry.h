#pragma once

// What a latency model needs to know about one layer beyond the bytes the solver passes: how
// its multiply-accumulates map onto a GEMM (DESIGN.md, "Cost models": a convolution is a GEMM
// with Np = N*Ho*Wo, Wn = Kh*Kw*Cin/group, F = Cout/group, repeated for each group, so a
// depthwise convolution is Cin one-channel layers; a fully connected layer is a 1x1 convolution
// on a 1x1 input), and the sizes of its operands.

#include "core/analysis/split_analysis.h"
#include "core/cost/latency_model.h"
#include "core/cost/systolic_array.h"
#include "core/graph/graph.h"
#include "core/util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace autosplit {

enum class LayerWork {
    Gemm,        // multiply-accumulates on the MAC array (Conv, ConvTranspose, Gemm, MatMul, RNNs)
    Elementwise, // data movement and a little arithmetic per element (Add, pooling, Concat, Resize
                 // ...)
    View, // metadata only, no data moves (Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout)
};

// One activation operand: its elements; `fixedBits` as ValueFacts::fixedBits (raw graph inputs at
// the raw input bits, integer tensors at their size; 0 for a floating activation quantized to the
// producer's bit-width on the edge); `floating` for floating data, which the cloud holds at its
// native precision.
struct OperandSize {
    int64_t elements = 0;
    int fixedBits = 0;
    bool floating = true;
};

struct LayerGeometry {
    LayerWork work = LayerWork::Elementwise;
    // For Gemm work: one GEMM, run `repeats` times (groups x time steps x directions, or batched
    // MatMul). `mapped` is false for a MAC layer whose MAC count is known but whose GEMM shape is
    // not (it is then costed at full array utilisation).
    GemmShape gemm;
    int64_t repeats = 0;
    // Distinct weight sets among the repeats: one per group, one per direction of an RNN (its time
    // steps reuse them), one per batch of a batched MatMul, 1 when the batch folds into Np.
    int64_t filterSets = 1;
    bool mapped = true;
    int64_t macs = 0;
    // Element-wise operations: max(activation input elements, output elements) -- one pass over
    // the data; a pooling window's extra reads stay on chip.
    int64_t elementwiseOps = 0;

    // Activation (non-constant) inputs by role: the streamed input feature map, and activation
    // operands that play the weights' part (a MatMul of two activations). Traffic the solver
    // passes is split between them in proportion to their elements.
    std::vector<OperandSize> ifmapInputs;
    std::vector<OperandSize> filterInputs;
    std::vector<OperandSize> outputs;
    int64_t params = 0; // constant elements stored by this layer (LayerInfo::params)

    // False when a needed size is unknown: the layer is costed on what is known.
    bool sizesKnown = true;
};

struct LayerGeometries {
    std::vector<LayerGeometry> layers; // one per SplitAnalysis layer
    // One line per kind of approximation (unknown sizes, ops without a MAC model), naming the
    // first layer concerned and how many there are.
    std::vector<std::string> warnings;
};

// Fails when the analysis does not belong to the graph (layer count or names differ).
Result<LayerGeometries> layerGeometries(const Graph& graph, const SplitAnalysis& analysis);

// Sum of ceil(elements * bits / 8) over operands: on the edge, operands without fixed bits at
// `activationBits`; on the cloud, floating operands at `cloudBits` and others at their fixed bits.
int64_t edgeOperandBytes(const std::vector<OperandSize>& operands, int activationBits);
int64_t cloudOperandBytes(const std::vector<OperandSize>& operands, int cloudBits);

// The traffic of a layer with every weight and activation at `bits` (raw graph inputs at their
// raw size): what the solver passes for a uniform assignment.
LayerTraffic uniformTraffic(const LayerGeometry& layer, int bits);

} // namespace autosplit
