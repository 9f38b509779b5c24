#pragma once

// What the solver asks of a device cost model (DESIGN.md, "Cost models"): the latency of one
// layer of a SplitAnalysis on the edge, given the bytes it moves at the bit-widths the solver
// chose, and on the cloud at the cloud's native precision. Implementations (systolic array,
// roofline, measured CSV) capture each layer's geometry (MACs, GEMM shape) when they are built
// from the graph and its analysis; the solver only passes traffic.

#include <cstdint>

namespace autosplit {

// Bytes layer i moves on the edge at a bit assignment: its weights at b_w(i), its activation
// inputs at their producers' b_a (raw graph inputs at their raw size) and its output at b_a(i).
// MACs run at the device's MAC precision whatever the bit-widths (sub-8-bit data only moves
// fewer bytes).
struct LayerTraffic {
    int64_t weightBytes = 0;
    int64_t inputBytes = 0;
    int64_t outputBytes = 0;
    // The widths behind those bytes: b_w(i) and b_a(i) (0: not given). A measured device times a
    // layer by its width, not by bytes.
    int weightBits = 0;
    int activationBits = 0;
};

class LatencyModel {
public:
    virtual ~LatencyModel() = default;

    // Layers the model knows (== SplitAnalysis::layerCount() of the analysis it was built for).
    virtual int layerCount() const = 0;
    // Seconds layer i (1-based, SplitAnalysis::layers[i - 1]) takes on the edge device.
    virtual double edgeLayerSeconds(int layer, const LayerTraffic& traffic) const = 0;
    // Seconds layer i takes on the cloud device, at its native precision (16/32-bit data).
    virtual double cloudLayerSeconds(int layer) const = 0;
};

} // namespace autosplit
