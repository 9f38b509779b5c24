#pragma once

// Per-layer quantization sensitivity: the drop each layer's quantization alone causes,
// the rest of the model in float. The analysis that shows which layers make a uniform bit-width
// lose (ONNX Runtime's qdq_loss_debug and PaddleSlim's sensitivity analysis report the same), so
// a user sees why a split is expensive before asking the solver.

#include "core/quant/evaluation.h"

#include <vector>

namespace autosplit {

struct LayerSensitivityRequest {
    int bits = 8;            // the width of the one quantized layer
    bool weights = true;     // quantize its weights (per output channel)
    bool activations = true; // quantize its output activation (per tensor, calibrated range)
    std::vector<int> layers; // 1-based layers to measure; empty = every layer
    RangeOptions weightRange;
};

struct LayerSensitivity {
    int layer = 0;     // 1-based
    double drop = 0.0; // in the metric's unit: floatScore - quantizedScore
    double quantizedScore = 0.0;
    double outputSqnrDb = 0.0; // of the first graph output (inf when unchanged)
    bool quantized = false;    // false: the layer has neither weights nor a float activation
};

struct SensitivityResult {
    double floatScore = 0.0;
    int bits = 8; // the request's
    MetricKind metric = MetricKind::Classification;
    std::vector<LayerSensitivity> layers; // in the order requested
};

// Evaluates, for each requested layer k, the split at k with only layer k quantized. Progress
// runs over the layers; cancellable between and within evaluations.
Result<SensitivityResult>
layerSensitivity(const Executor& executor, const CalibrationResult& calibration,
                 std::span<const std::vector<HostTensor>> samples, const TaskMetric& metric,
                 const SampleTruth& truth, const LayerSensitivityRequest& request,
                 const ProgressCallback& progress = {}, const CancellationToken& cancel = {});

} // namespace autosplit
