#pragma once

// A Fenwick (binary indexed) tree over positions 0..size-1: point updates and prefix sums in
// O(log n). The solver keeps per-layer latencies, errors and bit counts in these so that moving
// along a Lagrangian path (one layer's bit-width changes) updates every split's total at once.

#include <cstddef>
#include <vector>

namespace autosplit {

template <typename T> class FenwickTree {
public:
    FenwickTree() = default;
    explicit FenwickTree(size_t size) : m_tree(size + 1, T{}) {}

    // Rebuilds from values in O(n).
    void assign(const std::vector<T>& values) {
        m_tree.assign(values.size() + 1, T{});
        for (size_t i = 1; i <= values.size(); ++i) {
            m_tree[i] += values[i - 1];
            const size_t parent = i + (i & (~i + 1));
            if (parent <= values.size())
                m_tree[parent] += m_tree[i];
        }
    }

    size_t size() const { return m_tree.empty() ? 0 : m_tree.size() - 1; }

    void add(size_t position, T delta) {
        for (size_t i = position + 1; i < m_tree.size(); i += i & (~i + 1))
            m_tree[i] += delta;
    }

    // Sum of positions 0..count-1.
    T prefix(size_t count) const {
        T sum{};
        if (m_tree.empty())
            return sum;
        for (size_t i = count < m_tree.size() ? count : m_tree.size() - 1; i > 0; i -= i & (~i + 1))
            sum += m_tree[i];
        return sum;
    }

private:
    std::vector<T> m_tree; // 1-based
};

} // namespace autosplit
