#include "widgets/graph/raw_graph_mapping.h"

#include <string_view>
#include <unordered_map>

namespace autosplit {

RawGraphMapping mapRawGraph(const Graph& raw, const Graph& optimized) {
    // Node names are unique in practice but ONNX does not require it: the first one wins.
    std::unordered_map<std::string_view, int> layerByName;
    for (size_t i = 0; i < optimized.nodeCount(); ++i) {
        const Node& node = optimized.nodes()[i];
        const int layer = static_cast<int>(i) + 1;
        layerByName.emplace(node.name, layer);
        for (const std::string& folded : node.folded)
            layerByName.emplace(folded, layer);
    }

    RawGraphMapping mapping;
    mapping.optimizedValue.resize(raw.values().size(), kNone);
    for (size_t v = 0; v < raw.values().size(); ++v)
        mapping.optimizedValue[v] = optimized.findValue(raw.values()[v].name);

    mapping.layerOfNode.resize(raw.nodeCount(), 0);
    for (size_t i = 0; i < raw.nodeCount(); ++i) {
        const Node& node = raw.nodes()[i];
        if (auto it = layerByName.find(node.name); it != layerByName.end()) {
            mapping.layerOfNode[i] = it->second;
            continue;
        }
        for (ValueId out : node.outputs) {
            if (out == kNone)
                continue;
            const ValueId same = mapping.optimizedValue[static_cast<size_t>(out)];
            if (same != kNone && optimized.value(same).producer != kNone) {
                mapping.layerOfNode[i] = optimized.value(same).producer + 1;
                break;
            }
        }
    }
    return mapping;
}

} // namespace autosplit
