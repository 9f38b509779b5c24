#pragma once

// Integer execution of a QDQ model (the edge.onnx of a deployment bundle, or any model in ONNX
// Runtime's QDQ form), the way ONNX Runtime's QDQ transformers turn node groups into QLinearConv:
// each Conv, Gemm or MatMul whose input is DequantizeLinear of uint8 codes (one scale) and whose
// weight is DequantizeLinear of constant int8 codes (zero points 0, one scale or one per output
// channel) becomes one integer node (integer_kernels.cpp) that keeps the Conv's name. The
// single-reader chain after it is absorbed as far as it goes: a residual Add (Conv only), one
// activation (Relu, Clip, LeakyRelu, HardSigmoid, HardSwish), one Clip, and a QuantizeLinear to
// uint8 (one scale), whose codes the node then writes itself. What does not fit stays as it was,
// in float: a partly matching layer is still lowered and leaves its result in float.
//
// The integer node computes what the QDQ nodes compute, with exact integer sums instead of
// float ones: an output differs only where the float sum's rounding moved a value across a
// rounding boundary, by one quantization step.

#include "core/graph/graph.h"
#include "core/util/result.h"

#include <string>

namespace autosplit {

inline constexpr const char* kIntegerDomain = "autosplit";

// The integer nodes' inputs, by slot (absent optional ones empty): X codes (uint8), X scale, X
// zero point, the prepared weights (int8 [M, k rounded up to 4]), W scale (per tensor or per output
// channel), bias (float), residual (float, or uint8 codes with the residual scale and zero point;
// IntegerConv only), Y scale, Y zero point (present: the node writes codes), the weights' row sums
// (int32 [M]).
enum IntegerSlot {
    kIntegerX,
    kIntegerXScale,
    kIntegerXZero,
    kIntegerW,
    kIntegerWScale,
    kIntegerBias,
    kIntegerAddend,
    kIntegerYScale,
    kIntegerYZero,
    kIntegerRowSums,
    kIntegerAddendScale,
    kIntegerAddendZero,
    kIntegerSlots
};
inline constexpr const char* kIntegerConvOp = "IntegerConv";
inline constexpr const char* kIntegerMatMulOp = "IntegerMatMul";

struct IntegerLowering {
    int layers = 0;        // integer nodes made
    int withCodesOut = 0;  // of them, ending in codes (a QuantizeLinear absorbed)
    int nodesAbsorbed = 0; // QDQ graph nodes they replaced
    // Activations after a layer left in float (one with a float input, as the first conv on an
    // image) folded into it, so they run in its output loop rather than as a pass of their own.
    int activationsFused = 0;
};

// Lowers every matching layer in place (and folds the activation after each float Conv/Gemm into
// it) and finalizes; a graph with neither is left as it is.
Result<IntegerLowering> lowerToIntegerKernels(Graph& graph);

// Registers the integer nodes' kernels (integer_kernels.cpp).
class KernelRegistry;
void registerIntegerKernels(KernelRegistry& registry);

} // namespace autosplit
