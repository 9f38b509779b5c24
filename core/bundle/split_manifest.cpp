#include "core/bundle/split_manifest.h"

#include "core/quant/layer_weight.h"

namespace autosplit {

namespace {

void setShape(google::protobuf::RepeatedField<int64_t>* out, const TensorShape& shape) {
    for (int64_t d : shape.dims)
        out->Add(d < 0 ? -1 : d);
}

void addSpec(google::protobuf::RepeatedPtrField<bundle::TensorSpec>* specs, const Value& v) {
    auto* t = specs->Add();
    t->set_name(v.name);
    t->set_data_type(std::string(nameOf(v.dtype)));
    if (v.shape.rankKnown)
        setShape(t->mutable_shape(), v.shape);
}

// How edge.onnx stores the layer's weight (split_models.cpp decides it the same way).
std::string weightStorage(const Graph& graph, NodeId id, int bits) {
    const auto weight = layerWeight(graph, id);
    if (!weight)
        return {};
    if (bits == kFloatBits || bits == 0)
        return "float32";
    if (weight->groups > 1)
        return "float32 holding " + std::to_string(bits) + "-bit values (grouped ConvTranspose)";
    if (weight->axis < 0)
        return "int8 per-tensor";
    return "int8 per-channel (axis " + std::to_string(weight->axis) + ")";
}

} // namespace

void describeSplit(const Graph& graph, const SplitPlan& plan, bundle::Manifest& m) {
    m.set_split(plan.split);
    m.clear_layers();
    for (NodeId id = 0; id < static_cast<NodeId>(graph.nodeCount()); ++id) {
        const auto i = static_cast<size_t>(id);
        auto* layer = m.add_layers();
        layer->set_index(id + 1);
        layer->set_name(graph.node(id).name);
        layer->set_op_type(graph.node(id).opType);
        layer->set_on_edge(plan.onEdge[i]);
        if (plan.onEdge[i]) {
            layer->set_weight_bits(plan.weightBits[i]);
            layer->set_activation_bits(plan.activationBits[i]);
            layer->set_weight_storage(weightStorage(graph, id, plan.weightBits[i]));
        }
    }
    m.clear_edge_inputs();
    for (ValueId id : plan.edgeInputs)
        addSpec(m.mutable_edge_inputs(), graph.value(id));
    m.clear_crossing();
    for (const CrossingPlan& c : plan.crossing) {
        auto* t = m.add_crossing();
        t->set_name(c.name);
        t->set_wire_name(c.wireName);
        t->set_data_type(std::string(nameOf(c.wireType)));
        setShape(t->mutable_shape(), c.shape);
        t->set_bits(c.bits);
        t->set_quantized(c.quant.has_value());
        if (c.quant) {
            t->set_scale(c.quant->scale[0]);
            t->set_zero_point(c.quant->zeroPoint[0]);
        }
        t->set_packing(c.packed() ? std::string(packingLayoutName(c.packing)) : "none");
        t->set_wire_bytes(c.wireBytes.value_or(0));
        t->set_produced_by_layer(c.producedByLayer);
        t->set_tensor_data_type(std::string(nameOf(c.valueType)));
    }
    m.clear_edge_outputs();
    for (ValueId id : plan.edgeOutputs)
        addSpec(m.mutable_edge_outputs(), graph.value(id));
    m.clear_cloud_outputs();
    for (ValueId id : plan.cloudOutputs)
        addSpec(m.mutable_cloud_outputs(), graph.value(id));
}

} // namespace autosplit
