#include "core/graph/tensor_shape.h"

#include <limits>

namespace autosplit {

std::optional<int64_t> checkedProduct(const std::vector<int64_t>& dims) {
    int64_t product = 1;
    for (int64_t d : dims) {
        if (d < 0)
            return std::nullopt;
        if (d != 0 && product > std::numeric_limits<int64_t>::max() / d)
            return std::nullopt;
        product *= d;
    }
    return product;
}

bool TensorShape::isFullyKnown() const {
    if (!rankKnown)
        return false;
    for (int64_t d : dims)
        if (d < 0)
            return false;
    return true;
}

std::optional<int64_t> TensorShape::elementCount() const {
    if (!isFullyKnown())
        return std::nullopt;
    return checkedProduct(dims);
}

std::string TensorShape::toString() const {
    if (!rankKnown)
        return "?";
    if (dims.empty())
        return "scalar";
    std::string text;
    for (size_t i = 0; i < dims.size(); ++i) {
        if (i)
            text += 'x';
        text += dims[i] < 0 ? std::string("?") : std::to_string(dims[i]);
    }
    return text;
}

} // namespace autosplit
