#include "core/passes/constant_evaluator.h"

#include "core/runtime/host_tensor.h"
#include "core/runtime/kernel.h"

#include <algorithm>
#include <optional>
#include <set>

namespace autosplit {

namespace {

using Outcome = ConstantEvaluation::Outcome;

// Constants this small are always worth folding; larger results must not outgrow the inputs, so
// a ConstantOfShape or Expand never materialises a huge tensor.
constexpr int64_t kSmallElements = int64_t{1} << 16;
// Shape and Size get an unfilled tensor of their input's shape (reserved, never touched).
constexpr int64_t kShapeOnlyElements = int64_t{1} << 30;

// Ops whose output never has more elements than their inputs together: they fold even where
// shape inference left the output's shape unknown. The others (ConstantOfShape, Range, Expand,
// Gather, the broadcasting ops) fold only when the inferred shape says the result is small.
const std::set<std::string> kBoundedOps = {
    "Identity", "Unsqueeze", "Squeeze",    "Concat", "Reshape", "Flatten",
    "Slice",    "Transpose", "Cast",       "Neg",    "Abs",     "Floor",
    "Ceil",     "Sqrt",      "Reciprocal", "Shape",  "Size"};

ConstantEvaluation unsupported() {
    return {};
}

// A constant the kernels can read: a fixed-size type and exactly the bytes its dims need.
std::optional<HostTensor> constantTensor(const Value& value) {
    if (!value.initializer)
        return std::nullopt;
    const Tensor& t = *value.initializer;
    const int bits = bitsOf(t.dtype);
    if (bits <= 0 || bits % 8 != 0 ||
        t.raw.size() != static_cast<size_t>(t.elementCount()) * (bits / 8))
        return std::nullopt;
    return HostTensor::fromConstant(value.initializer);
}

} // namespace

bool isFoldableOp(const Node& node) {
    static const std::set<std::string> ops = {
        "Shape",   "Size",    "Identity", "Gather",    "Unsqueeze", "Squeeze",    "Concat",
        "Reshape", "Flatten", "Slice",    "Transpose", "Cast",      "Range",      "ConstantOfShape",
        "Expand",  "Where",   "Add",      "Sub",       "Mul",       "Div",        "Equal",
        "Neg",     "Abs",     "Floor",    "Ceil",      "Sqrt",      "Reciprocal", "Min",
        "Max"};
    return node.domain.empty() && node.outputs.size() == 1 && ops.count(node.opType) > 0;
}

bool readsOnlyInputShape(const Node& node) {
    return node.domain.empty() && (node.opType == "Shape" || node.opType == "Size");
}

// The node runs on the executor's own kernel for its op (as ONNX Runtime's constant folding
// runs its CPU kernels), so folding computes exactly what the executor would at run time.
ConstantEvaluation evaluateConstantNode(const Graph& graph, const Node& node) {
    if (!isFoldableOp(node))
        return unsupported();
    const KernelInfo* kernel = KernelRegistry::builtin().find(node.opType, node.domain);
    if (!kernel)
        return unsupported();
    const bool shapeOnly = readsOnlyInputShape(node);
    std::vector<HostTensor> storage(node.inputs.size());
    std::vector<const HostTensor*> inputs(node.inputs.size(), nullptr);
    std::vector<DataType> types(node.inputs.size(), DataType::Undefined);
    int64_t inputElements = 0;
    for (size_t i = 0; i < node.inputs.size(); ++i) {
        if (node.inputs[i] == kNone)
            continue;
        const Value& value = graph.value(node.inputs[i]);
        if (shapeOnly) {
            const std::optional<int64_t> count = value.shape.elementCount();
            if (!value.shape.isFullyKnown() || !count || *count > kShapeOnlyElements ||
                bitsOf(value.dtype) <= 0)
                return unsupported();
            storage[i] = HostTensor::uninitialized(value.dtype, value.shape.dims);
        } else {
            std::optional<HostTensor> constant = constantTensor(value);
            if (!constant)
                return unsupported();
            inputElements += constant->elementCount();
            storage[i] = std::move(*constant);
        }
        inputs[i] = &storage[i];
        types[i] = storage[i].dtype();
    }
    if (!kernel->supports(node, types))
        return unsupported();
    const int64_t limit = std::max(kSmallElements, inputElements);
    const TensorShape& outShape = graph.value(node.outputs[0]).shape;
    if (const std::optional<int64_t> count =
            outShape.isFullyKnown() ? outShape.elementCount() : std::nullopt) {
        if (*count > limit)
            return unsupported();
    } else if (!kBoundedOps.count(node.opType)) {
        return unsupported();
    }
    std::vector<HostTensor> outputs(node.outputs.size());
    KernelContext context{graph,   node, graph.opsetVersion(node.domain), std::move(inputs),
                          outputs, 1};
    if (Status s = kernel->run(context); !s) {
        ConstantEvaluation e;
        e.outcome = Outcome::Invalid;
        e.problem = s.error().message;
        return e;
    }
    if (!outputs[0].isValid() || outputs[0].elementCount() > limit)
        return unsupported();
    ConstantEvaluation e;
    e.outcome = Outcome::Folded;
    e.outputs.push_back(outputs[0].toTensor());
    return e;
}

} // namespace autosplit
