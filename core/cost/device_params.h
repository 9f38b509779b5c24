#pragma once

// A validated device profile in the units the latency models use (profile_validation.h builds
// it from the protobuf DeviceProfile). Plain C++, so the models do not depend on protobuf.

#include "core/cost/systolic_array.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autosplit {

enum class DeviceKind { Edge, Cloud };

struct SystolicParams {
    ArrayShape array;
    Dataflow dataflow = Dataflow::WeightStationary;
    BufferSizes buffers;
};

struct RooflineParams {
    double computeEfficiency = 1.0; // fraction of the peak MAC rate a layer reaches
    double memoryEfficiency = 1.0;  // fraction of the off-chip bandwidth a layer reaches
};

struct DeviceParams {
    std::string name;
    std::string description;
    DeviceKind kind = DeviceKind::Edge;
    double clockHz = 0.0;          // 0 when the profile gives only a MAC rate
    double macRatePerSecond = 0.0; // peak MACs per second
    int macPrecisionBits = 8;
    double elementwiseOpsPerSecond = 0.0;
    double bandwidthBytesPerSecond = 0.0; // off-chip
    int64_t onchipBytes = 0;
    int64_t offchipBytes = 0;
    std::vector<int> supportedBits;         // ascending, distinct
    std::optional<SystolicParams> systolic; // set for a systolic array, else a roofline device
    RooflineParams roofline;
    // Measured on a machine (the profile's `measured` layers; measured_profile_latency_model.h):
    // the rates and the array above do not apply.
    bool measured = false;
};

} // namespace autosplit
