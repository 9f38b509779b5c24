#include "core/passes/activation_fusion.h"

#include "core/graph/tensor_elements.h"
#include "core/passes/pass_helpers.h"

#include <cmath>
#include <limits>
#include <optional>

namespace autosplit {

namespace {

bool takesActivation(const Node& node) {
    for (const char* op : {"Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "BatchNormalization"})
        if (isOp(node, op))
            return true;
    return false;
}

// A Clip bound: before opset 11 an attribute, from 11 an optional constant scalar input.
// nullopt when the bound is given but is not a constant scalar.
std::optional<float> clipBound(const Graph& graph, const Node& clip, size_t slot, const char* attr,
                               float fallback) {
    if (graph.opsetVersion() < 11)
        return clip.attrFloat(attr, fallback);
    if (slot >= clip.inputs.size() || clip.inputs[slot] == kNone)
        return fallback;
    const Tensor* t = graph.constantInput(clip, slot);
    if (!t)
        return std::nullopt;
    auto e = readElements(*t);
    if (!e || e->size() != 1)
        return std::nullopt;
    return static_cast<float>(e->asReal(0));
}

// The activation `node` computes on its first input, if it is one a layer can carry.
std::optional<FusedActivation> activationOf(const Graph& graph, const Node& node) {
    using Kind = FusedActivation::Kind;
    FusedActivation act;
    if (!node.domain.empty() || node.outputs.size() != 1 || node.inputs.empty())
        return std::nullopt;
    const std::string& op = node.opType;
    if (op == "Relu") {
        act.kind = Kind::Relu;
    } else if (op == "Sigmoid") {
        act.kind = Kind::Sigmoid;
    } else if (op == "HardSwish") {
        act.kind = Kind::HardSwish;
    } else if (op == "LeakyRelu") {
        act.kind = Kind::LeakyRelu;
        act.alpha = node.attrFloat("alpha", 0.01f);
    } else if (op == "HardSigmoid") {
        act.kind = Kind::HardSigmoid;
        act.alpha = node.attrFloat("alpha", 0.2f);
        act.beta = node.attrFloat("beta", 0.5f);
    } else if (op == "Clip") {
        const auto lo = clipBound(graph, node, 1, "min", std::numeric_limits<float>::lowest());
        const auto hi = clipBound(graph, node, 2, "max", std::numeric_limits<float>::max());
        // min > max (or NaN) has no clamp meaning a layer could carry; leave such a Clip alone
        if (!lo || !hi || !(*lo <= *hi))
            return std::nullopt;
        act.kind = Kind::Clip;
        act.alpha = *lo;
        act.beta = *hi;
    } else {
        return std::nullopt;
    }
    return act;
}

// x * gate(x) where gate is Sigmoid (Swish) or HardSigmoid(1/6, 1/2) (HardSwish written out, as
// exporters do before opset 14).
struct GatedPattern {
    NodeId gate = kNone;
    NodeId mul = kNone;
    FusedActivation act;
};

std::optional<GatedPattern> gatedPattern(const Graph& graph, ValueId x) {
    const Value& v = graph.value(x);
    if (v.isGraphOutput || v.consumers.size() != 2)
        return std::nullopt;
    for (int first = 0; first < 2; ++first) {
        const NodeId gateId = v.consumers[static_cast<size_t>(first)];
        const NodeId mulId = v.consumers[static_cast<size_t>(1 - first)];
        const Node& gate = graph.node(gateId);
        const Node& mul = graph.node(mulId);
        if (!isOp(mul, "Mul") || mul.inputs.size() != 2 || gate.inputs.empty() ||
            gate.inputs[0] != x || gate.outputs.size() != 1 || gate.outputs[0] == kNone)
            continue;
        FusedActivation act;
        if (isOp(gate, "Sigmoid")) {
            act.kind = FusedActivation::Kind::Swish;
        } else if (isOp(gate, "HardSigmoid") &&
                   std::fabs(gate.attrFloat("alpha", 0.2f) - 1.f / 6.f) < 1e-6f &&
                   gate.attrFloat("beta", 0.5f) == 0.5f) {
            act.kind = FusedActivation::Kind::HardSwish;
        } else {
            continue;
        }
        const ValueId g = gate.outputs[0];
        const bool operands = (mul.inputs[0] == x && mul.inputs[1] == g) ||
                              (mul.inputs[0] == g && mul.inputs[1] == x);
        if (!operands || graph.soleConsumer(g) != mulId)
            continue;
        return GatedPattern{gateId, mulId, act};
    }
    return std::nullopt;
}

// A constant scalar input of `node` (any slot), or nullopt.
std::optional<double> scalarInput(const Graph& graph, const Node& node, size_t slot) {
    const Tensor* t = graph.constantInput(node, slot);
    if (!t)
        return std::nullopt;
    auto e = readElements(*t);
    if (!e || e->size() != 1)
        return std::nullopt;
    return e->asReal(0);
}

bool near(double a, double b) {
    return std::fabs(a - b) < 1e-5;
}

// HardSwish written out with primitives, as PaddlePaddle's exporter (and PyTorch before 1.6) do:
// x * Clip(x + 3, 0, 6) / 6, with the scaling either after the product or on the gate, and the
// division possibly written as a multiplication by 1/6.
struct ExplicitHardSwish {
    std::vector<NodeId> inner; // removed
    NodeId last = kNone;       // absorbed: its output becomes the layer's output
};

std::optional<ExplicitHardSwish> explicitHardSwish(const Graph& graph, ValueId x) {
    const Value& v = graph.value(x);
    if (v.isGraphOutput || v.consumers.size() != 2)
        return std::nullopt;
    // "/ 6" or "* (1/6)" applied to `value` by its sole consumer
    auto scaleBySixth = [&](ValueId value) -> NodeId {
        const NodeId id = graph.soleConsumer(value);
        if (id == kNone)
            return kNone;
        const Node& n = graph.node(id);
        if (n.inputs.size() != 2 || n.outputs.size() != 1)
            return kNone;
        if (isOp(n, "Div") && n.inputs[0] == value &&
            near(scalarInput(graph, n, 1).value_or(0), 6.0))
            return id;
        if (isOp(n, "Mul")) {
            const size_t other = n.inputs[0] == value ? 1 : 0;
            if (near(scalarInput(graph, n, other).value_or(0), 1.0 / 6.0))
                return id;
        }
        return kNone;
    };
    for (int first = 0; first < 2; ++first) {
        const NodeId addId = v.consumers[static_cast<size_t>(first)];
        const NodeId mulId = v.consumers[static_cast<size_t>(1 - first)];
        const Node& add = graph.node(addId);
        const Node& mul = graph.node(mulId);
        if (!isOp(add, "Add") || add.inputs.size() != 2 || add.outputs.size() != 1 ||
            !isOp(mul, "Mul") || mul.inputs.size() != 2 || mul.outputs.size() != 1)
            continue;
        const size_t addConst = add.inputs[0] == x ? 1 : 0;
        if (!near(scalarInput(graph, add, addConst).value_or(0), 3.0))
            continue;
        const NodeId clipId = graph.soleConsumer(add.outputs[0]);
        if (clipId == kNone || !isOp(graph.node(clipId), "Clip"))
            continue;
        const auto clip = activationOf(graph, graph.node(clipId));
        if (!clip || !near(clip->alpha, 0.0) || !near(clip->beta, 6.0) ||
            graph.node(clipId).inputs[0] != add.outputs[0])
            continue;
        const ValueId gate = graph.node(clipId).outputs[0];
        // x * clip / 6
        if ((mul.inputs[0] == x && mul.inputs[1] == gate) ||
            (mul.inputs[1] == x && mul.inputs[0] == gate)) {
            if (graph.soleConsumer(gate) != mulId)
                continue;
            if (const NodeId scale = scaleBySixth(mul.outputs[0]); scale != kNone)
                return ExplicitHardSwish{{addId, clipId, mulId}, scale};
            continue;
        }
        // x * (clip / 6)
        const NodeId scale = scaleBySixth(gate);
        if (scale == kNone)
            continue;
        const ValueId scaled = graph.node(scale).outputs[0];
        if (((mul.inputs[0] == x && mul.inputs[1] == scaled) ||
             (mul.inputs[1] == x && mul.inputs[0] == scaled)) &&
            graph.soleConsumer(scaled) == mulId)
            return ExplicitHardSwish{{addId, clipId, scale}, mulId};
    }
    return std::nullopt;
}

// After an activation is fused into a layer: a chain of Mul, Add, Sub or Div by constant scalars
// that only reads the layer's output (PP-LCNetV3's learnable affine block after each HardSwish)
// becomes the activation's output affine map, so the layer's boundary falls after it.
void absorbOutputAffine(Graph& graph, NodeId layerId, PassReport& report) {
    for (;;) {
        const NodeId opId = soleConsumerOfFirstOutput(graph, layerId);
        if (opId == kNone)
            return;
        const Node& op = graph.node(opId);
        const bool mul = isOp(op, "Mul"), add = isOp(op, "Add"), sub = isOp(op, "Sub"),
                   div = isOp(op, "Div");
        if ((!mul && !add && !sub && !div) || op.inputs.size() != 2 || op.outputs.size() != 1 ||
            op.outputs[0] == kNone)
            return;
        const ValueId x = graph.node(layerId).outputs[0];
        const size_t constSlot = op.inputs[0] == x ? 1 : 0;
        if (op.inputs[1 - constSlot] != x || op.inputs[constSlot] == x)
            return;
        const Tensor* t = graph.constantInput(op, constSlot);
        const TensorShape& xShape = graph.value(x).shape;
        // a scalar that cannot raise the rank: [] or [1], or no more dims than x has
        if (!t || !isFloatingPoint(t->dtype) ||
            !(t->dims.size() <= 1 || (xShape.rankKnown && t->dims.size() <= xShape.dims.size())))
            return;
        const auto c = scalarInput(graph, op, constSlot);
        if (!c || !std::isfinite(*c))
            return;
        const FusedActivation& act = graph.node(layerId).activation;
        double scale = act.outScale, shift = act.outShift;
        if (mul) {
            scale *= *c;
            shift *= *c;
        } else if (add) {
            shift += *c;
        } else if (sub && constSlot == 1) {
            shift -= *c;
        } else if (sub) { // c - y
            scale = -scale;
            shift = *c - shift;
        } else if (constSlot == 1 && *c != 0.0) {
            scale /= *c;
            shift /= *c;
        } else {
            return;
        }
        report.changes.push_back("fused " + describe(op) + " into " +
                                 describe(graph.node(layerId)) + " as an output affine map");
        const std::string opName = op.name;
        absorbSuccessor(graph, layerId, opId);
        Node& fused = graph.node(layerId);
        fused.activation.outScale = static_cast<float>(scale);
        fused.activation.outShift = static_cast<float>(shift);
        fused.folded.push_back(opName);
    }
}

} // namespace

Status ActivationFusion::run(Graph& graph, PassReport& report) {
    for (size_t n = 0; n < graph.nodeCount(); ++n) {
        const auto layerId = static_cast<NodeId>(n);
        if (graph.isRemoved(layerId))
            continue;
        const Node& layer = graph.node(layerId);
        if (!takesActivation(layer) || !layer.activation.isNone() || layer.outputs.empty() ||
            layer.outputs[0] == kNone || hasExtraOutputsInUse(graph, layer))
            continue;
        const ValueId x = layer.outputs[0];

        if (const NodeId actId = soleConsumerOfFirstOutput(graph, layerId); actId != kNone) {
            const Node& actNode = graph.node(actId);
            // x must be the activation's data input only (not also a Clip bound)
            bool dataOnly = actNode.inputs[0] == x;
            for (size_t i = 1; i < actNode.inputs.size(); ++i)
                dataOnly = dataOnly && actNode.inputs[i] != x;
            const auto act = dataOnly ? activationOf(graph, actNode) : std::nullopt;
            if (!act)
                continue;
            report.changes.push_back("fused " + describe(actNode) + " into " + describe(layer));
            const std::string actName = actNode.name;
            absorbSuccessor(graph, layerId, actId);
            Node& fused = graph.node(layerId);
            fused.activation = *act;
            fused.folded.push_back(actName);
            report.modified = true;
            absorbOutputAffine(graph, layerId, report);
            continue;
        }

        if (const auto pattern = explicitHardSwish(graph, x)) {
            std::string names;
            for (NodeId id : pattern->inner)
                names += describe(graph.node(id)) + ", ";
            report.changes.push_back("fused " + names + describe(graph.node(pattern->last)) +
                                     " (x * Clip(x + 3, 0, 6) / 6) into " + describe(layer) +
                                     " as HardSwish");
            Node& fusedBefore = graph.node(layerId);
            for (NodeId id : pattern->inner) {
                fusedBefore.folded.push_back(graph.node(id).name);
                graph.removeNode(id);
            }
            const std::string lastName = graph.node(pattern->last).name;
            absorbSuccessor(graph, layerId, pattern->last);
            Node& fused = graph.node(layerId);
            fused.activation.kind = FusedActivation::Kind::HardSwish;
            fused.folded.push_back(lastName);
            report.modified = true;
            absorbOutputAffine(graph, layerId, report);
            continue;
        }

        if (const auto pattern = gatedPattern(graph, x)) {
            const Node& gate = graph.node(pattern->gate);
            const Node& mul = graph.node(pattern->mul);
            report.changes.push_back("fused " + describe(gate) + " and " + describe(mul) +
                                     " (x * " + gate.opType + "(x)) into " + describe(layer) +
                                     " as " + pattern->act.name());
            const std::string gateName = gate.name, mulName = mul.name;
            graph.removeNode(pattern->gate);
            absorbSuccessor(graph, layerId, pattern->mul);
            Node& fused = graph.node(layerId);
            fused.activation = pattern->act;
            fused.folded.push_back(gateName);
            fused.folded.push_back(mulName);
            report.modified = true;
            absorbOutputAffine(graph, layerId, report);
        }
    }
    return Status::success();
}

} // namespace autosplit
