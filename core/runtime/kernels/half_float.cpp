#include "half_float.h"

#include "../../passes/tensor_elements.h"

#include <bit>

namespace autosplit::kernels {

float halfToFloat(uint16_t h) {
    const uint32_t sign = (h & 0x8000u) << 16;
    uint32_t exponent = (h >> 10) & 0x1fu;
    uint32_t mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else { // subnormal: renormalise
            exponent = 127 - 15 + 1;
            while ((mantissa & 0x400u) == 0) {
                mantissa <<= 1;
                --exponent;
            }
            mantissa &= 0x3ffu;
            bits = sign | (exponent << 23) | (mantissa << 13);
        }
    } else if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    return std::bit_cast<float>(bits);
}

float bfloat16ToFloat(uint16_t bits) { return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16); }

HostTensor widenToFloat(const HostTensor& tensor) {
    HostTensor out(DataType::Float, tensor.dims());
    const uint16_t* in = tensor.data<uint16_t>();
    float* o = out.mutableData<float>();
    const bool bf = tensor.dtype() == DataType::BFloat16;
    for (int64_t i = 0; i < tensor.elementCount(); ++i)
        o[i] = bf ? bfloat16ToFloat(in[i]) : halfToFloat(in[i]);
    return out;
}

HostTensor narrowFromFloat(const HostTensor& tensor, DataType halfType) {
    HostTensor out(halfType, tensor.dims());
    const float* in = tensor.data<float>();
    uint16_t* o = out.mutableData<uint16_t>();
    const bool bf = halfType == DataType::BFloat16;
    for (int64_t i = 0; i < tensor.elementCount(); ++i)
        o[i] = bf ? floatToBFloat16(in[i]) : floatToHalf(in[i]);
    return out;
}

bool hasHalfInput(const KernelContext& c) {
    for (const HostTensor* t : c.inputs)
        if (t && isHalfType(t->dtype()))
            return true;
    return false;
}

Status runInFloat(KernelContext& c, const KernelFunction& kernel) {
    DataType half = DataType::Undefined;
    std::vector<HostTensor> widened(c.inputs.size());
    std::vector<const HostTensor*> inputs(c.inputs.size(), nullptr);
    for (size_t i = 0; i < c.inputs.size(); ++i) {
        const HostTensor* t = c.inputs[i];
        if (t && isHalfType(t->dtype())) {
            if (half == DataType::Undefined)
                half = t->dtype();
            widened[i] = widenToFloat(*t);
            inputs[i] = &widened[i];
        } else {
            inputs[i] = t;
        }
    }
    std::vector<HostTensor> outputs(c.outputs.size());
    KernelContext inner{c.graph, c.node, c.opset, std::move(inputs), outputs, c.threads};
    if (auto s = kernel(inner); !s)
        return s;
    for (size_t i = 0; i < outputs.size(); ++i)
        c.outputs[i] = outputs[i].isValid() && outputs[i].dtype() == DataType::Float && half != DataType::Undefined
                           ? narrowFromFloat(outputs[i], half)
                           : std::move(outputs[i]);
    return Status::success();
}

} // namespace autosplit::kernels
