// MaxPool (with the optional Indices output), AveragePool, LpPool and the global pools on 1-3
// spatial dims. Windowed pools run one output row at a time: each kernel tap is combined into
// the whole row (vectorizes), one plane (image, channel) per task.

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/cpu/cpu_kernels.h"
#include "core/runtime/kernels/float_inputs.h"
#include "core/runtime/kernels/kernel_output.h"
#include "core/runtime/kernels/parallel_for.h"
#include "core/runtime/kernels/spatial_geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace autosplit {

namespace {

struct PoolSetup {
    SpatialGeometry geometry;
    int64_t planes = 0; // N * C
    std::vector<int64_t> outDims;
};

Result<PoolSetup> poolSetup(const KernelContext& ctx, bool allowCeil) {
    const HostTensor& X = ctx.input(0);
    if (X.rank() < 3 || X.rank() > 5)
        return ctx.fail("input X has shape " + shapeOf(X) +
                        ", expected rank 3 to 5 (N, C and 1-3 spatial dims)");
    const std::vector<int64_t> kernel = ctx.node.attrInts("kernel_shape");
    if (kernel.empty())
        return ctx.fail("attribute 'kernel_shape' is missing");
    const std::vector<int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    const bool ceilMode = allowCeil && ctx.node.attrInt("ceil_mode", 0) != 0;
    auto geometry = windowGeometry(ctx, inSpatial, kernel, ceilMode);
    if (!geometry)
        return geometry.error();
    PoolSetup setup;
    setup.geometry = *geometry;
    setup.planes = X.dim(0) * X.dim(1);
    setup.outDims = {X.dim(0), X.dim(1)};
    for (int64_t d : geometry->outDims())
        setup.outDims.push_back(d);
    return setup;
}

bool parallelPlanes(int64_t planes, int64_t workPerPlane, int threads) {
    return threads > 1 && planes > 1 && planes * workPerPlane > (int64_t(1) << 15);
}

// Calls row(yRow, od, oh) for each output row of a plane; row combines taps into yRow.
template <typename T, typename Combine>
void windowRows(const T* x, T* y, const SpatialGeometry& g, Combine combine) {
    const int64_t H = g.in[1], W = g.in[2], OW = g.out[2];
    for (int64_t od = 0; od < g.out[0]; ++od)
        for (int64_t oh = 0; oh < g.out[1]; ++oh) {
            T* yrow = y + (od * g.out[1] + oh) * OW;
            for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
                const int64_t id = od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
                if (id < 0 || id >= g.in[0])
                    continue;
                for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                    const int64_t ih = oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
                    if (ih < 0 || ih >= H)
                        continue;
                    const T* xrow = x + (id * H + ih) * W;
                    for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                        const int64_t iw0 = kw * g.dilation[2] - g.padBegin[2];
                        int64_t first = 0, last = 0;
                        validRange(iw0, g.stride[2], W, OW, first, last);
                        combine(yrow, xrow, iw0, g.stride[2], first, last);
                    }
                }
            }
        }
}

template <typename T> Status maxPool(KernelContext& ctx) {
    auto setup = poolSetup(ctx, true);
    if (!setup)
        return setup.error();
    const SpatialGeometry& g = setup->geometry;
    const int64_t storageOrder = ctx.node.attrInt("storage_order", 0);
    if (storageOrder != 0 && storageOrder != 1)
        return ctx.fail("storage_order " + std::to_string(storageOrder) +
                        " is not 0 (row major) or 1 (column major)");
    const HostTensor& X = ctx.input(0);
    auto YAllocated = newOutput(ctx, X.dtype(), setup->outDims);
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    const bool withIndices =
        ctx.outputs.size() > 1 && ctx.node.outputs.size() > 1 && ctx.node.outputs[1] != kNone;
    HostTensor I;
    if (withIndices) {
        auto allocated = newOutput(ctx, DataType::Int64, setup->outDims);
        if (!allocated)
            return allocated.error();
        I = std::move(*allocated);
    }
    // looked up once, not per row: the table of every type (8-bit ones have no loops there)
    const CpuKernels& cpu = cpuKernels();
    const T* x = X.data<T>();
    T* y = Y.mutableData<T>();
    int64_t* indices = withIndices ? I.mutableData<int64_t>() : nullptr;
    const int64_t inS = g.inSize(), outS = g.outSize(), planes = setup->planes;
    const int threads = std::max(1, ctx.threads);
    const T lowest = std::numeric_limits<T>::lowest();
    parallelFor(
        planes, parallelPlanes(planes, outS * g.kernelSize(), threads) ? threads : 1,
        [&](int64_t beginP, int64_t endP) {
            for (int64_t p = beginP; p < endP; ++p) {
                const T* xp = x + p * inS;
                T* yp = y + p * outS;
                if (!withIndices) {
                    std::fill_n(yp, outS, lowest);
                    windowRows(xp, yp, g,
                               [&](T* yrow, const T* xrow, int64_t iw0, int64_t sw, int64_t first,
                                   int64_t last) {
                                   // float, double and uint8 by the CPU path's loop; int8
                                   // (opset 12) here
                                   if constexpr (std::is_floating_point_v<T>) {
                                       cpu.of<T>().windowMax(yrow + first, xrow + first * sw + iw0,
                                                             sw, last - first);
                                   } else if constexpr (std::is_same_v<T, uint8_t>) {
                                       // codes (the pool after an integer layer)
                                       cpu.i8.windowMaxCodes(yrow + first, xrow + first * sw + iw0,
                                                             sw, last - first);
                                   } else {
                                       for (int64_t ow = first; ow < last; ++ow)
                                           yrow[ow] = std::max(yrow[ow], xrow[ow * sw + iw0]);
                                   }
                               });
                    continue;
                }
                // With indices: the first maximum's flat index into X (N, C included), in row-major
                // or column-major order of the spatial dims.
                int64_t* ip = indices + p * outS;
                for (int64_t o = 0; o < outS; ++o) {
                    const int64_t od = o / (g.out[1] * g.out[2]), oh = o / g.out[2] % g.out[1],
                                  ow = o % g.out[2];
                    T best = lowest;
                    int64_t bestIndex = -1;
                    for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
                        const int64_t id = od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
                        if (id < 0 || id >= g.in[0])
                            continue;
                        for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                            const int64_t ih =
                                oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
                            if (ih < 0 || ih >= g.in[1])
                                continue;
                            for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                                const int64_t iw =
                                    ow * g.stride[2] - g.padBegin[2] + kw * g.dilation[2];
                                if (iw < 0 || iw >= g.in[2])
                                    continue;
                                const T v = xp[(id * g.in[1] + ih) * g.in[2] + iw];
                                if (bestIndex < 0 || v > best) {
                                    best = v;
                                    bestIndex = storageOrder == 0
                                                    ? (id * g.in[1] + ih) * g.in[2] + iw
                                                    : id + g.in[0] * (ih + g.in[1] * iw);
                                }
                            }
                        }
                    }
                    yp[o] = best;
                    ip[o] = bestIndex < 0 ? -1 : p * inS + bestIndex;
                }
            }
        },
        4);
    ctx.outputs[0] = std::move(Y);
    if (withIndices)
        ctx.outputs[1] = std::move(I);
    return Status::success();
}

// The number of taps of a window that fall inside [lo, hi) along one canonical dim, per output.
std::vector<int64_t> tapCounts(const SpatialGeometry& g, size_t dim, int64_t lo, int64_t hi) {
    std::vector<int64_t> counts(static_cast<size_t>(g.out[dim]));
    for (int64_t o = 0; o < g.out[dim]; ++o) {
        int64_t n = 0;
        for (int64_t k = 0; k < g.kernel[dim]; ++k) {
            const int64_t i = o * g.stride[dim] - g.padBegin[dim] + k * g.dilation[dim];
            n += i >= lo && i < hi;
        }
        counts[static_cast<size_t>(o)] = n;
    }
    return counts;
}

template <typename T> Status averagePool(KernelContext& ctx) {
    auto setup = poolSetup(ctx, true);
    if (!setup)
        return setup.error();
    const SpatialGeometry& g = setup->geometry;
    const bool includePad = ctx.node.attrInt("count_include_pad", 0) != 0;
    // The divisor is separable: the taps inside the input (or, with count_include_pad, inside the
    // padded input; a ceil_mode window can reach past that) along each dim, multiplied.
    std::vector<int64_t> counts[3];
    for (size_t d = 0; d < 3; ++d)
        counts[d] = includePad ? tapCounts(g, d, -g.padBegin[d], g.in[d] + g.padEnd[d])
                               : tapCounts(g, d, 0, g.in[d]);
    const HostTensor& X = ctx.input(0);
    auto YAllocated = newOutput(ctx, X.dtype(), setup->outDims);
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    const T* x = X.data<T>();
    const CpuKernelSet<T>& kernels = cpuKernelsOf<T>();
    T* y = Y.mutableData<T>();
    const int64_t inS = g.inSize(), outS = g.outSize(), planes = setup->planes;
    const int threads = std::max(1, ctx.threads);
    parallelFor(
        planes, parallelPlanes(planes, outS * g.kernelSize(), threads) ? threads : 1,
        [&](int64_t beginP, int64_t endP) {
            for (int64_t p = beginP; p < endP; ++p) {
                T* yp = y + p * outS;
                std::fill_n(yp, outS, T(0));
                windowRows(x + p * inS, yp, g,
                           [&](T* yrow, const T* xrow, int64_t iw0, int64_t sw, int64_t first,
                               int64_t last) {
                               kernels.windowSum(yrow + first, xrow + first * sw + iw0, sw,
                                                 last - first);
                           });
                for (int64_t od = 0; od < g.out[0]; ++od)
                    for (int64_t oh = 0; oh < g.out[1]; ++oh) {
                        T* yrow = yp + (od * g.out[1] + oh) * g.out[2];
                        const int64_t outer =
                            counts[0][static_cast<size_t>(od)] * counts[1][static_cast<size_t>(oh)];
                        for (int64_t ow = 0; ow < g.out[2]; ++ow) {
                            const int64_t n = outer * counts[2][static_cast<size_t>(ow)];
                            // a window entirely in padding (only possible with huge pads) averages
                            // nothing
                            yrow[ow] = n > 0 ? yrow[ow] / static_cast<T>(n) : T(0);
                        }
                    }
            }
        },
        4);
    ctx.outputs[0] = std::move(Y);
    return Status::success();
}

template <typename T> Status lpPool(KernelContext& ctx) {
    auto setup = poolSetup(ctx, true);
    if (!setup)
        return setup.error();
    const SpatialGeometry& g = setup->geometry;
    const int64_t p = ctx.node.attrInt("p", 2);
    if (p < 1)
        return ctx.fail("attribute 'p' is " + std::to_string(p) + ", expected 1 or more");
    const HostTensor& X = ctx.input(0);
    auto YAllocated = newOutput(ctx, X.dtype(), setup->outDims);
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    const T* x = X.data<T>();
    T* y = Y.mutableData<T>();
    const int64_t inS = g.inSize(), outS = g.outSize(), planes = setup->planes;
    const int threads = std::max(1, ctx.threads);
    const T power = static_cast<T>(p);
    parallelFor(
        planes, parallelPlanes(planes, outS * g.kernelSize(), threads) ? threads : 1,
        [&](int64_t beginPlane, int64_t endPlane) {
            for (int64_t plane = beginPlane; plane < endPlane; ++plane) {
                T* yp = y + plane * outS;
                std::fill_n(yp, outS, T(0));
                windowRows(x + plane * inS, yp, g,
                           [&](T* yrow, const T* xrow, int64_t iw0, int64_t sw, int64_t first,
                               int64_t last) {
                               for (int64_t ow = first; ow < last; ++ow) {
                                   const T v = std::abs(xrow[ow * sw + iw0]);
                                   yrow[ow] += p == 2 ? v * v : (p == 1 ? v : std::pow(v, power));
                               }
                           });
                for (int64_t o = 0; o < outS; ++o)
                    yp[o] = p == 2 ? std::sqrt(yp[o])
                                   : (p == 1 ? yp[o] : std::pow(yp[o], T(1) / power));
            }
        },
        4);
    ctx.outputs[0] = std::move(Y);
    return Status::success();
}

enum class GlobalKind { Average, Max, Lp };

template <typename T, GlobalKind Kind> Status globalPool(KernelContext& ctx) {
    const HostTensor& X = ctx.input(0);
    if (X.rank() < 3)
        return ctx.fail("input X has shape " + shapeOf(X) +
                        ", expected rank 3 or more (N, C and spatial dims)");
    int64_t inS = 1;
    for (int64_t i = 2; i < X.rank(); ++i)
        inS *= X.dim(i);
    if (inS == 0 && Kind == GlobalKind::Max)
        return ctx.fail("input X " + shapeOf(X) + " has no elements to take the maximum of");
    const int64_t p = Kind == GlobalKind::Lp ? ctx.node.attrInt("p", 2) : 2;
    if (p < 1)
        return ctx.fail("attribute 'p' is " + std::to_string(p) + ", expected 1 or more");
    std::vector<int64_t> outDims(static_cast<size_t>(X.rank()), 1);
    outDims[0] = X.dim(0);
    outDims[1] = X.dim(1);
    auto YAllocated = newOutput(ctx, X.dtype(), outDims);
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    const T* x = X.data<T>();
    [[maybe_unused]] const CpuKernelSet<T>& kernels = cpuKernelsOf<T>();
    T* y = Y.mutableData<T>();
    const int64_t planes = X.dim(0) * X.dim(1);
    const int threads = std::max(1, ctx.threads);
    parallelFor(
        planes, parallelPlanes(planes, inS, threads) ? threads : 1,
        [&](int64_t beginPlane, int64_t endPlane) {
            for (int64_t plane = beginPlane; plane < endPlane; ++plane) {
                const T* xp = x + plane * inS;
                if constexpr (Kind == GlobalKind::Max) {
                    T best = xp[0];
                    for (int64_t i = 1; i < inS; ++i)
                        best = std::max(best, xp[i]);
                    y[plane] = best;
                } else if constexpr (Kind == GlobalKind::Average) {
                    y[plane] = inS > 0 ? kernels.sum(xp, inS) / static_cast<T>(inS) : T(0);
                } else {
                    T sum = 0;
                    for (int64_t i = 0; i < inS; ++i)
                        sum += std::pow(std::abs(xp[i]), static_cast<T>(p));
                    y[plane] = std::pow(sum, T(1) / static_cast<T>(p));
                }
            }
        },
        0);
    ctx.outputs[0] = std::move(Y);
    return Status::success();
}

bool maxPoolTypes(const Node&, const std::vector<DataType>& types) {
    return !types.empty() && (types[0] == DataType::Float || types[0] == DataType::Double ||
                              types[0] == DataType::Int8 || types[0] == DataType::UInt8 ||
                              types[0] == DataType::Undefined);
}

Status maxPoolByType(KernelContext& ctx) {
    switch (ctx.input(0).dtype()) {
    case DataType::Float:
        return maxPool<float>(ctx);
    case DataType::Double:
        return maxPool<double>(ctx);
    case DataType::Int8:
        return maxPool<int8_t>(ctx);
    case DataType::UInt8:
        return maxPool<uint8_t>(ctx);
    default:
        return ctx.fail("input X is " + std::string(nameOf(ctx.input(0).dtype())) +
                        ", only float32, float64, int8 and uint8 are supported");
    }
}

} // namespace

void registerPoolKernels(KernelRegistry& registry) {
    registry.add({"MaxPool", "", maxPoolTypes, maxPoolByType});
    registry.add(
        {"AveragePool", "", sameFloatTypes, byFloatType<averagePool<float>, averagePool<double>>});
    registry.add({"LpPool", "", sameFloatTypes, byFloatType<lpPool<float>, lpPool<double>>});
    registry.add({"GlobalAveragePool", "", sameFloatTypes,
                  byFloatType<globalPool<float, GlobalKind::Average>,
                              globalPool<double, GlobalKind::Average>>});
    registry.add(
        {"GlobalMaxPool", "", sameFloatTypes,
         byFloatType<globalPool<float, GlobalKind::Max>, globalPool<double, GlobalKind::Max>>});
    registry.add(
        {"GlobalLpPool", "", sameFloatTypes,
         byFloatType<globalPool<float, GlobalKind::Lp>, globalPool<double, GlobalKind::Lp>>});
}

} // namespace autosplit
