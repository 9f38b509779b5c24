#include "core/passes/dead_code_elimination.h"

#include "core/passes/pass_helpers.h"

namespace autosplit {

Status DeadCodeElimination::run(Graph& graph, PassReport& report) {
    // Reverse topological order: removing a node frees its inputs' producers in the same sweep.
    for (size_t n = graph.nodeCount(); n-- > 0;) {
        const auto id = static_cast<NodeId>(n);
        if (graph.isRemoved(id))
            continue;
        const Node& node = graph.node(id);
        if (!node.domain.empty() && node.domain != "ai.onnx.ml")
            continue;
        bool used = false;
        for (ValueId out : node.outputs)
            if (out != kNone &&
                (graph.value(out).isGraphOutput || !graph.value(out).consumers.empty()))
                used = true;
        if (used)
            continue;
        report.changes.push_back("removed " + describe(node) + ": its outputs are never used");
        graph.removeNode(id);
        report.modified = true;
    }
    return Status::success();
}

} // namespace autosplit
