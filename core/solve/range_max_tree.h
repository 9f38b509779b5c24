#pragma once

// A segment tree over positions 0..size-1 with "add a value to a range" and "maximum of a
// prefix" in O(log n). The solver keeps the activation working set of every edge step in one
// (in bits): when a layer's activation bit-width changes, its outputs' live ranges change, and
// the peak working set of every split n is the maximum over steps 1..n.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace autosplit {

class RangeMaxTree {
public:
    RangeMaxTree() = default;

    void assign(const std::vector<int64_t>& values) {
        m_size = values.size();
        size_t leaves = 1;
        while (leaves < std::max<size_t>(m_size, 1))
            leaves <<= 1;
        m_leaves = leaves;
        m_max.assign(2 * leaves, kEmpty);
        m_add.assign(2 * leaves, 0);
        for (size_t i = 0; i < m_size; ++i)
            m_max[leaves + i] = values[i];
        for (size_t i = leaves - 1; i > 0; --i)
            m_max[i] = std::max(m_max[2 * i], m_max[2 * i + 1]);
    }

    size_t size() const { return m_size; }

    // Adds delta to positions [first, last).
    void add(size_t first, size_t last, int64_t delta) {
        if (first < last && last <= m_size)
            add(1, 0, m_leaves, first, last, delta);
    }

    // Maximum over positions [0, count); 0 for an empty prefix.
    int64_t prefixMax(size_t count) const {
        count = std::min(count, m_size);
        if (count == 0)
            return 0;
        return query(1, 0, m_leaves, count);
    }

private:
    // Unused leaves hold kEmpty so they never win a maximum; adds never reach them.
    static constexpr int64_t kEmpty = std::numeric_limits<int64_t>::min() / 4;

    void add(size_t node, size_t lo, size_t hi, size_t first, size_t last, int64_t delta) {
        if (first <= lo && hi <= last) {
            m_max[node] += delta;
            m_add[node] += delta;
            return;
        }
        const size_t mid = (lo + hi) / 2;
        if (first < mid)
            add(2 * node, lo, mid, first, last, delta);
        if (last > mid)
            add(2 * node + 1, mid, hi, first, last, delta);
        m_max[node] = std::max(m_max[2 * node], m_max[2 * node + 1]) + m_add[node];
    }

    // Lazy adds stay at the node they were applied to; a query adds them on the way down.
    int64_t query(size_t node, size_t lo, size_t hi, size_t count) const {
        if (hi <= count)
            return m_max[node];
        const size_t mid = (lo + hi) / 2;
        int64_t best = query(2 * node, lo, mid, count);
        if (count > mid)
            best = std::max(best, query(2 * node + 1, mid, hi, count));
        return best + m_add[node];
    }

    size_t m_size = 0;
    size_t m_leaves = 1;
    std::vector<int64_t> m_max;
    std::vector<int64_t> m_add;
};

} // namespace autosplit
