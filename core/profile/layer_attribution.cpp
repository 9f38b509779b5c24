#include "core/profile/layer_attribution.h"

#include <string>
#include <unordered_map>

namespace autosplit {

LayerAttribution attributeToLayers(const Graph& optimized, const Graph& derived) {
    std::unordered_map<std::string, int> byLayer, byTensor;
    for (NodeId id = 0; id < static_cast<NodeId>(optimized.nodeCount()); ++id)
        byLayer.emplace(optimized.node(id).name, static_cast<int>(id));
    for (const Value& v : optimized.values()) {
        if (v.producer != kNone)
            byTensor.emplace(v.name, static_cast<int>(v.producer));
        else if (!v.consumers.empty())
            byTensor.emplace(v.name, static_cast<int>(v.consumers.front()));
    }
    auto lookup = [&](const std::string& name) -> int {
        if (auto it = byLayer.find(name); it != byLayer.end())
            return it->second;
        if (auto it = byTensor.find(name); it != byTensor.end())
            return it->second;
        return -1;
    };

    LayerAttribution out;
    out.layerOf.assign(derived.nodeCount(), -1);
    for (size_t i = 0; i < derived.nodeCount(); ++i) {
        std::string name = derived.node(static_cast<NodeId>(i)).name;
        int layer = lookup(name);
        // "<tensor>/Clip", "<layer>/Relu"; tensor names may hold '/' themselves
        while (layer < 0) {
            const auto slash = name.rfind('/');
            if (slash == std::string::npos || slash == 0)
                break;
            name.resize(slash);
            layer = lookup(name);
        }
        out.layerOf[i] = layer;
    }
    for (size_t i = 0; i < out.layerOf.size(); ++i) {
        if (out.layerOf[i] >= 0)
            continue;
        ++out.unmatched;
        if (i > 0) {
            out.layerOf[i] = out.layerOf[i - 1];
            continue;
        }
        for (size_t j = 1; j < out.layerOf.size(); ++j)
            if (out.layerOf[j] >= 0) {
                out.layerOf[i] = out.layerOf[j];
                break;
            }
        if (out.layerOf[i] < 0)
            out.layerOf[i] = 0;
    }
    return out;
}

} // namespace autosplit
