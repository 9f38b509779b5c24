#include "core/passes/residual_add_fusion.h"

#include "core/passes/pass_helpers.h"

namespace autosplit {

namespace {

bool fullyKnownFloat(const Value& v) {
    return v.dtype == DataType::Float && v.shape.rankKnown && v.shape.isFullyKnown();
}

// The Conv whose output is Add operand `slot` and could carry the Add, or kNone.
NodeId fusableConv(const Graph& graph, const Node& add, NodeId addId, size_t slot) {
    const ValueId operand = add.inputs[slot];
    const NodeId producer = graph.value(operand).producer;
    if (producer == kNone)
        return kNone;
    const Node& conv = graph.node(producer);
    if (!isOp(conv, "Conv") || conv.residualAdd || !conv.activation.isNone() ||
        conv.inputs.size() < 2 || conv.inputs.size() > 3)
        return kNone;
    // the conv's output feeds this Add alone (so nothing sees the value before the sum)
    if (soleConsumerOfFirstOutput(graph, producer) != addId)
        return kNone;
    return producer;
}

} // namespace

Status ResidualAddFusion::run(Graph& graph, PassReport& report) {
    for (size_t n = 0; n < graph.nodeCount(); ++n) {
        const auto addId = static_cast<NodeId>(n);
        if (graph.isRemoved(addId))
            continue;
        const Node& add = graph.node(addId);
        if (!isOp(add, "Add") || add.inputs.size() != 2 || add.outputs.size() != 1 ||
            add.outputs[0] == kNone || !add.activation.isNone() || add.inputs[0] == kNone ||
            add.inputs[1] == kNone || add.inputs[0] == add.inputs[1])
            continue;
        const Value& a = graph.value(add.inputs[0]);
        const Value& b = graph.value(add.inputs[1]);
        const Value& out = graph.value(add.outputs[0]);
        // no broadcasting: the addend is read with the output's layout
        if (!fullyKnownFloat(a) || !fullyKnownFloat(b) || !fullyKnownFloat(out) ||
            a.shape.dims != out.shape.dims || b.shape.dims != out.shape.dims)
            continue;
        // Of two fusable convs take the later one: its addend is already computed where it runs.
        const NodeId first = fusableConv(graph, add, addId, 0),
                     second = fusableConv(graph, add, addId, 1);
        const size_t slot = second != kNone && (first == kNone || second > first) ? 1 : 0;
        const NodeId convId = slot == 1 ? second : first;
        if (convId == kNone)
            continue;
        const ValueId addend = add.inputs[1 - slot];
        report.changes.push_back("fused " + describe(add) + " into " +
                                 describe(graph.node(convId)) + " (adds '" +
                                 graph.value(addend).name + "')");
        const std::string addName = add.name;
        absorbSuccessor(graph, convId, addId);
        Node& conv = graph.node(convId);
        conv.inputs.resize(3, kNone); // no bias: an empty input 2
        conv.inputs.push_back(addend);
        graph.value(addend).consumers.push_back(convId);
        conv.residualAdd = true;
        conv.folded.push_back(addName);
        report.modified = true;
    }
    return Status::success();
}

} // namespace autosplit
