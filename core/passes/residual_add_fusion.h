#pragma once

#include "core/passes/pass.h"

namespace autosplit {

// Fuses a residual Add into the Conv that produces one of its operands: Add(Conv(x), z) becomes
// one Conv computing Conv(x) + z (Node::residualAdd, z as input 3), so the sum is formed while
// the conv's output block is still in registers instead of in a second pass over memory — the
// ResNet / MobileNetV2 shortcut, as ONNX Runtime's FusedConv does. Only when both operands have
// the output's full, known shape (no broadcasting), the conv output feeds nothing else and the
// Conv carries no activation yet (a Relu after the Add is fused afterwards and applies to the sum).
class ResidualAddFusion final : public GraphPass {
public:
    std::string name() const override { return "residual-add-fusion"; }
    std::string description() const override {
        return "fuse residual Adds into the Conv producing an operand";
    }
    Status run(Graph& graph, PassReport& report) override;
};

} // namespace autosplit
