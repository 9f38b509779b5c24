#pragma once

// Shared by the deploy suite and the export benchmark: a split of a test model cut into its two
// ONNX parts with the manifest the runtimes read, filled as session/bundle_export.cpp fills it
// (crossing tensors, inputs and outputs; the rest does not change what is served).

#include "tests/core/bundle/bundle_fixture.h"

#include "core/bundle/bundle_manifest.pb.h"
#include "core/bundle/bundle_writer.h"

#include <filesystem>
#include <string>

namespace autosplit::testing {

inline void addShape(google::protobuf::RepeatedField<int64_t>* out, const TensorShape& shape) {
    for (int64_t d : shape.dims)
        out->Add(d < 0 ? -1 : d);
}

inline void addSpec(google::protobuf::RepeatedPtrField<bundle::TensorSpec>* specs, const Value& v) {
    auto* t = specs->Add();
    t->set_name(v.name);
    t->set_data_type(std::string(nameOf(v.dtype)));
    if (v.shape.rankKnown)
        addShape(t->mutable_shape(), v.shape);
}

inline bundle::Manifest manifestOf(const Graph& graph, const SplitPlan& plan,
                                   const std::string& modelFile) {
    bundle::Manifest m;
    m.set_created_by("autosplit tests");
    m.mutable_source()->set_file_name(modelFile);
    m.mutable_source()->set_layers(static_cast<int32_t>(graph.nodeCount()));
    m.set_method("auto-split");
    m.set_split(plan.split);
    for (ValueId id : plan.edgeInputs)
        addSpec(m.mutable_edge_inputs(), graph.value(id));
    for (const CrossingPlan& c : plan.crossing) {
        auto* t = m.add_crossing();
        t->set_name(c.name);
        t->set_wire_name(c.wireName);
        t->set_data_type(std::string(nameOf(c.wireType)));
        addShape(t->mutable_shape(), c.shape);
        t->set_bits(c.bits);
        t->set_quantized(c.quant.has_value());
        if (c.quant) {
            t->set_scale(c.quant->scale[0]);
            t->set_zero_point(c.quant->zeroPoint[0]);
        }
        t->set_packing(c.packed() ? std::string(packingLayoutName(c.packing)) : "none");
        t->set_wire_bytes(c.wireBytes.value_or(0));
        t->set_produced_by_layer(c.producedByLayer);
    }
    for (ValueId id : plan.edgeOutputs)
        addSpec(m.mutable_edge_outputs(), graph.value(id));
    for (ValueId id : plan.cloudOutputs)
        addSpec(m.mutable_cloud_outputs(), graph.value(id));
    return m;
}

// Layers 1..split at the given widths, cycling so that neighbouring layers differ.
inline SplitRequest cyclingRequest(int split, const std::vector<int>& weights,
                                   const std::vector<int>& activations) {
    SplitRequest r;
    r.split = split;
    for (int i = 0; i < split; ++i) {
        r.weightBits.push_back(weights[static_cast<size_t>(i) % weights.size()]);
        r.activationBits.push_back(activations[static_cast<size_t>(i) % activations.size()]);
    }
    return r;
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
