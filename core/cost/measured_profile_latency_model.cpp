#include "core/cost/measured_profile_latency_model.h"

#include "core/bundle/file_digest.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace autosplit {

std::string layerFingerprint(const Graph& graph) {
    std::string text;
    for (const Node& node : graph.nodes()) {
        text += node.name;
        text += '\t';
        text += node.opType;
        for (ValueId out : node.outputs)
            if (out != kNone)
                text += '\t' + graph.value(out).shape.toString();
        text += '\n';
    }
    return sha256Hex(text);
}

Status checkMeasuredLayers(const profiles::MeasuredDevice& measured, const Graph& graph,
                           const std::string& source) {
    const auto layers = static_cast<int>(graph.nodeCount());
    if (measured.layers_size() != layers)
        return Error{source + ": the profile was measured on a model of " +
                     std::to_string(measured.layers_size()) + " layers ('" + measured.model_name() +
                     "'); this model has " + std::to_string(layers)};
    for (int i = 0; i < layers; ++i) {
        const std::string& mine = graph.node(static_cast<NodeId>(i)).name;
        if (measured.layers(i).name() != mine)
            return Error{source + ": layer " + std::to_string(i + 1) + " is '" +
                         measured.layers(i).name() + "' in the profile but '" + mine +
                         "' in this model (measured on '" + measured.model_name() + "')"};
    }
    if (measured.has_model_fingerprint() && measured.model_fingerprint() != layerFingerprint(graph))
        return Error{source + ": the profile's layers have the names of this model's but other "
                              "ops or shapes (measured at another input shape?)"};
    return Status::success();
}

MeasuredLayerTimes MeasuredLayerTimes::from(const profiles::MeasuredDevice& measured) {
    MeasuredLayerTimes t;
    t.bits.assign(measured.bits().begin(), measured.bits().end());
    for (const profiles::MeasuredLayer& l : measured.layers()) {
        t.floatSeconds.push_back(l.float_time().median_s());
        std::vector<double> w;
        for (const profiles::LayerTiming& timing : l.integer_times())
            w.push_back(timing.median_s());
        t.widths.push_back(std::move(w));
    }
    return t;
}

double MeasuredLayerTimes::seconds(int layer, int weightBits, int activationBits) const {
    if (layer < 1 || static_cast<size_t>(layer) > floatSeconds.size())
        return std::numeric_limits<double>::quiet_NaN();
    const auto i = static_cast<size_t>(layer - 1);
    const int width = std::max(weightBits, activationBits);
    if (width <= 0 || width >= 16)
        return floatSeconds[i];
    const auto at = std::lower_bound(bits.begin(), bits.end(), width);
    if (at == bits.end())
        return floatSeconds[i];
    return widths[i][static_cast<size_t>(at - bits.begin())];
}

Result<std::unique_ptr<MeasuredProfileLatencyModel>>
MeasuredProfileLatencyModel::create(int layerCount, std::optional<profiles::MeasuredDevice> edge,
                                    std::optional<profiles::MeasuredDevice> cloud,
                                    std::shared_ptr<const LatencyModel> base) {
    if ((!edge || !cloud) && !base)
        return Error{"a measured device on one side needs a model for the other",
                     ErrorKind::Internal};
    if (base && base->layerCount() != layerCount)
        return Error{"the device models disagree on the layer count", ErrorKind::Internal};
    std::unique_ptr<MeasuredProfileLatencyModel> model(new MeasuredProfileLatencyModel);
    model->m_layers = layerCount;
    model->m_base = std::move(base);
    for (auto [side, out] :
         {std::pair{&edge, &model->m_edge}, std::pair{&cloud, &model->m_cloud}}) {
        if (!*side)
            continue;
        if ((*side)->layers_size() != layerCount)
            return Error{"a measured device has " + std::to_string((*side)->layers_size()) +
                             " layers, the model " + std::to_string(layerCount),
                         ErrorKind::Internal};
        *out = MeasuredLayerTimes::from(**side);
    }
    return model;
}

double MeasuredProfileLatencyModel::edgeLayerSeconds(int layer, const LayerTraffic& traffic) const {
    if (!m_edge)
        return m_base->edgeLayerSeconds(layer, traffic);
    return m_edge->seconds(layer, traffic.weightBits, traffic.activationBits);
}

double MeasuredProfileLatencyModel::cloudLayerSeconds(int layer) const {
    if (!m_cloud)
        return m_base->cloudLayerSeconds(layer);
    return m_cloud->seconds(layer, 0, 0);
}

} // namespace autosplit
