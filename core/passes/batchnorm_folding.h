#pragma once

#include "core/passes/pass.h"

namespace autosplit {

// Folds an inference-mode BatchNormalization into the Conv, ConvTranspose or Gemm before it when
// the BN is that layer's only consumer and the layer's weights are constants:
// W' = W * gamma / sqrt(var + eps) per output channel, b' = (b - mean) * that + beta.
// Only the folded weights are new tensors; the layer takes over the BN's output tensor.
class BatchNormFolding final : public GraphPass {
public:
    std::string name() const override { return "batchnorm-folding"; }
    std::string description() const override {
        return "fold BatchNormalization into the preceding Conv, ConvTranspose or Gemm";
    }
    Status run(Graph& graph, PassReport& report) override;
};

} // namespace autosplit
