#include "core/quant/calibration.h"

#include "core/quant/layer_weight.h"
#include "core/quant/quant_error.h"
#include "core/quant/quantizer.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <utility>

namespace autosplit {

namespace {

// The raw-input widths that travel as codes (wire_form.h).
constexpr int kLowestInputBits = 2;
constexpr int kHighestInputBits = 8;

// The input moments of every weight layer adaptive rounding handles, and which of them read a
// value.
struct RoundingObservers {
    std::vector<std::pair<LayerWeight, LayerInputMoments>> layers;
    std::map<ValueId, std::vector<size_t>> readers;

    explicit RoundingObservers(const Graph& graph) {
        for (NodeId id = 0; id < static_cast<NodeId>(graph.nodeCount()); ++id) {
            const auto weight = layerWeight(graph, id);
            if (!weight)
                continue;
            auto moments = LayerInputMoments::of(graph, *weight);
            if (!moments)
                continue;
            readers[moments->input()].push_back(layers.size());
            layers.emplace_back(*weight, std::move(*moments));
        }
    }

    Status observe(const Graph& graph, ValueId value, const HostTensor& tensor) {
        auto it = readers.find(value);
        if (it == readers.end())
            return Status::success();
        for (size_t i : it->second)
            if (auto s = layers[i].second.add(graph, tensor); !s)
                return s;
        return Status::success();
    }
};

// Chooses the rounding of every observed layer at every width below 16 and sets its D_w to that
// of the weights so rounded.
Status chooseRoundings(const Graph& graph, const RoundingObservers& observers,
                       const CalibrationSettings& settings, CalibrationResult& result,
                       const ProgressCallback& progress, const CancellationToken& cancel) {
    const auto& bits = result.table.bits;
    for (size_t l = 0; l < observers.layers.size(); ++l) {
        if (cancel.isCancelled())
            return Error{"calibration cancelled", ErrorKind::Cancelled};
        const auto& [weight, moments] = observers.layers[l];
        const Value& value = graph.value(weight.value);
        const HostTensor w = HostTensor::fromConstant(value.initializer);
        LayerQuantErrors& row = result.table.layers[static_cast<size_t>(weight.node)];
        for (size_t j = 0; j < bits.size(); ++j) {
            if (bits[j] > 8)
                continue;
            auto params = chooseParams(w, QuantScheme::weights(bits[j], weight.axis),
                                       settings.weightRange, value.name);
            if (!params)
                return params.error();
            auto mask = adaptiveRounding(graph, weight, *params, moments);
            if (!mask)
                return mask.error();
            auto rounded = roundedWeight(w, *params, *mask, value.name);
            if (!rounded)
                return rounded.error();
            auto error = mse(w.span<float>(), rounded->span<float>());
            if (!error)
                return error.error();
            if (j < row.weightMse.size())
                row.weightMse[j] = *error;
            result.weightRounding[value.name].emplace(bits[j], std::move(*mask));
        }
        reportProgress(progress,
                       0.9 + 0.1 * static_cast<double>(l + 1) /
                                 static_cast<double>(observers.layers.size()),
                       "weight rounding");
    }
    return Status::success();
}

} // namespace

const Range* CalibrationResult::inputRange(const std::string& input, int bits) const {
    auto ranges = inputRanges.find(input);
    if (ranges == inputRanges.end())
        return nullptr;
    auto range = ranges->second.find(bits);
    return range == ranges->second.end() ? nullptr : &range->second;
}

const RoundingMask* CalibrationResult::roundingFor(const std::string& weight, int bits,
                                                   const RangeOptions& weightRange) const {
    if (table.weightRangeMethod != rangeMethodName(weightRange.method))
        return nullptr;
    auto layer = weightRounding.find(weight);
    if (layer == weightRounding.end())
        return nullptr;
    auto mask = layer->second.find(bits);
    return mask == layer->second.end() ? nullptr : &mask->second;
}

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

    // Float graph inputs too: one read on the cloud crosses as codes of the raw-input width.
    for (ValueId in : graph.inputs()) {
        const Value& v = graph.value(in);
        if (v.dtype == DataType::Float && !v.isConstant())
            observers[static_cast<size_t>(in)] =
                std::make_unique<ActivationObserver>(v.name, settings.reservoirSize);
    }

    const bool adaptive = settings.weightRounding == WeightRounding::Adaptive;
    std::optional<RoundingObservers> rounding;
    if (adaptive)
        rounding.emplace(graph);
    // with adaptive rounding the last tenth of the progress is the rounding's
    const double samplesEnd = adaptive ? 0.8 : 0.9;
    for (size_t s = 0; s < samples.size(); ++s) {
        if (cancel.isCancelled())
            return Error{"calibration cancelled", ErrorKind::Cancelled};
        const std::vector<HostTensor>& sample = samples[s];
        if (sample.size() != graph.inputs().size())
            return Error{"sample " + std::to_string(s + 1) + " has " +
                         std::to_string(sample.size()) + " tensor(s), the model has " +
                         std::to_string(graph.inputs().size()) + " input(s)"};
        RunRequest request;
        Status observed;
        for (size_t i = 0; i < sample.size(); ++i) {
            request.feeds[graph.value(graph.inputs()[i]).name] = sample[i];
            auto& inputObserver = observers[static_cast<size_t>(graph.inputs()[i])];
            if (inputObserver && observed.ok() && sample[i].dtype() == DataType::Float)
                observed = inputObserver->observe(sample[i]);
            if (rounding && observed.ok())
                observed = rounding->observe(graph, graph.inputs()[i], sample[i]);
        }
        request.hooks.onOutput = [&](NodeId, ValueId value, HostTensor& tensor) {
            auto& observer = observers[static_cast<size_t>(value)];
            if (observer && observed.ok() && tensor.dtype() == DataType::Float)
                if (auto st = observer->observe(tensor); !st)
                    observed = st;
            if (rounding && observed.ok())
                observed = rounding->observe(graph, value, tensor);
        };
        auto run = executor.run(request, cancel);
        if (!run)
            return run.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        if (!observed)
            return observed.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        reportProgress(progress,
                       0.2 + (samplesEnd - 0.2) * static_cast<double>(s + 1) /
                                 static_cast<double>(samples.size()),
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
                       samplesEnd + 0.1 * static_cast<double>(n + 1) /
                                        static_cast<double>(graph.nodeCount()),
                       "activation errors");
    }
    for (ValueId in : graph.inputs()) {
        const auto& observer = observers[static_cast<size_t>(in)];
        if (!observer || observer->count() == 0)
            continue;
        for (int b = kLowestInputBits; b <= kHighestInputBits; ++b) {
            auto range = observer->range(QuantScheme::activations(b), settings.activationRange);
            if (!range)
                return range.error().prefixed("graph input '" + observer->name() + "': ");
            result.inputRanges[observer->name()][b] = *range;
        }
    }
    if (rounding)
        if (auto s = chooseRoundings(graph, *rounding, settings, result, progress, cancel); !s)
            return s.error();
    result.samples = samples.size();
    return result;
}

} // namespace autosplit
