#include "core/quant/quantizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace autosplit {

namespace {

std::string quoted(std::string_view label) {
    return "'" + std::string(label) + "'";
}

Status checkFloatTensor(const HostTensor& tensor, std::string_view label) {
    if (tensor.dtype() != DataType::Float)
        return Error{"tensor " + quoted(label) + " is " + std::string(nameOf(tensor.dtype())) +
                     "; only float32 tensors are quantized"};
    return Status::success();
}

Status checkChannels(const QuantParams& params, const ChannelLayout& layout,
                     std::string_view label) {
    if (params.scale.empty() || params.scale.size() != params.zeroPoint.size())
        return Error{"quantizer for " + quoted(label) + " has no parameters"};
    if (static_cast<int64_t>(params.channels()) != layout.channels)
        return Error{"quantizer for " + quoted(label) + " has " +
                     std::to_string(params.channels()) + " channels but axis " +
                     std::to_string(params.axis) + " has " + std::to_string(layout.channels)};
    return Status::success();
}

} // namespace

bool isSupportedBitWidth(int bits) {
    return (bits >= 2 && bits <= 8) || bits == 16;
}

QuantScheme QuantScheme::weights(int bits, int axis) {
    QuantScheme s;
    s.bits = bits;
    s.isSigned = true;
    s.symmetric = true;
    s.narrowRange = true;
    s.axis = axis;
    return s;
}

QuantScheme QuantScheme::activations(int bits) {
    QuantScheme s;
    s.bits = bits;
    return s;
}

int32_t QuantScheme::qmin() const {
    if (!isSigned)
        return 0;
    const int32_t lowest = -(int32_t{1} << (bits - 1));
    return narrowRange ? lowest + 1 : lowest;
}

int32_t QuantScheme::qmax() const {
    return isSigned ? (int32_t{1} << (bits - 1)) - 1 : (int32_t{1} << bits) - 1;
}

std::string QuantScheme::describe() const {
    std::string s = std::to_string(bits) + "-bit " + (isSigned ? "signed" : "unsigned") + " " +
                    (symmetric ? "symmetric" : "asymmetric");
    if (narrowRange)
        s += " narrow-range";
    s += axis < 0 ? " per-tensor" : " per-channel(axis " + std::to_string(axis) + ")";
    return s;
}

Status validateScheme(const QuantScheme& scheme) {
    if (!isSupportedBitWidth(scheme.bits))
        return Error{"bit-width " + std::to_string(scheme.bits) +
                     " is not supported (use 2..8 or 16)"};
    if (scheme.symmetric && !scheme.isSigned)
        return Error{"symmetric quantization needs signed codes"};
    if (scheme.narrowRange && !scheme.isSigned)
        return Error{"narrow range applies to signed codes only"};
    return Status::success();
}

Result<QuantParams> paramsFromRanges(const QuantScheme& scheme, std::span<const Range> ranges) {
    if (Status s = validateScheme(scheme); !s)
        return s.error();
    if (ranges.empty())
        return Error{"quantizer needs at least one range"};
    if (scheme.axis < 0 && ranges.size() != 1)
        return Error{"a per-tensor quantizer takes one range, got " +
                     std::to_string(ranges.size())};
    QuantParams p;
    p.bits = scheme.bits;
    p.isSigned = scheme.isSigned;
    p.qmin = scheme.qmin();
    p.qmax = scheme.qmax();
    p.axis = scheme.axis;
    p.scale.reserve(ranges.size());
    p.zeroPoint.reserve(ranges.size());
    for (size_t c = 0; c < ranges.size(); ++c) {
        const Range& r = ranges[c];
        if (!std::isfinite(r.lo) || !std::isfinite(r.hi) || r.lo > r.hi)
            return Error{"quantization range [" + std::to_string(r.lo) + ", " +
                         std::to_string(r.hi) + "] of channel " + std::to_string(c) +
                         " is not a finite interval"};
        // Widen to contain 0 so that zero is exactly representable.
        const double lo = std::min(0.0, static_cast<double>(r.lo));
        const double hi = std::max(0.0, static_cast<double>(r.hi));
        double scale = 0.0;
        int32_t zeroPoint = 0;
        if (scheme.symmetric) {
            // The codes are symmetric only in the narrow range; with the full signed range the
            // extra negative code is simply unused by the symmetric range.
            const double m = std::max(-lo, hi);
            scale = m / static_cast<double>(p.qmax);
        } else {
            scale = (hi - lo) / static_cast<double>(p.qmax - p.qmin);
            if (scale > 0.0) {
                // The zero point is the code of 0; rounding it is what makes 0 exact.
                const double z = static_cast<double>(p.qmin) - lo / scale;
                zeroPoint = static_cast<int32_t>(std::clamp(
                    std::nearbyint(z), static_cast<double>(p.qmin), static_cast<double>(p.qmax)));
            }
        }
        if (!(scale > 0.0) || !std::isfinite(scale)) {
            // All values are 0 (lo == hi == 0 after widening): any positive scale is exact.
            scale = 1.0;
            zeroPoint = scheme.symmetric ? 0 : std::clamp<int32_t>(0, p.qmin, p.qmax);
        }
        p.scale.push_back(scale);
        p.zeroPoint.push_back(zeroPoint);
    }
    return p;
}

Result<QuantParams> paramsFromRange(const QuantScheme& scheme, Range range) {
    return paramsFromRanges(scheme, std::span<const Range>(&range, 1));
}

Status checkFinite(std::span<const float> values, std::string_view label) {
    for (size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            return Error{"tensor " + quoted(label) + " has " +
                         (std::isnan(values[i]) ? "NaN" : "an infinite value") + " at element " +
                         std::to_string(i) + "; it cannot be quantized"};
    return Status::success();
}

Result<ChannelLayout> channelLayout(const std::vector<int64_t>& dims, int axis,
                                    std::string_view label) {
    ChannelLayout l;
    if (axis < 0) {
        for (int64_t d : dims)
            l.inner *= d;
        return l;
    }
    if (axis >= static_cast<int>(dims.size()))
        return Error{"channel axis " + std::to_string(axis) + " is out of range for tensor " +
                     quoted(label) + " of rank " + std::to_string(dims.size())};
    for (int i = 0; i < axis; ++i)
        l.outer *= dims[static_cast<size_t>(i)];
    l.channels = dims[static_cast<size_t>(axis)];
    for (size_t i = static_cast<size_t>(axis) + 1; i < dims.size(); ++i)
        l.inner *= dims[i];
    return l;
}

Result<std::vector<int32_t>> quantize(std::span<const float> values, const QuantParams& params,
                                      std::string_view label) {
    if (params.channels() != 1 || params.zeroPoint.size() != 1)
        return Error{"quantizer for " + quoted(label) +
                     " is per channel; quantize the tensor with its dims"};
    if (Status s = checkFinite(values, label); !s)
        return s.error();
    std::vector<int32_t> codes(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        codes[i] = quantizeValue(values[i], params.scale[0], params.zeroPoint[0], params.qmin,
                                 params.qmax);
    return codes;
}

std::vector<float> dequantize(std::span<const int32_t> codes, const QuantParams& params) {
    std::vector<float> values(codes.size());
    if (params.scale.empty() || params.zeroPoint.empty())
        return values;
    for (size_t i = 0; i < codes.size(); ++i)
        values[i] = dequantizeValue(codes[i], params.scale[0], params.zeroPoint[0]);
    return values;
}

Result<std::vector<float>> fakeQuantize(std::span<const float> values, const QuantParams& params,
                                        std::string_view label) {
    if (params.channels() != 1 || params.zeroPoint.size() != 1)
        return Error{"quantizer for " + quoted(label) +
                     " is per channel; quantize the tensor with its dims"};
    if (Status s = checkFinite(values, label); !s)
        return s.error();
    std::vector<float> out(values.size());
    const double scale = params.scale[0];
    const int32_t zp = params.zeroPoint[0];
    for (size_t i = 0; i < values.size(); ++i)
        out[i] = dequantizeValue(quantizeValue(values[i], scale, zp, params.qmin, params.qmax),
                                 scale, zp);
    return out;
}

namespace {

// Applies f(channel, flatIndex) over a tensor's elements in (outer, channel, inner) order.
template <typename F> void forEachChannelElement(const ChannelLayout& l, F&& f) {
    int64_t i = 0;
    for (int64_t o = 0; o < l.outer; ++o)
        for (int64_t c = 0; c < l.channels; ++c)
            for (int64_t k = 0; k < l.inner; ++k, ++i)
                f(static_cast<size_t>(c), i);
}

} // namespace

Result<HostTensor> quantize(const HostTensor& tensor, const QuantParams& params,
                            std::string_view label) {
    if (Status s = checkFloatTensor(tensor, label); !s)
        return s.error();
    auto layout = channelLayout(tensor.dims(), params.axis, label);
    if (!layout)
        return layout.error();
    if (Status s = checkChannels(params, *layout, label); !s)
        return s.error();
    if (Status s = checkFinite(tensor.span<float>(), label); !s)
        return s.error();
    HostTensor out(DataType::Int32, tensor.dims());
    const float* x = tensor.data<float>();
    int32_t* q = out.mutableData<int32_t>();
    forEachChannelElement(*layout, [&](size_t c, int64_t i) {
        q[i] = quantizeValue(x[i], params.scale[c], params.zeroPoint[c], params.qmin, params.qmax);
    });
    return out;
}

Result<HostTensor> dequantize(const HostTensor& codes, const QuantParams& params,
                              std::string_view label) {
    if (codes.dtype() != DataType::Int32)
        return Error{"codes of " + quoted(label) + " are " + std::string(nameOf(codes.dtype())) +
                     "; dequantize takes int32 codes"};
    auto layout = channelLayout(codes.dims(), params.axis, label);
    if (!layout)
        return layout.error();
    if (Status s = checkChannels(params, *layout, label); !s)
        return s.error();
    HostTensor out(DataType::Float, codes.dims());
    const int32_t* q = codes.data<int32_t>();
    float* x = out.mutableData<float>();
    forEachChannelElement(*layout, [&](size_t c, int64_t i) {
        x[i] = dequantizeValue(q[i], params.scale[c], params.zeroPoint[c]);
    });
    return out;
}

namespace {

Result<HostTensor> fakeQuantizeTensor(const HostTensor& tensor, const QuantParams& params,
                                      std::string_view label, bool saturate) {
    if (Status s = checkFloatTensor(tensor, label); !s)
        return s.error();
    auto layout = channelLayout(tensor.dims(), params.axis, label);
    if (!layout)
        return layout.error();
    if (Status s = checkChannels(params, *layout, label); !s)
        return s.error();
    if (!saturate)
        if (Status s = checkFinite(tensor.span<float>(), label); !s)
            return s.error();
    HostTensor out(DataType::Float, tensor.dims());
    const float* x = tensor.data<float>();
    float* y = out.mutableData<float>();
    forEachChannelElement(*layout, [&](size_t c, int64_t i) {
        const double scale = params.scale[c];
        const int32_t zp = params.zeroPoint[c];
        // quantizeValue clamps +-inf to the code range; NaN has no code and becomes zero
        const float v = std::isnan(x[i]) ? 0.f : x[i];
        y[i] = dequantizeValue(quantizeValue(v, scale, zp, params.qmin, params.qmax), scale, zp);
    });
    return out;
}

} // namespace

Result<HostTensor> fakeQuantize(const HostTensor& tensor, const QuantParams& params,
                                std::string_view label) {
    return fakeQuantizeTensor(tensor, params, label, false);
}

Result<HostTensor> fakeQuantizeSaturating(const HostTensor& tensor, const QuantParams& params,
                                          std::string_view label) {
    return fakeQuantizeTensor(tensor, params, label, true);
}

} // namespace autosplit
