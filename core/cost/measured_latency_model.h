#pragma once

// A latency model whose layers measured on a real device (measured_latencies.h) take the
// measured figure, every other layer the underlying model's.

#include "core/cost/latency_model.h"
#include "core/cost/measured_latencies.h"
#include "core/util/result.h"

#include <memory>

namespace autosplit {

class MeasuredLatencyModel final : public LatencyModel {
public:
    // Fails when the measurements are for a different number of layers than the model.
    static Result<std::unique_ptr<MeasuredLatencyModel>>
    create(std::shared_ptr<const LatencyModel> base, MeasuredLatencies measured);

    int layerCount() const override { return m_base->layerCount(); }
    double edgeLayerSeconds(int layer, const LayerTraffic& traffic) const override;
    double cloudLayerSeconds(int layer) const override;

    bool edgeMeasured(int layer) const {
        return measured(m_measured.edgeSeconds, layer).has_value();
    }
    bool cloudMeasured(int layer) const {
        return measured(m_measured.cloudSeconds, layer).has_value();
    }
    const LatencyModel& base() const { return *m_base; }

private:
    MeasuredLatencyModel(std::shared_ptr<const LatencyModel> base, MeasuredLatencies measured)
        : m_base(std::move(base)), m_measured(std::move(measured)) {}
    static std::optional<double> measured(const std::vector<std::optional<double>>& v, int layer) {
        if (layer < 1 || static_cast<size_t>(layer) > v.size())
            return std::nullopt;
        return v[static_cast<size_t>(layer - 1)];
    }

    std::shared_ptr<const LatencyModel> m_base;
    MeasuredLatencies m_measured;
};

} // namespace autosplit
