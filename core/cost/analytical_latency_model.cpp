#include "core/cost/analytical_latency_model.h"

#include "core/cost/profile_validation.h"

#include <limits>

namespace autosplit {

Result<std::unique_ptr<AnalyticalLatencyModel>>
AnalyticalLatencyModel::create(const Graph& graph, const SplitAnalysis& analysis, DeviceParams edge,
                               DeviceParams cloud) {
    auto layers = layerGeometries(graph, analysis);
    if (!layers)
        return layers.error();
    return std::unique_ptr<AnalyticalLatencyModel>(
        new AnalyticalLatencyModel(std::move(layers).value(), std::move(edge), std::move(cloud)));
}

AnalyticalLatencyModel::AnalyticalLatencyModel(LayerGeometries layers, DeviceParams edge,
                                               DeviceParams cloud)
    : m_layers(std::move(layers)), m_edge(std::move(edge)), m_cloud(std::move(cloud)) {
    m_cloudTimes.reserve(m_layers.layers.size());
    for (int layer = 1; layer <= layerCount(); ++layer)
        m_cloudTimes.push_back(layerTime(geometry(layer), cloudBytes(layer), m_cloud));
}

LayerBytes AnalyticalLatencyModel::edgeBytes(int layer, const LayerTraffic& traffic) const {
    const LayerGeometry& g = geometry(layer);
    int64_t ifmap = 0, filter = 0;
    for (const OperandSize& o : g.ifmapInputs)
        ifmap += o.elements;
    for (const OperandSize& o : g.filterInputs)
        filter += o.elements;
    const double input = static_cast<double>(traffic.inputBytes);
    const double filterShare =
        ifmap + filter > 0 ? static_cast<double>(filter) / static_cast<double>(ifmap + filter)
                           : 0.0;
    LayerBytes b;
    b.weights = static_cast<double>(traffic.weightBytes);
    b.filterInputs = input * filterShare;
    b.ifmap = input - b.filterInputs;
    b.output = static_cast<double>(traffic.outputBytes);
    return b;
}

LayerBytes AnalyticalLatencyModel::cloudBytes(int layer) const {
    const LayerGeometry& g = geometry(layer);
    const int bits = m_cloud.macPrecisionBits;
    LayerBytes b;
    b.weights = static_cast<double>((g.params / 8) * bits + ((g.params % 8) * bits + 7) / 8);
    b.filterInputs = static_cast<double>(cloudOperandBytes(g.filterInputs, bits));
    b.ifmap = static_cast<double>(cloudOperandBytes(g.ifmapInputs, bits));
    b.output = static_cast<double>(cloudOperandBytes(g.outputs, bits));
    return b;
}

LayerTime AnalyticalLatencyModel::edgeLayerTime(int layer, const LayerTraffic& traffic) const {
    if (!inRange(layer)) {
        LayerTime t;
        t.seconds = std::numeric_limits<double>::quiet_NaN();
        return t;
    }
    return layerTime(geometry(layer), edgeBytes(layer, traffic), m_edge);
}

LayerTime AnalyticalLatencyModel::cloudLayerTime(int layer) const {
    if (!inRange(layer)) {
        LayerTime t;
        t.seconds = std::numeric_limits<double>::quiet_NaN();
        return t;
    }
    return m_cloudTimes[static_cast<size_t>(layer - 1)];
}

double AnalyticalLatencyModel::edgeLayerSeconds(int layer, const LayerTraffic& traffic) const {
    return edgeLayerTime(layer, traffic).seconds;
}

double AnalyticalLatencyModel::cloudLayerSeconds(int layer) const {
    return cloudLayerTime(layer).seconds;
}

Result<std::unique_ptr<AnalyticalLatencyModel>>
makeLatencyModel(const Graph& graph, const SplitAnalysis& analysis,
                 const profiles::DeviceProfile& edge, const profiles::DeviceProfile& cloud) {
    auto e = deviceParams(edge, "edge profile '" + edge.name() + "'");
    if (!e)
        return e.error();
    auto c = deviceParams(cloud, "cloud profile '" + cloud.name() + "'");
    if (!c)
        return c.error();
    return AnalyticalLatencyModel::create(graph, analysis, std::move(e).value(),
                                          std::move(c).value());
}

} // namespace autosplit
