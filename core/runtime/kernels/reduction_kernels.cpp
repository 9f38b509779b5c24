// Reductions and ops along one axis: Reduce* (axes as attribute, or as input for ReduceSum from
// opset 13), Softmax/LogSoftmax/Hardmax (coerced to 2-D before opset 13, one axis from 13),
// ArgMax/ArgMin, TopK and CumSum. Float reductions accumulate in double; integer ones in 64 bits.

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/kernels/broadcast.h"
#include "core/runtime/kernels/dtype_dispatch.h"
#include "core/runtime/kernels/half_float.h"
#include "core/runtime/kernels/kernel_args.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>

namespace autosplit {

namespace {

using namespace kernels;

// A tensor seen as [outer, length, inner] around one axis.
struct AxisLayout {
    int64_t outer = 1, length = 1, inner = 1;
};

AxisLayout layoutAround(const std::vector<int64_t>& dims, size_t axis) {
    return {productOf(dims, 0, axis), dims[axis], productOf(dims, axis + 1, dims.size())};
}

// ---------------------------------------------------------------- Reduce*

enum class Reduce { Sum, Mean, Max, Min, Prod, L1, L2, SumSquare, LogSum, LogSumExp };

// The accumulator type: double for floats, 64-bit integers otherwise.
template <typename T>
using Acc = std::conditional_t<std::is_floating_point_v<T>, double,
                               std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>>;

template <Reduce Op, typename T> Acc<T> initial() {
    using A = Acc<T>;
    if constexpr (Op == Reduce::Max)
        return std::is_floating_point_v<T> ? -std::numeric_limits<A>::infinity()
                                           : static_cast<A>(std::numeric_limits<T>::lowest());
    else if constexpr (Op == Reduce::Min)
        return std::is_floating_point_v<T> ? std::numeric_limits<A>::infinity()
                                           : static_cast<A>(std::numeric_limits<T>::max());
    else if constexpr (Op == Reduce::Prod)
        return A(1);
    else
        return A(0);
}

template <Reduce Op, typename T> Acc<T> accumulate(Acc<T> acc, T x) {
    using A = Acc<T>;
    const A v = static_cast<A>(x);
    if constexpr (Op == Reduce::Max) {
        if constexpr (std::is_floating_point_v<T>)
            return (v > acc || std::isnan(v)) ? v : acc;
        else
            return v > acc ? v : acc;
    } else if constexpr (Op == Reduce::Min) {
        if constexpr (std::is_floating_point_v<T>)
            return (v < acc || std::isnan(v)) ? v : acc;
        else
            return v < acc ? v : acc;
    } else if constexpr (Op == Reduce::Prod) {
        return acc * v;
    } else if constexpr (Op == Reduce::L1) {
        if constexpr (std::is_unsigned_v<T>)
            return acc + v;
        else
            return acc + (v < 0 ? -v : v);
    } else if constexpr (Op == Reduce::L2 || Op == Reduce::SumSquare) {
        return acc + v * v;
    } else if constexpr (Op == Reduce::LogSumExp) {
        return acc + std::exp(v);
    } else {
        return acc + v;
    }
}

template <Reduce Op, typename T> T finish(Acc<T> acc, int64_t count) {
    if constexpr (Op == Reduce::Mean)
        return static_cast<T>(static_cast<double>(acc) / static_cast<double>(count));
    else if constexpr (Op == Reduce::L2)
        return static_cast<T>(std::sqrt(static_cast<double>(acc)));
    else if constexpr (Op == Reduce::LogSum || Op == Reduce::LogSumExp)
        return static_cast<T>(std::log(static_cast<double>(acc)));
    else
        return static_cast<T>(acc);
}

// Reduces x over the (sorted, unique) axes into out (whose element order is x's with those
// axes removed).
template <Reduce Op, typename T>
void reduceInto(const HostTensor& x, const std::vector<int64_t>& axes, HostTensor& out,
                int threads) {
    using A = Acc<T>;
    const T* src = x.data<T>();
    T* dst = out.mutableData<T>();
    // Coalesce into alternating kept/reduced groups, dropping unit dims.
    std::vector<int64_t> dims;
    std::vector<bool> reduced;
    for (size_t i = 0; i < x.dims().size(); ++i) {
        const int64_t d = x.dims()[i];
        const bool r = std::binary_search(axes.begin(), axes.end(), static_cast<int64_t>(i));
        if (d == 1)
            continue;
        if (!dims.empty() && reduced.back() == r)
            dims.back() *= d;
        else {
            dims.push_back(d);
            reduced.push_back(r);
        }
    }
    int64_t count = 1;
    for (size_t i = 0; i < dims.size(); ++i)
        if (reduced[i])
            count *= dims[i];
    const int64_t outCount = out.elementCount();
    if (outCount == 0)
        return;
    (void)threads;

    // [outer?, R, inner?]: the common cases (one axis, or trailing axes).
    const size_t groups = dims.size();
    const bool simple =
        groups == 0 || (groups == 1) || (groups == 2) || (groups == 3 && reduced[1]);
    if (simple) {
        int64_t outer = 1, length = 1, inner = 1;
        if (groups == 1) {
            (reduced[0] ? length : outer) = dims[0];
        } else if (groups == 2) {
            if (reduced[0]) {
                length = dims[0];
                inner = dims[1];
            } else {
                outer = dims[0];
                length = dims[1];
            }
        } else if (groups == 3) {
            outer = dims[0];
            length = dims[1];
            inner = dims[2];
        }
        if (inner == 1) {
            parallelRange(outer, threads, x.elementCount(), [&](int64_t begin, int64_t end) {
                for (int64_t o = begin; o < end; ++o) {
                    const T* row = src + o * length;
                    A acc = initial<Op, T>();
                    for (int64_t k = 0; k < length; ++k)
                        acc = accumulate<Op, T>(acc, row[k]);
                    dst[o] = finish<Op, T>(acc, count);
                }
            });
        } else {
            parallelRange(outer, threads, x.elementCount(), [&](int64_t begin, int64_t end) {
                std::vector<A> acc(static_cast<size_t>(inner));
                for (int64_t o = begin; o < end; ++o) {
                    std::fill(acc.begin(), acc.end(), initial<Op, T>());
                    for (int64_t k = 0; k < length; ++k) {
                        const T* row = src + (o * length + k) * inner;
                        for (int64_t i = 0; i < inner; ++i)
                            acc[static_cast<size_t>(i)] =
                                accumulate<Op, T>(acc[static_cast<size_t>(i)], row[i]);
                    }
                    for (int64_t i = 0; i < inner; ++i)
                        dst[o * inner + i] = finish<Op, T>(acc[static_cast<size_t>(i)], count);
                }
            });
        }
        return;
    }

    // General: every input element adds into its output slot.
    std::vector<A> acc(static_cast<size_t>(outCount), initial<Op, T>());
    std::vector<int64_t> outStride(dims.size(), 0);
    int64_t stride = 1;
    for (size_t i = dims.size(); i-- > 0;)
        if (!reduced[i]) {
            outStride[i] = stride;
            stride *= dims[i];
        }
    std::vector<int64_t> index(dims.size(), 0);
    int64_t slot = 0;
    for (int64_t e = 0; e < x.elementCount(); ++e) {
        acc[static_cast<size_t>(slot)] = accumulate<Op, T>(acc[static_cast<size_t>(slot)], src[e]);
        for (size_t i = dims.size(); i-- > 0;) {
            slot += outStride[i];
            if (++index[i] < dims[i])
                break;
            slot -= outStride[i] * dims[i];
            index[i] = 0;
        }
    }
    for (int64_t o = 0; o < outCount; ++o)
        dst[o] = finish<Op, T>(acc[static_cast<size_t>(o)], count);
}

template <Reduce Op>
constexpr bool floatOnly = Op == Reduce::L2 || Op == Reduce::LogSum || Op == Reduce::LogSumExp;

template <Reduce Op> Status runReduce(KernelContext& c) {
    if (hasHalfInput(c))
        return runInFloat(c, runReduce<Op>);
    const HostTensor& x = c.input(0);
    const bool keepDims = c.node.attrInt("keepdims", 1) != 0;
    std::vector<int64_t> axes;
    const bool axesAsInput = Op == Reduce::Sum && c.opset >= 13;
    if (axesAsInput) {
        if (c.hasInput(1)) {
            auto values = intValues(c, c.input(1), "axes");
            if (!values)
                return values.error();
            axes = std::move(values).value();
        }
        if (axes.empty() && c.node.attrInt("noop_with_empty_axes", 0) != 0) {
            c.outputs[0] = x;
            return Status::success();
        }
    } else {
        axes = c.node.attrInts("axes");
    }
    if (axes.empty())
        for (int64_t i = 0; i < x.rank(); ++i)
            axes.push_back(i);
    auto checked = checkedAxes(c, axes, x.rank());
    if (!checked)
        return checked.error();
    std::vector<int64_t> dims;
    for (int64_t i = 0; i < x.rank(); ++i) {
        if (!std::binary_search(checked->begin(), checked->end(), i))
            dims.push_back(x.dim(i));
        else if (keepDims)
            dims.push_back(1);
    }
    HostTensor out(x.dtype(), dims);
    const bool known = visitNumeric(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        if constexpr (!floatOnly<Op> || std::is_floating_point_v<T>)
            reduceInto<Op, T>(x, *checked, out, c.threads);
    });
    if (!known)
        return c.fail("unsupported type " + std::string(nameOf(x.dtype())));
    c.outputs[0] = std::move(out);
    return Status::success();
}

template <Reduce Op> KernelSupports reduceSupports() {
    return [](const Node&, const std::vector<DataType>& types) {
        if (types.empty() || types[0] == DataType::Undefined)
            return !types.empty();
        const DataType t = types[0];
        const bool data =
            floatOnly<Op> ? (isFloatType(t) || isHalfType(t)) : (isNumericType(t) || isHalfType(t));
        const bool axes =
            types.size() < 2 || types[1] == DataType::Undefined || types[1] == DataType::Int64;
        return data && axes;
    };
}

// ---------------------------------------------------------------- Softmax, LogSoftmax, Hardmax

enum class Normalize { Softmax, LogSoftmax, Hardmax };

template <Normalize Op, typename T>
void normalizeLine(const T* in, T* out, int64_t length, int64_t stride) {
    T maxValue = in[0];
    int64_t argmax = 0;
    for (int64_t k = 1; k < length; ++k)
        if (in[k * stride] > maxValue) {
            maxValue = in[k * stride];
            argmax = k;
        }
    if constexpr (Op == Normalize::Hardmax) {
        for (int64_t k = 0; k < length; ++k)
            out[k * stride] = k == argmax ? T(1) : T(0);
    } else {
        double sum = 0.0;
        for (int64_t k = 0; k < length; ++k) {
            const T e = std::exp(in[k * stride] - maxValue);
            if constexpr (Op == Normalize::Softmax)
                out[k * stride] = e;
            sum += static_cast<double>(e);
        }
        if constexpr (Op == Normalize::Softmax) {
            const T scale = static_cast<T>(1.0 / sum);
            for (int64_t k = 0; k < length; ++k)
                out[k * stride] *= scale;
        } else {
            const T shift = maxValue + static_cast<T>(std::log(sum));
            for (int64_t k = 0; k < length; ++k)
                out[k * stride] = in[k * stride] - shift;
        }
    }
}

template <Normalize Op> Status runNormalize(KernelContext& c) {
    if (hasHalfInput(c))
        return runInFloat(c, runNormalize<Op>);
    const HostTensor& x = c.input(0);
    const bool coerce = c.opset < 13;
    auto axis =
        checkedAxis(c, c.node.attrInt("axis", coerce ? 1 : -1), std::max<int64_t>(x.rank(), 1));
    if (!axis)
        return axis.error();
    HostTensor out(x.dtype(), x.dims());
    if (x.elementCount() == 0) {
        c.outputs[0] = std::move(out);
        return Status::success();
    }
    AxisLayout l;
    if (x.rank() == 0) {
        l = {1, 1, 1};
    } else if (coerce) { // [N, D] with D = everything from the axis on
        const auto a = static_cast<size_t>(*axis);
        l = {productOf(x.dims(), 0, a), productOf(x.dims(), a, x.dims().size()), 1};
    } else {
        l = layoutAround(x.dims(), static_cast<size_t>(*axis));
    }
    visitFloat(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T* src = x.data<T>();
        T* dst = out.mutableData<T>();
        const int64_t lines = l.outer * l.inner;
        parallelRange(lines, c.threads, x.elementCount(), [&](int64_t begin, int64_t end) {
            for (int64_t line = begin; line < end; ++line) {
                const int64_t o = line / l.inner, i = line % l.inner;
                const int64_t start = o * l.length * l.inner + i;
                normalizeLine<Op, T>(src + start, dst + start, l.length, l.inner);
            }
        });
    });
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- ArgMax, ArgMin

template <bool Max> Status runArg(KernelContext& c) {
    if (hasHalfInput(c))
        return runInFloat(c, runArg<Max>);
    const HostTensor& x = c.input(0);
    auto axis = checkedAxis(c, c.node.attrInt("axis", 0), x.rank());
    if (!axis)
        return axis.error();
    const bool keepDims = c.node.attrInt("keepdims", 1) != 0;
    const bool last = c.node.attrInt("select_last_index", 0) != 0;
    const auto a = static_cast<size_t>(*axis);
    const AxisLayout l = layoutAround(x.dims(), a);
    if (l.length == 0)
        return c.fail("cannot take the arg" + std::string(Max ? "max" : "min") +
                      " of an empty axis");
    std::vector<int64_t> dims = x.dims();
    if (keepDims)
        dims[a] = 1;
    else
        dims.erase(dims.begin() + static_cast<std::ptrdiff_t>(a));
    HostTensor out(DataType::Int64, dims);
    int64_t* dst = out.mutableData<int64_t>();
    visitNumeric(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T* src = x.data<T>();
        for (int64_t o = 0; o < l.outer; ++o)
            for (int64_t i = 0; i < l.inner; ++i) {
                const T* line = src + o * l.length * l.inner + i;
                int64_t best = 0;
                for (int64_t k = 1; k < l.length; ++k) {
                    const T v = line[k * l.inner], b = line[best * l.inner];
                    const bool better = Max ? (last ? v >= b : v > b) : (last ? v <= b : v < b);
                    if (better)
                        best = k;
                }
                dst[o * l.inner + i] = best;
            }
    });
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- TopK

Status runTopK(KernelContext& c) {
    if (hasHalfInput(c))
        return runInFloat(c, runTopK);
    const HostTensor& x = c.input(0);
    int64_t k = 0;
    if (c.opset < 10) {
        k = c.node.attrInt("k", 0);
    } else {
        auto values = intValues(c, c.input(1), "K");
        if (!values)
            return values.error();
        if (values->size() != 1)
            return c.fail("K must hold one value");
        k = values->front();
    }
    auto axis = checkedAxis(c, c.node.attrInt("axis", -1), x.rank());
    if (!axis)
        return axis.error();
    const auto a = static_cast<size_t>(*axis);
    const bool largest = c.node.attrInt("largest", 1) != 0;
    const AxisLayout l = layoutAround(x.dims(), a);
    if (k < 0 || k > l.length)
        return c.fail("K = " + std::to_string(k) + " is outside 0.." + std::to_string(l.length));
    std::vector<int64_t> dims = x.dims();
    dims[a] = k;
    HostTensor values(x.dtype(), dims);
    HostTensor indices(DataType::Int64, dims);
    visitNumeric(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T* src = x.data<T>();
        T* vOut = values.mutableData<T>();
        int64_t* iOut = indices.mutableData<int64_t>();
        std::vector<int64_t> order(static_cast<size_t>(l.length));
        for (int64_t o = 0; o < l.outer; ++o)
            for (int64_t i = 0; i < l.inner; ++i) {
                const T* line = src + o * l.length * l.inner + i;
                std::iota(order.begin(), order.end(), 0);
                // ties keep the lower index first, as the ONNX reference does
                std::partial_sort(order.begin(), order.begin() + k, order.end(),
                                  [&](int64_t p, int64_t q) {
                                      const T vp = line[p * l.inner], vq = line[q * l.inner];
                                      if (vp != vq)
                                          return largest ? vp > vq : vp < vq;
                                      return p < q;
                                  });
                for (int64_t j = 0; j < k; ++j) {
                    const int64_t at = o * k * l.inner + j * l.inner + i;
                    iOut[at] = order[static_cast<size_t>(j)];
                    vOut[at] = line[order[static_cast<size_t>(j)] * l.inner];
                }
            }
    });
    c.outputs[0] = std::move(values);
    if (c.outputs.size() > 1)
        c.outputs[1] = std::move(indices);
    return Status::success();
}

// ---------------------------------------------------------------- CumSum

Status runCumSum(KernelContext& c) {
    if (hasHalfInput(c))
        return runInFloat(c, runCumSum);
    const HostTensor& x = c.input(0);
    auto axisValues = intValues(c, c.input(1), "axis");
    if (!axisValues)
        return axisValues.error();
    if (axisValues->size() != 1)
        return c.fail("axis must hold one value");
    auto axis = checkedAxis(c, axisValues->front(), x.rank());
    if (!axis)
        return axis.error();
    const bool exclusive = c.node.attrInt("exclusive", 0) != 0;
    const bool reverse = c.node.attrInt("reverse", 0) != 0;
    const AxisLayout l = layoutAround(x.dims(), static_cast<size_t>(*axis));
    HostTensor out(x.dtype(), x.dims());
    visitNumeric(x.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        const T* src = x.data<T>();
        T* dst = out.mutableData<T>();
        for (int64_t o = 0; o < l.outer; ++o)
            for (int64_t i = 0; i < l.inner; ++i) {
                const int64_t base = o * l.length * l.inner + i;
                T sum = T(0);
                for (int64_t s = 0; s < l.length; ++s) {
                    const int64_t k = reverse ? l.length - 1 - s : s;
                    const int64_t at = base + k * l.inner;
                    if (exclusive) {
                        dst[at] = sum;
                        sum = static_cast<T>(sum + src[at]);
                    } else {
                        sum = static_cast<T>(sum + src[at]);
                        dst[at] = sum;
                    }
                }
            }
    });
    c.outputs[0] = std::move(out);
    return Status::success();
}

// ---------------------------------------------------------------- supports

bool isNumericOrHalf(DataType t) {
    return isNumericType(t) || isHalfType(t);
}
bool isFloatOrHalf(DataType t) {
    return isFloatType(t) || isHalfType(t);
}

KernelSupports firstInput(bool (*data)(DataType), bool intSecond = false) {
    return [data, intSecond](const Node&, const std::vector<DataType>& types) {
        if (types.empty())
            return false;
        if (types[0] != DataType::Undefined && !data(types[0]))
            return false;
        if (types.size() > 1 && types[1] != DataType::Undefined &&
            !(intSecond && (types[1] == DataType::Int64 || types[1] == DataType::Int32)))
            return false;
        return true;
    };
}

} // namespace

void registerReductionKernels(KernelRegistry& r) {
    r.add({"ReduceSum", "", reduceSupports<Reduce::Sum>(), runReduce<Reduce::Sum>});
    r.add({"ReduceMean", "", reduceSupports<Reduce::Mean>(), runReduce<Reduce::Mean>});
    r.add({"ReduceMax", "", reduceSupports<Reduce::Max>(), runReduce<Reduce::Max>});
    r.add({"ReduceMin", "", reduceSupports<Reduce::Min>(), runReduce<Reduce::Min>});
    r.add({"ReduceProd", "", reduceSupports<Reduce::Prod>(), runReduce<Reduce::Prod>});
    r.add({"ReduceL1", "", reduceSupports<Reduce::L1>(), runReduce<Reduce::L1>});
    r.add({"ReduceL2", "", reduceSupports<Reduce::L2>(), runReduce<Reduce::L2>});
    r.add(
        {"ReduceSumSquare", "", reduceSupports<Reduce::SumSquare>(), runReduce<Reduce::SumSquare>});
    r.add({"ReduceLogSum", "", reduceSupports<Reduce::LogSum>(), runReduce<Reduce::LogSum>});
    r.add(
        {"ReduceLogSumExp", "", reduceSupports<Reduce::LogSumExp>(), runReduce<Reduce::LogSumExp>});
    r.add({"Softmax", "", firstInput(isFloatOrHalf), runNormalize<Normalize::Softmax>});
    r.add({"LogSoftmax", "", firstInput(isFloatOrHalf), runNormalize<Normalize::LogSoftmax>});
    r.add({"Hardmax", "", firstInput(isFloatOrHalf), runNormalize<Normalize::Hardmax>});
    r.add({"ArgMax", "", firstInput(isNumericOrHalf), runArg<true>});
    r.add({"ArgMin", "", firstInput(isNumericOrHalf), runArg<false>});
    r.add({"TopK", "",
           [](const Node&, const std::vector<DataType>& types) {
               return !types.empty() &&
                      (types[0] == DataType::Undefined || isNumericOrHalf(types[0])) &&
                      (types.size() < 2 || types[1] == DataType::Undefined ||
                       types[1] == DataType::Int64);
           },
           runTopK});
    r.add({"CumSum", "", firstInput(isNumericOrHalf, true), runCumSum});
}

} // namespace autosplit
