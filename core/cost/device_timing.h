#pragma once

// The time one layer takes on one device, given the bytes its operands occupy at the bit-widths
// chosen: a SCALE-Sim-style systolic array or a roofline device (DESIGN.md, "Cost models").
// Compute and off-chip traffic overlap (double-buffered), so a layer takes the longer of the two:
// memory time counts only when the DRAM bandwidth is below what the schedule needs.

#include "core/cost/device_params.h"
#include "core/cost/layer_geometry.h"

namespace autosplit {

// A layer's operands in bytes at their bit-widths.
struct LayerBytes {
    double weights = 0; // constant weights
    double filterInputs =
        0;            // activation operands in the weights' role (a MatMul of two activations)
    double ifmap = 0; // the streamed activation inputs
    double output = 0;
};

struct LayerTime {
    double seconds = 0; // max(computeSeconds, memorySeconds)
    double computeSeconds = 0;
    double memorySeconds = 0;
    double cycles = 0;      // systolic compute cycles (0 on a roofline device)
    double utilisation = 0; // MACs / (cycles * R * C) on a systolic array
    double dramBytes = 0;   // off-chip traffic, re-fetches included
};

// Systolic array (params.systolic must be set):
//   Gemm: each repeat is one GEMM; cycles and off-chip bytes from systolic_array.h, the repeat's
//         bytes being the layer's divided by its repeats (weights by its distinct weight sets).
//         The input counts at most its im2col size (Np x Wn elements per repeat): a strided 1x1
//         convolution reads only the pixels it uses. A GEMM without a shape runs at full
//         utilisation (MACs / (R*C) cycles) with each operand crossing once.
//   Elementwise: max(ops / elementwise rate, all bytes once / bandwidth).
//   View: 0.
LayerTime systolicLayerTime(const LayerGeometry& layer, const LayerBytes& bytes,
                            const DeviceParams& device);

// Roofline: max(MACs / (peak * compute efficiency), bytes / (bandwidth * memory efficiency)),
// element-wise ops at the element-wise rate; views 0. Every operand crosses once (ideal caching).
LayerTime rooflineLayerTime(const LayerGeometry& layer, const LayerBytes& bytes,
                            const DeviceParams& device);

// The device's own model: systolic when it has an array, else roofline.
LayerTime layerTime(const LayerGeometry& layer, const LayerBytes& bytes,
                    const DeviceParams& device);

} // namespace autosplit
