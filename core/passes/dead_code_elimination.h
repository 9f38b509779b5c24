#pragma once

#include "core/passes/pass.h"

namespace autosplit {

// Removes nodes none of whose outputs is read by another node or is a graph output (whole dead
// chains, since it walks backwards). Nodes of non-ONNX domains stay: their effects are unknown.
class DeadCodeElimination final : public GraphPass {
public:
    std::string name() const override { return "dead-code-elimination"; }
    std::string description() const override { return "remove nodes whose results are never used"; }
    Status run(Graph& graph, PassReport& report) override;
};

} // namespace autosplit
