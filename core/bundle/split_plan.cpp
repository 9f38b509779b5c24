#include "core/bundle/split_plan.h"

#include "core/quant/layer_weight.h"

#include <algorithm>
#include <set>

namespace autosplit {

int SplitPlan::edgeLayerCount() const {
    return static_cast<int>(std::count(onEdge.begin(), onEdge.end(), true));
}

const CrossingPlan* SplitPlan::findCrossing(ValueId value) const {
    for (const CrossingPlan& c : crossing)
        if (c.value == value)
            return &c;
    return nullptr;
}

namespace {

std::string layerLabel(const Graph& graph, int layer) {
    return "layer " + std::to_string(layer) + " ('" +
           graph.node(static_cast<NodeId>(layer - 1)).name + "')";
}

bool isExportableBits(int bits) {
    return bits == kFloatBits || (bits >= 2 && bits <= 8);
}

} // namespace

Result<SplitPlan> makeSplitPlan(const Graph& graph, const CalibrationResult& calibration,
                                const SplitRequest& request) {
    const int layers = static_cast<int>(graph.nodeCount());
    if (request.split < 0 || request.split > layers)
        return Error{"split " + std::to_string(request.split) + " is outside 0.." +
                     std::to_string(layers)};
    const auto n = static_cast<size_t>(request.split);
    if (request.weightBits.size() != n || request.activationBits.size() != n)
        return Error{"split " + std::to_string(request.split) + " needs " + std::to_string(n) +
                     " weight and activation bit-widths, got " +
                     std::to_string(request.weightBits.size()) + " and " +
                     std::to_string(request.activationBits.size())};

    SplitPlan plan;
    plan.split = request.split;
    plan.onEdge.assign(static_cast<size_t>(layers), false);
    if (request.edgeLayers.empty()) {
        std::fill(plan.onEdge.begin(), plan.onEdge.begin() + static_cast<std::ptrdiff_t>(n), true);
    } else {
        int previous = 0;
        for (int layer : request.edgeLayers) {
            if (layer <= previous || layer > request.split)
                return Error{"edge layers must ascend within 1.." + std::to_string(request.split) +
                             "; got layer " + std::to_string(layer)};
            plan.onEdge[static_cast<size_t>(layer - 1)] = true;
            previous = layer;
        }
        if (previous != request.split)
            return Error{"the last edge layer must be the split, " + std::to_string(request.split)};
    }
    // A cloud layer may not feed an edge layer: the edge would wait for the cloud.
    for (NodeId id = 0; id < layers; ++id) {
        if (!plan.onEdge[static_cast<size_t>(id)])
            continue;
        for (ValueId in : graph.node(id).inputs) {
            if (in == kNone)
                continue;
            const NodeId producer = graph.value(in).producer;
            if (producer != kNone && !plan.onEdge[static_cast<size_t>(producer)])
                return Error{layerLabel(graph, id + 1) + " on the edge reads '" +
                             graph.value(in).name + "' from " + layerLabel(graph, producer + 1) +
                             " on the cloud"};
        }
    }

    plan.weightBits.assign(static_cast<size_t>(layers), 0);
    plan.activationBits.assign(static_cast<size_t>(layers), 0);
    for (NodeId id = 0; id < layers; ++id) {
        const auto i = static_cast<size_t>(id);
        if (!plan.onEdge[i])
            continue;
        const int wb = request.weightBits[i], ab = request.activationBits[i];
        if (!isExportableBits(wb) || !isExportableBits(ab))
            return Error{layerLabel(graph, id + 1) + ": " + std::to_string(wb) + "/" +
                             std::to_string(ab) +
                             "-bit weights/activations cannot be exported (2..8 bits in int8/uint8 "
                             "containers, or 32 for float)",
                         ErrorKind::Unsupported};
        const auto weight = layerWeight(graph, id);
        plan.weightBits[i] = weight ? wb : 0;
        if (weight && wb != kFloatBits)
            if (const RoundingMask* mask = calibration.roundingFor(graph.value(weight->value).name,
                                                                   wb, request.weightRange))
                plan.weightRounding.emplace(id, *mask);
        plan.activationBits[i] = ab;
        const Node& node = graph.node(id);
        if (ab == kFloatBits || node.outputs.empty() || node.outputs[0] == kNone)
            continue;
        const std::string& tensor = graph.value(node.outputs[0]).name;
        auto ranges = calibration.activationRanges.find(tensor);
        if (ranges == calibration.activationRanges.end())
            continue; // not a float activation: the evaluation leaves it alone too
        const auto index = calibration.table.bitIndex(ab);
        if (!index || *index >= ranges->second.size())
            return Error{layerLabel(graph, id + 1) + ": " + std::to_string(ab) +
                         "-bit activations were not calibrated"};
        auto params = paramsFromRange(QuantScheme::activations(ab), ranges->second[*index]);
        if (!params)
            return params.error().prefixed(layerLabel(graph, id + 1) + ": ");
        plan.activationQuant[node.outputs[0]] = std::move(params).value();
    }

    // Crossing tensors, in the order the analysis lists them (by value id): produced on the edge
    // (or a graph input) and read on the cloud or returned from there.
    std::set<std::string> names;
    for (const Value& v : graph.values())
        names.insert(v.name);
    auto freshName = [&](const std::string& base) {
        std::string name = base;
        for (int k = 2; names.count(name); ++k)
            name = base + "_" + std::to_string(k);
        names.insert(name);
        return name;
    };
    for (ValueId id = 0; id < static_cast<ValueId>(graph.values().size()); ++id) {
        const Value& v = graph.value(id);
        if (v.isConstant())
            continue;
        const bool onEdge =
            v.producer == kNone ? v.isGraphInput : plan.onEdge[static_cast<size_t>(v.producer)];
        if (!onEdge)
            continue;
        const bool readOnCloud = std::any_of(v.consumers.begin(), v.consumers.end(), [&](NodeId c) {
            return !plan.onEdge[static_cast<size_t>(c)];
        });
        const bool readOnEdge = std::any_of(v.consumers.begin(), v.consumers.end(), [&](NodeId c) {
            return plan.onEdge[static_cast<size_t>(c)];
        });
        const bool returned = v.isGraphOutput && !request.outputsConsumedOnEdge;
        const bool crosses = readOnCloud || returned;
        if (v.isGraphInput && (readOnEdge || crosses))
            plan.edgeInputs.push_back(id);
        if (v.isGraphOutput && !readOnCloud && request.outputsConsumedOnEdge)
            plan.edgeOutputs.push_back(id);
        if (!crosses)
            continue;
        CrossingPlan c;
        c.value = id;
        c.name = v.name;
        c.valueType = v.dtype;
        c.shape = v.shape;
        c.producedByLayer = v.producer == kNone ? 0 : v.producer + 1;
        const bool input = v.producer == kNone;
        if (auto q = plan.activationQuant.find(id); q != plan.activationQuant.end()) {
            c.quant = q->second;
            c.bits = q->second.bits;
            c.wireType = DataType::UInt8;
            c.wireName = freshName(v.name + "_codes");
        } else if (v.dtype == DataType::Float) {
            // unquantized float: sent as the cost model charges it
            const int charged = input ? request.rawInputBits : request.floatBits;
            const WireForm form = input ? inputWireForm(charged) : floatWireForm(charged);
            const std::string what = (input ? "graph input '" : "tensor '") + v.name + "'";
            switch (form) {
            case WireForm::Codes: {
                const Range* range = calibration.inputRange(v.name, charged);
                if (!range) {
                    // no samples, no range: it travels as it comes, as uncalibrated activations
                    // stay float (a bundle made for timing without data)
                    c.bits = bitsOf(v.dtype);
                    c.wireType = v.dtype;
                    c.wireName = v.name;
                    break;
                }
                auto params = paramsFromRange(QuantScheme::activations(charged), *range);
                if (!params)
                    return params.error().prefixed(what + ": ");
                c.quant = std::move(params).value();
                c.bits = charged;
                c.wireType = DataType::UInt8;
                c.wireName = freshName(v.name + "_codes");
                break;
            }
            case WireForm::Half:
                c.bits = 16;
                c.wireType = DataType::Float16;
                c.wireName = freshName(v.name + "_fp16");
                break;
            case WireForm::Float:
                c.bits = 32;
                c.wireType = DataType::Float;
                c.wireName = v.name;
                break;
            case WireForm::Invalid:
                return Error{what + " crosses to the cloud at " + std::to_string(charged) +
                                 " bits per element, which no wire form carries (" +
                                 (input ? "raw input: 2..8-bit codes, 16 for float16 or 32 for "
                                          "float32"
                                        : "float bits: 16 for float16 or 32 for float32") +
                                 ")",
                             ErrorKind::Unsupported};
            }
        } else {
            if (bitsOf(v.dtype) == 0)
                return Error{"tensor '" + v.name + "' crosses to the cloud with type " +
                                 std::string(nameOf(v.dtype)) + ", which has no fixed size",
                             ErrorKind::Unsupported};
            c.bits = bitsOf(v.dtype);
            c.wireType = v.dtype;
            c.wireName = v.name;
        }
        if (!v.shape.rankKnown)
            return Error{"tensor '" + v.name + "' crosses to the cloud with an unknown rank"};
        if (const auto elements = v.shape.elementCount()) {
            if (c.packed()) {
                c.packing = choosePacking(v.shape.dims, c.bits);
                c.wireBytes = packedBytes(c.packing, v.shape.dims, c.bits);
            } else {
                c.wireBytes = *elements * (c.bits / 8);
            }
        } else if (c.packed()) {
            c.packing = PackingLayout::HeightWidth; // the channel count may differ at run time
        }
        plan.crossing.push_back(std::move(c));
    }
    for (ValueId id : graph.outputs()) {
        const bool edgeOnly = std::find(plan.edgeOutputs.begin(), plan.edgeOutputs.end(), id) !=
                              plan.edgeOutputs.end();
        if (!edgeOnly)
            plan.cloudOutputs.push_back(id);
    }
    return plan;
}

} // namespace autosplit
