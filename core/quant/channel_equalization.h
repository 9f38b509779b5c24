#pragma once

// Channel equalization before calibration: a float-exact rewrite that evens out the per-channel
// ranges of a layer's output, which per-tensor activation quantization handles badly. A tensor
// whose channels span 0.05 and 11 at once (PP-OCRv4's recogniser after its HardSwish layers)
// gets one 8-bit step of 0.04 for all of them, and the small channels are lost. For a layer
// output y read only by layers that multiply it by constant weights (Conv, Gemm, MatMul), y_c is
// divided by s_c and the readers' weights for input channel c multiplied by s_c: the float model
// computes the same, and the quantized tensor y / s has even channels. The division goes into
// the producer's weights when its activation is positively homogeneous (none, Relu, LeakyRelu),
// else into its fused activation's channel scale, which an integer kernel applies in its
// requantization. The scales are chosen as SmoothQuant does (Xiao et al. 2023):
// s_c = a_c^alpha / w_c^(1 - alpha), a_c the channel's largest |y| on the samples, w_c the
// largest |weight| reading it; readers that are all depthwise convs quantize their weights per
// channel, so there alpha is 1 and the channels end equal. The cross-layer equalization of
// Nagel et al. 2019 (data-free, weights only) is the special case without activations.

#include "core/graph/graph.h"
#include "core/runtime/executor.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace autosplit {

struct EqualizationOptions {
    // Migration strength for tensors read by dense layers (not all depthwise); nullopt leaves
    // them alone. Moving range into a dense reader's input channels costs that reader weight
    // precision (its weights are quantized per output channel): on PP-OCRv4's recogniser alpha
    // 0.5 halved one layer's drop and doubled its reader's, so it is not the default. Depthwise
    // readers quantize per channel and take any scale for free.
    std::optional<double> denseAlpha;
    double minScale = 1e-3;    // s_c is at least this share of the largest s (dead channels)
    double minRangeRatio = 2.; // leave a tensor alone when its channel ranges differ less
};

struct EqualizedTensor {
    std::string tensor;
    int layer = 0;                 // 1-based producer
    double rangeRatioBefore = 0.0; // largest / smallest channel |y| (nonzero channels)
    double rangeRatioAfter = 0.0;
    bool intoWeights = false; // the division went into the producer's weights
};

struct EqualizationResult {
    std::shared_ptr<const Graph> graph; // the rewritten copy (the input graph when nothing moved)
    std::vector<EqualizedTensor> tensors;
};

// Observes the per-channel ranges of every eligible layer output over `samples` with `executor`
// (the float graph), then rewrites a copy of its graph. Progress per sample; cancellable.
Result<EqualizationResult> equalizeChannels(const Executor& executor,
                                            std::span<const std::vector<HostTensor>> samples,
                                            const EqualizationOptions& options = {},
                                            const ProgressCallback& progress = {},
                                            const CancellationToken& cancel = {});

} // namespace autosplit
