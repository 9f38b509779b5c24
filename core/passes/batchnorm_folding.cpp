#include "core/passes/batchnorm_folding.h"

#include "core/graph/tensor_elements.h"
#include "core/passes/channel_affine_folding.h"
#include "core/passes/pass_helpers.h"

#include <cmath>
#include <optional>

namespace autosplit {

namespace {

// The BN's affine map, or a reason it cannot be folded.
std::optional<ChannelAffine> bnAffine(const Graph& graph, const Node& bn, std::string& why) {
    auto gamma = realValues(graph.constantInput(bn, 1));
    auto beta = realValues(graph.constantInput(bn, 2));
    auto mean = realValues(graph.constantInput(bn, 3));
    auto var = realValues(graph.constantInput(bn, 4));
    if (!gamma || !beta || !mean || !var) {
        why = "its scale, bias, mean and variance are not all floating-point constants";
        return std::nullopt;
    }
    const size_t c = gamma->size();
    if (beta->size() != c || mean->size() != c || var->size() != c) {
        why = "its scale, bias, mean and variance differ in length";
        return std::nullopt;
    }
    const double eps = bn.attrFloat("epsilon", 1e-5f);
    ChannelAffine a;
    a.scale.resize(c);
    a.shift.resize(c);
    for (size_t i = 0; i < c; ++i) {
        a.scale[i] = (*gamma)[i] / std::sqrt((*var)[i] + eps);
        a.shift[i] = (*beta)[i] - (*mean)[i] * a.scale[i];
    }
    return a;
}

class Folder {
public:
    Folder(Graph& graph, PassReport& report) : m_graph(graph), m_report(report) {}

    void tryFold(NodeId bnId) {
        const Node& bn = m_graph.node(bnId);
        if (bn.inputs.size() < 5 || bn.inputs[0] == kNone || bn.outputs.empty() ||
            bn.outputs[0] == kNone)
            return;
        const NodeId layerId = affineFoldTarget(m_graph, bnId, bn.inputs[0]);
        if (layerId == kNone)
            return;
        // From here on the BN follows a foldable layer: say why when it cannot be folded.
        const int64_t opset = m_graph.opsetVersion();
        if (hasExtraOutputsInUse(m_graph, bn))
            return keep(bn, "its running mean/variance outputs are used (training mode)");
        if (opset >= 14 && bn.attrInt("training_mode", 0) != 0)
            return keep(bn, "training_mode is set");
        if (opset < 9 && bn.attrInt("spatial", 1) != 1)
            return keep(bn, "spatial=0 normalizes per element, not per channel");
        std::string why;
        auto affine = bnAffine(m_graph, bn, why);
        if (!affine)
            return keep(bn, why);
        const std::string change =
            "folded " + describe(bn) + " into " + describe(m_graph.node(layerId));
        why = foldChannelAffine(m_graph, layerId, bnId, *affine, "_bnfolded");
        if (!why.empty())
            return keep(bn, why);
        m_report.changes.push_back(change);
        m_report.modified = true;
    }

private:
    void keep(const Node& bn, const std::string& why) {
        m_report.notes.push_back("kept " + describe(bn) + ": " + why);
    }

    Graph& m_graph;
    PassReport& m_report;
};

} // namespace

Status BatchNormFolding::run(Graph& graph, PassReport& report) {
    Folder folder(graph, report);
    for (size_t n = 0; n < graph.nodeCount(); ++n) {
        const auto id = static_cast<NodeId>(n);
        if (!graph.isRemoved(id) && isOp(graph.node(id), "BatchNormalization"))
            folder.tryFold(id);
    }
    return Status::success();
}

} // namespace autosplit
