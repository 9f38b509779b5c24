#pragma once

#include "core/passes/pass.h"

namespace autosplit {

// Removes Identity and inference-time Dropout: their output is their input.
class IdentityElimination final : public GraphPass {
public:
    std::string name() const override { return "identity-elimination"; }
    std::string description() const override { return "remove Identity and Dropout nodes"; }
    Status run(Graph& graph, PassReport& report) override;
};

} // namespace autosplit
