#include "core/quant/evaluation.h"

#include "core/quant/quantized_run.h"
#include "core/quant/sample_outcome.h"

#include <algorithm>

namespace autosplit {

Status checkSampleTruth(const SampleTruth& truth, size_t samples, const TaskMetric& metric) {
    if (metric.kind == MetricKind::TextRecognition && !metric.alphabet)
        return Error{"text recognition needs the recogniser's dictionary", ErrorKind::Usage};
    if (!truth.classes.empty() && truth.classes.size() != samples)
        return Error{"evaluation got " + std::to_string(truth.classes.size()) + " labels for " +
                     std::to_string(samples) + " samples"};
    if (!truth.texts.empty() && truth.texts.size() != samples)
        return Error{"evaluation got " + std::to_string(truth.texts.size()) + " texts for " +
                     std::to_string(samples) + " samples"};
    if (!truth.boxes.empty() && truth.boxes.size() != samples)
        return Error{"evaluation got text boxes for " + std::to_string(truth.boxes.size()) +
                     " samples, but there are " + std::to_string(samples)};
    return Status::success();
}

EvaluationRequest uniformRequest(int split, int bits) {
    EvaluationRequest r; // the cost model's default raw-input and float widths
    r.split = split;
    r.weightBits.assign(static_cast<size_t>(std::max(split, 0)), bits);
    r.activationBits.assign(static_cast<size_t>(std::max(split, 0)), bits);
    return r;
}

Result<EvaluationResult> evaluate(const Executor& executor, const CalibrationResult& calibration,
                                  std::span<const std::vector<HostTensor>> samples,
                                  std::span<const int> labels, const EvaluationRequest& request,
                                  const ProgressCallback& progress,
                                  const CancellationToken& cancel) {
    SampleTruth truth;
    truth.classes.assign(labels.begin(), labels.end());
    return evaluate(executor, calibration, samples, TaskMetric{}, truth, request, progress, cancel);
}

Result<EvaluationResult> evaluate(const Executor& executor, const CalibrationResult& calibration,
                                  std::span<const std::vector<HostTensor>> samples,
                                  const TaskMetric& metric, const SampleTruth& truth,
                                  const EvaluationRequest& request,
                                  const ProgressCallback& progress,
                                  const CancellationToken& cancel) {
    if (auto s = checkSampleTruth(truth, samples.size(), metric); !s)
        return s.error();
    const Graph& graph = executor.graph();
    auto run = QuantizedRun::plan(graph, calibration, request);
    if (!run)
        return run.error();
    if (samples.empty())
        return Error{"evaluation needs at least one sample"};
    if (graph.outputs().empty())
        return Error{"the model has no outputs"};

    std::vector<SampleOutcome> outcomes;
    for (size_t s = 0; s < samples.size(); ++s) {
        if (cancel.isCancelled())
            return Error{"evaluation cancelled", ErrorKind::Cancelled};
        const std::string where = "sample " + std::to_string(s + 1) + ": ";
        RunRequest floatRun;
        for (size_t i = 0; i < samples[s].size() && i < graph.inputs().size(); ++i)
            floatRun.feeds[graph.value(graph.inputs()[i]).name] = samples[s][i];
        auto reference = executor.run(floatRun, cancel);
        if (!reference)
            return reference.error().prefixed(where);
        auto feeds = run->feeds(graph, samples[s]);
        if (!feeds)
            return feeds.error().prefixed(where);
        auto quantized = run->run(executor, std::move(feeds).value(), 0, kNone, {}, cancel);
        if (!quantized)
            return quantized.error().prefixed(where);
        auto answer = answerOf(graph, metric, *reference);
        if (!answer)
            return answer.error();
        auto outcome = outcomeOf(graph, metric, s, *reference, *answer, *quantized);
        if (!outcome)
            return outcome.error();
        outcomes.push_back(std::move(outcome).value());
        reportProgress(progress, static_cast<double>(s + 1) / static_cast<double>(samples.size()),
                       "evaluating");
    }
    return scoreOutcomes(outcomes, graph, metric, truth);
}

} // namespace autosplit
