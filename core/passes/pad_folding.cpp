#include "core/passes/pad_folding.h"

#include "core/graph/tensor_elements.h"
#include "core/passes/pass_helpers.h"

#include <optional>

namespace autosplit {

namespace {

std::string listText(const std::vector<int64_t>& v) {
    std::string text = "[";
    for (size_t i = 0; i < v.size(); ++i)
        text += (i ? ", " : "") + std::to_string(v[i]);
    return text + "]";
}

// The Pad's pads ([x1_begin, x2_begin, ..., x1_end, x2_end, ...]) when it pads with zeros in
// constant mode; nullopt when it does anything a Conv's zero padding cannot express.
std::optional<std::vector<int64_t>> zeroPads(const Graph& graph, const Node& pad) {
    if (pad.attrString("mode", "constant") != "constant")
        return std::nullopt;
    const int64_t opset = graph.opsetVersion();
    if (opset >= 11) {
        // pads, constant_value and (opset 18) axes are inputs; pads may have been folded.
        if (pad.inputs.size() > 3 && pad.inputs[3] != kNone)
            return std::nullopt;
        if (pad.inputs.size() > 2 && pad.inputs[2] != kNone) {
            const Tensor* value = graph.constantInput(pad, 2);
            if (!value)
                return std::nullopt;
            auto e = readElements(*value);
            if (!e || e->size() != 1 || e->asReal(0) != 0.0)
                return std::nullopt;
        }
        const Tensor* pads = graph.constantInput(pad, 1);
        if (!pads)
            return std::nullopt;
        return pads->toInt64s();
    }
    // Before opset 11 both are attributes; opset 1 calls the pads "paddings".
    if (pad.attrFloat("value", 0.f) != 0.f)
        return std::nullopt;
    return pad.attribute("pads") ? pad.attrInts("pads") : pad.attrInts("paddings");
}

} // namespace

Status PadFolding::run(Graph& graph, PassReport& report) {
    for (size_t n = 0; n < graph.nodeCount(); ++n) {
        const auto padId = static_cast<NodeId>(n);
        if (graph.isRemoved(padId) || !isOp(graph.node(padId), "Pad"))
            continue;
        const Node& pad = graph.node(padId);
        if (pad.inputs.empty() || pad.inputs[0] == kNone)
            continue;
        const NodeId convId = soleConsumerOfFirstOutput(graph, padId);
        if (convId == kNone || !isOp(graph.node(convId), "Conv"))
            continue;
        Node& conv = graph.node(convId);
        // the padded tensor must be the Conv's data input, not its weight or bias
        bool dataOnly = !conv.inputs.empty() && conv.inputs[0] == pad.outputs[0];
        for (size_t i = 1; i < conv.inputs.size(); ++i)
            dataOnly = dataOnly && conv.inputs[i] != pad.outputs[0];
        if (!dataOnly || conv.attrString("auto_pad", "NOTSET") != "NOTSET")
            continue;
        const auto pads = zeroPads(graph, pad);
        if (!pads || pads->size() % 2 != 0 || pads->size() < 6)
            continue;
        const size_t rank = pads->size() / 2;
        const size_t spatial = rank - 2;
        bool foldable =
            (*pads)[0] == 0 && (*pads)[1] == 0 && (*pads)[rank] == 0 && (*pads)[rank + 1] == 0;
        for (int64_t p : *pads)
            foldable = foldable && p >= 0;
        std::vector<int64_t> convPads = conv.attrInts("pads");
        if (convPads.empty())
            convPads.assign(2 * spatial, 0);
        if (!foldable || convPads.size() != 2 * spatial)
            continue;
        for (size_t i = 0; i < spatial; ++i) {
            convPads[i] += (*pads)[2 + i];
            convPads[spatial + i] += (*pads)[rank + 2 + i];
        }
        report.changes.push_back("folded " + describe(pad) + " into " + describe(conv) + " (pads " +
                                 listText(convPads) + ")");
        const ValueId input = pad.inputs[0];
        conv.folded.push_back(pad.name);
        conv.attributes["pads"] = Attribute::ofInts(convPads);
        conv.inputs[0] = input;
        graph.removeNode(padId);
        graph.value(input).consumers.push_back(convId); // finalize() restores the order
        report.modified = true;
    }
    return Status::success();
}

} // namespace autosplit
