#include "core/graph/live_values.h"

#include <algorithm>

namespace autosplit {

std::vector<ValueId> liveValuesAt(const Graph& graph, NodeId cut) {
    std::vector<ValueId> live;
    for (size_t i = 0; i < graph.values().size(); ++i) {
        const Value& v = graph.values()[i];
        if (v.isConstant())
            continue;
        const bool before = v.producer == kNone ? v.isGraphInput : v.producer < cut;
        if (!before)
            continue;
        if (v.isGraphOutput ||
            std::any_of(v.consumers.begin(), v.consumers.end(), [&](NodeId c) { return c >= cut; }))
            live.push_back(static_cast<ValueId>(i));
    }
    return live;
}

} // namespace autosplit
