#pragma once

// The latency model built from device profiles: each layer's geometry is captured once from the
// graph and its split analysis; the edge time is computed per query from the bytes the solver
// passes (the edge's MACs run at its MAC precision whatever the bit-widths), and the cloud time
// once, with every tensor at the cloud's native precision (its mac_precision_bits: 16-bit data
// on the TPU preset). Each device uses its own model: a systolic array (SCALE-Sim-style) when its
// profile has one, else the roofline.

#include "core/analysis/split_analysis.h"
#include "core/cost/device_params.h"
#include "core/cost/device_timing.h"
#include "core/cost/latency_model.h"
#include "core/cost/layer_geometry.h"
#include "core/graph/graph.h"
#include "core/util/result.h"

// Generated from profiles.proto into the build tree.
#include "core/cost/profiles.pb.h"

#include <memory>
#include <string>
#include <vector>

namespace autosplit {

class AnalyticalLatencyModel final : public LatencyModel {
public:
    // Fails when the analysis does not belong to the graph.
    static Result<std::unique_ptr<AnalyticalLatencyModel>> create(const Graph& graph,
                                                                  const SplitAnalysis& analysis,
                                                                  DeviceParams edge,
                                                                  DeviceParams cloud);

    int layerCount() const override { return static_cast<int>(m_layers.layers.size()); }
    // Outside 1..layerCount() both return NaN.
    double edgeLayerSeconds(int layer, const LayerTraffic& traffic) const override;
    double cloudLayerSeconds(int layer) const override;

    // The same with the breakdown (compute, memory, cycles, utilisation, off-chip bytes).
    LayerTime edgeLayerTime(int layer, const LayerTraffic& traffic) const;
    LayerTime cloudLayerTime(int layer) const;

    // The edge bytes of each operand: the solver's input bytes split between the streamed input
    // and activation operands in the weights' role in proportion to their elements.
    LayerBytes edgeBytes(int layer, const LayerTraffic& traffic) const;
    // All operands at the cloud's precision (floating data at its mac_precision_bits).
    LayerBytes cloudBytes(int layer) const;

    const LayerGeometry& geometry(int layer) const {
        return m_layers.layers.at(static_cast<size_t>(layer - 1));
    }
    const DeviceParams& edge() const { return m_edge; }
    const DeviceParams& cloud() const { return m_cloud; }
    // Approximations made for this graph (layers without a GEMM shape, unknown sizes), one line
    // each.
    const std::vector<std::string>& warnings() const { return m_layers.warnings; }

private:
    AnalyticalLatencyModel(LayerGeometries layers, DeviceParams edge, DeviceParams cloud);
    bool inRange(int layer) const { return layer >= 1 && layer <= layerCount(); }

    LayerGeometries m_layers;
    DeviceParams m_edge;
    DeviceParams m_cloud;
    std::vector<LayerTime> m_cloudTimes;
};

// Validates both profiles (errors name the profile and field) and builds the model.
Result<std::unique_ptr<AnalyticalLatencyModel>>
makeLatencyModel(const Graph& graph, const SplitAnalysis& analysis,
                 const profiles::DeviceProfile& edge, const profiles::DeviceProfile& cloud);

} // namespace autosplit
