#include "core/analysis/li_rule.h"

#include <string>

namespace autosplit {

namespace {

constexpr int kNoLabel = -1;

std::string layerText(const std::vector<LayerInfo>& layers, int layer) {
    const LayerInfo& info = layers[static_cast<size_t>(layer - 1)];
    return "layer " + std::to_string(layer) + " '" + info.name + "' (" + info.opType + ")";
}

std::string tensorList(const Graph& graph, const std::vector<ValueId>& ids) {
    constexpr size_t kShown = 3;
    std::string text;
    for (size_t i = 0; i < ids.size() && i < kShown; ++i)
        text += (i ? ", '" : "'") + graph.value(ids[i]).name + "'";
    if (ids.size() > kShown)
        text += ", ... " + std::to_string(ids.size() - kShown) + " more";
    return text;
}

// Finds, for one cut, the first cloud layer whose inputs descend from two different crossing
// tensors. Labels are stamped with the cut so the buffers are reused without clearing.
class MergeFinder {
public:
    explicit MergeFinder(const Graph& graph)
        : m_graph(graph), m_nodeStamp(graph.nodeCount(), -1),
          m_nodeLabel(graph.nodeCount(), kNoLabel), m_valueStamp(graph.values().size(), -1),
          m_valueLabel(graph.values().size(), kNoLabel) {}

    // 1-based layer of the merge, or 0 when the crossing tensors never meet again.
    int find(int n, const std::vector<ValueId>& crossing) {
        for (size_t k = 0; k < crossing.size(); ++k) {
            m_valueStamp[static_cast<size_t>(crossing[k])] = n;
            m_valueLabel[static_cast<size_t>(crossing[k])] = static_cast<int>(k);
        }
        const auto count = static_cast<NodeId>(m_graph.nodeCount());
        for (NodeId j = n; j < count; ++j) {
            int label = kNoLabel;
            for (ValueId in : m_graph.node(j).inputs) {
                const int l = labelOf(n, in);
                if (l == kNoLabel)
                    continue;
                if (label == kNoLabel)
                    label = l;
                else if (label != l)
                    return j + 1;
            }
            m_nodeStamp[static_cast<size_t>(j)] = n;
            m_nodeLabel[static_cast<size_t>(j)] = label;
        }
        return 0;
    }

private:
    int labelOf(int n, ValueId v) const {
        if (v == kNone)
            return kNoLabel;
        if (m_valueStamp[static_cast<size_t>(v)] == n)
            return m_valueLabel[static_cast<size_t>(v)];
        const NodeId p = m_graph.value(v).producer;
        // producers at or before the cut that do not cross hold no label (constants, edge-only)
        if (p == kNone || p < n || m_nodeStamp[static_cast<size_t>(p)] != n)
            return kNoLabel;
        return m_nodeLabel[static_cast<size_t>(p)];
    }

    const Graph& m_graph;
    std::vector<int> m_nodeStamp;
    std::vector<int> m_nodeLabel;
    std::vector<int> m_valueStamp;
    std::vector<int> m_valueLabel;
};

} // namespace

Status classifyLiRule(const Graph& graph, const std::vector<LayerInfo>& layers,
                      std::vector<CutInfo>& cuts, const CancellationToken& cancel) {
    const int layerCount = static_cast<int>(layers.size());
    if (cuts.empty())
        return Status::success();
    cuts[0].li = LiRule::Boundary;
    cuts[0].liReason = "cut 0: the raw input goes to the cloud (Cloud-Only reference)";

    MergeFinder merges(graph);
    int lastParametric = 0; // 1-based, 0 = none yet
    for (int n = 1; n <= layerCount; ++n) {
        if ((n & 255) == 0 && cancel.isCancelled())
            return Error{"analysis cancelled", ErrorKind::Cancelled};
        CutInfo& cut = cuts[static_cast<size_t>(n)];
        if (layers[static_cast<size_t>(n - 1)].parametric)
            lastParametric = n;
        const size_t crossingCount = cut.crossing.size();

        if (n == layerCount) {
            cut.li = LiRule::Candidate;
            cut.liReason = "all layers on the edge (Edge-Only); " +
                           (crossingCount == 0
                                ? std::string("the graph outputs stay on the edge")
                                : std::to_string(crossingCount) +
                                      " graph output(s) sent: " + tensorList(graph, cut.crossing));
            continue;
        }
        if (crossingCount > 1) {
            const int merge = merges.find(n, cut.crossing);
            const std::string crossText = std::to_string(crossingCount) + " tensors cross (" +
                                          tensorList(graph, cut.crossing) + ")";
            if (merge == 0) {
                cut.li = LiRule::InsideBranch;
                cut.liReason = crossText + "; live branches that are not merged again";
                continue;
            }
            const std::string& op = layers[static_cast<size_t>(merge - 1)].opType;
            if (op == "Add" || op == "Sum") {
                cut.li = LiRule::AcrossShortcut;
                cut.liReason = crossText + "; a shortcut merged by " + layerText(layers, merge);
            } else {
                cut.li = LiRule::InsideBranch;
                cut.liReason =
                    crossText + "; brother branches merged by " + layerText(layers, merge);
            }
            continue;
        }
        const LayerInfo& next = layers[static_cast<size_t>(n)];
        if (!next.parametric) {
            cut.li = LiRule::NonParametric;
            cut.liReason = lastParametric == 0
                               ? "no parametric layer among layers 1.." + std::to_string(n) +
                                     ": they are merged into the first group"
                               : layerText(layers, n) + " is merged into parametric " +
                                     layerText(layers, lastParametric) + "; the next, " +
                                     layerText(layers, n + 1) + ", is not parametric";
            continue;
        }
        if (lastParametric == 0) {
            cut.li = LiRule::NonParametric;
            cut.liReason = "no parametric layer among layers 1.." + std::to_string(n) +
                           ": they are merged into the first group";
            continue;
        }
        cut.li = LiRule::Candidate;
        cut.liReason =
            (crossingCount == 0 ? std::string("no tensor crosses")
                                : "one tensor crosses (" + tensorList(graph, cut.crossing) + ")") +
            "; the group ends before parametric " + layerText(layers, n + 1);
    }
    return Status::success();
}

} // namespace autosplit
