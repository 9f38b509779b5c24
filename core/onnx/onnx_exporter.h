#pragma once

#include "core/graph/graph.h"
#include "core/util/result.h"

#include <onnx/onnx_pb.h>

namespace autosplit {

struct OnnxExportOptions {
    // Without weights, constants larger than smallConstantElements are written as dims only:
    // enough for shape inference, which reads the data of small shape-like tensors alone.
    bool withWeights = true;
    int64_t smallConstantElements = 4096;
    // Fused activations become separate ONNX nodes again (needed for a runnable model; shape
    // inference does not need them since activations keep the shape).
    bool expandFusedActivations = true;
};

onnx::ModelProto toOnnxModel(const Graph& graph, const OnnxExportOptions& options = {});

// Re-runs ONNX shape inference (with data propagation) on the graph's current structure and
// updates every value's dtype and shape it can resolve. Used after passes fold shape chains.
Status inferShapes(Graph& graph);

} // namespace autosplit
