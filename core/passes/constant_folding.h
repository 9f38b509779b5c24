#pragma once

#include "core/passes/pass.h"

namespace autosplit {

// Replaces nodes whose inputs are all constants (and Shape/Size of tensors whose shape is known)
// by the constant they compute, so shape-computation chains (Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape) leave Reshape, Pad and Resize with constant shape inputs. The folded value
// keeps its name. Repeats with ONNX shape inference in between while that resolves more shapes.
class ConstantFolding final : public GraphPass {
public:
    std::string name() const override { return "constant-folding"; }
    std::string description() const override {
        return "fold shape computations and other nodes on constants into constants";
    }
    Status run(Graph& graph, PassReport& report) override;
};

} // namespace autosplit
