#include "core/cost/measured_latency_model.h"

namespace autosplit {

Result<std::unique_ptr<MeasuredLatencyModel>>
MeasuredLatencyModel::create(std::shared_ptr<const LatencyModel> base, MeasuredLatencies measured) {
    if (!base)
        return Error{"measured latencies need a model for the layers they do not list"};
    const size_t layers = static_cast<size_t>(base->layerCount());
    if (measured.edgeSeconds.size() != layers || measured.cloudSeconds.size() != layers)
        return Error{"measured latencies are for " + std::to_string(measured.edgeSeconds.size()) +
                     " layers but the model has " + std::to_string(layers)};
    return std::unique_ptr<MeasuredLatencyModel>(
        new MeasuredLatencyModel(std::move(base), std::move(measured)));
}

double MeasuredLatencyModel::edgeLayerSeconds(int layer, const LayerTraffic& traffic) const {
    if (auto s = measured(m_measured.edgeSeconds, layer))
        return *s;
    return m_base->edgeLayerSeconds(layer, traffic);
}

double MeasuredLatencyModel::cloudLayerSeconds(int layer) const {
    if (auto s = measured(m_measured.cloudSeconds, layer))
        return *s;
    return m_base->cloudLayerSeconds(layer);
}

} // namespace autosplit
