// Indexing kernels: ops that pick or place elements by index or mask — Gather, GatherElements,
// GatherND, ScatterElements (and its opset 9-10 name Scatter), ScatterND, NonZero, Compress,
// OneHot, EyeLike and Trilu. Indices may be negative (counted from the end); an index out of range
// is an error naming the node. Data moves by element size, so every fixed-size dtype works.

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/kernels/dtype_dispatch.h"
#include "core/runtime/kernels/half_float.h"
#include "core/runtime/kernels/kernel_args.h"

#include <algorithm>
#include <cstring>

namespace autosplit {

namespace {

using namespace kernels;

// Index k into an axis of size d, negative counting from the end; nullopt when out of range.
std::optional<int64_t> wrapIndex(int64_t k, int64_t d) {
    if (k < -d || k >= d)
        return std::nullopt;
    return k < 0 ? k + d : k;
}

Error indexError(const KernelContext& c, int64_t k, int64_t d) {
    return c.fail("index " + std::to_string(k) + " is out of range for an axis of size " +
                  std::to_string(d));
}

// ---------------------------------------------------------------- Gather, GatherElements

Status runGather(KernelContext& c) {
    const HostTensor& data = c.input(0);
    const HostTensor& indicesTensor = c.input(1);
    auto axisResult = checkedAxis(c, c.node.attrInt("axis", 0), data.rank());
    if (!axisResult)
        return axisResult.error();
    const auto axis = static_cast<size_t>(*axisResult);
    auto indices = intValues(c, indicesTensor, "indices");
    if (!indices)
        return indices.error();
    const int64_t d = data.dims()[axis];
    for (int64_t& i : *indices) {
        if (i < -d || i >= d)
            return c.fail("index " + std::to_string(i) + " is out of range for axis " +
                          std::to_string(axis) + " of size " + std::to_string(d));
        if (i < 0)
            i += d;
    }
    std::vector<int64_t> dims(data.dims().begin(),
                              data.dims().begin() + static_cast<std::ptrdiff_t>(axis));
    dims.insert(dims.end(), indicesTensor.dims().begin(), indicesTensor.dims().end());
    dims.insert(dims.end(), data.dims().begin() + static_cast<std::ptrdiff_t>(axis) + 1,
                data.dims().end());
    HostTensor out(data.dtype(), dims);
    const int64_t outer = productOf(data.dims(), 0, axis);
    const auto elementBytes = static_cast<size_t>(bitsOf(data.dtype()) / 8);
    const size_t block =
        static_cast<size_t>(productOf(data.dims(), axis + 1, data.dims().size())) * elementBytes;
    const auto count = static_cast<int64_t>(indices->size());
    const std::byte* src = data.bytes();
    std::byte* dst = out.mutableBytes();
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t k = 0; k < count; ++k)
            std::memcpy(dst + static_cast<size_t>(o * count + k) * block,
                        src +
                            static_cast<size_t>(o * d + (*indices)[static_cast<size_t>(k)]) * block,
                        block);
    c.outputs[0] = std::move(out);
    return Status::success();
}

Status runGatherElements(KernelContext& c) {
    const HostTensor& data = c.input(0);
    const HostTensor& indicesTensor = c.input(1);
    if (indicesTensor.rank() != data.rank())
        return c.fail("indices have rank " + std::to_string(indicesTensor.rank()) + ", data rank " +
                      std::to_string(data.rank()));
    auto axisResult = checkedAxis(c, c.node.attrInt("axis", 0), data.rank());
    if (!axisResult)
        return axisResult.error();
    const auto axis = static_cast<size_t>(*axisResult);
    auto indices = intValues(c, indicesTensor, "indices");
    if (!indices)
        return indices.error();
    const std::vector<int64_t>& outDims = indicesTensor.dims();
    for (size_t i = 0; i < outDims.size(); ++i)
        if (i != axis && outDims[i] > data.dims()[i])
            return c.fail("indices of shape " + dimsText(outDims) + " exceed data " +
                          dimsText(data.dims()));
    const int64_t d = data.dims()[axis];
    const std::vector<int64_t> dataStrides = stridesOf(data.dims());
    HostTensor out(data.dtype(), outDims);
    Status status = Status::success();
    visitBySize(data.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T* src = data.data<T>();
        T* dst = out.mutableData<T>();
        std::vector<int64_t> index(outDims.size(), 0);
        for (int64_t e = 0; e < out.elementCount(); ++e) {
            int64_t k = (*indices)[static_cast<size_t>(e)];
            if (k < -d || k >= d) {
                status = c.fail("index " + std::to_string(k) + " is out of range for axis size " +
                                std::to_string(d));
                return;
            }
            if (k < 0)
                k += d;
            int64_t offset = 0;
            for (size_t i = 0; i < index.size(); ++i)
                offset += (i == axis ? k : index[i]) * dataStrides[i];
            dst[e] = src[offset];
            for (size_t i = index.size(); i-- > 0;) {
                if (++index[i] < outDims[i])
                    break;
                index[i] = 0;
            }
        }
    });
    if (!status)
        return status;
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- GatherND

Status runGatherND(KernelContext& c) {
    const HostTensor& data = c.input(0);
    const HostTensor& indicesTensor = c.input(1);
    auto indices = intValues(c, indicesTensor, "indices");
    if (!indices)
        return indices.error();
    const auto b = static_cast<size_t>(std::max<int64_t>(c.node.attrInt("batch_dims", 0), 0));
    const std::vector<int64_t>& id = indicesTensor.dims();
    if (id.empty() || b >= id.size() || b >= data.dims().size())
        return c.fail("indices of shape " + dimsText(id) + " do not fit batch_dims " +
                      std::to_string(b));
    const auto k = static_cast<size_t>(id.back());
    if (k < 1 || b + k > data.dims().size())
        return c.fail("index tuples of length " + std::to_string(k) + " exceed the data's rank");
    for (size_t i = 0; i < b; ++i)
        if (id[i] != data.dims()[i])
            return c.fail("batch dimensions of data and indices differ");
    std::vector<int64_t> dims(id.begin(), id.end() - 1);
    dims.insert(dims.end(), data.dims().begin() + static_cast<std::ptrdiff_t>(b + k),
                data.dims().end());
    HostTensor out(data.dtype(), dims);
    const int64_t batches = productOf(data.dims(), 0, b);
    const int64_t tuples = productOf(id, b, id.size() - 1);
    const auto width = static_cast<size_t>(bitsOf(data.dtype()) / 8);
    const size_t slice =
        static_cast<size_t>(productOf(data.dims(), b + k, data.dims().size())) * width;
    const int64_t batchElements = productOf(data.dims(), b, data.dims().size());
    const std::vector<int64_t> strides = stridesOf(std::vector<int64_t>(
        data.dims().begin() + static_cast<std::ptrdiff_t>(b), data.dims().end()));
    std::byte* dst = out.mutableBytes();
    for (int64_t batch = 0; batch < batches; ++batch)
        for (int64_t t = 0; t < tuples; ++t) {
            const int64_t* tuple = indices->data() + (batch * tuples + t) * static_cast<int64_t>(k);
            int64_t offset = batch * batchElements;
            for (size_t j = 0; j < k; ++j) {
                const int64_t d = data.dims()[b + j];
                auto at = wrapIndex(tuple[j], d);
                if (!at)
                    return indexError(c, tuple[j], d);
                offset += *at * strides[j];
            }
            std::memcpy(dst, data.bytes() + static_cast<size_t>(offset) * width, slice);
            dst += slice;
        }
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- ScatterElements, ScatterND

enum class Reduction { None, Add, Mul };

std::optional<Reduction> reductionOf(const Node& n) {
    const std::string r = n.attrString("reduction", "none");
    if (r == "none")
        return Reduction::None;
    if (r == "add")
        return Reduction::Add;
    if (r == "mul")
        return Reduction::Mul;
    return std::nullopt; // max/min arrive in opset 18
}

template <typename T> void place(T& target, T value, Reduction r) {
    if (r == Reduction::Add)
        target = static_cast<T>(target + value);
    else if (r == Reduction::Mul)
        target = static_cast<T>(target * value);
    else
        target = value;
}

Status runScatterElements(KernelContext& c) {
    if (hasHalfInput(c))
        return runInFloat(c, runScatterElements);
    const HostTensor& data = c.input(0);
    const HostTensor& indicesTensor = c.input(1);
    const HostTensor& updates = c.input(2);
    if (updates.dtype() != data.dtype())
        return c.fail("updates have a different type than the data");
    if (indicesTensor.dims() != updates.dims() || indicesTensor.rank() != data.rank())
        return c.fail("indices " + dimsText(indicesTensor.dims()) + " and updates " +
                      dimsText(updates.dims()) + " must have one shape of the data's rank");
    auto axis = checkedAxis(c, c.node.attrInt("axis", 0), data.rank());
    if (!axis)
        return axis.error();
    auto indices = intValues(c, indicesTensor, "indices");
    if (!indices)
        return indices.error();
    const Reduction reduction = reductionOf(c.node).value_or(Reduction::None);
    const auto a = static_cast<size_t>(*axis);
    for (size_t i = 0; i < indicesTensor.dims().size(); ++i)
        if (i != a && indicesTensor.dims()[i] > data.dims()[i])
            return c.fail("indices of shape " + dimsText(indicesTensor.dims()) +
                          " exceed the data " + dimsText(data.dims()));
    HostTensor out = data.clone();
    const std::vector<int64_t> strides = stridesOf(data.dims());
    const std::vector<int64_t>& idims = indicesTensor.dims();
    Status status = Status::success();
    visitNumericOrBool(data.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        T* dst = out.mutableData<T>();
        const T* src = updates.data<T>();
        std::vector<int64_t> index(idims.size(), 0);
        for (int64_t e = 0; e < updates.elementCount(); ++e) {
            const int64_t d = data.dims()[a];
            auto k = wrapIndex((*indices)[static_cast<size_t>(e)], d);
            if (!k) {
                status = indexError(c, (*indices)[static_cast<size_t>(e)], d);
                return;
            }
            int64_t offset = 0;
            for (size_t i = 0; i < index.size(); ++i)
                offset += (i == a ? *k : index[i]) * strides[i];
            place(dst[offset], src[e], reduction);
            for (size_t i = index.size(); i-- > 0;) {
                if (++index[i] < idims[i])
                    break;
                index[i] = 0;
            }
        }
    });
    if (!status)
        return status;
    c.outputs[0] = std::move(out);
    return Status::success();
}

Status runScatterND(KernelContext& c) {
    if (hasHalfInput(c))
        return runInFloat(c, runScatterND);
    const HostTensor& data = c.input(0);
    const HostTensor& indicesTensor = c.input(1);
    const HostTensor& updates = c.input(2);
    if (updates.dtype() != data.dtype())
        return c.fail("updates have a different type than the data");
    auto indices = intValues(c, indicesTensor, "indices");
    if (!indices)
        return indices.error();
    const std::vector<int64_t>& id = indicesTensor.dims();
    if (id.empty())
        return c.fail("indices must have rank 1 or more");
    const auto k = static_cast<size_t>(id.back());
    if (k < 1 || k > data.dims().size())
        return c.fail("index tuples of length " + std::to_string(k) + " exceed the data's rank");
    std::vector<int64_t> expected(id.begin(), id.end() - 1);
    expected.insert(expected.end(), data.dims().begin() + static_cast<std::ptrdiff_t>(k),
                    data.dims().end());
    if (updates.dims() != expected)
        return c.fail("updates of shape " + dimsText(updates.dims()) + " should be " +
                      dimsText(expected));
    const Reduction reduction = reductionOf(c.node).value_or(Reduction::None);
    HostTensor out = data.clone();
    const int64_t tuples = productOf(id, 0, id.size() - 1);
    const int64_t slice = productOf(data.dims(), k, data.dims().size());
    const std::vector<int64_t> strides = stridesOf(data.dims());
    Status status = Status::success();
    visitNumericOrBool(data.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        T* dst = out.mutableData<T>();
        const T* src = updates.data<T>();
        for (int64_t t = 0; t < tuples; ++t) {
            int64_t offset = 0;
            for (size_t j = 0; j < k; ++j) {
                const int64_t v = (*indices)[static_cast<size_t>(t) * k + j];
                auto at = wrapIndex(v, data.dims()[j]);
                if (!at) {
                    status = indexError(c, v, data.dims()[j]);
                    return;
                }
                offset += *at * strides[j];
            }
            for (int64_t s = 0; s < slice; ++s)
                place(dst[offset + s], src[t * slice + s], reduction);
        }
    });
    if (!status)
        return status;
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- NonZero, Compress

Status runNonZero(KernelContext& c) {
    if (hasHalfInput(c))
        return runInFloat(c, runNonZero);
    const HostTensor& x = c.input(0);
    std::vector<int64_t> hits;
    visitNumericOrBool(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T* p = x.data<T>();
        for (int64_t i = 0; i < x.elementCount(); ++i)
            if (p[i] != T(0))
                hits.push_back(i);
    });
    const auto rank = static_cast<size_t>(x.rank());
    const auto count = static_cast<int64_t>(hits.size());
    HostTensor out(DataType::Int64, {static_cast<int64_t>(rank), count});
    int64_t* o = out.mutableData<int64_t>();
    for (int64_t h = 0; h < count; ++h) {
        int64_t flat = hits[static_cast<size_t>(h)];
        for (size_t d = rank; d-- > 0;) {
            o[static_cast<int64_t>(d) * count + h] = flat % x.dims()[d];
            flat /= x.dims()[d];
        }
    }
    c.outputs[0] = std::move(out);
    return Status::success();
}

Status runCompress(KernelContext& c) {
    const HostTensor& x = c.input(0);
    const HostTensor& condition = c.input(1);
    if (condition.rank() != 1)
        return c.fail("condition must be 1-D");
    const uint8_t* keep = condition.data<uint8_t>();
    const Attribute* axisAttr = c.node.attribute("axis");
    HostTensor data = axisAttr ? x : x.reshaped({x.elementCount()});
    auto axis = checkedAxis(c, axisAttr ? axisAttr->i : 0, data.rank());
    if (!axis)
        return axis.error();
    const auto a = static_cast<size_t>(*axis);
    const int64_t length = data.dims()[a];
    if (condition.elementCount() > length)
        return c.fail("condition has " + std::to_string(condition.elementCount()) +
                      " entries for an axis of " + std::to_string(length));
    std::vector<int64_t> selected;
    for (int64_t i = 0; i < condition.elementCount(); ++i)
        if (keep[i])
            selected.push_back(i);
    std::vector<int64_t> dims = data.dims();
    dims[a] = static_cast<int64_t>(selected.size());
    HostTensor out(x.dtype(), dims);
    const int64_t outer = productOf(data.dims(), 0, a);
    const size_t block = static_cast<size_t>(productOf(data.dims(), a + 1, data.dims().size())) *
                         static_cast<size_t>(bitsOf(x.dtype()) / 8);
    std::byte* dst = out.mutableBytes();
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t s : selected) {
            std::memcpy(dst, data.bytes() + static_cast<size_t>(o * length + s) * block, block);
            dst += block;
        }
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- OneHot, EyeLike, Trilu

Status runOneHot(KernelContext& c) {
    const HostTensor& indicesTensor = c.input(0);
    const HostTensor& depthTensor = c.input(1);
    const HostTensor& values = c.input(2);
    if (depthTensor.elementCount() != 1 || values.elementCount() != 2)
        return c.fail("depth must be one value and values two (off, on)");
    const std::vector<float> depthValue = depthTensor.toFloats();
    const auto depth = static_cast<int64_t>(depthValue.at(0));
    if (depth < 1)
        return c.fail("depth must be positive");
    const std::vector<float> indices = indicesTensor.toFloats();
    const int64_t rank = indicesTensor.rank() + 1;
    auto axis = checkedAxis(c, c.node.attrInt("axis", -1), rank);
    if (!axis)
        return axis.error();
    std::vector<int64_t> dims = indicesTensor.dims();
    dims.insert(dims.begin() + *axis, depth);
    HostTensor out(values.dtype(), dims);
    const int64_t outer = productOf(indicesTensor.dims(), 0, static_cast<size_t>(*axis));
    const int64_t inner =
        productOf(indicesTensor.dims(), static_cast<size_t>(*axis), indicesTensor.dims().size());
    visitBySize(values.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T off = values.data<T>()[0], on = values.data<T>()[1];
        T* o = out.mutableData<T>();
        std::fill_n(o, out.elementCount(), off);
        for (int64_t a = 0; a < outer; ++a)
            for (int64_t i = 0; i < inner; ++i) {
                // indices are truncated to integers; negative ones count from the end (opset 11)
                auto k = static_cast<int64_t>(indices[static_cast<size_t>(a * inner + i)]);
                if (k < 0)
                    k += depth;
                if (k >= 0 && k < depth)
                    o[(a * depth + k) * inner + i] = on;
            }
    });
    c.outputs[0] = std::move(out);
    return Status::success();
}

Status runEyeLike(KernelContext& c) {
    const HostTensor& x = c.input(0);
    if (x.rank() != 2)
        return c.fail("input must be 2-D");
    const auto dtype =
        static_cast<DataType>(c.node.attrInt("dtype", static_cast<int64_t>(x.dtype())));
    const int64_t k = c.node.attrInt("k", 0);
    HostTensor out(dtype, x.dims());
    const bool known = visitNumericOrBool(dtype, [&](auto tag) {
        using T = typename decltype(tag)::type;
        T* o = out.mutableData<T>();
        for (int64_t r = 0; r < x.dim(0); ++r)
            if (r + k >= 0 && r + k < x.dim(1))
                o[r * x.dim(1) + r + k] = T(1);
    });
    if (!known)
        return c.fail("unsupported dtype " + std::string(nameOf(dtype)));
    c.outputs[0] = std::move(out);
    return Status::success();
}

Status runTrilu(KernelContext& c) {
    const HostTensor& x = c.input(0);
    if (x.rank() < 2)
        return c.fail("input must have rank 2 or more");
    int64_t k = 0;
    if (c.hasInput(1)) {
        auto values = intValues(c, c.input(1), "k");
        if (!values)
            return values.error();
        if (values->size() != 1)
            return c.fail("k must hold one value");
        k = values->front();
    }
    const bool upper = c.node.attrInt("upper", 1) != 0;
    const int64_t rows = x.dim(x.rank() - 2), cols = x.dim(x.rank() - 1);
    const int64_t matrices = rows * cols == 0 ? 0 : x.elementCount() / (rows * cols);
    HostTensor out(x.dtype(), x.dims());
    visitBySize(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T* src = x.data<T>();
        T* dst = out.mutableData<T>();
        for (int64_t m = 0; m < matrices; ++m)
            for (int64_t i = 0; i < rows; ++i)
                for (int64_t j = 0; j < cols; ++j) {
                    const bool kept = upper ? j - i >= k : j - i <= k;
                    const int64_t at = (m * rows + i) * cols + j;
                    if (kept)
                        dst[at] = src[at]; // the rest stays zero
                }
    });
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- supports

bool isIndexType(DataType t) {
    return t == DataType::Int64 || t == DataType::Int32;
}
bool isScatterData(DataType t) {
    return isNumericType(t) || isHalfType(t) || t == DataType::Bool;
}

// data of types `data`, indices int32/int64 at slot 1, other slots like the data.
KernelSupports dataIndices(bool (*data)(DataType)) {
    return [data](const Node&, const std::vector<DataType>& types) {
        for (size_t i = 0; i < types.size(); ++i) {
            const DataType t = types[i];
            if (t == DataType::Undefined)
                continue;
            if (i == 1 ? !isIndexType(t) : !data(t))
                return false;
        }
        return true;
    };
}

} // namespace

void registerIndexingKernels(KernelRegistry& r) {
    r.add({"Gather", "", dataIndices(isCopyableType), runGather});
    r.add({"GatherElements", "", dataIndices(isCopyableType), runGatherElements});
    r.add({"GatherND", "", dataIndices(isCopyableType), runGatherND});
    auto scatter = [](const Node& n, const std::vector<DataType>& types) {
        const bool sameData = types.size() < 3 || types[0] == types[2] ||
                              types[0] == DataType::Undefined || types[2] == DataType::Undefined;
        return reductionOf(n).has_value() && dataIndices(isScatterData)(n, types) && sameData;
    };
    r.add({"ScatterElements", "", scatter, runScatterElements});
    r.add({"Scatter", "", scatter, runScatterElements});
    r.add({"ScatterND", "", scatter, runScatterND});
    r.add({"NonZero", "", dataIndices(isScatterData), runNonZero});
    r.add({"Compress", "",
           [](const Node&, const std::vector<DataType>& types) {
               return types.size() == 2 &&
                      (types[0] == DataType::Undefined || isCopyableType(types[0])) &&
                      (types[1] == DataType::Undefined || types[1] == DataType::Bool);
           },
           runCompress});
    r.add({"OneHot", "",
           [](const Node&, const std::vector<DataType>& types) {
               return types.size() == 3 &&
                      (types[0] == DataType::Undefined || isNumericType(types[0])) &&
                      (types[1] == DataType::Undefined || isNumericType(types[1])) &&
                      (types[2] == DataType::Undefined || isCopyableType(types[2]));
           },
           runOneHot});
    r.add({"EyeLike", "",
           [](const Node& n, const std::vector<DataType>& types) {
               const auto dtype = n.attribute("dtype")
                                      ? static_cast<DataType>(n.attrInt("dtype", 0))
                                      : (types.empty() ? DataType::Undefined : types[0]);
               return dtype == DataType::Undefined || isNumericType(dtype) ||
                      dtype == DataType::Bool;
           },
           runEyeLike});
    r.add({"Trilu", "",
           [](const Node&, const std::vector<DataType>& types) {
               return !types.empty() &&
                      (types[0] == DataType::Undefined || isCopyableType(types[0])) &&
                      (types.size() < 2 || types[1] == DataType::Undefined ||
                       types[1] == DataType::Int64);
           },
           runTrilu});
}

} // namespace autosplit
