#pragma once

// Shared by the cost suites: a model built in code, imported, optionally optimized and analyzed,
// and the latency model of the presets on it.

#include "core/analysis/split_analysis.h"
#include "core/cost/analytical_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/cost/profile_validation.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "tests/support/model_builder.h"

#include <memory>

namespace autosplit::testing {

struct AnalyzedModel {
    Graph graph;
    SplitAnalysis analysis;
};

inline Result<AnalyzedModel> analyzeModel(const onnx::ModelProto& model, bool optimize = false) {
    auto imported = importOnnxBytes(model.SerializeAsString(), "test-model", {});
    if (!imported)
        return imported.error();
    AnalyzedModel out{std::move(imported->graph), {}};
    if (optimize) {
        auto reports = optimizeGraph(out.graph, defaultPassNames());
        if (!reports)
            return reports.error();
    }
    auto analysis = analyzeSplits(out.graph);
    if (!analysis)
        return analysis.error();
    out.analysis = std::move(analysis).value();
    return out;
}

inline DeviceParams presetParams(const std::string& name) {
    return deviceParams(loadDevicePreset(name).value(), name).value();
}

inline Result<std::unique_ptr<AnalyticalLatencyModel>>
presetModel(const AnalyzedModel& m, const std::string& edge = "eyeriss",
            const std::string& cloud = "tpu") {
    return AnalyticalLatencyModel::create(m.graph, m.analysis, presetParams(edge),
                                          presetParams(cloud));
}

} // namespace autosplit::testing

#define ANALYZE_OR_FAIL(var, model, ...)                                                           \
    auto var##Result = ::autosplit::testing::analyzeModel((model), ##__VA_ARGS__);                 \
    QVERIFY2(var##Result.ok(), var##Result.ok() ? "" : var##Result.error().message.c_str());       \
    const ::autosplit::testing::AnalyzedModel& var = var##Result.value()

#define MODEL_OR_FAIL(var, analyzed, ...)                                                          \
    auto var##Result = ::autosplit::testing::presetModel((analyzed), ##__VA_ARGS__);               \
    QVERIFY2(var##Result.ok(), var##Result.ok() ? "" : var##Result.error().message.c_str());       \
    const ::autosplit::AnalyticalLatencyModel& var = *var##Result.value()
