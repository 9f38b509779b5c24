#include "core/quant/evaluation.h"

#include "core/quant/layer_weight.h"
#include "core/quant/quant_error.h"
#include "core/quant/quantizer.h"
#include "core/quant/wire_form.h"

#include "core/graph/half_float.h"

#include "core/metrics/db_postprocess.h"
#include "core/metrics/text_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace autosplit {

namespace {

constexpr int kFloat = 32;

int64_t argmax(const HostTensor& t) {
    const float* d = t.data<float>();
    return std::max_element(d, d + t.elementCount()) - d;
}

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

} // namespace

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
    const std::span<const int> labels = truth.classes;
    const bool text = metric.kind == MetricKind::TextRecognition;
    if (text && !metric.alphabet)
        return Error{"text recognition needs the recogniser's dictionary", ErrorKind::Usage};
    if (text && !truth.texts.empty() && truth.texts.size() != samples.size())
        return Error{"evaluation got " + std::to_string(truth.texts.size()) + " texts for " +
                     std::to_string(samples.size()) + " samples"};
    const bool detection = metric.kind == MetricKind::TextDetection;
    if (detection && !truth.boxes.empty() && truth.boxes.size() != samples.size())
        return Error{"evaluation got text boxes for " + std::to_string(truth.boxes.size()) +
                     " samples, but there are " + std::to_string(samples.size())};
    std::vector<std::string> floatLines, quantizedLines;
    std::vector<std::vector<Quad>> floatBoxes, quantizedBoxes;
    const Graph& graph = executor.graph();
    const int layers = static_cast<int>(graph.nodeCount());
    if (request.split < 0 || request.split > layers)
        return Error{"split " + std::to_string(request.split) + " is outside 0.." +
                     std::to_string(layers)};
    if (request.weightBits.size() != static_cast<size_t>(request.split) ||
        request.activationBits.size() != static_cast<size_t>(request.split))
        return Error{"split " + std::to_string(request.split) + " needs " +
                     std::to_string(request.split) + " weight and activation bit-widths"};
    if (samples.empty())
        return Error{"evaluation needs at least one sample"};
    if (!labels.empty() && labels.size() != samples.size())
        return Error{"evaluation got " + std::to_string(labels.size()) + " labels for " +
                     std::to_string(samples.size()) + " samples"};
    if (graph.outputs().empty())
        return Error{"the model has no outputs"};
    auto edge = edgeSet(request, layers);
    if (!edge)
        return edge.error();
    const std::vector<bool>& onEdge = *edge;

    // Fake-quantized weights of the edge layers, as constant overrides.
    std::map<ValueId, HostTensor> weights;
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
        weights[weight->value] = std::move(quantized).value();
    }
    // Activation quantizers of the edge layers' outputs.
    std::map<ValueId, QuantParams> activations;
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
                         [&] {
                             std::string b;
                             for (int x : calibration.table.bits)
                                 b += (b.empty() ? "" : ",") + std::to_string(x);
                             return b;
                         }() +
                         ")"};
        auto params = paramsFromRange(QuantScheme::activations(bits), ranges->second[*index]);
        if (!params)
            return params.error().prefixed("layer " + std::to_string(i + 1) + ": ");
        activations[node.outputs[0]] = std::move(params).value();
    }

    // What crosses unquantized, as the bundle sends it: float edge tensors rounded to float16,
    // float graph inputs read on the cloud fake-quantized (or rounded) at the raw-input bits.
    std::vector<bool> halfCrossing(graph.values().size(), false);
    if (floatWireForm(request.floatBits) == WireForm::Half)
        for (int i = 0; i < request.split; ++i) {
            if (!onEdge[static_cast<size_t>(i)])
                continue;
            for (ValueId out : graph.node(static_cast<NodeId>(i)).outputs)
                if (out != kNone && !activations.count(out) &&
                    graph.value(out).dtype == DataType::Float && crosses(graph.value(out), onEdge))
                    halfCrossing[static_cast<size_t>(out)] = true;
        }
    const WireForm inputForm = inputWireForm(request.rawInputBits);
    std::map<size_t, QuantParams> inputCodes; // by input position
    std::vector<bool> halfInput(graph.inputs().size(), false);
    for (size_t i = 0; i < graph.inputs().size(); ++i) {
        const Value& v = graph.value(graph.inputs()[i]);
        if (v.dtype != DataType::Float || !crosses(v, onEdge))
            continue;
        if (inputForm == WireForm::Half) {
            halfInput[i] = true;
        } else if (inputForm == WireForm::Codes) {
            const Range* range = calibration.inputRange(v.name, request.rawInputBits);
            if (!range)
                return Error{"graph input '" + v.name + "' has no calibrated range for " +
                             std::to_string(request.rawInputBits) + "-bit codes; calibrate again"};
            auto params = paramsFromRange(QuantScheme::activations(request.rawInputBits), *range);
            if (!params)
                return params.error().prefixed("graph input '" + v.name + "': ");
            inputCodes.emplace(i, std::move(params).value());
        }
    }

    EvaluationResult result;
    result.samples = samples.size();
    result.labelled = !labels.empty();
    std::vector<double> signal(graph.outputs().size(), 0.0), noise(graph.outputs().size(), 0.0);
    size_t floatCorrect = 0, quantizedCorrect = 0, agree = 0;
    for (size_t s = 0; s < samples.size(); ++s) {
        if (cancel.isCancelled())
            return Error{"evaluation cancelled", ErrorKind::Cancelled};
        RunRequest floatRun;
        for (size_t i = 0; i < samples[s].size() && i < graph.inputs().size(); ++i)
            floatRun.feeds[graph.value(graph.inputs()[i]).name] = samples[s][i];
        RunRequest quantRun = floatRun;
        for (size_t i = 0; i < samples[s].size() && i < graph.inputs().size(); ++i) {
            const std::string& name = graph.value(graph.inputs()[i]).name;
            const HostTensor& input = samples[s][i];
            if (input.dtype() != DataType::Float)
                continue;
            if (halfInput[i]) {
                quantRun.feeds[name] = roundedToHalf(input);
            } else if (auto codes = inputCodes.find(i); codes != inputCodes.end()) {
                auto q = fakeQuantizeSaturating(input, codes->second, name);
                if (!q)
                    return q.error().prefixed("sample " + std::to_string(s + 1) + ": ");
                quantRun.feeds[name] = std::move(q).value();
            }
        }
        Status hookStatus;
        quantRun.hooks.constantOverrides = &weights;
        quantRun.hooks.onOutput = [&](NodeId, ValueId value, HostTensor& tensor) {
            if (halfCrossing[static_cast<size_t>(value)] && tensor.dtype() == DataType::Float) {
                tensor = roundedToHalf(tensor);
                return;
            }
            auto it = activations.find(value);
            if (it == activations.end() || !hookStatus.ok())
                return;
            auto q = fakeQuantizeSaturating(tensor, it->second, graph.value(value).name);
            if (q)
                tensor = std::move(q).value();
            else
                hookStatus = q.error();
        };
        auto reference = executor.run(floatRun, cancel);
        if (!reference)
            return reference.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        auto quantized = executor.run(quantRun, cancel);
        if (!quantized)
            return quantized.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        if (!hookStatus)
            return hookStatus.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        for (size_t o = 0; o < graph.outputs().size(); ++o) {
            const std::string& name = graph.value(graph.outputs()[o]).name;
            const HostTensor& f = reference->at(name);
            const HostTensor& q = quantized->at(name);
            if (f.dtype() != DataType::Float)
                continue;
            for (int64_t k = 0; k < f.elementCount(); ++k) {
                const double a = f.data<float>()[k], b = q.data<float>()[k];
                signal[o] += a * a;
                noise[o] += (a - b) * (a - b);
            }
        }
        const std::string& first = graph.value(graph.outputs()[0]).name;
        const HostTensor& f = reference->at(first);
        if (text) {
            auto a = ctcGreedyDecode(f, *metric.alphabet);
            auto b = ctcGreedyDecode(quantized->at(first), *metric.alphabet);
            if (!a || !b)
                return (!a ? a.error() : b.error()).prefixed("output '" + first + "': ");
            for (auto& d : *a)
                floatLines.push_back(std::move(d.text));
            for (auto& d : *b)
                quantizedLines.push_back(std::move(d.text));
        } else if (detection) {
            auto a = dbPostProcess(f, metric.detection);
            auto b = dbPostProcess(quantized->at(first), metric.detection);
            if (!a || !b)
                return (!a ? a.error() : b.error()).prefixed("output '" + first + "': ");
            auto quads = [](const std::vector<DetectedBox>& boxes) {
                std::vector<Quad> q;
                for (const DetectedBox& box : boxes)
                    q.push_back(box.quad);
                return q;
            };
            floatBoxes.push_back(quads(*a));
            quantizedBoxes.push_back(quads(*b));
        } else if (metric.kind == MetricKind::Sqnr) {
            // the signal and noise sums above are all it needs
        } else if (f.dtype() == DataType::Float && f.elementCount() > 0) {
            const int64_t floatClass = argmax(f);
            const int64_t quantClass = argmax(quantized->at(first));
            agree += floatClass == quantClass;
            if (result.labelled) {
                floatCorrect += floatClass == labels[s];
                quantizedCorrect += quantClass == labels[s];
            }
        }
        reportProgress(progress, static_cast<double>(s + 1) / static_cast<double>(samples.size()),
                       "evaluating");
    }
    const double n = static_cast<double>(samples.size());
    result.metric = metric.kind;
    if (text) {
        // one line per batch item: a batch of lines counts each of them
        if (floatLines.size() != quantizedLines.size() || floatLines.empty())
            return Error{"the recogniser's output decoded to no lines", ErrorKind::Internal};
        const bool labelled = !truth.texts.empty();
        if (labelled && floatLines.size() != truth.texts.size())
            return Error{"the recogniser read " + std::to_string(floatLines.size()) +
                         " lines from " + std::to_string(truth.texts.size()) +
                         " samples; text labels need one line per sample"};
        const std::vector<std::string>& reference = labelled ? truth.texts : floatLines;
        auto fs = scoreTextRecognition(floatLines, reference, metric.lines);
        auto qs = scoreTextRecognition(quantizedLines, reference, metric.lines);
        if (!fs || !qs)
            return !fs ? fs.error() : qs.error();
        result.labelled = labelled;
        result.floatScore = 100.0 * fs->lineAccuracy();
        result.quantizedScore = 100.0 * qs->lineAccuracy();
        result.floatCharacterErrorRate = 100.0 * fs->characterErrorRate();
        result.quantizedCharacterErrorRate = 100.0 * qs->characterErrorRate();
        result.accuracyDropPercent = result.floatScore - result.quantizedScore;
    } else if (detection) {
        const bool labelled = !truth.boxes.empty();
        const std::vector<std::vector<Quad>>& reference = labelled ? truth.boxes : floatBoxes;
        auto fs = scoreTextDetection(floatBoxes, reference);
        auto qs = scoreTextDetection(quantizedBoxes, reference);
        if (!fs || !qs)
            return !fs ? fs.error() : qs.error();
        result.labelled = labelled;
        result.floatScore = 100.0 * fs->hmean();
        result.quantizedScore = 100.0 * qs->hmean();
        result.floatDetection = *fs;
        result.quantizedDetection = *qs;
        result.accuracyDropPercent = result.floatScore - result.quantizedScore;
    } else if (metric.kind == MetricKind::Sqnr) {
        double totalSignal = 0.0, totalNoise = 0.0;
        for (size_t o = 0; o < signal.size(); ++o) {
            totalSignal += signal[o];
            totalNoise += noise[o];
        }
        if (!(totalSignal > 0.0))
            return Error{"the sqnr metric needs float outputs that are not all zero",
                         ErrorKind::Usage};
        result.labelled = false;
        result.sqnrDb = totalNoise == 0.0 ? std::numeric_limits<double>::infinity()
                                          : 10.0 * std::log10(totalSignal / totalNoise);
        result.accuracyDropPercent = 100.0 * totalNoise / totalSignal;
        result.floatScore = 100.0;
        result.quantizedScore = 100.0 - result.accuracyDropPercent;
    } else {
        result.top1Agreement = static_cast<double>(agree) / n;
        if (result.labelled) {
            result.floatTop1 = static_cast<double>(floatCorrect) / n;
            result.quantizedTop1 = static_cast<double>(quantizedCorrect) / n;
            result.accuracyDropPercent = 100.0 * (result.floatTop1 - result.quantizedTop1);
            result.floatScore = 100.0 * result.floatTop1;
            result.quantizedScore = 100.0 * result.quantizedTop1;
        } else {
            result.accuracyDropPercent = 100.0 * (1.0 - result.top1Agreement);
            result.floatScore = 100.0;
            result.quantizedScore = 100.0 * result.top1Agreement;
        }
    }
    for (size_t o = 0; o < graph.outputs().size(); ++o) {
        const double sqnr = noise[o] == 0.0 ? std::numeric_limits<double>::infinity()
                                            : 10.0 * std::log10(signal[o] / noise[o]);
        result.outputSqnrDb.emplace_back(graph.value(graph.outputs()[o]).name, sqnr);
    }
    return result;
}

} // namespace autosplit
