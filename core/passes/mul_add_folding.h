#pragma once

#include "core/passes/pass.h"

namespace autosplit {

// Folds a Mul, Add, Sub or Div by a constant into the Conv, ConvTranspose or Gemm before it when
// that op is the layer's only reader and the constant is one value or one per output channel
// (shape [M, 1, 1], [1, M, 1, 1], ... for a conv; [M] or [1, M] for a Gemm): W' = W * s,
// b' = b * s + t, as ONNX Runtime's ConvMulFusion and ConvAddFusion do. Exporters leave such
// ops behind a conv (PaddlePaddle's "learnable affine blocks" of PP-LCNetV3, scaling layers of
// converted Caffe models); unfolded, each becomes a layer of its own whose output is quantized
// and could be sent, although an integer deployment never materializes it. Runs after
// batchnorm-folding, so a BN and the scale after it fold into the same conv. Sub(c, x) folds as
// scale -1; Div(x, c) as scale 1/c; Div(c, x) is not affine and stays.
class MulAddFolding final : public GraphPass {
public:
    std::string name() const override { return "mul-add-folding"; }
    std::string description() const override {
        return "fold a constant Mul/Add/Sub/Div after a Conv, ConvTranspose or Gemm into its "
               "weights and bias";
    }
    Status run(Graph& graph, PassReport& report) override;
};

} // namespace autosplit
