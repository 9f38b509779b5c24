// Shape and data-movement kernels. Reshape, Flatten, Squeeze and Unsqueeze return a view of their
// input (same buffer, new dims); the others move elements by size, so they handle every
// fixed-size dtype. Each op reads its arguments the way the graph's opset defines them
// (attributes in older opsets, inputs in newer ones).
// Long file: one file per operator family, as ONNX Runtime's tensor/ folder groups them; the
// family's helpers (axis normalisation, opset-dependent argument reading) are shared by all.

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/kernels/broadcast.h"
#include "core/runtime/kernels/dtype_dispatch.h"
#include "core/runtime/kernels/half_float.h"
#include "core/runtime/kernels/kernel_args.h"
#include "core/runtime/kernels/strided_copy.h"

#include "core/graph/tensor_elements.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

namespace autosplit {

namespace {

using namespace kernels;

// A view with new dims; fails when the element count differs.
Status setView(KernelContext& c, const HostTensor& x, std::vector<int64_t> dims) {
    auto count = checkedProduct(dims);
    if (!count || *count != x.elementCount())
        return c.fail("cannot view " + dimsText(x.dims()) + " as " + dimsText(dims));
    c.outputs[0] = x.reshaped(std::move(dims));
    return Status::success();
}

// Integers from an attribute (older opsets) or from input `slot` (newer ones); nullopt when
// neither is given.
Result<std::optional<std::vector<int64_t>>>
intsFromAttrOrInput(const KernelContext& c, bool fromInput, const std::string& name, size_t slot) {
    if (fromInput) {
        if (!c.hasInput(slot))
            return std::optional<std::vector<int64_t>>();
        auto values = intValues(c, c.input(slot), name);
        if (!values)
            return values.error();
        return std::optional<std::vector<int64_t>>(std::move(values).value());
    }
    if (!c.node.attribute(name))
        return std::optional<std::vector<int64_t>>();
    return std::optional<std::vector<int64_t>>(c.node.attrInts(name));
}

// Copies a strided view of x into a new tensor of `dims`.
HostTensor viewCopy(const HostTensor& x, const std::vector<int64_t>& dims,
                    const std::vector<int64_t>& strides, int64_t offset, int threads) {
    HostTensor out(x.dtype(), dims);
    visitBySize(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        stridedCopy<T>(x.data<T>() + offset, dims, strides, out.mutableData<T>(), threads);
    });
    return out;
}

// ---------------------------------------------------------------- views

Status runReshape(KernelContext& c) {
    const HostTensor& x = c.input(0);
    std::vector<int64_t> shape;
    if (c.opset < 5) {
        shape = c.node.attrInts("shape");
    } else {
        auto values = intValues(c, c.input(1), "shape");
        if (!values)
            return values.error();
        shape = std::move(values).value();
    }
    const bool allowZero = c.node.attrInt("allowzero", 0) != 0;
    std::vector<int64_t> dims(shape.size());
    int64_t inferred = -1;
    int64_t known = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
        const int64_t s = shape[i];
        if (s == -1) {
            if (inferred >= 0)
                return c.fail("shape " + listText(shape) + " has more than one -1");
            inferred = static_cast<int64_t>(i);
            continue;
        }
        if (s < -1)
            return c.fail("shape has a negative dimension " + std::to_string(s));
        if (s == 0 && !allowZero) {
            if (i >= x.dims().size())
                return c.fail("shape " + listText(shape) + " copies dimension " +
                              std::to_string(i) + " that the input " + dimsText(x.dims()) +
                              " does not have");
            dims[i] = x.dims()[i];
        } else {
            dims[i] = s;
        }
        known *= dims[i];
    }
    if (inferred >= 0) {
        if (known == 0 || x.elementCount() % known != 0)
            return c.fail("cannot reshape " + dimsText(x.dims()) + " to " + listText(shape));
        dims[static_cast<size_t>(inferred)] = x.elementCount() / known;
    }
    return setView(c, x, std::move(dims));
}

Status runFlatten(KernelContext& c) {
    const HostTensor& x = c.input(0);
    const int64_t rank = x.rank();
    int64_t axis = c.node.attrInt("axis", 1);
    if (axis < 0)
        axis += rank;
    if (axis < 0 || axis > rank)
        return c.fail("axis " + std::to_string(c.node.attrInt("axis", 1)) +
                      " is out of range for rank " + std::to_string(rank));
    const auto a = static_cast<size_t>(axis);
    return setView(c, x, {productOf(x.dims(), 0, a), productOf(x.dims(), a, x.dims().size())});
}

Status runSqueeze(KernelContext& c) {
    const HostTensor& x = c.input(0);
    auto axes = intsFromAttrOrInput(c, c.opset >= 13, "axes", 1);
    if (!axes)
        return axes.error();
    std::vector<int64_t> dims;
    if (!axes->has_value()) {
        for (int64_t d : x.dims())
            if (d != 1)
                dims.push_back(d);
        return setView(c, x, std::move(dims));
    }
    auto checked = checkedAxes(c, **axes, x.rank());
    if (!checked)
        return checked.error();
    for (int64_t i = 0; i < x.rank(); ++i) {
        const bool squeezed = std::binary_search(checked->begin(), checked->end(), i);
        if (squeezed && x.dim(i) != 1)
            return c.fail("cannot squeeze axis " + std::to_string(i) + " of size " +
                          std::to_string(x.dim(i)));
        if (!squeezed)
            dims.push_back(x.dim(i));
    }
    return setView(c, x, std::move(dims));
}

Status runUnsqueeze(KernelContext& c) {
    const HostTensor& x = c.input(0);
    auto axes = intsFromAttrOrInput(c, c.opset >= 13, "axes", 1);
    if (!axes)
        return axes.error();
    if (!axes->has_value())
        return c.fail("axes are missing");
    const int64_t outRank = x.rank() + static_cast<int64_t>((*axes)->size());
    auto checked = checkedAxes(c, **axes, outRank);
    if (!checked)
        return checked.error();
    std::vector<int64_t> dims;
    size_t next = 0;
    for (int64_t i = 0; i < outRank; ++i)
        dims.push_back(std::binary_search(checked->begin(), checked->end(), i) ? 1
                                                                               : x.dims()[next++]);
    return setView(c, x, std::move(dims));
}

// ---------------------------------------------------------------- Transpose

Status runTranspose(KernelContext& c) {
    const HostTensor& x = c.input(0);
    const auto rank = static_cast<size_t>(x.rank());
    std::vector<int64_t> perm = c.node.attrInts("perm");
    if (!c.node.attribute("perm")) {
        perm.resize(rank);
        for (size_t i = 0; i < rank; ++i)
            perm[i] = static_cast<int64_t>(rank - 1 - i);
    }
    if (perm.size() != rank)
        return c.fail("perm has " + std::to_string(perm.size()) + " entries for rank " +
                      std::to_string(rank));
    std::vector<bool> seen(rank, false);
    for (int64_t& p : perm) {
        auto axis = normalizeAxis(p, static_cast<int64_t>(rank));
        if (!axis || seen[static_cast<size_t>(*axis)])
            return c.fail("perm is not a permutation of the axes");
        p = *axis;
        seen[static_cast<size_t>(p)] = true;
    }
    const std::vector<int64_t> inStrides = stridesOf(x.dims());
    std::vector<int64_t> dims(rank), strides(rank);
    for (size_t i = 0; i < rank; ++i) {
        dims[i] = x.dims()[static_cast<size_t>(perm[i])];
        strides[i] = inStrides[static_cast<size_t>(perm[i])];
    }
    c.outputs[0] = viewCopy(x, dims, strides, 0, c.threads);
    return Status::success();
}

// ---------------------------------------------------------------- Concat, Split

Status runConcat(KernelContext& c) {
    if (c.inputs.empty())
        return c.fail("needs at least one input");
    const HostTensor& first = c.input(0);
    auto axisResult = checkedAxis(c, c.node.attrInt("axis", 0), first.rank());
    if (!axisResult)
        return axisResult.error();
    const auto axis = static_cast<size_t>(*axisResult);
    std::vector<int64_t> dims = first.dims();
    dims[axis] = 0;
    for (size_t i = 0; i < c.inputs.size(); ++i) {
        if (!c.hasInput(i))
            return c.fail("input " + std::to_string(i) + " is missing");
        const HostTensor& t = c.input(i);
        if (t.dtype() != first.dtype())
            return c.fail("inputs have different types");
        bool compatible = t.rank() == first.rank();
        for (size_t d = 0; compatible && d < dims.size(); ++d)
            compatible = d == axis || t.dims()[d] == first.dims()[d];
        if (!compatible)
            return c.fail("input " + std::to_string(i) + " of shape " + dimsText(t.dims()) +
                          " does not match " + dimsText(first.dims()) + " outside axis " +
                          std::to_string(axis));
        dims[axis] += t.dims()[axis];
    }
    HostTensor out(first.dtype(), dims);
    const int64_t outer = productOf(dims, 0, axis);
    const auto elementBytes = static_cast<size_t>(bitsOf(first.dtype()) / 8);
    const size_t outRow = static_cast<size_t>(productOf(dims, axis, dims.size())) * elementBytes;
    size_t columnOffset = 0;
    for (const HostTensor* t : c.inputs) {
        const size_t row =
            static_cast<size_t>(productOf(t->dims(), axis, t->dims().size())) * elementBytes;
        const std::byte* src = t->bytes();
        std::byte* dst = out.mutableBytes() + columnOffset;
        parallelRange(outer, c.threads, t->elementCount(), [&](int64_t begin, int64_t end) {
            for (int64_t o = begin; o < end; ++o)
                std::memcpy(dst + static_cast<size_t>(o) * outRow,
                            src + static_cast<size_t>(o) * row, row);
        });
        columnOffset += row;
    }
    c.outputs[0] = std::move(out);
    return Status::success();
}

Status runSplit(KernelContext& c) {
    const HostTensor& x = c.input(0);
    auto axisResult = checkedAxis(c, c.node.attrInt("axis", 0), x.rank());
    if (!axisResult)
        return axisResult.error();
    const auto axis = static_cast<size_t>(*axisResult);
    const int64_t length = x.dims()[axis];
    const auto parts = static_cast<int64_t>(c.outputs.size());
    auto given = intsFromAttrOrInput(c, c.opset >= 13, "split", 1);
    if (!given)
        return given.error();
    std::vector<int64_t> sizes;
    if (given->has_value()) {
        sizes = **given;
        if (static_cast<int64_t>(sizes.size()) != parts)
            return c.fail("split has " + std::to_string(sizes.size()) + " sizes for " +
                          std::to_string(parts) + " outputs");
        int64_t total = 0;
        for (int64_t s : sizes) {
            if (s < 0)
                return c.fail("split has a negative size");
            total += s;
        }
        if (total != length)
            return c.fail("split sizes add up to " + std::to_string(total) +
                          ", not the axis length " + std::to_string(length));
    } else {
        if (parts == 0 || length % parts != 0)
            return c.fail("axis length " + std::to_string(length) + " does not split evenly into " +
                          std::to_string(parts) + " outputs");
        sizes.assign(static_cast<size_t>(parts), length / parts);
    }
    const int64_t outer = productOf(x.dims(), 0, axis);
    const auto elementBytes = static_cast<size_t>(bitsOf(x.dtype()) / 8);
    const size_t innerBytes =
        static_cast<size_t>(productOf(x.dims(), axis + 1, x.dims().size())) * elementBytes;
    const size_t inRow = static_cast<size_t>(length) * innerBytes;
    size_t columnOffset = 0;
    for (size_t p = 0; p < sizes.size(); ++p) {
        std::vector<int64_t> dims = x.dims();
        dims[axis] = sizes[p];
        HostTensor out(x.dtype(), dims);
        const size_t row = static_cast<size_t>(sizes[p]) * innerBytes;
        for (int64_t o = 0; o < outer; ++o)
            std::memcpy(out.mutableBytes() + static_cast<size_t>(o) * row,
                        x.bytes() + static_cast<size_t>(o) * inRow + columnOffset, row);
        columnOffset += row;
        c.outputs[p] = std::move(out);
    }
    return Status::success();
}

// ---------------------------------------------------------------- Slice

Status runSlice(KernelContext& c) {
    const HostTensor& x = c.input(0);
    const int64_t rank = x.rank();
    std::vector<int64_t> starts, ends, axes, steps;
    if (c.opset < 10) {
        starts = c.node.attrInts("starts");
        ends = c.node.attrInts("ends");
        axes = c.node.attrInts("axes");
    } else {
        for (auto [slot, name, target] :
             {std::tuple{size_t(1), "starts", &starts}, std::tuple{size_t(2), "ends", &ends},
              std::tuple{size_t(3), "axes", &axes}, std::tuple{size_t(4), "steps", &steps}}) {
            if (!c.hasInput(slot))
                continue;
            auto values = intValues(c, c.input(slot), name);
            if (!values)
                return values.error();
            *target = std::move(values).value();
        }
    }
    if (axes.empty())
        for (size_t i = 0; i < starts.size(); ++i)
            axes.push_back(static_cast<int64_t>(i));
    if (steps.empty())
        steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() ||
        steps.size() != starts.size())
        return c.fail("starts, ends, axes and steps have different lengths");

    std::vector<int64_t> dims = x.dims();
    const std::vector<int64_t> inStrides = stridesOf(x.dims());
    std::vector<int64_t> strides = inStrides;
    std::vector<bool> seen(static_cast<size_t>(rank), false);
    int64_t offset = 0;
    for (size_t i = 0; i < starts.size(); ++i) {
        auto axis = checkedAxis(c, axes[i], rank);
        if (!axis)
            return axis.error();
        const auto a = static_cast<size_t>(*axis);
        if (seen[a])
            return c.fail("axes repeat an axis");
        seen[a] = true;
        const int64_t d = x.dims()[a];
        const int64_t step = steps[i];
        if (step == 0)
            return c.fail("a step is 0");
        // Clamp in the ONNX order: negative indices count from the end, then the range is bounded.
        int64_t start =
            starts[i] < 0
                ? std::max<int64_t>(starts[i], std::numeric_limits<int64_t>::min() + d) + d
                : starts[i];
        int64_t end = ends[i] < 0
                          ? std::max<int64_t>(ends[i], std::numeric_limits<int64_t>::min() + d) + d
                          : ends[i];
        // The step's magnitude as unsigned (-INT64_MIN does not fit int64_t), and ceil(span / it)
        // as (span - 1) / it + 1, which cannot overflow for any step.
        const uint64_t magnitude =
            step > 0 ? static_cast<uint64_t>(step) : uint64_t(0) - static_cast<uint64_t>(step);
        int64_t count;
        if (step > 0) {
            start = std::clamp<int64_t>(start, 0, d);
            end = std::clamp<int64_t>(end, 0, d);
            count =
                end > start
                    ? static_cast<int64_t>((static_cast<uint64_t>(end - start) - 1) / magnitude + 1)
                    : 0;
        } else {
            start = std::clamp<int64_t>(start, 0, d - 1);
            end = std::clamp<int64_t>(end, -1, d - 1);
            count =
                start > end
                    ? static_cast<int64_t>((static_cast<uint64_t>(start - end) - 1) / magnitude + 1)
                    : 0;
        }
        dims[a] = count;
        // one element never steps (and a step beyond the dim would overflow the stride)
        strides[a] = count > 1 ? inStrides[a] * step : 0;
        if (count > 0)
            offset += start * inStrides[a];
    }
    c.outputs[0] = viewCopy(x, dims, strides, offset, c.threads);
    return Status::success();
}

// ---------------------------------------------------------------- Expand, Tile

Status runExpand(KernelContext& c) {
    const HostTensor& x = c.input(0);
    auto shape = intValues(c, c.input(1), "shape");
    if (!shape)
        return shape.error();
    auto dims = broadcastShape({&x.dims(), &*shape});
    if (!dims)
        return c.fail("input " + dimsText(x.dims()) + " does not broadcast to " + listText(*shape));
    const size_t pad = dims->size() - x.dims().size();
    const std::vector<int64_t> inStrides = stridesOf(x.dims());
    std::vector<int64_t> strides(dims->size(), 0);
    for (size_t i = 0; i < x.dims().size(); ++i)
        strides[pad + i] = x.dims()[i] == 1 ? 0 : inStrides[i];
    c.outputs[0] = viewCopy(x, *dims, strides, 0, c.threads);
    return Status::success();
}

Status runTile(KernelContext& c) {
    const HostTensor& x = c.input(0);
    auto repeats = intValues(c, c.input(1), "repeats");
    if (!repeats)
        return repeats.error();
    if (static_cast<int64_t>(repeats->size()) != x.rank())
        return c.fail("repeats has " + std::to_string(repeats->size()) + " entries for rank " +
                      std::to_string(x.rank()));
    // The output viewed as [r0, d0, r1, d1, ...]: the repeat axes have stride 0.
    const std::vector<int64_t> inStrides = stridesOf(x.dims());
    std::vector<int64_t> viewDims, viewStrides, dims;
    for (size_t i = 0; i < repeats->size(); ++i) {
        if ((*repeats)[i] < 0)
            return c.fail("repeats has a negative entry");
        viewDims.push_back((*repeats)[i]);
        viewStrides.push_back(0);
        viewDims.push_back(x.dims()[i]);
        viewStrides.push_back(inStrides[i]);
        dims.push_back((*repeats)[i] * x.dims()[i]);
    }
    HostTensor out(x.dtype(), dims);
    visitBySize(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        stridedCopy<T>(x.data<T>(), viewDims, viewStrides, out.mutableData<T>(), c.threads);
    });
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- Pad

// Raw bytes of `value` as one element of dtype (the opset < 11 float attribute).
std::vector<std::byte> scalarBytes(DataType dtype, double value) {
    std::vector<std::byte> bytes(static_cast<size_t>(bitsOf(dtype) / 8));
    auto put = [&](auto v) { std::memcpy(bytes.data(), &v, sizeof(v)); };
    if (dtype == DataType::Float16)
        put(floatToHalf(static_cast<float>(value)));
    else if (dtype == DataType::BFloat16)
        put(floatToBFloat16(static_cast<float>(value)));
    else if (dtype == DataType::Bool)
        put(static_cast<uint8_t>(value != 0.0));
    else
        visitNumeric(dtype,
                     [&](auto tag) { put(static_cast<typename decltype(tag)::type>(value)); });
    return bytes;
}

bool isPaddable(DataType t) {
    return isNumericType(t) || isHalfType(t) || t == DataType::Bool;
}

Status runPad(KernelContext& c) {
    const HostTensor& x = c.input(0);
    const auto rank = static_cast<size_t>(x.rank());
    const std::string mode = c.node.attrString("mode", "constant");
    std::vector<int64_t> pads;
    std::vector<std::byte> fill = scalarBytes(x.dtype(), 0.0);
    if (c.opset < 11) {
        pads = c.node.attrInts(c.opset < 2 ? "paddings" : "pads");
        fill = scalarBytes(x.dtype(), c.node.attrFloat("value", 0.f));
    } else {
        auto values = intValues(c, c.input(1), "pads");
        if (!values)
            return values.error();
        pads = std::move(values).value();
        if (c.hasInput(2) && c.input(2).elementCount() > 0) {
            const HostTensor& v = c.input(2);
            if (v.dtype() != x.dtype())
                return c.fail("constant_value has type " + std::string(nameOf(v.dtype())) +
                              ", not the input's");
            std::memcpy(fill.data(), v.bytes(), fill.size());
        }
    }
    if (pads.size() != 2 * rank)
        return c.fail("pads has " + std::to_string(pads.size()) + " entries for rank " +
                      std::to_string(rank));

    // Per output dim, the source index of each position, or -1 for the constant.
    std::vector<int64_t> dims(rank);
    std::vector<std::vector<int64_t>> source(rank);
    for (size_t i = 0; i < rank; ++i) {
        const int64_t d = x.dims()[i];
        const int64_t before = pads[i], after = pads[i + rank];
        dims[i] = d + before + after;
        if (dims[i] < 0)
            return c.fail("pads crop axis " + std::to_string(i) + " below zero");
        if (dims[i] > 0 && d == 0 && mode != "constant")
            return c.fail("cannot " + mode + "-pad an empty axis");
        source[i].resize(static_cast<size_t>(std::max<int64_t>(dims[i], 0)));
        for (int64_t j = 0; j < dims[i]; ++j) {
            int64_t k = j - before;
            if (k < 0 || k >= d) {
                if (mode == "constant") {
                    k = -1;
                } else if (mode == "edge") {
                    k = std::clamp<int64_t>(k, 0, d - 1);
                } else if (d == 1) { // reflecting one element repeats it (numpy 'reflect')
                    k = 0;
                } else { // reflect, mirrored about the edge elements (numpy 'reflect')
                    const int64_t period = 2 * (d - 1);
                    k = ((k % period) + period) % period;
                    if (k >= d)
                        k = period - k;
                }
            }
            source[i][static_cast<size_t>(j)] = k;
        }
    }
    HostTensor out(x.dtype(), dims);
    if (out.elementCount() == 0) {
        c.outputs[0] = std::move(out);
        return Status::success();
    }
    const std::vector<int64_t> inStrides = stridesOf(x.dims());
    visitBySize(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        T value;
        std::memcpy(&value, fill.data(), sizeof(T));
        const T* src = x.data<T>();
        T* dst = out.mutableData<T>();
        if (rank == 0) {
            dst[0] = src[0];
            return;
        }
        const int64_t inner = dims[rank - 1];
        const int64_t rows = out.elementCount() / inner;
        const std::vector<int64_t>& last = source[rank - 1];
        parallelRange(rows, c.threads, out.elementCount(), [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                T* row = dst + r * inner;
                int64_t offset = 0;
                bool inside = true;
                int64_t rest = r;
                for (size_t i = rank - 1; i-- > 0;) {
                    const int64_t k = source[i][static_cast<size_t>(rest % dims[i])];
                    rest /= dims[i];
                    if (k < 0)
                        inside = false;
                    offset += k * inStrides[i];
                }
                if (!inside) {
                    std::fill_n(row, inner, value);
                    continue;
                }
                for (int64_t j = 0; j < inner; ++j) {
                    const int64_t k = last[static_cast<size_t>(j)];
                    row[j] = k < 0 ? value : src[offset + k];
                }
            }
        });
    });
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- Shape, Size, ConstantOfShape,
// Range, Constant

Status runShape(KernelContext& c) {
    const HostTensor& x = c.input(0);
    const int64_t rank = x.rank();
    auto clampIndex = [rank](int64_t i) {
        return std::clamp<int64_t>(i < 0 ? i + rank : i, 0, rank);
    };
    const int64_t start = c.opset >= 15 ? clampIndex(c.node.attrInt("start", 0)) : 0;
    const int64_t end = c.opset >= 15 ? clampIndex(c.node.attrInt("end", rank)) : rank;
    std::vector<int64_t> values;
    for (int64_t i = start; i < end; ++i)
        values.push_back(x.dim(i));
    c.outputs[0] = HostTensor::fromInt64s({static_cast<int64_t>(values.size())}, values);
    return Status::success();
}

Status runSize(KernelContext& c) {
    const int64_t n = c.input(0).elementCount();
    c.outputs[0] = HostTensor::fromInt64s({}, std::vector<int64_t>{n});
    return Status::success();
}

Status runConstantOfShape(KernelContext& c) {
    auto shape = intValues(c, c.input(0), "shape");
    if (!shape)
        return shape.error();
    for (int64_t d : *shape)
        if (d < 0)
            return c.fail("shape has a negative dimension " + std::to_string(d));
    if (!checkedProduct(*shape))
        return c.fail("shape " + listText(*shape) + " is too large");
    const Attribute* value = c.node.attribute("value");
    if (value && (!value->tensor || value->tensor->elementCount() != 1))
        return c.fail("value must be a one-element tensor");
    const DataType dtype = value ? value->tensor->dtype : DataType::Float;
    HostTensor out(dtype, *shape);
    if (value) {
        const size_t width = static_cast<size_t>(bitsOf(dtype) / 8);
        if (value->tensor->raw.size() != width)
            return c.fail("value holds no data");
        std::byte* dst = out.mutableBytes();
        for (int64_t i = 0; i < out.elementCount(); ++i)
            std::memcpy(dst + static_cast<size_t>(i) * width, value->tensor->raw.data(), width);
    }
    c.outputs[0] = std::move(out);
    return Status::success();
}

bool isRangeType(DataType t) {
    return t == DataType::Float || t == DataType::Double || t == DataType::Int16 ||
           t == DataType::Int32 || t == DataType::Int64;
}

Status runRange(KernelContext& c) {
    const HostTensor& start = c.input(0);
    const HostTensor& limit = c.input(1);
    const HostTensor& delta = c.input(2);
    if (start.dtype() != limit.dtype() || start.dtype() != delta.dtype())
        return c.fail("start, limit and delta have different types");
    if (start.elementCount() != 1 || limit.elementCount() != 1 || delta.elementCount() != 1)
        return c.fail("start, limit and delta must be scalars");
    Status status = Status::success();
    visitNumeric(start.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T s = start.data<T>()[0], l = limit.data<T>()[0], d = delta.data<T>()[0];
        if (d == T(0)) {
            status = c.fail("delta is 0");
            return;
        }
        // number_of_elements = max(ceil((limit - start) / delta), 0), computed in T as the spec
        // does
        double count;
        if constexpr (std::is_floating_point_v<T>)
            count = std::ceil(static_cast<double>((l - s) / d));
        else
            count = std::ceil((static_cast<double>(l) - static_cast<double>(s)) /
                              static_cast<double>(d));
        count = std::max(count, 0.0);
        if (count > 1e10) {
            status = c.fail("the range has too many elements");
            return;
        }
        const auto n = static_cast<int64_t>(count);
        HostTensor out(start.dtype(), {n});
        T* o = out.mutableData<T>();
        for (int64_t i = 0; i < n; ++i)
            o[i] = static_cast<T>(s + static_cast<T>(i) * d);
        c.outputs[0] = std::move(out);
    });
    return status;
}

// A Constant node the importer kept (it turns most into initializers).
Status runConstant(KernelContext& c) {
    const Node& n = c.node;
    if (const Attribute* a = n.attribute("value"); a && a->tensor) {
        c.outputs[0] = HostTensor::fromConstant(a->tensor);
    } else if (const Attribute* f = n.attribute("value_float")) {
        c.outputs[0] = HostTensor::fromFloats({}, std::vector<float>{f->f});
    } else if (const Attribute* fs = n.attribute("value_floats")) {
        c.outputs[0] =
            HostTensor::fromFloats({static_cast<int64_t>(fs->floats.size())}, fs->floats);
    } else if (const Attribute* i = n.attribute("value_int")) {
        c.outputs[0] = HostTensor::fromInt64s({}, std::vector<int64_t>{i->i});
    } else if (const Attribute* is = n.attribute("value_ints")) {
        c.outputs[0] = HostTensor::fromInt64s({static_cast<int64_t>(is->ints.size())}, is->ints);
    } else {
        return c.fail("holds no numeric value");
    }
    return Status::success();
}

bool constantIsNumeric(const Node& n) {
    if (const Attribute* a = n.attribute("value"))
        return a->tensor && isCopyableType(a->tensor->dtype);
    return n.attribute("value_float") || n.attribute("value_floats") || n.attribute("value_int") ||
           n.attribute("value_ints");
}

// ---------------------------------------------------------------- DepthToSpace, SpaceToDepth

Status runDepthToSpace(KernelContext& c) {
    const HostTensor& x = c.input(0);
    if (x.rank() != 4)
        return c.fail("input must be 4-D, got " + dimsText(x.dims()));
    const int64_t b = c.node.attrInt("blocksize", 0);
    const int64_t n = x.dim(0), ch = x.dim(1), h = x.dim(2), w = x.dim(3);
    if (b <= 0 || ch % (b * b) != 0)
        return c.fail("channels " + std::to_string(ch) + " do not divide by blocksize^2");
    const int64_t oc = ch / (b * b);
    const bool crd = c.node.attrString("mode", "DCR") == "CRD";
    // Output viewed as [N, oc, H, b1, W, b2]; the input channel is b1*b*oc + b2*oc + c (DCR) or
    // c*b*b + b1*b + b2 (CRD).
    const int64_t sc = h * w; // input channel stride
    const std::vector<int64_t> dims{n, oc, h, b, w, b};
    const std::vector<int64_t> strides{ch * sc, (crd ? b * b : 1) * sc, w, (crd ? b : b * oc) * sc,
                                       1,       (crd ? 1 : oc) * sc};
    HostTensor out(x.dtype(), {n, oc, h * b, w * b});
    visitBySize(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        stridedCopy<T>(x.data<T>(), dims, strides, out.mutableData<T>(), c.threads);
    });
    c.outputs[0] = std::move(out);
    return Status::success();
}

Status runSpaceToDepth(KernelContext& c) {
    const HostTensor& x = c.input(0);
    if (x.rank() != 4)
        return c.fail("input must be 4-D, got " + dimsText(x.dims()));
    const int64_t b = c.node.attrInt("blocksize", 0);
    const int64_t n = x.dim(0), ch = x.dim(1), h = x.dim(2), w = x.dim(3);
    if (b <= 0 || h % b != 0 || w % b != 0)
        return c.fail("height and width must divide by blocksize");
    // Output channel = (b1*b + b2)*C + c at (h/b, w/b): viewed as [N, b1, b2, C, H/b, W/b].
    const std::vector<int64_t> dims{n, b, b, ch, h / b, w / b};
    const std::vector<int64_t> strides{ch * h * w, w, 1, h * w, b * w, b};
    HostTensor out(x.dtype(), {n, ch * b * b, h / b, w / b});
    visitBySize(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        stridedCopy<T>(x.data<T>(), dims, strides, out.mutableData<T>(), c.threads);
    });
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- supports

// Data of any fixed-size type in input 0; the listed integer inputs int32/int64 when present.
KernelSupports dataAndIntInputs(std::vector<size_t> intSlots, bool int64Only = false) {
    return [intSlots = std::move(intSlots), int64Only](const Node&,
                                                       const std::vector<DataType>& types) {
        if (types.empty() || (types[0] != DataType::Undefined && !isCopyableType(types[0])))
            return false;
        for (size_t s : intSlots)
            if (s < types.size() && types[s] != DataType::Undefined &&
                types[s] != DataType::Int64 && (int64Only || types[s] != DataType::Int32))
                return false;
        return true;
    };
}

// Every present input of one fixed-size type.
KernelSupports allCopyable() {
    return [](const Node&, const std::vector<DataType>& types) {
        DataType first = DataType::Undefined;
        for (DataType t : types) {
            if (t == DataType::Undefined)
                continue;
            if (!isCopyableType(t) || (first != DataType::Undefined && t != first))
                return false;
            first = t;
        }
        return true;
    };
}

} // namespace

void registerShapeKernels(KernelRegistry& r) {
    r.add({"Reshape", "", dataAndIntInputs({1}, true), runReshape});
    r.add({"Flatten", "", allCopyable(), runFlatten});
    r.add({"Squeeze", "", dataAndIntInputs({1}, true), runSqueeze});
    r.add({"Unsqueeze", "", dataAndIntInputs({1}, true), runUnsqueeze});
    r.add({"Transpose", "", allCopyable(), runTranspose});
    r.add({"Concat", "", allCopyable(), runConcat});
    r.add({"Split", "", dataAndIntInputs({1}, true), runSplit});
    r.add({"Slice", "", dataAndIntInputs({1, 2, 3, 4}), runSlice});
    r.add({"Expand", "", dataAndIntInputs({1}, true), runExpand});
    r.add({"Tile", "", dataAndIntInputs({1}, true), runTile});
    r.add({"Pad", "",
           [](const Node& n, const std::vector<DataType>& types) {
               const std::string mode = n.attrString("mode", "constant");
               // wrap (opset 19) and the axes input (opset 18) are newer than the ONNX this reads
               return (mode == "constant" || mode == "reflect" || mode == "edge") &&
                      !types.empty() && (types[0] == DataType::Undefined || isPaddable(types[0])) &&
                      (types.size() < 2 || types[1] == DataType::Undefined ||
                       types[1] == DataType::Int64) &&
                      (types.size() < 3 || types[2] == DataType::Undefined ||
                       types[2] == types[0]) &&
                      types.size() <= 3;
           },
           runPad});
    r.add({"Shape", "", [](const Node&, const std::vector<DataType>&) { return true; }, runShape});
    r.add({"Size", "", [](const Node&, const std::vector<DataType>&) { return true; }, runSize});
    r.add({"ConstantOfShape", "",
           [](const Node& n, const std::vector<DataType>& types) {
               const Attribute* value = n.attribute("value");
               return (types.empty() || types[0] == DataType::Undefined ||
                       types[0] == DataType::Int64) &&
                      (!value || (value->tensor && isCopyableType(value->tensor->dtype)));
           },
           runConstantOfShape});
    r.add({"Range", "",
           [](const Node&, const std::vector<DataType>& types) {
               return std::all_of(
                          types.begin(), types.end(),
                          [](DataType t) { return t == DataType::Undefined || isRangeType(t); }) &&
                      std::adjacent_find(types.begin(), types.end(), std::not_equal_to<>()) ==
                          types.end();
           },
           runRange});
    r.add({"Constant", "",
           [](const Node& n, const std::vector<DataType>&) { return constantIsNumeric(n); },
           runConstant});
    r.add({"DepthToSpace", "", allCopyable(), runDepthToSpace});
    r.add({"SpaceToDepth", "", allCopyable(), runSpaceToDepth});
}

} // namespace autosplit
