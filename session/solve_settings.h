#pragma once

// What the user asks of a solve — devices, network and its overrides, the limits, the edge
// bit-widths, measured latencies, how the cut is costed and whether drops are measured — as one
// value the explorer's constraint panel emits and the command line parses, and the one way it
// becomes the solver's inputs (resolveSettings, then latencyModelFor once the analysis is known).
// Device and network names are presets ("eyeriss", "3g") or profile JSON files.

#include "core/analysis/split_analysis.h"
#include "core/cost/device_params.h"
#include "core/cost/latency_model.h"
#include "core/cost/uplink.h"
#include "core/graph/graph.h"
#include "core/solve/solve_constraints.h"
#include "core/util/result.h"

// Generated from profiles.proto into the build tree.
#include "core/cost/profiles.pb.h"

#include <QMetaType>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace autosplit::session {

struct SolveSettings {
    QString edgeDevice = QStringLiteral("eyeriss");
    QString cloudDevice = QStringLiteral("tpu");
    QString network; // empty: no network profile
    // Each overrides the network's; the rate defaults to the network's, else 3 Mbps.
    std::optional<double> uplinkBitsPerSecond;
    std::optional<double> roundTripSeconds;
    std::optional<int64_t> overheadBytesPerMessage;
    std::optional<int64_t> edgeMemoryBytes; // default: the edge device's off-chip memory
    std::optional<double> maxAccuracyDrop;  // percentage points, judged on measured drops
    std::optional<double> maxError;         // limit on E for candidates that are not measured
    std::vector<int> bits;                  // B; empty: the edge device's
    QString measuredLatencies;              // CSV of measured per-layer latencies; empty: none
    int rawInputBits = 8;                   // bits per raw input element sent to the cloud
    bool outputsOnEdge = false;             // graph outputs produced on the edge are used there
    bool evaluate = true;                   // measure drops on the samples for a drop limit
    int evaluateLimit = 12;                 // front candidates measured one by one
    // Confidence at which a candidate clearly within or beyond the drop limit is decided on part
    // of the samples (the evaluation engine's; the command line's --confidence), in [0.5, 1).
    double dropConfidence = 0.99;

    AnalysisOptions analysisOptions() const;
    bool operator==(const SolveSettings&) const = default;
};

// Which setting a problem is about, so each front end names it its own way ("--edge",
// "Edge device").
enum class SolveSetting {
    EdgeDevice,
    CloudDevice,
    Network,
    Uplink,
    RoundTrip,
    Overhead,
    Memory,
    MaxDrop,
    MaxError,
    Bits,
    MeasuredLatencies,
    RawInputBits,
    EvaluateLimit,
    DropConfidence,
};

struct Device {
    profiles::DeviceProfile profile;
    DeviceParams params;
};

// Everything of the settings that does not need the model: loaded and validated.
struct ResolvedSettings {
    Device edge;
    Device cloud;
    Uplink uplink;
    SolveConstraints constraints; // validated
    AnalysisOptions analysis;
};

// A setting that cannot be used: which one, and why (one line naming the file or value).
struct SettingProblem {
    SolveSetting setting;
    Error error;
};

// Loaded device and network profiles, by name; a profile file is read again only when it
// changed on disk. Thread-safe; one per front end, so a solve does not read the disk again.
class ProfileCache {
public:
    ProfileCache();
    ~ProfileCache();
    Result<Device> device(const QString& nameOrPath);
    Result<Uplink> network(const QString& nameOrPath);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// Loads the devices and the network and checks every setting. `profiles` may be null (read from
// disk). On failure `problem` says which setting.
std::optional<ResolvedSettings> resolveSettings(const SolveSettings& settings,
                                                ProfileCache* profiles, SettingProblem& problem);

// The latency model for the resolved devices on `graph` as `analysis` cuts it, with the settings'
// measured latencies over it. Errors about the measured CSV come as
// SolveSetting::MeasuredLatencies.
Result<std::shared_ptr<const LatencyModel>>
latencyModelFor(const SolveSettings& settings, const ResolvedSettings& resolved, const Graph& graph,
                const SplitAnalysis& analysis, SettingProblem& problem);

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

Q_DECLARE_METATYPE(autosplit::session::SolveSettings)
