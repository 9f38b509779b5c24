#include "core/onnx/onnx_exporter.h"

#include "core/onnx/onnx_convert.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

namespace autosplit {

namespace {

// The activation's own nodes (without the output affine map).
void addActivationKindNodes(const Graph& graph, const Node& node, const std::string& preName,
                            const std::string& outName, onnx::GraphProto* g) {
    const FusedActivation& act = node.activation;
    const int64_t opset = graph.opsetVersion();
    auto addNode = [&](const std::string& op, std::vector<std::string> inputs,
                       const std::string& output) {
        auto* n = g->add_node();
        n->set_op_type(op);
        n->set_name(node.name + "/" + op);
        for (auto& in : inputs)
            n->add_input(in);
        n->add_output(output);
        return n;
    };
    auto floatAttr = [](onnx::NodeProto* n, const char* name, float v) {
        auto* a = n->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(v);
    };
    auto scalar = [&](const std::string& name, float v) {
        Tensor t = Tensor::fromFloats({}, {v});
        tensorToProto(t, name, g->add_initializer());
        return name;
    };
    switch (act.kind) {
    case FusedActivation::Kind::None:
        break;
    case FusedActivation::Kind::Relu:
    case FusedActivation::Kind::Sigmoid:
        addNode(act.name(), {preName}, outName);
        break;
    case FusedActivation::Kind::LeakyRelu:
        floatAttr(addNode("LeakyRelu", {preName}, outName), "alpha", act.alpha);
        break;
    case FusedActivation::Kind::HardSigmoid: {
        auto* n = addNode("HardSigmoid", {preName}, outName);
        floatAttr(n, "alpha", act.alpha);
        floatAttr(n, "beta", act.beta);
        break;
    }
    case FusedActivation::Kind::Clip:
        if (opset >= 11) {
            addNode("Clip",
                    {preName, scalar(outName + "__min", act.alpha),
                     scalar(outName + "__max", act.beta)},
                    outName);
        } else {
            auto* n = addNode("Clip", {preName}, outName);
            floatAttr(n, "min", act.alpha);
            floatAttr(n, "max", act.beta);
        }
        break;
    case FusedActivation::Kind::HardSwish:
        if (opset >= 14) {
            addNode("HardSwish", {preName}, outName);
        } else {
            auto* hs = addNode("HardSigmoid", {preName}, outName + "__hsig");
            floatAttr(hs, "alpha", 1.f / 6.f);
            floatAttr(hs, "beta", 0.5f);
            addNode("Mul", {preName, outName + "__hsig"}, outName);
        }
        break;
    case FusedActivation::Kind::Swish:
        addNode("Sigmoid", {preName}, outName + "__sig");
        addNode("Mul", {preName, outName + "__sig"}, outName);
        break;
    }
}

// The activation, then its output affine map as Mul and Add by scalars, then its channel scale
// as a Mul by a [C, 1, ...] constant.
void addActivationNodes(const Graph& graph, const Node& node, const std::string& preName,
                        const std::string& outName, onnx::GraphProto* g) {
    const FusedActivation& act = node.activation;
    if (act.hasChannelScale()) {
        const std::string unscaled = outName + "__prescale";
        FusedActivation without = act;
        without.channelScale.clear();
        Node plain = node;
        plain.activation = without;
        addActivationNodes(graph, plain, preName, unscaled, g);
        // [C] then ones for the output's remaining dims, so it broadcasts along axis 1
        const auto rank = graph.value(node.outputs.front()).shape.dims.size();
        std::vector<int64_t> dims{static_cast<int64_t>(act.channelScale.size())};
        dims.resize(rank > 1 ? rank - 1 : 1, 1);
        Tensor t = Tensor::fromFloats(dims, act.channelScale);
        tensorToProto(t, outName + "__channel_scale", g->add_initializer());
        auto* n = g->add_node();
        n->set_op_type("Mul");
        n->set_name(node.name + "/ChannelScale");
        n->add_input(unscaled);
        n->add_input(outName + "__channel_scale");
        n->add_output(outName);
        return;
    }
    if (!act.hasOutputAffine())
        return addActivationKindNodes(graph, node, preName, outName, g);
    const std::string activated = outName + "__preaffine", scaled = outName + "__scaled";
    addActivationKindNodes(graph, node, preName, activated, g);
    auto addScalarOp = [&](const char* op, const std::string& in, float v, const std::string& out) {
        Tensor t = Tensor::fromFloats({}, {v});
        tensorToProto(t, out + "__" + op, g->add_initializer());
        auto* n = g->add_node();
        n->set_op_type(op);
        n->set_name(node.name + "/Affine" + op);
        n->add_input(in);
        n->add_input(out + "__" + op);
        n->add_output(out);
        if (graph.opsetVersion() < 7) { // before multidirectional broadcasting
            auto* a = n->add_attribute();
            a->set_name("broadcast");
            a->set_type(onnx::AttributeProto::INT);
            a->set_i(1);
        }
    };
    addScalarOp("Mul", activated, act.outScale, scaled);
    addScalarOp("Add", scaled, act.outShift, outName);
}

} // namespace

onnx::ModelProto toOnnxModel(const Graph& graph, const OnnxExportOptions& options) {
    onnx::ModelProto model;
    model.set_ir_version(graph.irVersion > 0 ? graph.irVersion : 8);
    model.set_producer_name("autosplit");
    for (const auto& [domain, version] : graph.opsetImports) {
        auto* opset = model.add_opset_import();
        opset->set_domain(domain);
        opset->set_version(version);
    }
    onnx::GraphProto* g = model.mutable_graph();
    g->set_name(graph.name.empty() ? "graph" : graph.name);

    for (ValueId id : graph.inputs()) {
        const Value& v = graph.value(id);
        auto* info = g->add_input();
        info->set_name(v.name);
        setTensorType(info->mutable_type(), v.dtype, v.shape);
    }
    for (const Value& v : graph.values()) {
        if (!v.isConstant())
            continue;
        const bool withData =
            options.withWeights || v.initializer->elementCount() <= options.smallConstantElements;
        if (withData) {
            tensorToProto(*v.initializer, v.name, g->add_initializer());
            // IR versions before 4 require initializers to be graph inputs too; shape inference
            // takes their types from there
            if (model.ir_version() < 4) {
                auto* info = g->add_input();
                info->set_name(v.name);
                setTensorType(info->mutable_type(), v.initializer->dtype,
                              TensorShape::of(v.initializer->dims));
            }
        } else {
            // dims and type only, as an input: shape inference reads no data from it
            auto* info = g->add_input();
            info->set_name(v.name);
            setTensorType(info->mutable_type(), v.initializer->dtype,
                          TensorShape::of(v.initializer->dims));
        }
    }
    for (const Node& node : graph.nodes()) {
        auto* n = g->add_node();
        n->set_name(node.name);
        n->set_op_type(node.opType);
        if (!node.domain.empty())
            n->set_domain(node.domain);
        // A fused residual (input 3) always becomes an Add again: ONNX's Conv has three inputs.
        const bool residual = node.residualAdd && node.inputs.size() == 4 && !node.outputs.empty();
        std::vector<ValueId> inputs = node.inputs;
        if (residual) {
            inputs.pop_back();
            if (inputs.back() == kNone)
                inputs.pop_back(); // the empty bias slot
        }
        for (ValueId in : inputs)
            n->add_input(in == kNone ? std::string() : graph.value(in).name);
        const bool expand = options.expandFusedActivations &&
                            (!node.activation.isNone() || node.activation.hasChannelScale());
        std::string preName; // the value the activation reads
        for (size_t i = 0; i < node.outputs.size(); ++i) {
            const ValueId out = node.outputs[i];
            std::string name = out == kNone ? std::string() : graph.value(out).name;
            if (i == 0 && (expand || residual)) {
                preName = name + (residual ? "__preadd" : "__preact");
                n->add_output(preName);
            } else {
                n->add_output(name);
            }
        }
        for (const auto& [key, attr] : node.attributes)
            attributeToProto(key, attr, n->add_attribute());
        if (residual) {
            const std::string outName = graph.value(node.outputs.front()).name;
            auto* sum = g->add_node();
            sum->set_op_type("Add");
            sum->set_name(node.name + "/Add");
            sum->add_input(preName);
            sum->add_input(graph.value(node.inputs[3]).name);
            preName = expand ? outName + "__preact" : outName;
            sum->add_output(preName);
        }
        if (expand)
            addActivationNodes(graph, node, preName, graph.value(node.outputs.front()).name, g);
    }
    for (ValueId id : graph.outputs()) {
        const Value& v = graph.value(id);
        auto* info = g->add_output();
        info->set_name(v.name);
        setTensorType(info->mutable_type(), v.dtype, v.shape);
    }
    for (const Value& v : graph.values()) {
        if (v.isConstant() || v.isGraphInput || v.isGraphOutput || v.producer == kNone)
            continue;
        if (v.dtype == DataType::Undefined && !v.shape.rankKnown)
            continue;
        auto* info = g->add_value_info();
        info->set_name(v.name);
        setTensorType(info->mutable_type(), v.dtype, v.shape);
    }
    return model;
}

Status inferShapes(Graph& graph) {
    OnnxExportOptions options;
    options.withWeights = false;
    options.expandFusedActivations = false;
    onnx::ModelProto model = toOnnxModel(graph, options);
    // Unknown intermediate shapes must not be fed back as facts: drop value_info and let
    // inference recompute from inputs and constants.
    model.mutable_graph()->clear_value_info();
    try {
        onnx::ShapeInferenceOptions inferOptions(false, 0, true);
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), inferOptions);
    } catch (const std::exception& e) {
        return Error{std::string("ONNX shape inference failed: ") + e.what()};
    }
    auto apply = [&](const onnx::ValueInfoProto& info) -> Status {
        const ValueId id = graph.findValue(info.name());
        if (id == kNone || graph.value(id).isConstant())
            return Status::success();
        auto shape = shapeFromType(info.type(), info.name());
        if (!shape)
            return shape.error();
        Value& v = graph.value(id);
        if (info.type().tensor_type().elem_type() != 0)
            v.dtype = static_cast<DataType>(info.type().tensor_type().elem_type());
        if (shape->rankKnown && (shape->isFullyKnown() || !v.shape.isFullyKnown()))
            v.shape = std::move(shape).value();
        return Status::success();
    };
    for (const auto& info : model.graph().value_info())
        if (auto s = apply(info); !s)
            return s;
    for (const auto& info : model.graph().output())
        if (auto s = apply(info); !s)
            return s;
    return Status::success();
}

} // namespace autosplit
