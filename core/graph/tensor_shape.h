#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autosplit {

// A tensor's shape as far as it is known. Unknown dimensions are -1; a shape of unknown rank has
// rankKnown == false. Element counts are checked for int64 overflow rather than wrapping.
struct TensorShape {
    bool rankKnown = false;
    std::vector<int64_t> dims;

    static TensorShape unknown() { return {}; }
    static TensorShape of(std::vector<int64_t> d) { return {true, std::move(d)}; }

    bool isFullyKnown() const;
    // nullopt when a dimension is unknown or the product overflows int64.
    std::optional<int64_t> elementCount() const;
    // "1x3x224x224", "?x3x?x?" or "?" (unknown rank); "scalar" for rank 0.
    std::string toString() const;

    bool operator==(const TensorShape&) const = default;
};

// Product of dims, nullopt on a negative dim or int64 overflow.
std::optional<int64_t> checkedProduct(const std::vector<int64_t>& dims);

} // namespace autosplit
