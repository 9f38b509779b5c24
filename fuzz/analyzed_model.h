#pragma once

// A small residual CNN, imported, optimized and analyzed once per fuzzing process: what the
// readers that need a model (measured latencies, device profiles) are checked against.

#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "tests/support/model_builder.h"

#include <cstdlib>
#include <memory>

namespace autosplit::fuzz {

struct AnalyzedModel {
    Graph graph;
    SplitAnalysis analysis;
};

inline const AnalyzedModel& analyzedModel() {
    static const std::unique_ptr<AnalyzedModel> model = [] {
        auto imported =
            importOnnxBytes(testing::buildResidualBlock().SerializeAsString(), "residual", {});
        if (!imported)
            std::abort();
        auto m = std::make_unique<AnalyzedModel>();
        m->graph = std::move(imported->graph);
        if (!optimizeGraph(m->graph, defaultPassNames()))
            std::abort();
        auto analysis = analyzeSplits(m->graph);
        if (!analysis)
            std::abort();
        m->analysis = std::move(analysis).value();
        return m;
    }();
    return *model;
}

} // namespace autosplit::fuzz
