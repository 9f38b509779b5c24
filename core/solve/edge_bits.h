#pragma once

// The bit-widths of a candidate's edge layers: b_w(i) for weights and b_a(i) for output
// activations, layers 1..layerCount(). Auto-Split produces tens of thousands of candidates on a
// large graph, each a prefix of one Lagrangian state per problem; storing every candidate's
// vectors would cost candidates x layers bytes, so a candidate refers to the shared paths and
// its states instead and the widths are looked up on demand. Uniform and explicit assignments
// (baselines, tests, user edits) are stored as such. Cheap to copy.

#include "core/solve/lagrangian_path.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace autosplit {

class EdgeBits {
public:
    EdgeBits() = default; // no edge layers
    static EdgeBits uniform(int layers, int weightBits, int activationBits);
    // weight.size() == activation.size() == the number of edge layers.
    static EdgeBits explicitBits(std::vector<int> weight, std::vector<int> activation);
    // Layer i's widths are the paths' hull points of layer i - 1 in the given states.
    static EdgeBits fromPaths(int layers, std::shared_ptr<const LagrangianPath> weights,
                              int weightState, std::shared_ptr<const LagrangianPath> activations,
                              int activationState);

    int layerCount() const { return m_layers; }
    // 1-based edge layer; layers outside 1..layerCount() give 0.
    int weight(int layer) const;
    int activation(int layer) const;
    std::vector<int> weights() const;
    std::vector<int> activations() const;

    bool isUniform() const { return m_kind == Kind::Uniform; }
    bool fromLagrangianPaths() const { return m_kind == Kind::Paths; }
    int weightState() const { return m_weightState; }
    int activationState() const { return m_activationState; }

private:
    enum class Kind { Uniform, Explicit, Paths };
    Kind m_kind = Kind::Uniform;
    int m_layers = 0;
    int m_uniformWeight = 0;
    int m_uniformActivation = 0;
    std::shared_ptr<const std::vector<int>> m_weight;
    std::shared_ptr<const std::vector<int>> m_activation;
    std::shared_ptr<const LagrangianPath> m_weightPath;
    std::shared_ptr<const LagrangianPath> m_activationPath;
    int m_weightState = 0;
    int m_activationState = 0;
};

} // namespace autosplit
