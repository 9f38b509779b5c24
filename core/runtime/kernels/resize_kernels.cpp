// Resize (opsets 10, 11, 13) and Upsample (opsets 7 and 9) on N-D tensors: nearest (every
// nearest_mode), linear and cubic interpolation with every coordinate_transformation_mode of
// those opsets. Interpolation is a tensor product, so it runs as one 1-D pass per resized axis:
// each output index along the axis is a weighted sum of 1, 2 or 4 input rows (the rows being
// contiguous blocks of the inner dims), which vectorizes; unchanged axes cost nothing.
// Coordinates follow ONNX's reference implementation (onnx/backend/test/case/node/resize.py).

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/kernels/float_inputs.h"
#include "core/runtime/kernels/kernel_output.h"
#include "core/runtime/kernels/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace autosplit {

namespace {

enum class Interpolation { Nearest, Linear, Cubic };
enum class NearestMode { Legacy, RoundPreferFloor, RoundPreferCeil, Floor, Ceil };
enum class Coordinates {
    HalfPixel,
    PytorchHalfPixel,
    AlignCorners,
    Asymmetric,
    TfHalfPixelForNn,
    TfCropAndResize
};

struct ResizePlan {
    Interpolation interpolation = Interpolation::Nearest;
    NearestMode nearest = NearestMode::RoundPreferFloor;
    Coordinates coordinates = Coordinates::HalfPixel;
    double cubicA = -0.75;
    bool excludeOutside = false;
    double extrapolation = 0;
    std::vector<double> scales;   // per axis
    std::vector<int64_t> outDims; // per axis
    std::vector<double> roi;      // starts then ends (tf_crop_and_resize)
};

// How one resized axis maps to the input: `taps` (input index, weight) pairs per output index,
// and the outputs that fall outside the crop (tf_crop_and_resize extrapolation).
struct AxisTaps {
    int taps = 1;
    std::vector<int64_t> index;
    std::vector<double> weight;
    std::vector<char> outside;
    bool anyOutside = false;

    bool isIdentity(int64_t in, int64_t out) const {
        if (in != out || anyOutside)
            return false;
        for (int64_t o = 0; o < out; ++o)
            for (int t = 0; t < taps; ++t) {
                const size_t k = static_cast<size_t>(o * taps + t);
                if (weight[k] != 0 && (index[k] != o || weight[k] != 1))
                    return false;
            }
        return true;
    }
};

double originalCoordinate(const ResizePlan& plan, size_t axis, double x, int64_t in) {
    const double scale = plan.scales[axis];
    const double length = scale * static_cast<double>(in); // the reference's output_width
    switch (plan.coordinates) {
    case Coordinates::HalfPixel:
        return (x + 0.5) / scale - 0.5;
    case Coordinates::PytorchHalfPixel:
        return length == 1 ? -0.5 : (x + 0.5) / scale - 0.5;
    case Coordinates::AlignCorners:
        return length == 1 ? 0.0 : x * static_cast<double>(in - 1) / (length - 1);
    case Coordinates::Asymmetric:
        return x / scale;
    case Coordinates::TfHalfPixelForNn:
        return (x + 0.5) / scale;
    case Coordinates::TfCropAndResize: {
        const size_t rank = plan.roi.size() / 2;
        const double start = plan.roi[axis], end = plan.roi[axis + rank];
        const double span = static_cast<double>(in - 1);
        return length == 1 ? (end - start) * span / 2 + start * span
                           : x * (end - start) * span / (length - 1) + start * span;
    }
    }
    return x;
}

int64_t nearestIndex(NearestMode mode, double x, bool downsampling) {
    switch (mode) {
    case NearestMode::Legacy: // opsets before 11 (ONNX Runtime's behaviour)
        return static_cast<int64_t>(downsampling ? std::ceil(x) : std::floor(x));
    case NearestMode::RoundPreferFloor:
        return x == std::floor(x) + 0.5 ? static_cast<int64_t>(std::floor(x))
                                        : static_cast<int64_t>(std::round(x));
    case NearestMode::RoundPreferCeil:
        return static_cast<int64_t>(std::round(x));
    case NearestMode::Floor:
        return static_cast<int64_t>(std::floor(x));
    case NearestMode::Ceil:
        return static_cast<int64_t>(std::ceil(x));
    }
    return 0;
}

AxisTaps axisTaps(const ResizePlan& plan, size_t axis, int64_t in, int64_t out) {
    AxisTaps a;
    a.taps = plan.interpolation == Interpolation::Nearest  ? 1
             : plan.interpolation == Interpolation::Linear ? 2
                                                           : 4;
    a.index.resize(static_cast<size_t>(out * a.taps));
    a.weight.resize(static_cast<size_t>(out * a.taps));
    a.outside.assign(static_cast<size_t>(out), 0);
    auto clampIndex = [in](int64_t i) { return std::clamp<int64_t>(i, 0, in - 1); };
    for (int64_t o = 0; o < out; ++o) {
        const double x = originalCoordinate(plan, axis, static_cast<double>(o), in);
        int64_t* index = a.index.data() + o * a.taps;
        double* weight = a.weight.data() + o * a.taps;
        if (plan.coordinates == Coordinates::TfCropAndResize &&
            (x < 0 || x > static_cast<double>(in - 1))) {
            a.outside[static_cast<size_t>(o)] = 1;
            a.anyOutside = true;
        }
        if (plan.interpolation == Interpolation::Nearest) {
            index[0] = clampIndex(nearestIndex(plan.nearest, x, plan.scales[axis] < 1));
            weight[0] = 1;
            continue;
        }
        const double base = std::floor(x), t = x - base;
        const auto i0 = static_cast<int64_t>(base);
        if (plan.interpolation == Interpolation::Linear) {
            index[0] = clampIndex(i0);
            index[1] = clampIndex(i0 + 1);
            weight[0] = 1 - t;
            weight[1] = t;
            continue;
        }
        const double A = plan.cubicA, u = 1 - t;
        const double coefficients[4] = {
            ((A * (t + 1) - 5 * A) * (t + 1) + 8 * A) * (t + 1) - 4 * A,
            ((A + 2) * t - (A + 3)) * t * t + 1, ((A + 2) * u - (A + 3)) * u * u + 1,
            ((A * (u + 1) - 5 * A) * (u + 1) + 8 * A) * (u + 1) - 4 * A};
        double sum = 0;
        for (int k = 0; k < 4; ++k) {
            const int64_t i = i0 - 1 + k;
            const bool inside = i >= 0 && i < in;
            weight[k] = plan.excludeOutside && !inside ? 0.0 : coefficients[k];
            index[k] = clampIndex(i);
            sum += weight[k];
        }
        if (plan.excludeOutside && sum != 0)
            for (int k = 0; k < 4; ++k)
                weight[k] /= sum;
    }
    return a;
}

// One 1-D pass: src [outer, in, inner] -> dst [outer, out, inner] along the middle axis.
template <typename T>
void resizeAxis(const T* src, T* dst, int64_t outer, int64_t in, int64_t out, int64_t inner,
                const AxisTaps& a, int threads) {
    const int64_t rows = outer * out;
    std::vector<T> weights(a.weight.begin(), a.weight.end());
    const bool parallel = threads > 1 && rows > 1 && rows * inner * a.taps > (int64_t(1) << 15);
    parallelFor(
        rows, parallel ? threads : 1,
        [&](int64_t beginR, int64_t endR) {
            for (int64_t r = beginR; r < endR; ++r) {
                const int64_t b = r / out, o = r % out;
                const T* s = src + b * in * inner;
                T* d = dst + r * inner;
                const int64_t* index = a.index.data() + o * a.taps;
                const T* w = weights.data() + o * a.taps;
                if (a.taps == 1) {
                    if (inner == 1)
                        d[0] = s[index[0]];
                    else
                        std::memcpy(d, s + index[0] * inner,
                                    static_cast<size_t>(inner) * sizeof(T));
                    continue;
                }
                const T* s0 = s + index[0] * inner;
                for (int64_t i = 0; i < inner; ++i)
                    d[i] = w[0] * s0[i];
                for (int t = 1; t < a.taps; ++t) {
                    const T* st = s + index[t] * inner;
                    const T wt = w[t];
                    for (int64_t i = 0; i < inner; ++i)
                        d[i] += wt * st[i];
                }
            }
        },
        0);
}

template <typename T>
Result<HostTensor> runPlan(const KernelContext& ctx, const HostTensor& X, const ResizePlan& plan,
                           int threads) {
    const std::vector<int64_t>& inDims = X.dims();
    const size_t rank = inDims.size();
    std::vector<AxisTaps> taps(rank);
    HostTensor current = X;
    std::vector<int64_t> dims = inDims;
    for (size_t axis = 0; axis < rank; ++axis) {
        taps[axis] = axisTaps(plan, axis, inDims[axis], plan.outDims[axis]);
        if (taps[axis].isIdentity(inDims[axis], plan.outDims[axis]))
            continue;
        int64_t outer = 1, inner = 1;
        for (size_t i = 0; i < axis; ++i)
            outer *= dims[i];
        for (size_t i = axis + 1; i < rank; ++i)
            inner *= dims[i];
        std::vector<int64_t> next = dims;
        next[axis] = plan.outDims[axis];
        auto allocated = newOutput(ctx, X.dtype(), next);
        if (!allocated)
            return allocated.error();
        HostTensor out = std::move(*allocated);
        resizeAxis(current.data<T>(), out.mutableData<T>(), outer, dims[axis], next[axis], inner,
                   taps[axis], threads);
        current = std::move(out);
        dims = std::move(next);
    }
    // (every axis unchanged: the output shares the input's buffer, as the executor allows)
    // tf_crop_and_resize: an output whose coordinate leaves the crop on any axis is the
    // extrapolation value
    bool anyOutside = false;
    for (const AxisTaps& a : taps)
        anyOutside = anyOutside || a.anyOutside;
    if (anyOutside) {
        T* y = current.mutableData<T>();
        const T value = static_cast<T>(plan.extrapolation);
        std::vector<int64_t> coordinate(rank, 0);
        for (int64_t e = 0; e < current.elementCount(); ++e) {
            bool outside = false;
            for (size_t axis = 0; axis < rank; ++axis)
                outside = outside || taps[axis].outside[static_cast<size_t>(coordinate[axis])];
            if (outside)
                y[e] = value;
            for (size_t axis = rank; axis-- > 0;) {
                if (++coordinate[axis] < dims[axis])
                    break;
                coordinate[axis] = 0;
            }
        }
    }
    return current;
}

Result<Interpolation> interpolationOf(const KernelContext& ctx) {
    const std::string mode = ctx.node.attrString("mode", "nearest");
    if (mode == "nearest")
        return Interpolation::Nearest;
    if (mode == "linear" || (mode == "bilinear" && ctx.node.opType == "Upsample"))
        return Interpolation::Linear;
    if (mode == "cubic" && ctx.node.opType == "Resize" && ctx.opset >= 11)
        return Interpolation::Cubic;
    return ctx.fail("mode '" + mode + "' is not supported (nearest, linear" +
                    std::string(ctx.node.opType == "Resize" && ctx.opset >= 11 ? ", cubic" : "") +
                    ")");
}

// Output dims from scales (floor(in * scale), as ONNX's shape inference computes them).
Status setScales(const KernelContext& ctx, ResizePlan& plan, const std::vector<float>& scales,
                 const std::vector<int64_t>& in) {
    if (scales.size() != in.size())
        return ctx.fail("scales has " + std::to_string(scales.size()) +
                        " values for input X of rank " + std::to_string(in.size()));
    plan.scales.clear();
    plan.outDims.clear();
    for (size_t i = 0; i < in.size(); ++i) {
        if (!(scales[i] > 0))
            return ctx.fail("scale " + std::to_string(scales[i]) + " of axis " + std::to_string(i) +
                            " is not positive");
        const float out = std::floor(static_cast<float>(in[i]) * scales[i]);
        if (!(out <= static_cast<float>(kMaxKernelElements)))
            return ctx.fail("scale " + std::to_string(scales[i]) + " of axis " + std::to_string(i) +
                            " gives a too large output");
        plan.scales.push_back(scales[i]);
        plan.outDims.push_back(static_cast<int64_t>(out));
    }
    return Status::success();
}

template <typename T> Status resize(KernelContext& ctx) {
    const HostTensor& X = ctx.input(0);
    const std::vector<int64_t>& in = X.dims();
    if (X.rank() < 1)
        return ctx.fail("input X is a scalar; there is nothing to resize");
    ResizePlan plan;
    auto interpolation = interpolationOf(ctx);
    if (!interpolation)
        return interpolation.error();
    plan.interpolation = *interpolation;
    const bool upsample = ctx.node.opType == "Upsample";
    const bool legacy =
        upsample || ctx.opset < 11; // Upsample and Resize-10: asymmetric, no attributes

    if (legacy) {
        plan.coordinates = Coordinates::Asymmetric;
        plan.nearest = NearestMode::Legacy;
        std::vector<float> scales;
        if (upsample && ctx.opset < 9) {
            const Attribute* a = ctx.node.attribute("scales");
            if (!a || a->kind != Attribute::Kind::Floats)
                return ctx.fail("attribute 'scales' is missing");
            scales = a->floats;
        } else {
            if (!ctx.hasInput(1))
                return ctx.fail("input 'scales' is missing");
            if (ctx.input(1).dtype() != DataType::Float)
                return ctx.fail("input 'scales' is " + std::string(nameOf(ctx.input(1).dtype())) +
                                ", expected float32");
            scales = ctx.input(1).toFloats();
        }
        if (auto s = setScales(ctx, plan, scales, in); !s)
            return s;
        if (upsample)
            for (float s : scales)
                if (s < 1)
                    return ctx.fail("Upsample scale " + std::to_string(s) + " is below 1");
    } else {
        for (const char* attr : {"antialias", "keep_aspect_ratio_policy", "axes"})
            if (ctx.node.attribute(attr))
                return ctx.fail("attribute '" + std::string(attr) +
                                "' (opset 18) is not supported");
        const std::string coordinates =
            ctx.node.attrString("coordinate_transformation_mode", "half_pixel");
        if (coordinates == "half_pixel")
            plan.coordinates = Coordinates::HalfPixel;
        else if (coordinates == "pytorch_half_pixel")
            plan.coordinates = Coordinates::PytorchHalfPixel;
        else if (coordinates == "align_corners")
            plan.coordinates = Coordinates::AlignCorners;
        else if (coordinates == "asymmetric")
            plan.coordinates = Coordinates::Asymmetric;
        else if (coordinates == "tf_half_pixel_for_nn")
            plan.coordinates = Coordinates::TfHalfPixelForNn;
        else if (coordinates == "tf_crop_and_resize")
            plan.coordinates = Coordinates::TfCropAndResize;
        else
            return ctx.fail("coordinate_transformation_mode '" + coordinates +
                            "' is not supported");
        const std::string nearest = ctx.node.attrString("nearest_mode", "round_prefer_floor");
        if (nearest == "round_prefer_floor")
            plan.nearest = NearestMode::RoundPreferFloor;
        else if (nearest == "round_prefer_ceil")
            plan.nearest = NearestMode::RoundPreferCeil;
        else if (nearest == "floor")
            plan.nearest = NearestMode::Floor;
        else if (nearest == "ceil")
            plan.nearest = NearestMode::Ceil;
        else
            return ctx.fail("nearest_mode '" + nearest + "' is not supported");
        plan.cubicA = ctx.node.attrFloat("cubic_coeff_a", -0.75f);
        plan.excludeOutside = ctx.node.attrInt("exclude_outside", 0) != 0;
        plan.extrapolation = ctx.node.attrFloat("extrapolation_value", 0.f);

        const HostTensor* scales =
            ctx.hasInput(2) && ctx.input(2).elementCount() > 0 ? &ctx.input(2) : nullptr;
        const HostTensor* sizes =
            ctx.hasInput(3) && ctx.input(3).elementCount() > 0 ? &ctx.input(3) : nullptr;
        if ((scales != nullptr) == (sizes != nullptr))
            return ctx.fail(
                "exactly one of the inputs 'scales' and 'sizes' must be given (non-empty)");
        if (scales) {
            if (scales->dtype() != DataType::Float)
                return ctx.fail("input 'scales' is " + std::string(nameOf(scales->dtype())) +
                                ", expected float32");
            if (auto s = setScales(ctx, plan, scales->toFloats(), in); !s)
                return s;
        } else {
            if (sizes->dtype() != DataType::Int64)
                return ctx.fail("input 'sizes' is " + std::string(nameOf(sizes->dtype())) +
                                ", expected int64");
            plan.outDims = sizes->toInt64s();
            if (plan.outDims.size() != in.size())
                return ctx.fail("sizes has " + std::to_string(plan.outDims.size()) +
                                " values for input X of rank " + std::to_string(in.size()));
            for (size_t i = 0; i < in.size(); ++i) {
                if (plan.outDims[i] < 0 || (in[i] == 0 && plan.outDims[i] != 0))
                    return ctx.fail("size " + std::to_string(plan.outDims[i]) + " of axis " +
                                    std::to_string(i) + " cannot be reached from input size " +
                                    std::to_string(in[i]));
                plan.scales.push_back(in[i] == 0 ? 1.0
                                                 : static_cast<double>(plan.outDims[i]) /
                                                       static_cast<double>(in[i]));
            }
        }
        if (plan.coordinates == Coordinates::TfCropAndResize) {
            if (!ctx.hasInput(1) || ctx.input(1).elementCount() != 2 * X.rank())
                return ctx.fail("tf_crop_and_resize needs input 'roi' with " +
                                std::to_string(2 * X.rank()) + " values");
            const std::vector<float> roi = ctx.input(1).toFloats();
            plan.roi.assign(roi.begin(), roi.end());
        }
    }
    for (size_t i = 0; i < in.size(); ++i)
        if (in[i] == 0 && plan.outDims[i] != 0)
            return ctx.fail("axis " + std::to_string(i) +
                            " of input X is empty and cannot be resized");
    const auto count = checkedProduct(plan.outDims);
    if (!count || *count > kMaxKernelElements)
        return ctx.fail("the output shape " + TensorShape::of(plan.outDims).toString() +
                        " is too large");
    auto Y = runPlan<T>(ctx, X, plan, std::max(1, ctx.threads));
    if (!Y)
        return Y.error();
    ctx.outputs[0] = std::move(*Y);
    return Status::success();
}

// X float32 or float64; scales float32, sizes int64, roi float (checked when run).
bool resizeTypes(const Node&, const std::vector<DataType>& types) {
    return !types.empty() && (types[0] == DataType::Float || types[0] == DataType::Double ||
                              types[0] == DataType::Undefined);
}

Status resizeByType(KernelContext& ctx) {
    switch (ctx.input(0).dtype()) {
    case DataType::Float:
        return resize<float>(ctx);
    case DataType::Double:
        return resize<double>(ctx);
    default:
        return ctx.fail("input X is " + std::string(nameOf(ctx.input(0).dtype())) +
                        ", only float32 and float64 are supported");
    }
}

} // namespace

void registerResizeKernels(KernelRegistry& registry) {
    registry.add({"Resize", "", resizeTypes, resizeByType});
    registry.add({"Upsample", "", resizeTypes, resizeByType});
}

} // namespace autosplit
