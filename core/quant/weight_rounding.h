#pragma once

// Adaptive weight rounding: AdaRound's objective (Nagel et al., "Up or Down? Adaptive Rounding
// for Post-Training Quantization", ICML 2020). The grid stays the one QuantScheme::weights gives
// (one scale per output channel); what changes is which of the two grid points around each weight
// it becomes. Nearest rounding minimises each weight's own error, but a layer computes sums: a
// depthwise kernel whose taps cancel (an edge detector, taps +4.05 and -4.14, sum 0.0007) on
// smooth input has a small output that per-tap errors of up to half a step no longer cancel in.
// PP-OCRv4's recogniser has such kernels in its second layer, and 8-bit nearest rounding of that
// one layer alone took the model's output SQNR to 13 dB.
//
// With H = sum of x x^T over the layer's input vectors x on the calibration data (a Conv's patch
// per output position and group, a Gemm's or MatMul's rows), the output error of channel o is
// d_o^T H d_o, d_o = its quantized weights minus its float ones. Each weight may be rounded down
// or up (AdaRound's constraint); the choice is made by greedy coordinate descent from nearest
// rounding (any single flip that lowers the error is taken, in passes until none does), so the
// result is never worse than nearest rounding on the calibration data. AdaRound relaxes the same
// problem and anneals it with gradient descent; on these layers the greedy search is exact enough
// and needs no learning-rate schedule.

#include "core/quant/layer_weight.h"
#include "core/quant/quantizer.h"

#include "core/graph/graph.h"
#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace autosplit {

enum class WeightRounding { Nearest, Adaptive };

// "nearest", "adaptive".
std::string_view weightRoundingName(WeightRounding rounding);
std::optional<WeightRounding> parseWeightRounding(std::string_view name);

// Which weights are rounded away from their nearest grid point: one bit per element of the weight
// in its stored layout, least significant bit first.
struct RoundingMask {
    int64_t elements = 0;
    std::vector<uint8_t> bits;

    explicit RoundingMask(int64_t count = 0);
    bool flipped(int64_t i) const { return (bits[static_cast<size_t>(i >> 3)] >> (i & 7)) & 1u; }
    void flip(int64_t i) { bits[static_cast<size_t>(i >> 3)] ^= uint8_t(1u << (i & 7)); }
    int64_t flippedCount() const;
};

// H of one weight layer, accumulated over its input tensors: one d x d matrix per group (a
// grouped Conv's groups read different channels), stored as doubles.
class LayerInputMoments {
public:
    // Input vectors longer than this are not handled (H would be over 8 MB per group, and the
    // descent O(d^2) per output channel): such layers keep nearest rounding.
    static constexpr int64_t kMaxDimension = 1024;

    // nullopt when adaptive rounding does not handle the layer's weight: ConvTranspose, a
    // constant A of Gemm/MatMul, a B of more than 2 dims, Gemm with transA, input vectors longer
    // than kMaxDimension.
    static std::optional<LayerInputMoments> of(const Graph& graph, const LayerWeight& weight);

    // The value whose tensors add() takes: the layer's data input.
    ValueId input() const { return m_input; }
    int64_t groups() const { return m_groups; }
    int64_t dimension() const { return m_dimension; }
    int64_t vectors() const { return m_vectors; }
    // Group g's H, row-major d x d.
    const std::vector<double>& moments(int64_t group) const {
        return m_moments[static_cast<size_t>(group)];
    }

    // Adds the input vectors of one run's input tensor; fails when its shape does not fit the
    // layer (the error names the tensor).
    Status add(const Graph& graph, const HostTensor& input);

private:
    LayerInputMoments() = default;
    Status addConvPatches(const Graph& graph, const HostTensor& input);

    NodeId m_node = kNone;
    ValueId m_input = kNone;
    int64_t m_groups = 1;
    int64_t m_dimension = 0;
    int64_t m_vectors = 0;
    std::vector<std::vector<double>> m_moments;
};

// The adaptive rounding of the layer's weight on the grid `params` (per output channel, as
// chooseParams gives for QuantScheme::weights): the mask of weights rounded away from nearest.
Result<RoundingMask> adaptiveRounding(const Graph& graph, const LayerWeight& weight,
                                      const QuantParams& params, const LayerInputMoments& moments);

// Moves each flagged code to the grid point on the other side of its weight (codes as
// quantize(weight, params) gave them; a code at the end of the range stays there).
Status applyRounding(HostTensor& codes, const HostTensor& weight, const QuantParams& params,
                     const RoundingMask& mask);

// The weight fake-quantized on `params` with the flagged weights rounded the other way:
// quantize, applyRounding, dequantize.
Result<HostTensor> roundedWeight(const HostTensor& weight, const QuantParams& params,
                                 const RoundingMask& mask, std::string_view label = "weight");

// d^T H d summed over output channels for the layer's weight quantized to `quantized` (same
// layout): the output error adaptive rounding minimises, for reports and tests.
double outputError(const Graph& graph, const LayerWeight& weight, const HostTensor& quantized,
                   const LayerInputMoments& moments);

} // namespace autosplit
