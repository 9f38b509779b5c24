#include "core/solve/lagrangian_path.h"

#include <algorithm>

namespace autosplit {

std::vector<RatePoint> lagrangianHull(std::vector<RatePoint> points) {
    if (points.empty())
        return points;
    // Rate ascending; for equal rates the least distortion, then the most bits, comes first.
    std::sort(points.begin(), points.end(), [](const RatePoint& a, const RatePoint& b) {
        if (a.rate != b.rate)
            return a.rate < b.rate;
        if (a.distortion != b.distortion)
            return a.distortion < b.distortion;
        return a.bits > b.bits;
    });
    std::vector<RatePoint> unique;
    for (const RatePoint& p : points)
        if (unique.empty() || unique.back().rate != p.rate)
            unique.push_back(p);

    // The lambda = 0 end: least distortion, lowest rate among ties. Points of more rate are
    // dominated (more rate, no less distortion).
    size_t best = 0;
    for (size_t i = 1; i < unique.size(); ++i)
        if (unique[i].distortion < unique[best].distortion)
            best = i;
    unique.resize(best + 1);

    // Lower convex hull by rate (monotone chain), keeping collinear points.
    std::vector<RatePoint> hull;
    for (const RatePoint& p : unique) {
        while (hull.size() >= 2) {
            const RatePoint& a = hull[hull.size() - 2];
            const RatePoint& b = hull.back();
            // b lies strictly above the segment a -> p: slope(a,b) > slope(b,p)
            const long double lhs = static_cast<long double>(b.distortion - a.distortion) *
                                    static_cast<long double>(p.rate - b.rate);
            const long double rhs = static_cast<long double>(p.distortion - b.distortion) *
                                    static_cast<long double>(b.rate - a.rate);
            if (lhs > rhs)
                hull.pop_back();
            else
                break;
        }
        hull.push_back(p);
    }
    std::reverse(hull.begin(), hull.end());
    return hull;
}

LagrangianPath::LagrangianPath(const std::vector<std::vector<RatePoint>>& layers) {
    m_hulls.reserve(layers.size());
    m_layerSteps.resize(layers.size());
    for (size_t i = 0; i < layers.size(); ++i) {
        m_hulls.push_back(lagrangianHull(layers[i]));
        const auto& h = m_hulls.back();
        for (size_t j = 0; j + 1 < h.size(); ++j) {
            const double lambda = (h[j + 1].distortion - h[j].distortion) /
                                  static_cast<double>(h[j].rate - h[j + 1].rate);
            m_steps.push_back({static_cast<int>(i), static_cast<int>(j), lambda});
        }
    }
    // Ties keep each layer's own order (convexity makes its lambdas non-decreasing).
    std::sort(m_steps.begin(), m_steps.end(), [](const Step& a, const Step& b) {
        if (a.lambda != b.lambda)
            return a.lambda < b.lambda;
        if (a.layer != b.layer)
            return a.layer < b.layer;
        return a.from < b.from;
    });
    for (size_t k = 0; k < m_steps.size(); ++k)
        m_layerSteps[static_cast<size_t>(m_steps[k].layer)].push_back(static_cast<int>(k));
}

int LagrangianPath::pointAt(int layer, int state) const {
    int point = 0;
    for (int k : m_layerSteps[static_cast<size_t>(layer)]) {
        if (k >= state)
            break;
        ++point;
    }
    return point;
}

LagrangianAllocation allocateBits(const LagrangianPath& path, int64_t budget) {
    LagrangianAllocation a;
    std::vector<int> point(static_cast<size_t>(path.layerCount()), 0);
    for (int i = 0; i < path.layerCount(); ++i)
        a.rate += path.hull(i).front().rate;
    int state = 0;
    while (a.rate > budget && state < path.stepCount()) {
        const auto& s = path.step(state);
        const auto& h = path.hull(s.layer);
        a.rate += h[static_cast<size_t>(s.from) + 1].rate - h[static_cast<size_t>(s.from)].rate;
        point[static_cast<size_t>(s.layer)] = s.from + 1;
        ++state;
    }
    a.state = state;
    a.fits = a.rate <= budget;
    for (int i = 0; i < path.layerCount(); ++i) {
        const RatePoint& p = path.hull(i)[static_cast<size_t>(point[static_cast<size_t>(i)])];
        a.bits.push_back(p.bits);
        a.distortion += p.distortion;
    }
    return a;
}

} // namespace autosplit
