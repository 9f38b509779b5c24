#include "core/bundle/split_models.h"

#include "core/onnx/onnx_exporter.h"
#include "core/quant/layer_weight.h"
#include "core/quant/quantizer.h"

#include <onnx/checker.h>

#include <cstring>
#include <functional>
#include <set>

namespace autosplit {

namespace {

// QuantizeLinear and per-tensor DequantizeLinear exist from opset 10; per-axis DequantizeLinear
// from opset 13. Below 13 a per-channel weight is dequantized by Cast and Mul, which ONNX
// Runtime computes the same way, only without its int8 kernels.
constexpr int64_t kQuantizeOpset = 10;
constexpr int64_t kPerAxisOpset = 13;
constexpr int64_t kClipInputsOpset = 11;

template <typename T> Tensor tensorOf(DataType dtype, std::vector<int64_t> dims, const std::vector<T>& v) {
    Tensor t;
    t.dtype = dtype;
    t.dims = std::move(dims);
    t.raw.resize(v.size() * sizeof(T));
    if (!v.empty())
        std::memcpy(t.raw.data(), v.data(), t.raw.size());
    return t;
}

// A part of the source graph under construction: the source's values are copied in on first use,
// constants sharing their data.
class PartBuilder {
public:
    using External = std::function<Result<ValueId>(ValueId)>;

    // `reserved`: names only exact() may create (the wire names both parts must agree on).
    PartBuilder(const Graph& source, const std::set<std::string>& reserved) : m_source(source) {
        m_part.name = source.name;
        m_part.irVersion = source.irVersion;
        m_part.producerName = "autosplit";
        m_part.opsetImports = source.opsetImports;
        m_map.assign(source.values().size(), kNone);
        for (const Value& v : source.values())
            m_names.insert(v.name);
        m_names.insert(reserved.begin(), reserved.end());
    }

    Graph& part() { return m_part; }

    // The part's copy of a source value (a constant, or one a copied node produces).
    ValueId mapped(ValueId id) {
        if (m_map[static_cast<size_t>(id)] != kNone)
            return m_map[static_cast<size_t>(id)];
        const Value& v = m_source.value(id);
        const ValueId copy = m_part.addValue(v.name, v.dtype, v.shape);
        if (v.isConstant())
            m_part.value(copy).initializer = v.initializer;
        m_map[static_cast<size_t>(id)] = copy;
        return copy;
    }
    bool isMapped(ValueId id) const { return m_map[static_cast<size_t>(id)] != kNone; }
    void setMapped(ValueId id, ValueId to) { m_map[static_cast<size_t>(id)] = to; }

    // Copies the nodes `keep` selects, in order; a non-constant input that no copied node
    // produces comes from `external`.
    Status copyNodes(const std::vector<bool>& keep, const External& external) {
        for (NodeId id = 0; id < static_cast<NodeId>(m_source.nodeCount()); ++id) {
            if (!keep[static_cast<size_t>(id)])
                continue;
            Node node = m_source.node(id);
            for (ValueId& in : node.inputs) {
                if (in == kNone)
                    continue;
                const Value& v = m_source.value(in);
                const bool inside =
                    v.isConstant() ||
                    (v.producer != kNone && keep[static_cast<size_t>(v.producer)]);
                if (!inside && !isMapped(in)) {
                    auto from = external(in);
                    if (!from)
                        return from.error();
                    setMapped(in, *from);
                }
                in = mapped(in);
            }
            for (ValueId& out : node.outputs)
                if (out != kNone)
                    out = mapped(out);
            m_part.addNode(std::move(node));
        }
        return Status::success();
    }

    // A value with a name new to both graphs.
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
    ValueId node(const std::string& op, const std::string& name, std::vector<ValueId> inputs,
                 ValueId output, std::map<std::string, Attribute> attributes = {}) {
        Node n;
        n.name = name;
        n.opType = op;
        n.inputs = std::move(inputs);
        n.outputs = {output};
        n.attributes = std::move(attributes);
        m_part.addNode(std::move(n));
        return output;
    }

    // QuantizeLinear (with the Clip a sub-8-bit range needs) of a float value: uint8 codes,
    // named `codesName` when given.
    ValueId quantizeActivation(ValueId value, const QuantParams& q, const std::string& codesName) {
        const Value& v = m_part.value(value);
        const std::string base = v.name;
        const TensorShape shape = v.shape;
        const ValueId scale = constant(base + "_scale", scaleTensor(q));
        const ValueId zero = constant(base + "_zero_point",
                                      tensorOf<uint8_t>(DataType::UInt8, {},
                                                        {static_cast<uint8_t>(q.zeroPoint[0])}));
        ValueId input = value;
        if (q.qmax < 255) {
            const float lo = dequantizeValue(q.qmin, q.scale[0], q.zeroPoint[0]);
            const float hi = dequantizeValue(q.qmax, q.scale[0], q.zeroPoint[0]);
            const ValueId clipped = fresh(base + "_clipped", DataType::Float, shape);
            if (m_part.opsetVersion() >= kClipInputsOpset) {
                node("Clip", base + "/Clip",
                     {value, constant(base + "_min", Tensor::fromFloats({}, {lo})),
                      constant(base + "_max", Tensor::fromFloats({}, {hi}))},
                     clipped);
            } else {
                node("Clip", base + "/Clip", {value}, clipped,
                     {{"min", Attribute::ofFloat(lo)}, {"max", Attribute::ofFloat(hi)}});
            }
            input = clipped;
        }
        m_quantScale = scale;
        m_quantZero = zero;
        const ValueId codes = codesName.empty() ? fresh(base + "_codes", DataType::UInt8, shape)
                                                : exact(codesName, DataType::UInt8, shape);
        return node("QuantizeLinear", base + "/QuantizeLinear", {input, scale, zero}, codes);
    }
    // DequantizeLinear of codes into `output`, with the scale and zero point of the last
    // quantizeActivation or new ones.
    void dequantizeActivation(ValueId codes, const QuantParams& q, ValueId output,
                              bool reuseLast) {
        const std::string base = m_part.value(output).name;
        ValueId scale = m_quantScale, zero = m_quantZero;
        if (!reuseLast) {
            scale = constant(base + "_scale", scaleTensor(q));
            zero = constant(base + "_zero_point",
                            tensorOf<uint8_t>(DataType::UInt8, {},
                                              {static_cast<uint8_t>(q.zeroPoint[0])}));
        }
        node("DequantizeLinear", base + "/DequantizeLinear", {codes, scale, zero}, output);
    }

    static Tensor scaleTensor(const QuantParams& q) {
        std::vector<float> s(q.scale.begin(), q.scale.end());
        return tensorOf<float>(DataType::Float, q.perTensor() ? std::vector<int64_t>{}
                                                              : std::vector<int64_t>{
                                                                    static_cast<int64_t>(s.size())},
                               s);
    }

private:
    const Graph& m_source;
    Graph m_part;
    std::vector<ValueId> m_map;
    std::set<std::string> m_names;
    ValueId m_quantScale = kNone;
    ValueId m_quantZero = kNone;
};

// The weight of an edge layer as int8 codes and a dequantization, replacing the node's input.
Status quantizeWeight(PartBuilder& b, const Graph& source, NodeId sourceNode, NodeId partNode,
                      int bits, const RangeOptions& options) {
    const auto weight = layerWeight(source, sourceNode);
    if (!weight)
        return Status::success();
    Graph& part = b.part();
    const Value& w = source.value(weight->value);
    const std::string base = w.name;
    ValueId replacement = kNone;
    if (weight->groups > 1) {
        // A grouped ConvTranspose's output channels lie along no single axis (layer_weight.h):
        // its quantized values are stored in float.
        auto q = fakeQuantizeWeight(source, *weight, bits, options);
        if (!q)
            return q.error();
        const HostTensor& t = *q;
        replacement = b.constant(base + "_quantized",
                                 Tensor::fromFloats(t.dims(), std::vector<float>(t.span<float>().begin(), t.span<float>().end())));
    } else {
        const HostTensor tensor = HostTensor::fromConstant(w.initializer);
        auto params = chooseParams(tensor, QuantScheme::weights(bits, weight->axis), options, base);
        if (!params)
            return params.error();
        auto codes = quantize(tensor, *params, base);
        if (!codes)
            return codes.error();
        std::vector<int8_t> narrow(static_cast<size_t>(codes->elementCount()));
        const int32_t* c = codes->data<int32_t>();
        for (size_t i = 0; i < narrow.size(); ++i)
            narrow[i] = static_cast<int8_t>(c[i]);
        const ValueId stored = b.constant(base + "_int8", tensorOf<int8_t>(DataType::Int8, w.initializer->dims, narrow));
        replacement = b.fresh(base + "_dequantized", DataType::Float, TensorShape::of(w.initializer->dims));
        const int64_t opset = part.opsetVersion();
        if (params->perTensor() || opset >= kPerAxisOpset) {
            const ValueId scale = b.constant(base + "_scale", PartBuilder::scaleTensor(*params));
            const ValueId zero = b.constant(
                base + "_zero_point",
                tensorOf<int8_t>(DataType::Int8,
                                 params->perTensor() ? std::vector<int64_t>{}
                                                     : std::vector<int64_t>{static_cast<int64_t>(params->channels())},
                                 std::vector<int8_t>(params->channels(), 0)));
            std::map<std::string, Attribute> attributes;
            if (!params->perTensor())
                attributes["axis"] = Attribute::ofInt(params->axis);
            b.node("DequantizeLinear", base + "/DequantizeLinear", {stored, scale, zero}, replacement,
                   std::move(attributes));
        } else {
            std::vector<int64_t> scaleDims(w.initializer->dims.size(), 1);
            scaleDims[static_cast<size_t>(params->axis)] = static_cast<int64_t>(params->channels());
            std::vector<float> s(params->scale.begin(), params->scale.end());
            const ValueId scale = b.constant(base + "_scale", tensorOf<float>(DataType::Float, scaleDims, s));
            const ValueId asFloat = b.fresh(base + "_float", DataType::Float, TensorShape::of(w.initializer->dims));
            b.node("Cast", base + "/Cast", {stored}, asFloat,
                   {{"to", Attribute::ofInt(static_cast<int64_t>(DataType::Float))}});
            b.node("Mul", base + "/Mul", {asFloat, scale}, replacement);
        }
    }
    Node& node = part.node(partNode);
    node.inputs[weight->slot] = replacement;
    return Status::success();
}

std::set<std::string> wireNames(const SplitPlan& plan) {
    std::set<std::string> names;
    for (const CrossingPlan& c : plan.crossing)
        if (c.quant)
            names.insert(c.wireName);
    return names;
}

} // namespace

Result<Graph> edgeGraph(const Graph& graph, const SplitPlan& plan, const RangeOptions& weightRange) {
    const bool quantized = !plan.activationQuant.empty() ||
                           std::any_of(plan.weightBits.begin(), plan.weightBits.end(),
                                       [](int b) { return b != 0 && b != kFloatBits; });
    if (quantized && graph.opsetVersion() < kQuantizeOpset)
        return Error{"the model's opset " + std::to_string(graph.opsetVersion()) +
                         " predates QuantizeLinear (opset 10): its edge part can only be "
                         "exported in float (bit-widths 32)",
                     ErrorKind::Unsupported};
    PartBuilder b(graph, wireNames(plan));
    Graph& part = b.part();
    for (ValueId id : plan.edgeInputs)
        part.addInput(b.mapped(id));
    auto st = b.copyNodes(plan.onEdge, [&](ValueId id) -> Result<ValueId> {
        return Error{"the edge part reads '" + graph.value(id).name + "', which it does not have",
                     ErrorKind::Internal};
    });
    if (!st)
        return st.error();
    // Part node k is the k-th edge node of the source.
    NodeId partNode = 0;
    for (NodeId id = 0; id < static_cast<NodeId>(graph.nodeCount()); ++id) {
        if (!plan.onEdge[static_cast<size_t>(id)])
            continue;
        const int bits = plan.weightBits[static_cast<size_t>(id)];
        if (bits != 0 && bits != kFloatBits)
            if (auto s = quantizeWeight(b, graph, id, partNode, bits, weightRange); !s)
                return s.error().prefixed("layer " + std::to_string(id + 1) + " ('" +
                                          graph.node(id).name + "'): ");
        ++partNode;
    }
    // Activations: consumers read the dequantized value; the codes of crossing ones leave.
    std::map<ValueId, ValueId> codesOf, dequantizedOf; // source value -> part value
    for (const auto& [value, q] : plan.activationQuant) {
        const ValueId v = b.mapped(value);
        const ValueId dq = b.fresh(graph.value(value).name + "_dequantized", DataType::Float,
                                   part.value(v).shape);
        part.replaceAllUses(v, dq);
        const CrossingPlan* c = plan.findCrossing(value);
        const ValueId codes = b.quantizeActivation(v, q, c ? c->wireName : std::string());
        b.dequantizeActivation(codes, q, dq, true);
        codesOf[value] = codes;
        dequantizedOf[value] = dq;
    }
    for (const CrossingPlan& c : plan.crossing)
        part.addOutput(c.quant ? codesOf.at(c.value) : b.mapped(c.value));
    // the evaluation's hook quantizes an output itself: return what its consumers see
    for (ValueId id : plan.edgeOutputs)
        part.addOutput(dequantizedOf.count(id) ? dequantizedOf.at(id) : b.mapped(id));
    if (auto s = part.finalize(); !s)
        return s.error().prefixed("edge part: ");
    return std::move(part);
}

Result<Graph> cloudGraph(const Graph& graph, const SplitPlan& plan) {
    PartBuilder b(graph, wireNames(plan));
    Graph& part = b.part();
    auto external = [&](ValueId id) -> Result<ValueId> {
        const CrossingPlan* c = plan.findCrossing(id);
        if (!c)
            return Error{"the cloud part reads '" + graph.value(id).name +
                             "', which does not cross the split",
                         ErrorKind::Internal};
        const Value& v = graph.value(id);
        if (!c->quant) {
            const ValueId in = part.addValue(v.name, v.dtype, v.shape);
            part.addInput(in);
            return in;
        }
        const ValueId codes = b.exact(c->wireName, DataType::UInt8, v.shape);
        part.addInput(codes);
        const ValueId value = part.addValue(v.name, v.dtype, v.shape);
        b.dequantizeActivation(codes, *c->quant, value, false);
        return value;
    };
    // Every crossing tensor is an input, in the plan's order, even one only returned.
    for (const CrossingPlan& c : plan.crossing) {
        auto in = external(c.value);
        if (!in)
            return in.error();
        b.setMapped(c.value, *in);
    }
    std::vector<bool> onCloud(plan.onEdge.size());
    for (size_t i = 0; i < onCloud.size(); ++i)
        onCloud[i] = !plan.onEdge[i];
    if (auto s = b.copyNodes(onCloud, external); !s)
        return s.error();
    for (ValueId id : plan.cloudOutputs)
        part.addOutput(b.mapped(id));
    if (auto s = part.finalize(); !s)
        return s.error().prefixed("cloud part: ");
    return std::move(part);
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
