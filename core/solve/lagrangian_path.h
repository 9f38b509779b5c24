#pragma once

// Shoham & Gersho's Lagrangian bit allocation ("Efficient bit allocation for an arbitrary set of
// quantizers", 1988), as Auto-Split uses it for its problems (8) and (9): every layer offers
// (rate, distortion) points, one per bit-width; for a multiplier lambda >= 0 each layer
// independently takes the point minimising distortion + lambda * rate. As lambda grows, each
// layer walks down the lower convex hull of its points, one breakpoint at a time. Sorting every
// layer's breakpoints by lambda gives one path of states from "every layer at its least
// distortion" to "every layer at its least rate"; each state is a Lagrangian solution, and the
// allocation for a budget is the first state whose rate fits (an exact breakpoint walk instead
// of a bisection on lambda, which could stop between two breakpoints of equal lambda).
//
// Each state k minimises distortion among all assignments whose rate is at most the state's own
// rate (Everett's theorem), convex points or not; points above a layer's hull are never chosen.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace autosplit {

struct RatePoint {
    int bits = 0;
    int64_t rate = 0;        // e.g. weight bits of the layer at this bit-width
    double distortion = 0.0; // e.g. the layer's quantization MSE at this bit-width
};

// The points of one layer a Lagrangian allocation can choose, ordered from the least-distortion
// point to the least-rate point: rate falls and distortion rises along it, with non-decreasing
// slopes (collinear points are kept, so uniform bit-widths stay reachable). Among points of equal
// rate the least distortion (then the most bits) is kept. Empty input gives an empty hull.
std::vector<RatePoint> lagrangianHull(std::vector<RatePoint> points);

class LagrangianPath {
public:
    // One breakpoint: `layer` moves from hull point `from` to `from + 1` at multiplier `lambda`.
    struct Step {
        int layer = 0;
        int from = 0;
        double lambda = 0.0;
    };

    LagrangianPath() = default;
    // layers[i] are layer i's points (any order); a layer with no points is not allowed.
    explicit LagrangianPath(const std::vector<std::vector<RatePoint>>& layers);

    int layerCount() const { return static_cast<int>(m_hulls.size()); }
    // States are 0..stepCount(); state k has the first k steps applied.
    int stepCount() const { return static_cast<int>(m_steps.size()); }
    const Step& step(int k) const { return m_steps[static_cast<size_t>(k)]; }
    const std::vector<RatePoint>& hull(int layer) const {
        return m_hulls[static_cast<size_t>(layer)];
    }
    // Hull index of a layer in state `state`.
    int pointAt(int layer, int state) const;
    const RatePoint& at(int layer, int state) const {
        return hull(layer)[static_cast<size_t>(pointAt(layer, state))];
    }
    // Indices of the layer's own steps in the path, ascending.
    const std::vector<int>& layerSteps(int layer) const {
        return m_layerSteps[static_cast<size_t>(layer)];
    }

private:
    std::vector<std::vector<RatePoint>> m_hulls;
    std::vector<Step> m_steps;
    std::vector<std::vector<int>> m_layerSteps; // indices into m_steps, ascending
};

struct LagrangianAllocation {
    int state = 0;
    std::vector<int> bits; // per layer
    int64_t rate = 0;
    double distortion = 0.0;
    bool fits = false; // false when even the least-rate state exceeds the budget
};

// Problem (8)/(9) for all of the path's layers: the first state whose total rate is <= budget
// (the last state, with fits = false, when none is).
LagrangianAllocation allocateBits(const LagrangianPath& path, int64_t budget);

} // namespace autosplit
