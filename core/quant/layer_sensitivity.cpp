#include "core/quant/layer_sensitivity.h"

#include "core/quant/layer_weight.h"

#include <limits>
#include <string>
#include <string_view>

namespace autosplit {

namespace {

constexpr int kFloat = 32;

// Whether quantizing layer `index` (0-based) at the request's width changes anything: it has a
// quantizable weight, or an output activation the calibration has ranges for.
bool quantizes(const Graph& graph, const CalibrationResult& calibration, int index,
               const LayerSensitivityRequest& request) {
    const Node& node = graph.node(static_cast<NodeId>(index));
    const bool weight = request.weights && layerWeight(graph, static_cast<NodeId>(index));
    const bool activation =
        request.activations && !node.outputs.empty() && node.outputs[0] != kNone &&
        calibration.activationRanges.count(graph.value(node.outputs[0]).name) > 0;
    return weight || activation;
}

} // namespace

Result<SensitivityResult>
layerSensitivity(const Executor& executor, const CalibrationResult& calibration,
                 std::span<const std::vector<HostTensor>> samples, const TaskMetric& metric,
                 const SampleTruth& truth, const LayerSensitivityRequest& request,
                 const ProgressCallback& progress, const CancellationToken& cancel) {
    const Graph& graph = executor.graph();
    const int count = static_cast<int>(graph.nodeCount());
    if (!request.weights && !request.activations)
        return Error{"sensitivity: quantize the weights, the activations or both",
                     ErrorKind::Usage};
    std::vector<int> layers = request.layers;
    if (layers.empty())
        for (int k = 1; k <= count; ++k)
            layers.push_back(k);
    for (int k : layers)
        if (k < 1 || k > count)
            return Error{"sensitivity: layer " + std::to_string(k) + " is outside 1.." +
                             std::to_string(count),
                         ErrorKind::Usage};

    SensitivityResult out;
    out.metric = metric.kind;
    out.bits = request.bits;
    bool haveFloat = false;
    for (size_t i = 0; i < layers.size(); ++i) {
        if (cancel.isCancelled())
            return Error{"sensitivity cancelled", ErrorKind::Cancelled};
        const int k = layers[i];
        LayerSensitivity s;
        s.layer = k;
        s.quantized = quantizes(graph, calibration, k - 1, request);
        if (!s.quantized && haveFloat) { // nothing to quantize: the float model, no drop
            s.quantizedScore = out.floatScore;
            s.outputSqnrDb = std::numeric_limits<double>::infinity();
            out.layers.push_back(s);
            continue;
        }
        EvaluationRequest e;
        e.split = k;
        e.weightBits.assign(static_cast<size_t>(k), kFloat);
        e.activationBits.assign(static_cast<size_t>(k), kFloat);
        if (request.weights)
            e.weightBits.back() = request.bits;
        if (request.activations)
            e.activationBits.back() = request.bits;
        e.weightRange = request.weightRange;
        // the layer alone: whatever crosses the cut travels losslessly here
        e.rawInputBits = kFloat;
        e.floatBits = kFloat;
        const double base = static_cast<double>(i) / static_cast<double>(layers.size());
        const double share = 1.0 / static_cast<double>(layers.size());
        auto evaluated = evaluate(
            executor, calibration, samples, metric, truth, e,
            [&](double fraction, std::string_view) {
                reportProgress(progress, base + share * fraction,
                               "layer " + std::to_string(k) + " of " + std::to_string(count));
            },
            cancel);
        if (!evaluated)
            return evaluated.error().prefixed("sensitivity of layer " + std::to_string(k) + ": ");
        out.floatScore = evaluated->floatScore;
        haveFloat = true;
        s.drop = evaluated->accuracyDropPercent;
        s.quantizedScore = evaluated->quantizedScore;
        s.outputSqnrDb =
            evaluated->outputSqnrDb.empty() ? 0.0 : evaluated->outputSqnrDb.front().second;
        out.layers.push_back(s);
    }
    reportProgress(progress, 1.0, "sensitivity");
    return out;
}

} // namespace autosplit
