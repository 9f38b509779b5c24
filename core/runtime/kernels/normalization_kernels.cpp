// BatchNormalization (inference, and training mode's batch statistics from opset 14),
// InstanceNormalization, LayerNormalization (opset 17) and LRN. Statistics accumulate in double.

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/kernels/float_inputs.h"
#include "core/runtime/kernels/fused_epilogue.h"
#include "core/runtime/kernels/kernel_output.h"
#include "core/runtime/kernels/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace autosplit {

namespace {

bool parallelPlanes(int64_t planes, int64_t perPlane, int threads) {
    return threads > 1 && planes > 1 && planes * perPlane > (int64_t(1) << 15);
}

// Elements per (image, channel) plane of an [N, C, ...] tensor.
int64_t planeSize(const HostTensor& x) {
    int64_t n = 1;
    for (int64_t i = 2; i < x.rank(); ++i)
        n *= x.dim(i);
    return n;
}

// training_mode (opset 14 on): normalize with the batch's statistics and also output the
// updated running mean and variance.
bool batchNormTraining(const Node& node) {
    return node.attrInt("training_mode", 0) != 0;
}

// Outside training mode only Y is defined for inference; the training outputs of opsets before
// 14 (mean, var, saved_mean, saved_var) had loosely specified meanings, so a node asking for them
// is refused up front rather than given guesses.
bool batchNormSupported(const Node& node, const std::vector<DataType>& types) {
    if (!sameFloatTypes(node, types))
        return false;
    if (!batchNormTraining(node))
        for (size_t i = 1; i < node.outputs.size(); ++i)
            if (node.outputs[i] != kNone)
                return false;
    return true;
}

template <typename T> Status batchNormalization(KernelContext& ctx) {
    const HostTensor& X = ctx.input(0);
    if (X.rank() < 2)
        return ctx.fail("input X has shape " + shapeOf(X) +
                        ", expected rank 2 or more (N, C, ...)");
    for (size_t i = 1; i < 5; ++i)
        if (!ctx.hasInput(i))
            return ctx.fail("input " + std::to_string(i) + " (scale, B, mean, var) is missing");
    const int64_t N = X.dim(0), C = X.dim(1), inner = planeSize(X);
    // spatial = 0 (opsets 1-8): one parameter per element of a plane, not one per channel
    const bool perElement = ctx.opset < 9 && ctx.node.attrInt("spatial", 1) == 0;
    const int64_t paramCount = perElement ? C * inner : C;
    for (size_t i = 1; i < 5; ++i)
        if (ctx.input(i).elementCount() != paramCount)
            return ctx.fail("input " + std::to_string(i) + " has shape " + shapeOf(ctx.input(i)) +
                            ", expected " + std::to_string(paramCount) + " values for input X " +
                            shapeOf(X));
    const double epsilon = ctx.node.attrFloat("epsilon", 1e-5f);
    const bool training = batchNormTraining(ctx.node);
    if (training && perElement)
        return ctx.fail("training mode with spatial = 0 is not supported");
    const T* x = X.data<T>();
    const T* scale = ctx.input(1).data<T>();
    const T* bias = ctx.input(2).data<T>();
    const T* mean = ctx.input(3).data<T>();
    const T* var = ctx.input(4).data<T>();
    const int threads = std::max(1, ctx.threads);

    // per-parameter y = x * a + b
    std::vector<T> a(static_cast<size_t>(paramCount)), b(static_cast<size_t>(paramCount));
    if (training) {
        const double momentum = ctx.node.attrFloat("momentum", 0.9f);
        auto runningMeanAllocated = newOutput(ctx, X.dtype(), {C});
        if (!runningMeanAllocated)
            return runningMeanAllocated.error();
        HostTensor runningMean = std::move(*runningMeanAllocated);
        auto runningVarAllocated = newOutput(ctx, X.dtype(), {C});
        if (!runningVarAllocated)
            return runningVarAllocated.error();
        HostTensor runningVar = std::move(*runningVarAllocated);
        for (int64_t c = 0; c < C; ++c) {
            double sum = 0, squares = 0;
            for (int64_t n = 0; n < N; ++n) {
                const T* p = x + (n * C + c) * inner;
                for (int64_t i = 0; i < inner; ++i)
                    sum += p[i];
            }
            const double count = static_cast<double>(N * inner);
            const double batchMean = count > 0 ? sum / count : 0;
            for (int64_t n = 0; n < N; ++n) {
                const T* p = x + (n * C + c) * inner;
                for (int64_t i = 0; i < inner; ++i)
                    squares += (p[i] - batchMean) * (p[i] - batchMean);
            }
            const double batchVar = count > 0 ? squares / count : 0;
            const double inv = 1.0 / std::sqrt(batchVar + epsilon);
            a[static_cast<size_t>(c)] = static_cast<T>(scale[c] * inv);
            b[static_cast<size_t>(c)] = static_cast<T>(bias[c] - batchMean * scale[c] * inv);
            runningMean.mutableData<T>()[c] =
                static_cast<T>(mean[c] * momentum + batchMean * (1 - momentum));
            runningVar.mutableData<T>()[c] =
                static_cast<T>(var[c] * momentum + batchVar * (1 - momentum));
        }
        if (ctx.outputs.size() > 1)
            ctx.outputs[1] = std::move(runningMean);
        if (ctx.outputs.size() > 2)
            ctx.outputs[2] = std::move(runningVar);
    } else {
        for (int64_t i = 0; i < paramCount; ++i) {
            const double inv = 1.0 / std::sqrt(static_cast<double>(var[i]) + epsilon);
            a[static_cast<size_t>(i)] = static_cast<T>(scale[i] * inv);
            b[static_cast<size_t>(i)] = static_cast<T>(bias[i] - mean[i] * scale[i] * inv);
        }
    }

    auto YAllocated = newOutput(ctx, X.dtype(), X.dims());
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    T* y = Y.mutableData<T>();
    const FusedActivation& act = ctx.node.activation;
    const int64_t planes = N * C;
    parallelFor(
        planes, parallelPlanes(planes, inner, threads) ? threads : 1,
        [&](int64_t beginP, int64_t endP) {
            for (int64_t p = beginP; p < endP; ++p) {
                const int64_t c = p % C;
                const T* xp = x + p * inner;
                T* yp = y + p * inner;
                if (perElement) {
                    const T* ap = a.data() + c * inner;
                    const T* bp = b.data() + c * inner;
                    for (int64_t i = 0; i < inner; ++i)
                        yp[i] = xp[i] * ap[i] + bp[i];
                } else {
                    const T ac = a[static_cast<size_t>(c)];
                    for (int64_t i = 0; i < inner; ++i)
                        yp[i] = xp[i] * ac;
                }
                applyBiasActivation(yp, inner, perElement ? T(0) : b[static_cast<size_t>(c)], act);
            }
        },
        0);
    ctx.outputs[0] = std::move(Y);
    return Status::success();
}

template <typename T> Status instanceNormalization(KernelContext& ctx) {
    const HostTensor& X = ctx.input(0);
    if (X.rank() < 3)
        return ctx.fail("input X has shape " + shapeOf(X) +
                        ", expected rank 3 or more (N, C, spatial dims)");
    const int64_t N = X.dim(0), C = X.dim(1), inner = planeSize(X);
    for (size_t i = 1; i < 3; ++i)
        if (!ctx.hasInput(i) || ctx.input(i).elementCount() != C)
            return ctx.fail("input " + std::to_string(i) + " (scale, B) must have " +
                            std::to_string(C) + " values");
    const double epsilon = ctx.node.attrFloat("epsilon", 1e-5f);
    const T* x = X.data<T>();
    const T* scale = ctx.input(1).data<T>();
    const T* bias = ctx.input(2).data<T>();
    auto YAllocated = newOutput(ctx, X.dtype(), X.dims());
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    T* y = Y.mutableData<T>();
    const int threads = std::max(1, ctx.threads);
    const int64_t planes = N * C;
    parallelFor(
        planes, parallelPlanes(planes, inner, threads) ? threads : 1,
        [&](int64_t beginP, int64_t endP) {
            for (int64_t p = beginP; p < endP; ++p) {
                const T* xp = x + p * inner;
                double sum = 0, squares = 0;
                for (int64_t i = 0; i < inner; ++i)
                    sum += xp[i];
                const double mean = inner > 0 ? sum / static_cast<double>(inner) : 0;
                for (int64_t i = 0; i < inner; ++i)
                    squares += (xp[i] - mean) * (xp[i] - mean);
                const double var = inner > 0 ? squares / static_cast<double>(inner) : 0;
                const int64_t c = p % C;
                const double a = scale[c] / std::sqrt(var + epsilon);
                const T ta = static_cast<T>(a), tb = static_cast<T>(bias[c] - mean * a);
                T* yp = y + p * inner;
                for (int64_t i = 0; i < inner; ++i)
                    yp[i] = xp[i] * ta + tb;
            }
        },
        0);
    ctx.outputs[0] = std::move(Y);
    return Status::success();
}

// Values of `t` broadcast (numpy, from the right) to `dims`, flattened; empty when they do not fit.
template <typename T>
std::vector<T> broadcastTo(const HostTensor& t, const std::vector<int64_t>& dims) {
    const int64_t rank = static_cast<int64_t>(dims.size());
    if (t.rank() > rank)
        return {};
    for (int64_t i = 0; i < t.rank(); ++i) {
        const int64_t d = t.dim(t.rank() - 1 - i);
        if (d != 1 && d != dims[static_cast<size_t>(rank - 1 - i)])
            return {};
    }
    int64_t total = 1;
    for (int64_t d : dims)
        total *= d;
    std::vector<T> out(static_cast<size_t>(total));
    const T* src = t.data<T>();
    for (int64_t i = 0; i < total; ++i) {
        int64_t rest = i, index = 0, stride = 1;
        for (int64_t k = 0; k < t.rank(); ++k) {
            const int64_t d = dims[static_cast<size_t>(rank - 1 - k)];
            const int64_t coordinate = rest % d;
            rest /= d;
            const int64_t td = t.dim(t.rank() - 1 - k);
            index += (td == 1 ? 0 : coordinate) * stride;
            stride *= td;
        }
        out[static_cast<size_t>(i)] = src[index];
    }
    return out;
}

template <typename T> Status layerNormalization(KernelContext& ctx) {
    const HostTensor& X = ctx.input(0);
    const int64_t rank = X.rank();
    int64_t axis = ctx.node.attrInt("axis", -1);
    if (axis < -rank || axis >= rank)
        return ctx.fail("axis " + std::to_string(axis) + " is out of range for input X " +
                        shapeOf(X));
    if (axis < 0)
        axis += rank;
    const double epsilon = ctx.node.attrFloat("epsilon", 1e-5f);
    const std::vector<int64_t> normalized(X.dims().begin() + axis, X.dims().end());
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < axis; ++i)
        outer *= X.dim(i);
    for (int64_t d : normalized)
        inner *= d;
    if (!ctx.hasInput(1))
        return ctx.fail("input Scale is missing");
    const std::vector<T> scale = broadcastTo<T>(ctx.input(1), normalized);
    if (scale.size() != static_cast<size_t>(inner))
        return ctx.fail("input Scale " + shapeOf(ctx.input(1)) +
                        " does not broadcast to the normalized dims " +
                        TensorShape::of(normalized).toString());
    std::vector<T> bias(static_cast<size_t>(inner), T(0));
    if (ctx.hasInput(2)) {
        bias = broadcastTo<T>(ctx.input(2), normalized);
        if (bias.size() != static_cast<size_t>(inner))
            return ctx.fail("input B " + shapeOf(ctx.input(2)) +
                            " does not broadcast to the normalized dims " +
                            TensorShape::of(normalized).toString());
    }
    std::vector<int64_t> statDims(X.dims().begin(), X.dims().begin() + axis);
    statDims.resize(static_cast<size_t>(rank), 1);
    // Mean and InvStdDev are float32 (the stash type), whatever X's type.
    auto YAllocated = newOutput(ctx, X.dtype(), X.dims());
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    auto MeanAllocated = newOutput(ctx, DataType::Float, statDims);
    if (!MeanAllocated)
        return MeanAllocated.error();
    HostTensor Mean = std::move(*MeanAllocated);
    auto InvStdAllocated = newOutput(ctx, DataType::Float, statDims);
    if (!InvStdAllocated)
        return InvStdAllocated.error();
    HostTensor InvStd = std::move(*InvStdAllocated);
    const T* x = X.data<T>();
    T* y = Y.mutableData<T>();
    const int threads = std::max(1, ctx.threads);
    parallelFor(
        outer, parallelPlanes(outer, inner, threads) ? threads : 1,
        [&](int64_t beginO, int64_t endO) {
            for (int64_t o = beginO; o < endO; ++o) {
                const T* xo = x + o * inner;
                double sum = 0, squares = 0;
                for (int64_t i = 0; i < inner; ++i)
                    sum += xo[i];
                const double mean = inner > 0 ? sum / static_cast<double>(inner) : 0;
                for (int64_t i = 0; i < inner; ++i)
                    squares += (xo[i] - mean) * (xo[i] - mean);
                const double inv =
                    1.0 /
                    std::sqrt((inner > 0 ? squares / static_cast<double>(inner) : 0) + epsilon);
                T* yo = y + o * inner;
                for (int64_t i = 0; i < inner; ++i)
                    yo[i] = static_cast<T>((xo[i] - mean) * inv) * scale[static_cast<size_t>(i)] +
                            bias[static_cast<size_t>(i)];
                Mean.mutableData<float>()[o] = static_cast<float>(mean);
                InvStd.mutableData<float>()[o] = static_cast<float>(inv);
            }
        },
        0);
    ctx.outputs[0] = std::move(Y);
    if (ctx.outputs.size() > 1)
        ctx.outputs[1] = std::move(Mean);
    if (ctx.outputs.size() > 2)
        ctx.outputs[2] = std::move(InvStd);
    return Status::success();
}

template <typename T> Status localResponseNormalization(KernelContext& ctx) {
    const HostTensor& X = ctx.input(0);
    if (X.rank() < 3)
        return ctx.fail("input X has shape " + shapeOf(X) +
                        ", expected rank 3 or more (N, C, spatial dims)");
    const int64_t size = ctx.node.attrInt("size", 0);
    if (size < 1)
        return ctx.fail("attribute 'size' is " + std::to_string(size) + " (missing or below 1)");
    const double alpha = ctx.node.attrFloat("alpha", 1e-4f),
                 beta = ctx.node.attrFloat("beta", 0.75f), bias = ctx.node.attrFloat("bias", 1.f);
    const int64_t N = X.dim(0), C = X.dim(1), inner = planeSize(X);
    const int64_t before = (size - 1) / 2,
                  after = size - 1 - before; // floor and ceil of (size - 1) / 2
    const T* x = X.data<T>();
    auto YAllocated = newOutput(ctx, X.dtype(), X.dims());
    if (!YAllocated)
        return YAllocated.error();
    HostTensor Y = std::move(*YAllocated);
    T* y = Y.mutableData<T>();
    const int threads = std::max(1, ctx.threads);
    const int64_t planes = N * C;
    parallelFor(
        planes, parallelPlanes(planes, inner * size, threads) ? threads : 1,
        [&](int64_t beginP, int64_t endP) {
            for (int64_t p = beginP; p < endP; ++p) {
                const int64_t n = p / C, c = p % C;
                const int64_t c0 = std::max<int64_t>(0, c - before),
                              c1 = std::min<int64_t>(C - 1, c + after);
                T* yp = y + p * inner;
                const T* xp = x + p * inner;
                for (int64_t i = 0; i < inner; ++i) {
                    double squares = 0;
                    for (int64_t k = c0; k <= c1; ++k) {
                        const double v = x[(n * C + k) * inner + i];
                        squares += v * v;
                    }
                    yp[i] = static_cast<T>(
                        xp[i] / std::pow(bias + alpha / static_cast<double>(size) * squares, beta));
                }
            }
        },
        0);
    ctx.outputs[0] = std::move(Y);
    return Status::success();
}

} // namespace

void registerNormalizationKernels(KernelRegistry& registry) {
    registry.add({"BatchNormalization", "", batchNormSupported,
                  byFloatType<batchNormalization<float>, batchNormalization<double>>, true});
    registry.add({"InstanceNormalization", "", sameFloatTypes,
                  byFloatType<instanceNormalization<float>, instanceNormalization<double>, 3>});
    registry.add({"LayerNormalization", "", sameFloatTypes,
                  byFloatType<layerNormalization<float>, layerNormalization<double>, 3>});
    registry.add(
        {"LRN", "", sameFloatTypes,
         byFloatType<localResponseNormalization<float>, localResponseNormalization<double>>});
}

} // namespace autosplit
