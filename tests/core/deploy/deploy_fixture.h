#pragma once

// Shared by the deploy suite and the export benchmark: a split of a test model cut into its two
// ONNX parts with the manifest the runtimes read (describeSplit, as the exporter fills it; where
// it came from and the predictions do not change what is served).

#include "tests/core/bundle/bundle_fixture.h"

#include "core/bundle/bundle_manifest.pb.h"
#include "core/bundle/bundle_writer.h"
#include "core/bundle/split_manifest.h"

#include <filesystem>
#include <string>

namespace autosplit::testing {

inline bundle::Manifest manifestOf(const Graph& graph, const SplitPlan& plan,
                                   const std::string& modelFile) {
    bundle::Manifest m;
    m.set_created_by("autosplit tests");
    m.mutable_source()->set_file_name(modelFile);
    m.mutable_source()->set_layers(static_cast<int32_t>(graph.nodeCount()));
    m.set_method("auto-split");
    describeSplit(graph, plan, m);
    return m;
}

struct WrittenBundle {
    SplitPlan plan;
    int64_t edgeBytes = 0;
    int64_t cloudBytes = 0;
};

// Plan, both parts as checked ONNX models, and the bundle written to `dir` (replacing one there):
// the whole export of one solution.
inline Result<WrittenBundle> exportSplit(const Graph& graph, const CalibrationResult& calibration,
                                         const SplitRequest& request,
                                         const std::filesystem::path& dir,
                                         const std::string& modelFile) {
    auto plan = makeSplitPlan(graph, calibration, request);
    if (!plan)
        return plan.error();
    auto edge = edgeGraph(graph, *plan, request.weightRange);
    if (!edge)
        return edge.error();
    auto cloud = cloudGraph(graph, *plan);
    if (!cloud)
        return cloud.error();
    auto edgeModel = checkedModel(*edge, kEdgeModelFile);
    if (!edgeModel)
        return edgeModel.error();
    auto cloudModel = checkedModel(*cloud, kCloudModelFile);
    if (!cloudModel)
        return cloudModel.error();
    BundleWriteOptions options;
    options.replace = true;
    if (auto s =
            writeBundle(dir, manifestOf(graph, *plan, modelFile), *edgeModel, *cloudModel, options);
        !s)
        return s.error();
    WrittenBundle w;
    w.plan = std::move(plan).value();
    w.edgeBytes = static_cast<int64_t>(edgeModel->ByteSizeLong());
    w.cloudBytes = static_cast<int64_t>(cloudModel->ByteSizeLong());
    return w;
}

} // namespace autosplit::testing
