#pragma once

// What a deployment of one solution is made of, before any file is written (DESIGN.md,
// "Deployment bundle"): which layers run on the edge at which bit-widths, the quantizers of the
// edge layers' output activations (the ranges calibration chose, as the evaluation uses them),
// and every tensor that crosses to the cloud with the form it travels in. The edge and cloud
// models (split_models.h) and the manifest are built from it, so they cannot disagree.

#include "core/quant/calibration.h"
#include "core/quant/quantizer.h"
#include "core/quant/range_estimator.h"
#include "core/quant/wire_form.h"
#include "core/wire/activation_packing.h"

#include "core/graph/graph.h"
#include "core/util/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace autosplit {

// The float bit-width: a layer kept unquantized.
inline constexpr int kFloatBits = 32;

struct SplitRequest {
    int split = 0;               // n: the last edge layer (1-based); 0 = Cloud-Only
    std::vector<int> edgeLayers; // 1-based, ascending; empty for the prefix 1..split
    // Layers 1..split (index layer - 1); only edge layers are read. 32 keeps a layer in float.
    std::vector<int> weightBits;
    std::vector<int> activationBits;
    RangeOptions weightRange;
    // Graph outputs produced on the edge are used there (not sent), as AnalysisOptions says.
    bool outputsConsumedOnEdge = false;
    // Bits per element the cost charges for a float graph input read on the cloud (the analysis'
    // raw-input bits) and for a float tensor an edge layer leaves unquantized (the solve's float
    // bits): the wire form follows them (core/quant/wire_form.h).
    int rawInputBits = 8;
    int floatBits = 16;
};

// A tensor the edge sends, in the form the cost model charges for it. Quantized activations and a
// float graph input at 2..8 raw-input bits travel as b-bit codes in uint8 containers (packed below
// 8 bits; an input without a calibrated range, as without samples, travels as it comes); a float
// tensor charged 16 bits as float16 (a Cast on each side); the others in their own type.
struct CrossingPlan {
    ValueId value = kNone;
    std::string name;     // in the source graph
    std::string wireName; // the edge model's output and the cloud model's input
    DataType valueType = DataType::Undefined;
    DataType wireType = DataType::Undefined;
    TensorShape shape;
    int bits = 0; // on the wire, per element
    std::optional<QuantParams> quant;
    PackingLayout packing = PackingLayout::HeightWidth; // for codes below 8 bits
    std::optional<int64_t> wireBytes;                   // nullopt while a dimension is open
    int producedByLayer = 0;                            // 0 for a graph input

    bool packed() const { return quant && bits < 8; }
    // float32 computed, float16 sent: Cast to float16 at the edge, back to float at the cloud.
    bool halved() const { return valueType == DataType::Float && wireType == DataType::Float16; }
};

struct SplitPlan {
    int split = 0;
    std::vector<bool> onEdge;        // per node
    std::vector<int> weightBits;     // per node; 0 on the cloud or without a weight
    std::vector<int> activationBits; // per node; 0 on the cloud
    // Quantizers of edge layers' first outputs (float activations with calibrated ranges).
    std::map<ValueId, QuantParams> activationQuant;
    // Adaptive rounding of edge layers' weights (calibration's masks at their widths).
    std::map<NodeId, RoundingMask> weightRounding;
    std::vector<ValueId> edgeInputs; // graph inputs the edge reads or sends
    std::vector<CrossingPlan> crossing;
    std::vector<ValueId> edgeOutputs;  // graph outputs produced and used on the edge
    std::vector<ValueId> cloudOutputs; // graph outputs the cloud returns

    int edgeLayerCount() const;
    const CrossingPlan* findCrossing(ValueId value) const;
};

// Checks the request against the graph and the calibration (bit-widths supported and
// calibrated, split and edge layers in range, every crossing size known enough, a wire form for
// every charged width) and plans it. Errors name the layer or tensor.
Result<SplitPlan> makeSplitPlan(const Graph& graph, const CalibrationResult& calibration,
                                const SplitRequest& request);

} // namespace autosplit
