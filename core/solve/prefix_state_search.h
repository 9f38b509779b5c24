#pragma once

// Lagrangian allocation for every split at once. For a state k of a Lagrangian path (each
// layer's choice fixed, independent of the split) a tracker gives the constrained quantity of
// the prefix 1..n (weight bits: a prefix sum; peak working set: a prefix maximum), which never
// rises along the path. For each query (n, budget) we want the first state whose value fits:
// a binary search per query, all queries advancing together ("parallel binary search"): each
// round sorts the queries by their midpoint and walks the path once, so a round costs
// O((steps + queries) log N) instead of O(queries x N).

#include "core/util/progress.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace autosplit {

struct PrefixQuery {
    int n = 0;          // prefix: layers 1..n
    int64_t budget = 0; // fits when value(n) <= budget
};

// Tracker: void reset() (state 0); void apply(int k) (state k -> k + 1); int64_t value(int n).
// Returns, per query, the first state in 0..stepCount whose value fits (stepCount when none
// does); nullopt when cancelled.
template <typename Tracker>
std::optional<std::vector<int>>
firstFittingStates(int stepCount, const std::vector<PrefixQuery>& queries, Tracker& tracker,
                   const CancellationToken& cancel) {
    std::vector<int> lo(queries.size(), 0), hi(queries.size(), stepCount);
    std::vector<std::pair<int, size_t>> order; // (midpoint, query)
    order.reserve(queries.size());
    for (;;) {
        order.clear();
        for (size_t q = 0; q < queries.size(); ++q)
            if (lo[q] < hi[q])
                order.emplace_back(lo[q] + (hi[q] - lo[q]) / 2, q);
        if (order.empty())
            break;
        if (cancel.isCancelled())
            return std::nullopt;
        std::sort(order.begin(), order.end());
        tracker.reset();
        int state = 0;
        for (const auto& [mid, q] : order) {
            while (state < mid)
                tracker.apply(state++);
            if (tracker.value(queries[q].n) <= queries[q].budget)
                hi[q] = mid;
            else
                lo[q] = mid + 1;
        }
    }
    return lo;
}

} // namespace autosplit
