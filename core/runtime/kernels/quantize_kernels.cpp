// QuantizeLinear and DequantizeLinear (opsets 10 and 13): what the edge model of a deployment
// bundle is made of. Computed in float32 as the ONNX reference and ONNX Runtime do (x / scale
// rounded half to even, (q - zero_point) * scale), so the executor and ONNX Runtime agree on every
// code of an exported model.

#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/cpu/cpu_kernels.h"
#include "core/runtime/kernels/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace autosplit {

namespace {

bool isCodeType(DataType t) {
    return t == DataType::UInt8 || t == DataType::Int8;
}

// Per-tensor (scale of rank 0 or one element) or per-axis (a 1-D scale along `axis`).
struct AxisLayout {
    int64_t outer = 1, channels = 1, inner = 1;
};

Result<AxisLayout> axisLayout(const KernelContext& c, const HostTensor& x,
                              const HostTensor& scale) {
    AxisLayout l;
    if (scale.elementCount() == 1 && scale.rank() <= 1) {
        l.inner = x.elementCount();
        return l;
    }
    if (scale.rank() != 1)
        return c.fail("the scale must be a scalar or 1-D");
    int64_t axis = c.node.attrInt("axis", 1);
    if (axis < 0)
        axis += x.rank();
    if (axis < 0 || axis >= x.rank())
        return c.fail("axis " + std::to_string(c.node.attrInt("axis", 1)) + " is outside rank " +
                      std::to_string(x.rank()));
    if (x.dim(axis) != scale.elementCount())
        return c.fail("scale has " + std::to_string(scale.elementCount()) + " elements for " +
                      std::to_string(x.dim(axis)) + " channels along axis " + std::to_string(axis));
    for (int64_t i = 0; i < axis; ++i)
        l.outer *= x.dim(i);
    l.channels = x.dim(axis);
    for (int64_t i = axis + 1; i < x.rank(); ++i)
        l.inner *= x.dim(i);
    return l;
}

// body(oc, i0, i1) over every run of one (outer, channel) row's elements [i0, i1), in pieces so
// that a per-tensor scale (one row of every element) still spreads over the threads.
template <typename F> void forEachRun(const AxisLayout& l, int threads, F&& body) {
    constexpr int64_t kPiece = 16384;
    const int64_t pieces = (l.inner + kPiece - 1) / kPiece;
    parallelRange(l.outer * l.channels * pieces, threads, l.outer * l.channels * l.inner,
                  [&](int64_t begin, int64_t end) {
                      for (int64_t item = begin; item < end; ++item) {
                          const int64_t oc = item / pieces, i0 = item % pieces * kPiece;
                          body(oc, i0, std::min(l.inner, i0 + kPiece));
                      }
                  });
}

// Round half to even (as std::nearbyint in the default rounding mode) of a float within +-2^22,
// in a form the compiler vectorizes: adding and removing 1.5 * 2^23 leaves no fraction bits.
inline float roundHalfEven(float v) {
    constexpr float kMagic = 12582912.f;
    return (v + kMagic) - kMagic;
}

template <typename Q> int32_t zeroPointAt(const HostTensor* zp, int64_t channel) {
    if (!zp)
        return 0;
    const Q* z = zp->data<Q>();
    return static_cast<int32_t>(zp->elementCount() == 1 ? z[0] : z[channel]);
}

template <typename Q>
Status quantize(KernelContext& c, const HostTensor& x, const HostTensor& scale,
                const HostTensor* zp, const AxisLayout& l) {
    HostTensor y = HostTensor::uninitialized(zp ? zp->dtype() : DataType::UInt8, x.dims());
    const float* in = x.data<float>();
    const float* s = scale.data<float>();
    Q* out = y.mutableData<Q>();
    constexpr float lo = static_cast<float>(std::numeric_limits<Q>::min());
    constexpr float hi = static_cast<float>(std::numeric_limits<Q>::max());
    for (int64_t ch = 0; ch < l.channels; ++ch)
        if (!(s[ch] > 0.0f) || !std::isfinite(s[ch]))
            return c.fail("scale " + std::to_string(s[ch]) + " is not a positive number");
    const CpuIntegerKernels& kernels = cpuKernels().i8;
    forEachRun(l, c.threads, [&](int64_t oc, int64_t i0, int64_t i1) {
        const int64_t ch = oc % l.channels;
        const float scaleValue = s[l.channels == 1 ? 0 : ch];
        if constexpr (std::is_same_v<Q, uint8_t>) { // the CPU path's loop
            kernels.quantizeToCodes(in + oc * l.inner + i0, i1 - i0, scaleValue,
                                    zeroPointAt<Q>(zp, ch), out + oc * l.inner + i0);
            return;
        }
        const auto zero = static_cast<float>(zeroPointAt<Q>(zp, ch));
        // the bounds beyond which every value saturates alike keep roundHalfEven exact
        const float below = lo - zero - 1.f, above = hi - zero + 1.f;
        const float* __restrict xi = in + oc * l.inner;
        Q* __restrict yi = out + oc * l.inner;
        for (int64_t i = i0; i < i1; ++i) {
            float v = xi[i] / scaleValue;
            v = v == v ? v : 0.f; // NaN: no code means anything, the zero point least
            v = v < below ? below : (v > above ? above : v);
            v = roundHalfEven(v) + zero;
            yi[i] = static_cast<Q>(static_cast<int32_t>(v < lo ? lo : (v > hi ? hi : v)));
        }
    });
    c.outputs[0] = std::move(y);
    return Status::success();
}

Status runQuantizeLinear(KernelContext& c) {
    const HostTensor& x = c.input(0);
    const HostTensor& scale = c.input(1);
    const HostTensor* zp = c.hasInput(2) ? &c.input(2) : nullptr;
    if (scale.dtype() != DataType::Float)
        return c.fail("the scale must be float32");
    auto l = axisLayout(c, x, scale);
    if (!l)
        return l.error();
    if (zp && zp->elementCount() != scale.elementCount())
        return c.fail("the zero point and the scale have different sizes");
    if (zp && zp->dtype() == DataType::Int8)
        return quantize<int8_t>(c, x, scale, zp, *l);
    return quantize<uint8_t>(c, x, scale, zp, *l);
}

template <typename Q>
void dequantize(KernelContext& c, const HostTensor& x, const HostTensor& scale,
                const HostTensor* zp, const AxisLayout& l) {
    HostTensor y = HostTensor::uninitialized(DataType::Float, x.dims());
    const Q* in = x.data<Q>();
    const float* s = scale.data<float>();
    float* out = y.mutableData<float>();
    forEachRun(l, c.threads, [&](int64_t oc, int64_t i0, int64_t i1) {
        const int64_t ch = oc % l.channels;
        const float scaleValue = s[l.channels == 1 ? 0 : ch];
        const int32_t zero = zeroPointAt<Q>(zp, ch);
        const Q* __restrict xi = in + oc * l.inner;
        float* __restrict yi = out + oc * l.inner;
        for (int64_t i = i0; i < i1; ++i)
            yi[i] = static_cast<float>(static_cast<int32_t>(xi[i]) - zero) * scaleValue;
    });
    c.outputs[0] = std::move(y);
}

Status runDequantizeLinear(KernelContext& c) {
    const HostTensor& x = c.input(0);
    const HostTensor& scale = c.input(1);
    const HostTensor* zp = c.hasInput(2) ? &c.input(2) : nullptr;
    if (scale.dtype() != DataType::Float)
        return c.fail("the scale must be float32");
    auto l = axisLayout(c, x, scale);
    if (!l)
        return l.error();
    if (zp && (zp->dtype() != x.dtype() || zp->elementCount() != scale.elementCount()))
        return c.fail("the zero point must match the input's type and the scale's size");
    switch (x.dtype()) {
    case DataType::UInt8:
        dequantize<uint8_t>(c, x, scale, zp, *l);
        break;
    case DataType::Int8:
        dequantize<int8_t>(c, x, scale, zp, *l);
        break;
    case DataType::Int32:
        dequantize<int32_t>(c, x, scale, zp, *l);
        break;
    default:
        return c.fail("cannot dequantize " + std::string(nameOf(x.dtype())));
    }
    return Status::success();
}

} // namespace

void registerQuantizeKernels(KernelRegistry& r) {
    r.add({"QuantizeLinear", "",
           [](const Node&, const std::vector<DataType>& types) {
               return types.size() >= 2 &&
                      (types[0] == DataType::Float || types[0] == DataType::Undefined) &&
                      (types.size() < 3 || types[2] == DataType::Undefined || isCodeType(types[2]));
           },
           runQuantizeLinear});
    r.add({"DequantizeLinear", "",
           [](const Node&, const std::vector<DataType>& types) {
               return types.size() >= 2 && (types[0] == DataType::Undefined ||
                                            isCodeType(types[0]) || types[0] == DataType::Int32);
           },
           runDequantizeLinear});
}

} // namespace autosplit
