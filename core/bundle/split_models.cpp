#include "core/bundle/split_models.h"

#include "core/onnx/onnx_exporter.h"
#include "core/onnx/onnx_importer.h"
#include "core/quant/layer_weight.h"
#include "core/quant/quantizer.h"
#include "core/quant/weight_rounding.h"

#include <onnx/checker.h>
#include <onnx/version_converter/convert.h>

#include <cstring>
#include <functional>
#include <set>

namespace autosplit {

namespace {

// QuantizeLinear and DequantizeLinear with per-axis scales need opset 13; a part of an older
// model is converted to 13 by the ONNX version converter before quantization nodes go in (the
// converter knows how each op changed, e.g. Softmax's axis in 13, Clip's inputs in 11). The cloud
// part only dequantizes what it receives, per tensor, which opset 10 has: converting it no
// further spares it adapters that need shapes an unoptimized graph does not know (Softmax's).
constexpr int kQuantizeOpset = 13;
constexpr int kPerTensorDequantizeOpset = 10;
constexpr int64_t kClipInputsOpset = 11;

template <typename T>
Tensor tensorOf(DataType dtype, std::vector<int64_t> dims, const std::vector<T>& v) {
    Tensor t;
    t.dtype = dtype;
    t.dims = std::move(dims);
    t.raw.resize(v.size() * sizeof(T));
    if (!v.empty())
        std::memcpy(t.raw.data(), v.data(), t.raw.size());
    return t;
}

Tensor scaleTensor(const QuantParams& q) {
    std::vector<float> s(q.scale.begin(), q.scale.end());
    return tensorOf<float>(DataType::Float,
                           q.perTensor() ? std::vector<int64_t>{}
                                         : std::vector<int64_t>{static_cast<int64_t>(s.size())},
                           s);
}

// The float part: the source's nodes `keep` selects, in order, with the given inputs and outputs
// (source values); constants share their data with the source.
Result<Graph> floatPart(const Graph& source, const std::vector<bool>& keep,
                        const std::vector<ValueId>& inputs, const std::vector<ValueId>& outputs) {
    Graph part;
    part.name = source.name;
    part.irVersion = source.irVersion;
    part.producerName = "autosplit";
    part.opsetImports = source.opsetImports;
    std::vector<ValueId> map(source.values().size(), kNone);
    auto mapped = [&](ValueId id) {
        ValueId& m = map[static_cast<size_t>(id)];
        if (m == kNone) {
            const Value& v = source.value(id);
            m = part.addValue(v.name, v.dtype, v.shape);
            if (v.isConstant())
                part.value(m).initializer = v.initializer;
        }
        return m;
    };
    for (ValueId id : inputs)
        part.addInput(mapped(id));
    for (NodeId id = 0; id < static_cast<NodeId>(source.nodeCount()); ++id) {
        if (!keep[static_cast<size_t>(id)])
            continue;
        Node node = source.node(id);
        for (ValueId& in : node.inputs) {
            if (in == kNone)
                continue;
            const Value& v = source.value(in);
            const bool available = v.isConstant() || map[static_cast<size_t>(in)] != kNone ||
                                   (v.producer != kNone && keep[static_cast<size_t>(v.producer)]);
            if (!available)
                return Error{"node '" + node.name + "' reads '" + v.name +
                                 "', which its part neither produces nor receives",
                             ErrorKind::Internal};
            in = mapped(in);
        }
        for (ValueId& out : node.outputs)
            if (out != kNone)
                out = mapped(out);
        part.addNode(std::move(node));
    }
    for (ValueId id : outputs)
        part.addOutput(mapped(id));
    if (auto s = part.finalize(); !s)
        return s.error();
    return part;
}

// The part at `opset` through the ONNX version converter, imported again.
Result<Graph> upgraded(const Graph& part, const std::string& label, int opset) {
    onnx::ModelProto model = toOnnxModel(part);
    try {
        model = onnx::version_conversion::ConvertVersion(model, opset);
    } catch (const std::exception& e) {
        std::string what = e.what();
        if (auto nl = what.find('\n'); nl != std::string::npos)
            what.resize(nl);
        return Error{label + ": the model's opset " + std::to_string(part.opsetVersion()) +
                         " cannot be converted to opset " + std::to_string(opset) +
                         " for quantization (" + what +
                         "); export this part in float (bit-widths 32)",
                     ErrorKind::Unsupported};
    }
    ImportOptions options;
    options.assumeBatchOne = false;
    auto imported = importOnnxBytes(model.SerializeAsString(), label, {}, options);
    if (!imported)
        return imported.error().prefixed(label + " at opset " + std::to_string(opset) + ": ");
    return std::move(imported.value().graph);
}

// Adds quantization nodes to a part, with names new to it and to `reserved`.
class QdqEditor {
public:
    QdqEditor(Graph& part, const std::set<std::string>& reserved)
        : m_part(part), m_names(reserved) {
        for (const Value& v : part.values())
            m_names.insert(v.name);
    }

    ValueId fresh(const std::string& base, DataType dtype, TensorShape shape) {
        std::string name = base;
        for (int k = 2; m_names.count(name); ++k)
            name = base + "_" + std::to_string(k);
        m_names.insert(name);
        return m_part.addValue(name, dtype, std::move(shape));
    }
    // A value with exactly this name (a reserved one).
    ValueId exact(const std::string& name, DataType dtype, TensorShape shape) {
        return m_part.addValue(name, dtype, std::move(shape));
    }
    ValueId constant(const std::string& base, Tensor tensor) {
        const ValueId id = fresh(base, tensor.dtype, TensorShape::of(tensor.dims));
        m_part.value(id).initializer = std::make_shared<const Tensor>(std::move(tensor));
        return id;
    }
    void node(const std::string& op, const std::string& name, std::vector<ValueId> inputs,
              ValueId output, std::map<std::string, Attribute> attributes = {}) {
        Node n;
        n.name = name;
        n.opType = op;
        n.inputs = std::move(inputs);
        n.outputs = {output};
        n.attributes = std::move(attributes);
        m_part.addNode(std::move(n));
    }

    struct Quantized {
        ValueId codes = kNone;
        ValueId dequantized = kNone;
    };
    // Every reader of `value` reads its dequantized codes instead; the codes are named
    // `codesName` when given (a crossing tensor's wire name).
    Quantized quantizeActivation(ValueId value, const QuantParams& q,
                                 const std::string& codesName) {
        const std::string base = m_part.value(value).name;
        const TensorShape shape = m_part.value(value).shape;
        // a graph input the edge only sends has no readers to give the dequantized codes to
        const bool read =
            !m_part.value(value).consumers.empty() || m_part.value(value).isGraphOutput;
        Quantized r;
        if (read) {
            r.dequantized = fresh(base + "_dequantized", DataType::Float, shape);
            m_part.replaceAllUses(value, r.dequantized);
        }
        const ValueId scale = constant(base + "_scale", scaleTensor(q));
        const ValueId zero = zeroPoint(base, q);
        ValueId input = value;
        if (q.qmax < 255) {
            // uint8 saturates at 255 only: clip to the b-bit range first
            const float lo = dequantizeValue(q.qmin, q.scale[0], q.zeroPoint[0]);
            const float hi = dequantizeValue(q.qmax, q.scale[0], q.zeroPoint[0]);
            const ValueId clipped = fresh(base + "_clipped", DataType::Float, shape);
            if (m_part.opsetVersion() >= kClipInputsOpset)
                node("Clip", base + "/Clip",
                     {value, constant(base + "_min", Tensor::fromFloats({}, {lo})),
                      constant(base + "_max", Tensor::fromFloats({}, {hi}))},
                     clipped);
            else
                node("Clip", base + "/Clip", {value}, clipped,
                     {{"min", Attribute::ofFloat(lo)}, {"max", Attribute::ofFloat(hi)}});
            input = clipped;
        }
        r.codes = codesName.empty() ? fresh(base + "_codes", DataType::UInt8, shape)
                                    : exact(codesName, DataType::UInt8, shape);
        node("QuantizeLinear", base + "/QuantizeLinear", {input, scale, zero}, r.codes);
        if (read)
            node("DequantizeLinear", base + "/DequantizeLinear", {r.codes, scale, zero},
                 r.dequantized);
        return r;
    }

    // A float tensor sent as float16 (`wireName`): a Cast to float16, and the part's own readers
    // read it cast back, as the evaluation rounds it for both sides. Returns the float16 value.
    ValueId sendHalf(ValueId value, const std::string& wireName) {
        const std::string base = m_part.value(value).name;
        const TensorShape shape = m_part.value(value).shape;
        const bool read =
            !m_part.value(value).consumers.empty() || m_part.value(value).isGraphOutput;
        const ValueId half = exact(wireName, DataType::Float16, shape);
        if (read) {
            const ValueId rounded = fresh(base + "_rounded", DataType::Float, shape);
            m_part.replaceAllUses(value, rounded);
            node("Cast", base + "/CastToFloat", {half}, rounded, {{"to", castTo(DataType::Float)}});
        }
        node("Cast", base + "/CastToFloat16", {value}, half, {{"to", castTo(DataType::Float16)}});
        return half;
    }

    // A new float16 input named `wireName`, cast to float into what `value` was.
    ValueId receiveHalf(ValueId value, const std::string& wireName) {
        const std::string base = m_part.value(value).name;
        const TensorShape shape = m_part.value(value).shape;
        const ValueId half = exact(wireName, DataType::Float16, shape);
        const ValueId widened = fresh(base + "_float", DataType::Float, shape);
        m_part.replaceAllUses(value, widened); // a returned tensor keeps its public name
        node("Cast", base + "/CastToFloat", {half}, widened, {{"to", castTo(DataType::Float)}});
        return half;
    }

    // A new input of uint8 codes named `wireName`, dequantized into what `value` was.
    ValueId receiveCodes(ValueId value, const QuantParams& q, const std::string& wireName) {
        const std::string base = m_part.value(value).name;
        const TensorShape shape = m_part.value(value).shape;
        const ValueId codes = exact(wireName, DataType::UInt8, shape);
        const ValueId dequantized = fresh(base + "_dequantized", DataType::Float, shape);
        m_part.replaceAllUses(value, dequantized); // a returned tensor keeps its public name
        node("DequantizeLinear", base + "/DequantizeLinear",
             {codes, constant(base + "_scale", scaleTensor(q)), zeroPoint(base, q)}, dequantized);
        return codes;
    }

    // The weight `weight` of the source layer as int8 codes and a DequantizeLinear per output
    // channel, read by every node of the part that read the float weight; `rounding` as the
    // evaluation rounds it.
    Status quantizeWeight(const Graph& source, const LayerWeight& weight, int bits,
                          const RangeOptions& options, const RoundingMask* rounding) {
        const Value& w = source.value(weight.value);
        const ValueId stored = m_part.findValue(w.name);
        if (stored == kNone)
            return Error{"weight '" + w.name + "' is missing from the part", ErrorKind::Internal};
        const std::string base = w.name;
        const TensorShape shape = TensorShape::of(w.initializer->dims);
        ValueId replacement = kNone;
        if (weight.groups > 1) {
            // A grouped ConvTranspose's output channels lie along no single axis
            // (layer_weight.h): its quantized values are stored in float.
            auto q = fakeQuantizeWeight(source, weight, bits, options, rounding);
            if (!q)
                return q.error();
            const auto values = q->span<float>();
            replacement = constant(base + "_quantized",
                                   Tensor::fromFloats(q->dims(), {values.begin(), values.end()}));
        } else {
            const HostTensor tensor = HostTensor::fromConstant(w.initializer);
            auto params =
                chooseParams(tensor, QuantScheme::weights(bits, weight.axis), options, base);
            if (!params)
                return params.error();
            auto codes = quantize(tensor, *params, base);
            if (!codes)
                return codes.error();
            if (rounding)
                if (auto s = applyRounding(*codes, tensor, *params, *rounding); !s)
                    return s.error().prefixed("weight '" + base + "': ");
            const auto c = codes->span<int32_t>();
            std::vector<int8_t> narrow(c.begin(), c.end()); // within +-(2^(b-1) - 1)
            const ValueId int8Codes = constant(
                base + "_int8", tensorOf<int8_t>(DataType::Int8, w.initializer->dims, narrow));
            const std::vector<int64_t> channelDims =
                params->perTensor()
                    ? std::vector<int64_t>{}
                    : std::vector<int64_t>{static_cast<int64_t>(params->channels())};
            const ValueId zero = constant(
                base + "_zero_point", tensorOf<int8_t>(DataType::Int8, channelDims,
                                                       std::vector<int8_t>(params->channels(), 0)));
            std::map<std::string, Attribute> attributes;
            if (!params->perTensor())
                attributes["axis"] = Attribute::ofInt(params->axis);
            replacement = fresh(base + "_dequantized", DataType::Float, shape);
            node("DequantizeLinear", base + "/DequantizeLinear",
                 {int8Codes, constant(base + "_scale", scaleTensor(*params)), zero}, replacement,
                 std::move(attributes));
        }
        m_part.replaceAllUses(stored, replacement);
        return Status::success();
    }

private:
    static Attribute castTo(DataType type) {
        return Attribute::ofInt(static_cast<int64_t>(type)); // ONNX's TensorProto data types
    }

    ValueId zeroPoint(const std::string& base, const QuantParams& q) {
        return constant(
            base + "_zero_point",
            tensorOf<uint8_t>(DataType::UInt8, {}, {static_cast<uint8_t>(q.zeroPoint[0])}));
    }

    Graph& m_part;
    std::set<std::string> m_names;
};

std::set<std::string> wireNames(const SplitPlan& plan) {
    std::set<std::string> names;
    for (const CrossingPlan& c : plan.crossing)
        if (c.wireName != c.name)
            names.insert(c.wireName);
    return names;
}

// Whether a crossing graph input leaves the edge changed (as codes or float16), not as it came.
bool sendsInputChanged(const Graph& graph, const CrossingPlan& c) {
    return graph.value(c.value).isGraphInput && (c.quant || c.halved());
}

bool quantizes(const SplitPlan& plan) {
    return !plan.activationQuant.empty() ||
           std::any_of(plan.weightBits.begin(), plan.weightBits.end(),
                       [](int b) { return b != 0 && b != kFloatBits; });
}

ValueId named(const Graph& part, const std::string& name) {
    return part.findValue(name);
}

} // namespace

Result<Graph> edgeGraph(const Graph& graph, const SplitPlan& plan,
                        const RangeOptions& weightRange) {
    std::vector<ValueId> outputs;
    for (const CrossingPlan& c : plan.crossing)
        if (!sendsInputChanged(graph, c)) // a graph input is not also an output: it keeps its name
            outputs.push_back(c.value);
    outputs.insert(outputs.end(), plan.edgeOutputs.begin(), plan.edgeOutputs.end());
    auto part = floatPart(graph, plan.onEdge, plan.edgeInputs, outputs);
    if (!part)
        return part.error().prefixed("edge part: ");
    const bool sendsCodes = std::any_of(plan.crossing.begin(), plan.crossing.end(),
                                        [](const CrossingPlan& c) { return c.quant.has_value(); });
    const bool sendsHalves = std::any_of(plan.crossing.begin(), plan.crossing.end(),
                                         [](const CrossingPlan& c) { return c.halved(); });
    if (!quantizes(plan) && !sendsCodes && !sendsHalves)
        return part;
    if ((quantizes(plan) || sendsCodes) && part->opsetVersion() < kQuantizeOpset) {
        part = upgraded(*part, "edge.onnx", kQuantizeOpset);
        if (!part)
            return part.error();
    }
    QdqEditor editor(*part, wireNames(plan));
    for (NodeId id = 0; id < static_cast<NodeId>(graph.nodeCount()); ++id) {
        const int bits = plan.weightBits[static_cast<size_t>(id)];
        if (!plan.onEdge[static_cast<size_t>(id)] || bits == 0 || bits == kFloatBits)
            continue;
        auto rounding = plan.weightRounding.find(id);
        if (auto s = editor.quantizeWeight(
                graph, *layerWeight(graph, id), bits, weightRange,
                rounding == plan.weightRounding.end() ? nullptr : &rounding->second);
            !s)
            return s.error().prefixed("layer " + std::to_string(id + 1) + " ('" +
                                      graph.node(id).name + "'): ");
    }
    std::map<ValueId, QdqEditor::Quantized> quantized; // by source value
    for (const auto& [value, q] : plan.activationQuant) {
        const ValueId v = named(*part, graph.value(value).name);
        if (v == kNone)
            return Error{"edge part: activation '" + graph.value(value).name + "' is missing",
                         ErrorKind::Internal};
        const CrossingPlan* c = plan.findCrossing(value);
        quantized[value] = editor.quantizeActivation(v, q, c ? c->wireName : std::string());
    }
    // Unquantized float tensors as the cost model charges them: graph inputs as codes, float
    // tensors as float16.
    std::map<ValueId, ValueId> halves; // by source value
    for (const CrossingPlan& c : plan.crossing) {
        if (!c.halved() && !sendsInputChanged(graph, c))
            continue;
        const ValueId v = named(*part, c.name);
        if (v == kNone)
            return Error{"edge part: tensor '" + c.name + "' is missing", ErrorKind::Internal};
        if (c.quant)
            quantized[c.value] = editor.quantizeActivation(v, *c.quant, c.wireName);
        else
            halves[c.value] = editor.sendHalf(v, c.wireName);
    }
    // The crossing codes leave; an output used on the edge is returned as its readers see it
    // (the evaluation's hook quantizes an output itself).
    std::vector<ValueId> finalOutputs;
    for (const CrossingPlan& c : plan.crossing)
        finalOutputs.push_back(c.quant      ? quantized.at(c.value).codes
                               : c.halved() ? halves.at(c.value)
                                            : named(*part, graph.value(c.value).name));
    for (ValueId id : plan.edgeOutputs)
        finalOutputs.push_back(quantized.count(id) ? quantized.at(id).dequantized
                                                   : named(*part, graph.value(id).name));
    part->setOutputs(std::move(finalOutputs));
    if (auto s = part->finalize(); !s)
        return s.error().prefixed("edge part: ");
    return part;
}

Result<Graph> cloudGraph(const Graph& graph, const SplitPlan& plan) {
    std::vector<ValueId> inputs;
    for (const CrossingPlan& c : plan.crossing)
        inputs.push_back(c.value);
    std::vector<bool> onCloud(plan.onEdge.size());
    for (size_t i = 0; i < onCloud.size(); ++i)
        onCloud[i] = !plan.onEdge[i];
    auto part = floatPart(graph, onCloud, inputs, plan.cloudOutputs);
    if (!part)
        return part.error().prefixed("cloud part: ");
    const bool codes = std::any_of(plan.crossing.begin(), plan.crossing.end(),
                                   [](const CrossingPlan& c) { return c.quant.has_value(); });
    const bool halves = std::any_of(plan.crossing.begin(), plan.crossing.end(),
                                    [](const CrossingPlan& c) { return c.halved(); });
    if (!codes && !halves)
        return part;
    if (codes && part->opsetVersion() < kPerTensorDequantizeOpset) {
        part = upgraded(*part, "cloud.onnx", kPerTensorDequantizeOpset);
        if (!part)
            return part.error();
    }
    QdqEditor editor(*part, wireNames(plan));
    std::vector<ValueId> finalInputs;
    for (const CrossingPlan& c : plan.crossing) {
        const ValueId v = named(*part, c.name);
        if (v == kNone)
            return Error{"cloud part: input '" + c.name + "' is missing", ErrorKind::Internal};
        finalInputs.push_back(c.quant      ? editor.receiveCodes(v, *c.quant, c.wireName)
                              : c.halved() ? editor.receiveHalf(v, c.wireName)
                                           : v);
    }
    part->setInputs(std::move(finalInputs));
    if (auto s = part->finalize(); !s)
        return s.error().prefixed("cloud part: ");
    return part;
}

Result<onnx::ModelProto> checkedModel(const Graph& part, const std::string& label) {
    onnx::ModelProto model = toOnnxModel(part);
    try {
        onnx::checker::check_model(model);
    } catch (const std::exception& e) {
        std::string failure = e.what();
        if (auto nl = failure.find('\n'); nl != std::string::npos)
            failure.resize(nl);
        return Error{label + " does not pass the ONNX checker: " + failure, ErrorKind::Internal};
    }
    return model;
}

} // namespace autosplit
