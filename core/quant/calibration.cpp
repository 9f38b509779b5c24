#include "core/quant/calibration.h"

#include "core/quant/quant_error.h"
#include "core/quant/quantizer.h"

#include <algorithm>
#include <memory>

namespace autosplit {

Result<CalibrationResult> calibrate(const Executor& executor,
                                    std::span<const std::vector<HostTensor>> samples,
                                    const CalibrationSettings& settings,
                                    const ProgressCallback& progress,
                                    const CancellationToken& cancel) {
    const Graph& graph = executor.graph();
    if (samples.empty())
        return Error{"calibration needs at least one sample"};
    if (auto s = settings.activationRange.validate(); !s)
        return s.error();

    // D_w first: it needs no data, and its table fixes the bit-width set (validated there).
    auto weights = computeWeightErrors(
        graph, settings.bits, settings.weightRange,
        [&](double f, std::string_view) { reportProgress(progress, 0.2 * f, "weight errors"); },
        cancel);
    if (!weights)
        return weights.error();
    CalibrationResult result;
    result.table = std::move(weights).value();
    result.table.activationRangeMethod =
        std::string(rangeMethodName(settings.activationRange.method));

    // One observer per layer output that is a float activation.
    std::vector<std::unique_ptr<ActivationObserver>> observers(graph.values().size());
    for (const Node& node : graph.nodes()) {
        if (node.outputs.empty() || node.outputs[0] == kNone)
            continue;
        const Value& v = graph.value(node.outputs[0]);
        if (v.dtype == DataType::Float)
            observers[static_cast<size_t>(node.outputs[0])] =
                std::make_unique<ActivationObserver>(v.name, settings.reservoirSize);
    }

    for (size_t s = 0; s < samples.size(); ++s) {
        if (cancel.isCancelled())
            return Error{"calibration cancelled", ErrorKind::Cancelled};
        const std::vector<HostTensor>& sample = samples[s];
        if (sample.size() != graph.inputs().size())
            return Error{"sample " + std::to_string(s + 1) + " has " +
                         std::to_string(sample.size()) + " tensor(s), the model has " +
                         std::to_string(graph.inputs().size()) + " input(s)"};
        RunRequest request;
        for (size_t i = 0; i < sample.size(); ++i)
            request.feeds[graph.value(graph.inputs()[i]).name] = sample[i];
        Status observed;
        request.hooks.onOutput = [&](NodeId, ValueId value, HostTensor& tensor) {
            auto& observer = observers[static_cast<size_t>(value)];
            if (observer && observed.ok() && tensor.dtype() == DataType::Float)
                if (auto st = observer->observe(tensor); !st)
                    observed = st;
        };
        auto run = executor.run(request, cancel);
        if (!run)
            return run.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        if (!observed)
            return observed.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        reportProgress(progress,
                       0.2 + 0.7 * static_cast<double>(s + 1) / static_cast<double>(samples.size()),
                       "running samples");
    }

    // Ranges and D_a per layer and bit-width.
    const auto& bits = result.table.bits;
    for (size_t n = 0; n < graph.nodeCount(); ++n) {
        if (cancel.isCancelled())
            return Error{"calibration cancelled", ErrorKind::Cancelled};
        const Node& node = graph.node(static_cast<NodeId>(n));
        LayerQuantErrors& row = result.table.layers[n];
        if (node.outputs.empty() || node.outputs[0] == kNone)
            continue;
        const auto& observer = observers[static_cast<size_t>(node.outputs[0])];
        if (!observer || observer->count() == 0)
            continue;
        const std::span<const float> values(observer->sample());
        // A graph output is the model's answer, not a feature map: clipping its outliers clips
        // the answer (a recogniser's per-step probabilities all cut to one value tie, and the
        // argmax falls to the blank), so it keeps its whole range whatever the method.
        RangeOptions rangeOptions = settings.activationRange;
        if (graph.value(node.outputs[0]).isGraphOutput)
            rangeOptions.method = RangeMethod::MinMax;
        row.activationMse.assign(bits.size(), 0.0);
        for (size_t j = 0; j < bits.size(); ++j) {
            const QuantScheme scheme = QuantScheme::activations(bits[j]);
            auto params = observer->params(scheme, rangeOptions);
            if (!params)
                return params.error().prefixed("layer '" + node.name + "': ");
            auto range = observer->range(scheme, rangeOptions);
            if (!range)
                return range.error().prefixed("layer '" + node.name + "': ");
            result.activationRanges[observer->name()].push_back(*range);
            auto quantized = fakeQuantize(values, *params, observer->name());
            if (!quantized)
                return quantized.error();
            auto error = mse(values, *quantized);
            if (!error)
                return error.error();
            row.activationMse[j] = *error;
        }
        reportProgress(progress,
                       0.9 + 0.1 * static_cast<double>(n + 1) /
                                 static_cast<double>(graph.nodeCount()),
                       "activation errors");
    }
    result.samples = samples.size();
    return result;
}

} // namespace autosplit
