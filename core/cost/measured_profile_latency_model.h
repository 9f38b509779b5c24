#pragma once

// The latency model of a device measured by `autosplit profile` (a DeviceProfile whose model is
// `measured`): an edge layer takes the time measured at the bit-width the solver chose for it
// (the wider of its weight and activation widths; a width between profiled ones takes the next
// wider profiled width, 16 and 32 bits or a width above every profiled one the float time), a
// cloud layer its float time. A side whose device is analytical keeps the analytical model.

#include "core/cost/latency_model.h"
#include "core/graph/graph.h"
#include "core/util/result.h"

// Generated from profiles.proto into the build tree.
#include "core/cost/profiles.pb.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace autosplit {

// SHA-256 (hex) of every node's name, op type and output shapes, in order: what identifies "the
// model's layers" a measurement belongs to.
std::string layerFingerprint(const Graph& graph);

// Checks that a measured device belongs to `graph`'s layers: the same count, names in the same
// order and the same fingerprint. One error naming `source` and the counts or the first
// mismatching layer.
Status checkMeasuredLayers(const profiles::MeasuredDevice& measured, const Graph& graph,
                           const std::string& source);

// Per layer (1-based), the measured seconds in float and at each profiled width.
struct MeasuredLayerTimes {
    std::vector<int> bits;                   // ascending
    std::vector<double> floatSeconds;        // per layer
    std::vector<std::vector<double>> widths; // per layer, one per bits

    static MeasuredLayerTimes from(const profiles::MeasuredDevice& measured);
    // Layer time at weight/activation widths, as the header says.
    double seconds(int layer, int weightBits, int activationBits) const;
};

class MeasuredProfileLatencyModel final : public LatencyModel {
public:
    // `edge` / `cloud`: the measured device of that side, or nullopt to use `base` for it
    // (`base` may be null only when both are measured). The measured devices must have passed
    // checkMeasuredLayers.
    static Result<std::unique_ptr<MeasuredProfileLatencyModel>>
    create(int layerCount, std::optional<profiles::MeasuredDevice> edge,
           std::optional<profiles::MeasuredDevice> cloud, std::shared_ptr<const LatencyModel> base);

    int layerCount() const override { return m_layers; }
    double edgeLayerSeconds(int layer, const LayerTraffic& traffic) const override;
    double cloudLayerSeconds(int layer) const override;

private:
    MeasuredProfileLatencyModel() = default;

    int m_layers = 0;
    std::optional<MeasuredLayerTimes> m_edge;
    std::optional<MeasuredLayerTimes> m_cloud;
    std::shared_ptr<const LatencyModel> m_base;
};

} // namespace autosplit
