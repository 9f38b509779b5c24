#pragma once

// Measured accuracy of a candidate (DESIGN.md, "Accuracy"): the model split at n, layers 1..n
// with fake-quantized weights (per output channel) and output activations (per tensor, ranges
// from calibration) at their bit-widths, layers n+1..N in float, on sample inputs, against the
// float model. What crosses unquantized is simulated as the bundle sends it (wire_form.h): a
// float graph input read on the cloud fake-quantized at the raw-input bits (or rounded to
// float16), a float tensor an edge layer leaves unquantized rounded to float16 at 16 float bits.
// The edge reads them so too, as the bundle's edge model does (a Quantize/Dequantize or Cast pair
// in front of its readers), so a drop measured here is the bundle's drop.

#include "core/quant/calibration.h"

#include "core/metrics/detection_metrics.h"
#include "core/metrics/quad.h"
#include "core/metrics/task_metric.h"

#include "core/runtime/executor.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace autosplit {

struct EvaluationRequest {
    int split = 0;               // n: layers 1..n run on the edge
    std::vector<int> edgeLayers; // 1-based, ascending, ending at n; empty for the prefix 1..n
    std::vector<int> weightBits; // n entries; 32 = leave float
    std::vector<int>
        activationBits; // n entries; 32 = leave float; others must be in the calibration's B
    RangeOptions weightRange;
    // Bits per element the cost charges for a float graph input read on the cloud and for a float
    // tensor crossing from an unquantized edge layer (Candidate::rawInputBits, floatBits).
    int rawInputBits = 8;
    int floatBits = 16;
};

struct EvaluationResult {
    size_t samples = 0;
    bool labelled = false;
    double floatTop1 = 0.0;     // share of samples whose float top-1 is the label (labelled only)
    double quantizedTop1 = 0.0; // the same for the split, quantized model
    double top1Agreement = 0.0; // share of samples whose quantized top-1 equals the float top-1
    // Per graph output: SQNR in dB of the quantized model's output against the float one.
    std::vector<std::pair<std::string, double>> outputSqnrDb;
    // Percentage points: floatTop1 - quantizedTop1 when labelled, else 100 * (1 - agreement);
    // for other metrics the same in their unit (floatScore - quantizedScore).
    double accuracyDropPercent = 0.0;

    // The task metric's figures, in percent: top-1 for classification, exact-line accuracy for
    // text recognition (against the texts when given, else the quantized model's lines against
    // the float model's, the float model then scoring 100), hmean for text detection (against
    // the truth boxes when given, else the quantized model's boxes against the float model's,
    // the float model then scoring 100).
    MetricKind metric = MetricKind::Classification;
    double floatScore = 0.0;
    double quantizedScore = 0.0;
    // Text recognition: character error rates in percent (against the texts, or the float
    // model's lines for the quantized one when there are none).
    std::optional<double> floatCharacterErrorRate;
    std::optional<double> quantizedCharacterErrorRate;
    // Text detection: the counts behind precision, recall and hmean (against the truth boxes, or
    // the float model's boxes for the quantized one when there are none).
    std::optional<TextDetectionScore> floatDetection;
    std::optional<TextDetectionScore> quantizedDetection;
    // SQNR: of all float outputs together, in dB (infinite when nothing changed); the drop is
    // sqnrDropPercent of it, the float model scores 100 and the split 100 - drop.
    std::optional<double> sqnrDb;
};

// What the samples are known to show: one class index, one line text or the text boxes of each
// sample, or nothing.
struct SampleTruth {
    std::vector<int> classes;
    std::vector<std::string> texts;
    // Text lines' boxes per sample (possibly none), in the continuous coordinates of the input
    // tensor, which are the probability map's (SampleSet::inputBoxes).
    std::vector<std::vector<Quad>> boxes;
};

// Whether the truth fits the samples (one label, text or box list per sample, or none) and the
// metric has what it needs (a recogniser's dictionary); the error names the mismatch.
Status checkSampleTruth(const SampleTruth& truth, size_t samples, const TaskMetric& metric);

// The same bit-width for every edge layer (a uniform assignment).
EvaluationRequest uniformRequest(int split, int bits);

// labels: one class index per sample, or empty when the samples have none. Top-1 is taken over
// the first graph output's elements (a batch-1 classifier's scores).
Result<EvaluationResult> evaluate(const Executor& executor, const CalibrationResult& calibration,
                                  std::span<const std::vector<HostTensor>> samples,
                                  std::span<const int> labels, const EvaluationRequest& request,
                                  const ProgressCallback& progress = {},
                                  const CancellationToken& cancel = {});

// The same judged by a task metric. Text recognition decodes the first graph output ([N, T, C]
// per-step class scores) with the metric's alphabet; truth.texts, when given, holds one line per
// sample. Text detection reads boxes from the first graph output ([1, 1, H, W] text
// probabilities, as large as the input) with DB post-processing; truth.boxes, when given, holds
// each sample's boxes.
Result<EvaluationResult> evaluate(const Executor& executor, const CalibrationResult& calibration,
                                  std::span<const std::vector<HostTensor>> samples,
                                  const TaskMetric& metric, const SampleTruth& truth,
                                  const EvaluationRequest& request,
                                  const ProgressCallback& progress = {},
                                  const CancellationToken& cancel = {});

} // namespace autosplit
