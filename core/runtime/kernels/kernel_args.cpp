#include "core/runtime/kernels/kernel_args.h"

#include "core/graph/tensor_shape.h"

#include <algorithm>

namespace autosplit::kernels {

Result<std::vector<int64_t>> intValues(const KernelContext& c, const HostTensor& t,
                                       const std::string& what) {
    if (t.dtype() == DataType::Int64)
        return std::vector<int64_t>(t.data<int64_t>(), t.data<int64_t>() + t.elementCount());
    if (t.dtype() == DataType::Int32)
        return std::vector<int64_t>(t.data<int32_t>(), t.data<int32_t>() + t.elementCount());
    return c.fail(what + " must be int32 or int64, not " + std::string(nameOf(t.dtype())));
}

std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
    if (axis < -rank || axis >= rank)
        return std::nullopt;
    return axis < 0 ? axis + rank : axis;
}

Result<int64_t> checkedAxis(const KernelContext& c, int64_t axis, int64_t rank) {
    auto a = normalizeAxis(axis, rank);
    if (!a)
        return c.fail("axis " + std::to_string(axis) + " is out of range for rank " +
                      std::to_string(rank));
    return *a;
}

Result<std::vector<int64_t>> checkedAxes(const KernelContext& c, const std::vector<int64_t>& axes,
                                         int64_t rank) {
    std::vector<int64_t> out;
    out.reserve(axes.size());
    for (int64_t axis : axes) {
        auto a = checkedAxis(c, axis, rank);
        if (!a)
            return a.error();
        out.push_back(*a);
    }
    std::sort(out.begin(), out.end());
    if (std::adjacent_find(out.begin(), out.end()) != out.end())
        return c.fail("axes repeat an axis");
    return out;
}

std::string dimsText(const std::vector<int64_t>& dims) {
    return dims.empty() ? std::string("scalar") : TensorShape::of(dims).toString();
}

std::string listText(const std::vector<int64_t>& values) {
    std::string text = "[";
    for (size_t i = 0; i < values.size(); ++i)
        text += (i ? ", " : "") + std::to_string(values[i]);
    return text + "]";
}

std::vector<int64_t> stridesOf(const std::vector<int64_t>& dims) {
    std::vector<int64_t> strides(dims.size(), 1);
    for (size_t i = dims.size(); i-- > 1;)
        strides[i - 1] = strides[i] * dims[i];
    return strides;
}

int64_t productOf(const std::vector<int64_t>& dims, size_t begin, size_t end) {
    int64_t p = 1;
    for (size_t i = begin; i < end && i < dims.size(); ++i)
        p *= dims[i];
    return p;
}

} // namespace autosplit::kernels
