#pragma once

#include "core/passes/pass.h"

namespace autosplit {

// Fuses an activation (Relu, Clip / Relu6, LeakyRelu, Sigmoid, HardSigmoid, HardSwish, and
// x * sigmoid(x) as Swish) into the Conv, ConvTranspose, Gemm, MatMul, Add or BatchNormalization
// that produces its input, when the activation is that layer's only consumer. The layer records
// it in Node::activation and takes over the activation's output tensor (so names stay).
class ActivationFusion final : public GraphPass {
public:
    std::string name() const override { return "activation-fusion"; }
    std::string description() const override {
        return "fuse activations into the layer that produces their input";
    }
    Status run(Graph& graph, PassReport& report) override;
};

} // namespace autosplit
