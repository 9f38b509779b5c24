#pragma once

#include "core/passes/pass.h"

namespace autosplit {

// Folds a zero-valued constant-mode Pad of the spatial axes into the Conv that is its only
// consumer, by adding the pads to the Conv's own pads (explicit padding only: auto_pad NOTSET).
class PadFolding final : public GraphPass {
public:
    std::string name() const override { return "pad-folding"; }
    std::string description() const override {
        return "fold zero Pad nodes into the following Conv";
    }
    Status run(Graph& graph, PassReport& report) override;
};

} // namespace autosplit
