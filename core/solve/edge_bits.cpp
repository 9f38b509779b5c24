#include "core/solve/edge_bits.h"

#include <algorithm>
#include <utility>

namespace autosplit {

EdgeBits EdgeBits::uniform(int layers, int weightBits, int activationBits) {
    EdgeBits b;
    b.m_kind = Kind::Uniform;
    b.m_layers = std::max(layers, 0);
    b.m_uniformWeight = weightBits;
    b.m_uniformActivation = activationBits;
    return b;
}

EdgeBits EdgeBits::explicitBits(std::vector<int> weight, std::vector<int> activation) {
    EdgeBits b;
    b.m_kind = Kind::Explicit;
    b.m_layers = static_cast<int>(std::min(weight.size(), activation.size()));
    b.m_weight = std::make_shared<const std::vector<int>>(std::move(weight));
    b.m_activation = std::make_shared<const std::vector<int>>(std::move(activation));
    return b;
}

EdgeBits EdgeBits::fromPaths(int layers, std::shared_ptr<const LagrangianPath> weights,
                             int weightState, std::shared_ptr<const LagrangianPath> activations,
                             int activationState) {
    EdgeBits b;
    b.m_kind = Kind::Paths;
    b.m_layers = std::clamp(layers, 0, std::min(weights->layerCount(), activations->layerCount()));
    b.m_weightPath = std::move(weights);
    b.m_activationPath = std::move(activations);
    b.m_weightState = weightState;
    b.m_activationState = activationState;
    return b;
}

int EdgeBits::weight(int layer) const {
    if (layer < 1 || layer > m_layers)
        return 0;
    switch (m_kind) {
    case Kind::Uniform:
        return m_uniformWeight;
    case Kind::Explicit:
        return (*m_weight)[static_cast<size_t>(layer) - 1];
    case Kind::Paths:
        return m_weightPath->at(layer - 1, m_weightState).bits;
    }
    return 0;
}

int EdgeBits::activation(int layer) const {
    if (layer < 1 || layer > m_layers)
        return 0;
    switch (m_kind) {
    case Kind::Uniform:
        return m_uniformActivation;
    case Kind::Explicit:
        return (*m_activation)[static_cast<size_t>(layer) - 1];
    case Kind::Paths:
        return m_activationPath->at(layer - 1, m_activationState).bits;
    }
    return 0;
}

std::vector<int> EdgeBits::weights() const {
    std::vector<int> out(static_cast<size_t>(m_layers));
    for (int i = 1; i <= m_layers; ++i)
        out[static_cast<size_t>(i) - 1] = weight(i);
    return out;
}

std::vector<int> EdgeBits::activations() const {
    std::vector<int> out(static_cast<size_t>(m_layers));
    for (int i = 1; i <= m_layers; ++i)
        out[static_cast<size_t>(i) - 1] = activation(i);
    return out;
}

} // namespace autosplit
