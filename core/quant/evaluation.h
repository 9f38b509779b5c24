#pragma once

// Measured accuracy of a candidate (DESIGN.md, "Accuracy"): the model split at n, layers 1..n
// with fake-quantized weights (per output channel) and output activations (per tensor, ranges
// from calibration) at their bit-widths, layers n+1..N in float, on sample inputs, against the
// float model.

#include "core/quant/calibration.h"

#include "core/runtime/executor.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace autosplit {

struct EvaluationRequest {
    int split = 0;               // n: layers 1..n run on the edge
    std::vector<int> weightBits; // n entries; 32 = leave float
    std::vector<int>
        activationBits; // n entries; 32 = leave float; others must be in the calibration's B
    RangeOptions weightRange;
};

struct EvaluationResult {
    size_t samples = 0;
    bool labelled = false;
    double floatTop1 = 0.0;     // share of samples whose float top-1 is the label (labelled only)
    double quantizedTop1 = 0.0; // the same for the split, quantized model
    double top1Agreement = 0.0; // share of samples whose quantized top-1 equals the float top-1
    // Per graph output: SQNR in dB of the quantized model's output against the float one.
    std::vector<std::pair<std::string, double>> outputSqnrDb;
    // Percentage points: floatTop1 - quantizedTop1 when labelled, else 100 * (1 - agreement).
    double accuracyDropPercent = 0.0;
};

// The same bit-width for every edge layer (a uniform assignment).
EvaluationRequest uniformRequest(int split, int bits);

// labels: one class index per sample, or empty when the samples have none. Top-1 is taken over
// the first graph output's elements (a batch-1 classifier's scores).
Result<EvaluationResult> evaluate(const Executor& executor, const CalibrationResult& calibration,
                                  std::span<const std::vector<HostTensor>> samples,
                                  std::span<const int> labels, const EvaluationRequest& request,
                                  const ProgressCallback& progress = {},
                                  const CancellationToken& cancel = {});

} // namespace autosplit
