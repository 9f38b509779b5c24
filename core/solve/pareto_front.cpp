#include "core/solve/pareto_front.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace autosplit {

namespace {

template <typename Loss>
std::vector<int> front(const std::vector<Candidate>& candidates, Loss loss) {
    std::vector<int> order;
    for (size_t i = 0; i < candidates.size(); ++i)
        if (candidates[i].feasible && loss(candidates[i]))
            order.push_back(static_cast<int>(i));
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
        const Candidate& a = candidates[static_cast<size_t>(x)];
        const Candidate& b = candidates[static_cast<size_t>(y)];
        if (a.totalSeconds != b.totalSeconds)
            return a.totalSeconds < b.totalSeconds;
        return *loss(a) < *loss(b);
    });
    std::vector<int> result;
    double best = std::numeric_limits<double>::infinity();
    for (int i : order) {
        const double l = *loss(candidates[static_cast<size_t>(i)]);
        if (l < best) {
            result.push_back(i);
            best = l;
        }
    }
    return result;
}

} // namespace

std::vector<int> paretoFront(const std::vector<Candidate>& candidates) {
    return front(candidates, [](const Candidate& c) { return std::optional<double>(c.error); });
}

std::vector<int> measuredParetoFront(const std::vector<Candidate>& candidates) {
    return front(candidates, [](const Candidate& c) { return c.measuredDrop; });
}

} // namespace autosplit
