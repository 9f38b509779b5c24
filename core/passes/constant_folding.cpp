#include "core/passes/constant_folding.h"

#include "core/onnx/onnx_exporter.h"
#include "core/passes/constant_evaluator.h"
#include "core/passes/pass_helpers.h"

#include <memory>
#include <set>

namespace autosplit {

namespace {

// Folding a chain can make a Reshape's output shape known only after shape inference, which in
// turn lets a Shape further down fold: a few rounds settle every model seen in practice.
constexpr int kMaxRounds = 8;

// "int64 [2] = [1, -1]": small integer constants (the shape vectors) are worth reading in full.
std::string summary(const Tensor& t) {
    std::string text = std::string(nameOf(t.dtype)) + " " + TensorShape::of(t.dims).toString();
    if (t.elementCount() <= 8 && !isFloatingPoint(t.dtype)) {
        if (auto values = t.toInt64s()) {
            text += " = [";
            for (size_t i = 0; i < values->size(); ++i)
                text += (i ? ", " : "") + std::to_string((*values)[i]);
            text += "]";
        }
    }
    return text;
}

bool inputsReady(const Graph& graph, const Node& node) {
    if (readsOnlyInputShape(node))
        return !node.inputs.empty() && node.inputs[0] != kNone &&
               graph.value(node.inputs[0]).shape.isFullyKnown();
    for (ValueId in : node.inputs)
        if (in != kNone && !graph.value(in).isConstant())
            return false;
    return true;
}

// Shape or Size nodes still waiting for their input's shape.
bool shapeOpsPending(const Graph& graph) {
    for (const Node& node : graph.nodes())
        if (readsOnlyInputShape(node) && !inputsReady(graph, node))
            return true;
    return false;
}

} // namespace

Status ConstantFolding::run(Graph& graph, PassReport& report) {
    std::set<std::string> noted;
    for (int round = 0; round < kMaxRounds; ++round) {
        int foldedCount = 0;
        // Node ids are topological, so a whole chain folds in one sweep.
        for (size_t n = 0; n < graph.nodeCount(); ++n) {
            const auto id = static_cast<NodeId>(n);
            if (graph.isRemoved(id))
                continue;
            const Node& node = graph.node(id);
            if (!isFoldableOp(node) || node.outputs[0] == kNone)
                continue;
            // A graph output stays computed by a node: an initializer cannot be a model's output
            // in every IR version, and the user sees the op that makes it.
            const ValueId out = node.outputs[0];
            if (graph.value(out).isGraphOutput || !inputsReady(graph, node))
                continue;
            ConstantEvaluation result = evaluateConstantNode(graph, node);
            if (result.outcome == ConstantEvaluation::Outcome::Invalid) {
                if (noted.insert(node.name).second)
                    report.notes.push_back("kept " + result.problem);
                continue;
            }
            if (result.outcome != ConstantEvaluation::Outcome::Folded)
                continue;
            Tensor& tensor = result.outputs.front();
            Value& value = graph.value(out);
            report.changes.push_back("folded " + describe(node) + " into constant '" + value.name +
                                     "' (" + summary(tensor) + ")");
            graph.removeNode(id);
            value.dtype = tensor.dtype;
            value.shape = TensorShape::of(tensor.dims);
            value.initializer = std::make_shared<const Tensor>(std::move(tensor));
            ++foldedCount;
        }
        if (foldedCount == 0)
            break;
        report.modified = true;
        if (!shapeOpsPending(graph))
            break;
        if (auto s = graph.finalize(); !s)
            return s;
        if (auto s = inferShapes(graph); !s)
            return s;
    }
    return Status::success();
}

} // namespace autosplit
