#pragma once

// What one sample shows of a candidate, for the task metric (DESIGN.md, "Accuracy"): the float
// model's answer (computed once per sample and kept), the quantized model's, and the output
// energies the SQNR needs. A drop is scored from the outcomes of any set of samples — all of
// them (evaluate), or the ones judged so far, with the interval of what all of them will show
// (drop_interval.h).

#include "core/quant/drop_interval.h"

#include "core/metrics/detection_metrics.h"
#include "core/metrics/quad.h"
#include "core/metrics/task_metric.h"

#include "core/graph/graph.h"
#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace autosplit {

struct EvaluationResult;
struct SampleTruth;

using OutputMap = std::map<std::string, HostTensor>;

// A model's answer to one sample, read from its outputs by the metric: the top-1 class of the
// first output, the recognised lines, or the detected boxes (nothing for SQNR).
struct SampleAnswer {
    int64_t topClass = -1; // -1 when the first output is not a non-empty float tensor
    std::vector<std::string> lines;
    std::vector<Quad> boxes;
};

Result<SampleAnswer> answerOf(const Graph& graph, const TaskMetric& metric,
                              const OutputMap& outputs);

// One sample of a candidate: its index in the sample set, both answers and, per graph output,
// the float output's energy (signal) and that of the quantized output's difference (noise).
struct SampleOutcome {
    size_t sample = 0;
    SampleAnswer floatAnswer;
    SampleAnswer quantizedAnswer;
    std::vector<double> signal;
    std::vector<double> noise;
};

// The quantized outputs against the float ones (and their answer, already read).
Result<SampleOutcome> outcomeOf(const Graph& graph, const TaskMetric& metric, size_t sample,
                                const OutputMap& floatOutputs, const SampleAnswer& floatAnswer,
                                const OutputMap& quantizedOutputs);

// The metric's figures on the outcomes' samples (each sample once), against the truth of those
// samples (truth holds every sample of the set, by index, or nothing).
Result<EvaluationResult> scoreOutcomes(std::span<const SampleOutcome> outcomes, const Graph& graph,
                                       const TaskMetric& metric, const SampleTruth& truth);

// The interval of the drop on every sample of the set (floatAnswers: the float model's answer of
// each, by index) from the outcomes judged so far, at `confidence`; the drop itself when every
// sample is judged.
Result<DropInterval> dropIntervalOf(const Graph& graph, std::span<const SampleOutcome> judged,
                                    std::span<const SampleAnswer> floatAnswers,
                                    const TaskMetric& metric, const SampleTruth& truth,
                                    double confidence);

} // namespace autosplit
