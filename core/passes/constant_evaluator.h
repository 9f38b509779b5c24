#pragma once

// Constant folding's evaluation of one ONNX node whose inputs are all constants (for Shape and
// Size: whose input has a fully known shape), on the executor's kernel for the op
// (core/runtime), following the node's opset version.

#include "core/graph/graph.h"

#include <string>
#include <vector>

namespace autosplit {

struct ConstantEvaluation {
    enum class Outcome {
        Folded,      // outputs hold one tensor per node output
        Unsupported, // an op, type or size the evaluator leaves to run time
        Invalid,     // the inputs contradict the op (problem: the kernel's message); the node stays
    };
    Outcome outcome = Outcome::Unsupported;
    std::vector<Tensor> outputs;
    std::string problem;
};

// Whether the node is an op the evaluator knows (default domain).
bool isFoldableOp(const Node& node);
// Shape and Size read only their input's shape, not its data.
bool readsOnlyInputShape(const Node& node);

// Evaluates `node` of `graph`. Results that would be large and not bounded by the inputs' size
// (ConstantOfShape, Range, Expand, broadcasting), or of a size shape inference left unknown,
// are left unfolded.
ConstantEvaluation evaluateConstantNode(const Graph& graph, const Node& node);

} // namespace autosplit
