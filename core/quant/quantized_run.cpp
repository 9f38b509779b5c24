#include "core/quant/quantized_run.h"

#include "core/quant/evaluation.h"
#include "core/quant/layer_weight.h"
#include "core/quant/quant_error.h"
#include "core/quant/wire_form.h"

#include "core/graph/half_float.h"

#include <algorithm>

namespace autosplit {

namespace {

constexpr int kFloat = 32;

// The tensor as it arrives after a float16 crossing.
HostTensor roundedToHalf(const HostTensor& tensor) {
    HostTensor rounded = HostTensor::uninitialized(DataType::Float, tensor.dims());
    const auto in = tensor.span<float>();
    float* out = rounded.mutableData<float>();
    for (size_t i = 0; i < in.size(); ++i)
        out[i] = halfToFloat(floatToHalf(in[i]));
    return rounded;
}

// Which layers run on the edge (per node), from the request's split and edge set.
Result<std::vector<bool>> edgeSet(const EvaluationRequest& request, int layers) {
    std::vector<bool> onEdge(static_cast<size_t>(layers), false);
    if (request.edgeLayers.empty()) {
        std::fill(onEdge.begin(), onEdge.begin() + request.split, true);
        return onEdge;
    }
    int previous = 0;
    for (int layer : request.edgeLayers) {
        if (layer <= previous || layer > request.split)
            return Error{"edge layers must ascend within 1.." + std::to_string(request.split) +
                         "; got layer " + std::to_string(layer)};
        onEdge[static_cast<size_t>(layer - 1)] = true;
        previous = layer;
    }
    if (previous != request.split)
        return Error{"the last edge layer must be the split, " + std::to_string(request.split)};
    return onEdge;
}

// Whether a value produced on the edge (or a graph input) is sent: read on the cloud or returned.
bool crosses(const Value& v, const std::vector<bool>& onEdge) {
    return v.isGraphOutput || std::any_of(v.consumers.begin(), v.consumers.end(), [&](NodeId c) {
               return !onEdge[static_cast<size_t>(c)];
           });
}

std::string calibratedBits(const CalibrationResult& calibration) {
    std::string b;
    for (int x : calibration.table.bits)
        b += (b.empty() ? "" : ",") + std::to_string(x);
    return b;
}

} // namespace

Result<QuantizedRun> QuantizedRun::plan(const Graph& graph, const CalibrationResult& calibration,
                                        const EvaluationRequest& request) {
    const int layers = static_cast<int>(graph.nodeCount());
    if (request.split < 0 || request.split > layers)
        return Error{"split " + std::to_string(request.split) + " is outside 0.." +
                     std::to_string(layers)};
    if (request.weightBits.size() != static_cast<size_t>(request.split) ||
        request.activationBits.size() != static_cast<size_t>(request.split))
        return Error{"split " + std::to_string(request.split) + " needs " +
                     std::to_string(request.split) + " weight and activation bit-widths"};
    auto edge = edgeSet(request, layers);
    if (!edge)
        return edge.error();
    const std::vector<bool>& onEdge = *edge;
    QuantizedRun run;

    // Fake-quantized weights of the edge layers, as constant overrides.
    for (int i = 0; i < request.split; ++i) {
        const int bits = request.weightBits[static_cast<size_t>(i)];
        if (bits == kFloat || !onEdge[static_cast<size_t>(i)])
            continue;
        const auto weight = layerWeight(graph, static_cast<NodeId>(i));
        if (!weight)
            continue;
        auto quantized = fakeQuantizeWeight(
            graph, *weight, bits, request.weightRange,
            calibration.roundingFor(graph.value(weight->value).name, bits, request.weightRange));
        if (!quantized)
            return quantized.error().prefixed("layer " + std::to_string(i + 1) + " ('" +
                                              graph.node(static_cast<NodeId>(i)).name + "'): ");
        run.m_weights[weight->value] = std::move(quantized).value();
    }
    // Activation quantizers of the edge layers' outputs.
    for (int i = 0; i < request.split; ++i) {
        const int bits = request.activationBits[static_cast<size_t>(i)];
        const Node& node = graph.node(static_cast<NodeId>(i));
        if (bits == kFloat || !onEdge[static_cast<size_t>(i)] || node.outputs.empty() ||
            node.outputs[0] == kNone)
            continue;
        const std::string& tensor = graph.value(node.outputs[0]).name;
        auto ranges = calibration.activationRanges.find(tensor);
        if (ranges == calibration.activationRanges.end())
            continue; // not a float activation: nothing to quantize
        const auto index = calibration.table.bitIndex(bits);
        if (!index || *index >= ranges->second.size())
            return Error{"layer " + std::to_string(i + 1) + " ('" + node.name +
                         "'): " + std::to_string(bits) +
                         "-bit activations were not calibrated (calibrated: " +
                         calibratedBits(calibration) + ")"};
        auto params = paramsFromRange(QuantScheme::activations(bits), ranges->second[*index]);
        if (!params)
            return params.error().prefixed("layer " + std::to_string(i + 1) + ": ");
        run.m_activations[node.outputs[0]] = std::move(params).value();
    }

    // What crosses unquantized, as the bundle sends it: float edge tensors rounded to float16,
    // float graph inputs read on the cloud fake-quantized (or rounded) at the raw-input bits.
    run.m_halfCrossing.assign(graph.values().size(), false);
    if (floatWireForm(request.floatBits) == WireForm::Half)
        for (int i = 0; i < request.split; ++i) {
            if (!onEdge[static_cast<size_t>(i)])
                continue;
            for (ValueId out : graph.node(static_cast<NodeId>(i)).outputs)
                if (out != kNone && !run.m_activations.count(out) &&
                    graph.value(out).dtype == DataType::Float &&
                    crosses(graph.value(out), onEdge)) {
                    run.m_halfCrossing[static_cast<size_t>(out)] = true;
                    run.m_prefixesShareable = false;
                }
        }
    const WireForm inputForm = inputWireForm(request.rawInputBits);
    run.m_halfInput.assign(graph.inputs().size(), false);
    for (size_t i = 0; i < graph.inputs().size(); ++i) {
        const Value& v = graph.value(graph.inputs()[i]);
        if (v.dtype != DataType::Float || !crosses(v, onEdge))
            continue;
        if (inputForm == WireForm::Half) {
            run.m_halfInput[i] = true;
            run.m_prefixesShareable = false;
        } else if (inputForm == WireForm::Codes) {
            const Range* range = calibration.inputRange(v.name, request.rawInputBits);
            if (!range)
                return Error{"graph input '" + v.name + "' has no calibrated range for " +
                             std::to_string(request.rawInputBits) + "-bit codes; calibrate again"};
            auto params = paramsFromRange(QuantScheme::activations(request.rawInputBits), *range);
            if (!params)
                return params.error().prefixed("graph input '" + v.name + "': ");
            run.m_inputCodes.emplace(i, std::move(params).value());
            run.m_prefixesShareable = false;
        }
    }
    if (!request.edgeLayers.empty())
        run.m_prefixesShareable = false;
    return run;
}

Result<std::map<std::string, HostTensor>>
QuantizedRun::feeds(const Graph& graph, std::span<const HostTensor> sample) const {
    std::map<std::string, HostTensor> feeds;
    for (size_t i = 0; i < sample.size() && i < graph.inputs().size(); ++i) {
        const std::string& name = graph.value(graph.inputs()[i]).name;
        const HostTensor& input = sample[i];
        feeds[name] = input;
        if (input.dtype() != DataType::Float)
            continue;
        if (m_halfInput[i]) {
            feeds[name] = roundedToHalf(input);
        } else if (auto codes = m_inputCodes.find(i); codes != m_inputCodes.end()) {
            auto q = fakeQuantizeSaturating(input, codes->second, name);
            if (!q)
                return q.error();
            feeds[name] = std::move(q).value();
        }
    }
    return feeds;
}

Result<std::map<std::string, HostTensor>> QuantizedRun::run(const Executor& executor,
                                                            std::map<std::string, HostTensor> feeds,
                                                            NodeId first, NodeId end,
                                                            std::vector<std::string> fetch,
                                                            const CancellationToken& cancel) const {
    const Graph& graph = executor.graph();
    RunRequest run;
    run.feeds = std::move(feeds);
    run.firstNode = first;
    run.endNode = end;
    run.fetch = std::move(fetch);
    Status hookStatus;
    run.hooks.constantOverrides = &m_weights;
    run.hooks.onOutput = [&](NodeId, ValueId value, HostTensor& tensor) {
        if (m_halfCrossing[static_cast<size_t>(value)] && tensor.dtype() == DataType::Float) {
            tensor = roundedToHalf(tensor);
            return;
        }
        auto it = m_activations.find(value);
        if (it == m_activations.end() || !hookStatus.ok())
            return;
        auto q = fakeQuantizeSaturating(tensor, it->second, graph.value(value).name);
        if (q)
            tensor = std::move(q).value();
        else
            hookStatus = q.error();
    };
    auto out = executor.run(run, cancel);
    if (!out)
        return out.error();
    if (!hookStatus)
        return hookStatus.error();
    return out;
}

} // namespace autosplit
