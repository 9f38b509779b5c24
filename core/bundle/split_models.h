#pragma once

// The two ONNX models of a deployment (DESIGN.md, "Deployment bundle"), cut from the optimized
// graph along a SplitPlan:
// - the edge model runs the edge layers in QDQ form, as ONNX Runtime's quantization tools write
//   it: each quantized weight is stored as int8 codes (narrowed to the layer's width) with a
//   DequantizeLinear per output channel, each quantized activation passes QuantizeLinear and
//   DequantizeLinear (after a Clip to its b-bit range when b < 8, since uint8 saturates only at
//   255), and the crossing tensors leave as uint8 codes — a float graph input the cloud reads
//   too, through QuantizeLinear at the raw-input width, and a float tensor of a layer kept in
//   float through a Cast to float16 at 16 float bits (the edge's own readers read them as the
//   cloud will). A part of a model older than opset 13
//   (per-axis DequantizeLinear) is converted to 13 by the ONNX version converter first;
// - the cloud model runs the rest in float and takes the crossing codes as inputs, with a
//   DequantizeLinear inside (a Cast to float for float16), so a stock ONNX server runs it as it is.
// Run one after the other they compute what the executor's fake-quantized evaluation computes
// (up to float32 rounding of the scales: at most one quantization step on a rounding boundary).

#include "core/bundle/split_plan.h"

#include "core/graph/graph.h"
#include "core/quant/range_estimator.h"
#include "core/util/result.h"

#include <onnx/onnx_pb.h>

#include <string>

namespace autosplit {

// The two parts as graphs, ready for checkedModel. Fail, naming the part, when an old model
// cannot be converted to the opset its quantization nodes need (13 on the edge, 10 on the cloud).
Result<Graph> edgeGraph(const Graph& graph, const SplitPlan& plan, const RangeOptions& weightRange);
Result<Graph> cloudGraph(const Graph& graph, const SplitPlan& plan);

// The graph as a runnable ONNX model (fused activations expanded), checked by the ONNX checker;
// `label` ("edge.onnx") names it in the error.
Result<onnx::ModelProto> checkedModel(const Graph& part, const std::string& label);

} // namespace autosplit
