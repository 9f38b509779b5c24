#include "core/passes/mul_add_folding.h"

#include "core/passes/channel_affine_folding.h"
#include "core/passes/pass_helpers.h"

#include <cmath>
#include <optional>

namespace autosplit {

namespace {

// The rank of the layer's output, known from its weight: a conv's output has as many dims as
// its weight ([N, M, spatial...]), a Gemm's two. 0 when unknown.
size_t outputRank(const Graph& graph, const Node& layer) {
    if (isOp(layer, "Gemm"))
        return 2;
    const Tensor* w = graph.constantInput(layer, 1);
    return w ? w->dims.size() : 0;
}

// The constant's values when it holds one value or one per channel along the layer's channel
// axis (axis 1 of the output, right-aligned broadcasting), and nothing broadcasts the output
// to a larger shape.
std::optional<std::vector<double>> perChannelValues(const Graph& graph, const Node& layer,
                                                    const Tensor& c, std::string& why) {
    const size_t rank = outputRank(graph, layer);
    const size_t channels = outputChannels(graph, layer);
    if (rank < 2 || channels == 0) {
        why = describe(layer) + " has no floating-point constant weight";
        return std::nullopt;
    }
    if (c.dims.size() > rank) {
        why = "the constant " + TensorShape::of(c.dims).toString() +
              " has more dims than the output of " + describe(layer);
        return std::nullopt;
    }
    const size_t offset = rank - c.dims.size();
    for (size_t j = 0; j < c.dims.size(); ++j) {
        const bool channelAxis = j + offset == 1;
        const int64_t d = c.dims[j];
        if (d != 1 && !(channelAxis && static_cast<size_t>(d) == channels)) {
            why = "the constant " + TensorShape::of(c.dims).toString() +
                  " is not one value or one per output channel of " + describe(layer);
            return std::nullopt;
        }
    }
    auto values = realValues(&c);
    if (!values || values->empty()) {
        why = "the constant is not floating-point";
        return std::nullopt;
    }
    for (double v : *values)
        if (!std::isfinite(v)) {
            why = "the constant holds a value that is not finite";
            return std::nullopt;
        }
    return values;
}

} // namespace

Status MulAddFolding::run(Graph& graph, PassReport& report) {
    for (size_t n = 0; n < graph.nodeCount(); ++n) {
        const auto id = static_cast<NodeId>(n);
        if (graph.isRemoved(id))
            continue;
        const Node& op = graph.node(id);
        const bool mul = isOp(op, "Mul"), add = isOp(op, "Add"), sub = isOp(op, "Sub"),
                   div = isOp(op, "Div");
        if ((!mul && !add && !sub && !div) || op.inputs.size() != 2 || op.outputs.size() != 1 ||
            op.outputs[0] == kNone)
            continue;
        // slot of the constant; the other input is the layer's output
        size_t constSlot = 2;
        for (size_t s = 0; s < 2 && constSlot == 2; ++s)
            if (graph.constantInput(op, s) && !graph.constantInput(op, 1 - s))
                constSlot = s;
        if (constSlot == 2 || (div && constSlot == 0))
            continue;
        const NodeId layerId = affineFoldTarget(graph, id, op.inputs[1 - constSlot]);
        if (layerId == kNone)
            continue;
        const Node& layer = graph.node(layerId);
        std::string why;
        auto values = perChannelValues(graph, layer, *graph.constantInput(op, constSlot), why);
        ChannelAffine affine;
        if (values) {
            for (double c : *values) {
                if (mul) {
                    affine.scale.push_back(c);
                    affine.shift.push_back(0.0);
                } else if (add) {
                    affine.scale.push_back(1.0);
                    affine.shift.push_back(c);
                } else if (sub) { // x - c, or c - x
                    affine.scale.push_back(constSlot == 1 ? 1.0 : -1.0);
                    affine.shift.push_back(constSlot == 1 ? -c : c);
                } else if (c != 0.0) {
                    affine.scale.push_back(1.0 / c);
                    affine.shift.push_back(0.0);
                } else {
                    why = "it divides by zero";
                    break;
                }
            }
        }
        if (why.empty()) {
            const std::string change = "folded " + describe(op) + " into " + describe(layer);
            why = foldChannelAffine(graph, layerId, id, affine, "_affinefolded");
            if (why.empty()) {
                report.changes.push_back(change);
                report.modified = true;
                continue;
            }
        }
        report.notes.push_back("kept " + describe(graph.node(id)) + ": " + why);
    }
    return Status::success();
}

} // namespace autosplit
