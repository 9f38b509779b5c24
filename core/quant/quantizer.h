#pragma once

// Uniform affine quantization (DESIGN.md, "Accuracy"): q = clamp(round(x / scale) + zeroPoint,
// qmin, qmax), x' = (q - zeroPoint) * scale, with round-to-nearest-even.
//
// Conventions (QuantScheme::weights / QuantScheme::activations):
// - Weights: signed, symmetric (zero point 0), narrow range [-(2^(b-1) - 1), 2^(b-1) - 1], one
//   scale per output channel. Symmetric because weights are centred on zero and a zero point of 0
//   keeps the integer GEMM free of cross terms; narrow because then +max|w| and -max|w| are both
//   exact and the grid is the same for a channel and its negation. It is also what ONNX Runtime
//   and TensorRT expect of int8 QDQ weights. The price is one unused code, which at 2 bits
//   leaves the ternary grid {-s, 0, s}.
// - Activations: unsigned, asymmetric, full range [0, 2^b - 1], one scale per tensor, because
//   activations (after ReLU, or images) are mostly one-sided.
// In both the range is widened to contain 0, so 0 (padding, ReLU zeros) is exact.
//
// Scales are chosen in double; values are quantized with the scale rounded to float32, in float32
// arithmetic, as ONNX defines it (quantizeValue), so an exported model computes the same codes.

#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

// True for the bit-widths the quantizers support: 2..8 and 16.
bool isSupportedBitWidth(int bits);

struct QuantScheme {
    int bits = 8;
    bool isSigned = false;    // codes centred on 0 instead of starting at 0
    bool symmetric = false;   // zero point 0 and range [-max|x|, max|x|]; needs isSigned
    bool narrowRange = false; // signed only: drop the code -2^(b-1)
    int axis = -1;            // per-channel axis; -1 = one scale for the tensor

    // Signed symmetric narrow-range, per output channel along `axis`.
    static QuantScheme weights(int bits, int axis);
    // Unsigned asymmetric, per tensor.
    static QuantScheme activations(int bits);

    int32_t qmin() const;
    int32_t qmax() const;
    // "8-bit signed symmetric per-channel(axis 0)" for messages and reports.
    std::string describe() const;
};

// A value range [lo, hi] to map onto the code range.
struct Range {
    float lo = 0.0f;
    float hi = 0.0f;
};

// Parameters of a quantizer: one scale and zero point per channel (one in all when per tensor).
struct QuantParams {
    int bits = 8;
    bool isSigned = false;
    int32_t qmin = 0;
    int32_t qmax = 255;
    int axis = -1; // -1 = per tensor
    std::vector<double> scale;
    std::vector<int32_t> zeroPoint;

    size_t channels() const { return scale.size(); }
    bool perTensor() const { return axis < 0; }
};

// Checks bits, the signed/symmetric combination; names the problem.
Status validateScheme(const QuantScheme& scheme);

// Parameters from one range per channel (one range when scheme.axis < 0). A range of zero width
// (all values 0) gets scale 1, so nothing divides by zero and 0 stays exact. Fails on a range
// with a non-finite end or lo > hi.
Result<QuantParams> paramsFromRanges(const QuantScheme& scheme, std::span<const Range> ranges);
Result<QuantParams> paramsFromRange(const QuantScheme& scheme, Range range);

// Per-tensor operations on float spans (params must be per tensor). `label` names the tensor in
// errors. A NaN or infinite input is an error naming the element.
Result<std::vector<int32_t>> quantize(std::span<const float> values, const QuantParams& params,
                                      std::string_view label = "tensor");
std::vector<float> dequantize(std::span<const int32_t> codes, const QuantParams& params);
Result<std::vector<float>> fakeQuantize(std::span<const float> values, const QuantParams& params,
                                        std::string_view label = "tensor");

// The same on tensors, per tensor or per channel along params.axis. quantize gives an int32
// tensor of codes; dequantize takes one. fakeQuantize returns a new tensor and never writes to
// its input (the executor's tensors may share buffers).
Result<HostTensor> quantize(const HostTensor& tensor, const QuantParams& params,
                            std::string_view label = "tensor");
Result<HostTensor> dequantize(const HostTensor& codes, const QuantParams& params,
                              std::string_view label = "tensor");
Result<HostTensor> fakeQuantize(const HostTensor& tensor, const QuantParams& params,
                                std::string_view label = "tensor");
// fakeQuantize for the activations of a quantized run: +-inf saturate to the ends of the code
// range and NaN becomes the zero point's value, as a deployed QuantizeLinear turns whatever an
// overflowing layer (a division by a quantized zero) gives it into some code. The run is then
// scored, instead of failing on a value the float model never produced.
Result<HostTensor> fakeQuantizeSaturating(const HostTensor& tensor, const QuantParams& params,
                                          std::string_view label = "tensor");

// Round half to even of a value with |v| <= 2^51, in the default rounding mode: adding 1.5 * 2^52
// leaves no fraction bits, so the FPU rounds exactly as nearbyint does, but the compiler can
// inline and vectorise it (nearbyint is a library call without SSE4.1).
inline double roundHalfEven(double v) {
    constexpr double magic = 6755399441055744.0;
    return (v + magic) - magic;
}

// One value's code and back, in the arithmetic ONNX's QuantizeLinear and DequantizeLinear define
// and ONNX Runtime runs: the scale as float32, x / scale in float32 rounded half to even, then
// the zero point added and the code clamped to [qmin, qmax]; (q - zero point) * scale in float32.
// The simulation then computes exactly what an exported QDQ model computes (a double quotient
// would land on the other side of a rounding boundary now and then, and the layers after it
// would drift apart). Clamping the quotient to [qmin - zp, qmax - zp] before rounding is the
// same as clamping the code after, since the bounds are integers.
inline int32_t quantizeValue(float x, double scale, int32_t zeroPoint, int32_t qmin, int32_t qmax) {
    const float v = x / static_cast<float>(scale);
    const auto lo = static_cast<float>(qmin - zeroPoint);
    const auto hi = static_cast<float>(qmax - zeroPoint);
    return static_cast<int32_t>(
               roundHalfEven(static_cast<double>(v < lo ? lo : (v > hi ? hi : v)))) +
           zeroPoint;
}

inline float dequantizeValue(int32_t q, double scale, int32_t zeroPoint) {
    return static_cast<float>(q - zeroPoint) * static_cast<float>(scale);
}

// Fails naming the first NaN or infinite element of `values`.
Status checkFinite(std::span<const float> values, std::string_view label);

// Layout of a per-channel tensor: element (o, c, i) is at (o * channels + c) * inner + i.
struct ChannelLayout {
    int64_t outer = 1;
    int64_t channels = 1;
    int64_t inner = 1;
};
// Fails when axis is out of range for dims (axis < 0 gives one channel).
Result<ChannelLayout> channelLayout(const std::vector<int64_t>& dims, int axis,
                                    std::string_view label = "tensor");

} // namespace autosplit
