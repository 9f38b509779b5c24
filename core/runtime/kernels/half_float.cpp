#include "core/runtime/kernels/half_float.h"

#include "core/graph/tensor_elements.h"

#include <bit>

namespace autosplit::kernels {

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
        c.outputs[i] = outputs[i].isValid() && outputs[i].dtype() == DataType::Float &&
                               half != DataType::Undefined
                           ? narrowFromFloat(outputs[i], half)
                           : std::move(outputs[i]);
    return Status::success();
}

} // namespace autosplit::kernels
