#pragma once

// What the user chooses for a solve — edge and cloud devices, the network and its overrides, the
// memory and accuracy limits, the edge bit-widths — and how those choices become the solver's
// inputs (device profiles, uplink, constraints). Device and network names are presets
// ("eyeriss", "3g") or profile JSON files, as on the command line.

#include "core/cost/device_params.h"
#include "core/cost/uplink.h"
#include "core/solve/solve_constraints.h"
#include "core/util/result.h"

// Generated from profiles.proto into the build tree.
#include "core/cost/profiles.pb.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace autosplit::session {

struct SolveSettings {
    QString edgeDevice = QStringLiteral("eyeriss");
    QString cloudDevice = QStringLiteral("tpu");
    QString network; // empty: no network profile
    std::optional<double>
        uplinkBitsPerSecond; // overrides the network's; default: its rate, else 3 Mbps
    std::optional<double> roundTripSeconds; // overrides the network's
    std::optional<int64_t> edgeMemoryBytes; // default: the edge device's off-chip memory
    std::optional<double> maxAccuracyDrop;  // percentage points, judged on measured drops
    std::optional<double> maxError;         // limit on E for candidates that are not measured
    std::vector<int> bits;                  // B; empty: the edge device's

    bool operator==(const SolveSettings&) const = default;
};

struct Device {
    profiles::DeviceProfile profile;
    DeviceParams params;
};

// A preset or profile file, validated; the error names it and the bad field.
Result<Device> loadDevice(const QString& nameOrPath);
// The uplink of a network preset or profile file.
Result<Uplink> loadNetworkUplink(const QString& nameOrPath);

// The network's uplink (or the default 3 Mbps without one), then the settings' overrides.
Uplink uplinkFor(const SolveSettings& settings, const std::optional<Uplink>& network);
// The settings' limits; memory defaults to the edge device's off-chip memory and B to its
// supported bit-widths. Not validated (SolveConstraints::validate).
SolveConstraints constraintsFor(const SolveSettings& settings, const DeviceParams& edge);

// Whether the quantizers handle a bit-width (2..8, 16).
bool isQuantizerBitWidth(int bits);
// The bit-widths to calibrate for an edge bit-width set B: B and 8 (the U8 baselines), ascending.
std::vector<int> calibrationBitsFor(std::span<const int> bits);

} // namespace autosplit::session
