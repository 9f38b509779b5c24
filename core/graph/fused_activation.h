#pragma once

#include <string>

namespace autosplit {

// An activation folded into the layer that produces its input (Auto-Split §4.1 "activation
// fusion"). The layer then stands for both ops: one output tensor, one quantization point.
struct FusedActivation {
    enum class Kind { None, Relu, Clip, LeakyRelu, Sigmoid, HardSigmoid, HardSwish, Swish };

    Kind kind = Kind::None;
    float alpha = 0.f; // Clip: min; LeakyRelu: slope; HardSigmoid: alpha
    float beta = 0.f;  // Clip: max; HardSigmoid: beta

    bool isNone() const { return kind == Kind::None; }
    // The ONNX op it replaces ("Relu", "Clip", ...; "Swish" for x*sigmoid(x)).
    std::string name() const;
    // Applies the activation to one value (used by tests and, later, the executor).
    float apply(float x) const;
};

} // namespace autosplit
