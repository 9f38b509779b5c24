#include "core/passes/identity_elimination.h"

namespace autosplit {

Status IdentityElimination::run(Graph& graph, PassReport& report) {
    for (size_t n = 0; n < graph.nodeCount(); ++n) {
        const auto id = static_cast<NodeId>(n);
        const Node& node = graph.node(id);
        if (!node.domain.empty() || (node.opType != "Identity" && node.opType != "Dropout"))
            continue;
        if (node.inputs.empty() || node.inputs[0] == kNone || node.outputs.empty())
            continue;
        // Dropout's optional mask output means something downstream wants it: keep the node.
        if (node.outputs.size() > 1 && node.outputs[1] != kNone &&
            (!graph.value(node.outputs[1]).consumers.empty() ||
             graph.value(node.outputs[1]).isGraphOutput))
            continue;
        const ValueId in = node.inputs[0];
        const ValueId out = node.outputs[0];
        // A graph input passed straight to a graph output has to stay a node: both names are
        // public.
        if (graph.value(out).isGraphOutput &&
            (graph.value(in).isGraphInput || graph.value(in).isGraphOutput))
            continue;
        const std::string what = node.opType + " '" + node.name + "'";
        graph.removeNode(id);
        graph.replaceAllUses(out, in);
        report.changes.push_back("removed " + what);
        report.modified = true;
    }
    return Status::success();
}

} // namespace autosplit
