#pragma once

// Input checks shared by the float compute kernels (Conv, Gemm, pools, normalizations, Resize).

#include "core/runtime/kernel.h"

#include "core/graph/tensor_shape.h"

#include <string>
#include <vector>

namespace autosplit {

// For KernelInfo::supports: every present input is float32, or every one is float64.
inline bool sameFloatTypes(const Node&, const std::vector<DataType>& types) {
    DataType seen = DataType::Undefined;
    for (DataType t : types) {
        if (t == DataType::Undefined)
            continue;
        if ((t != DataType::Float && t != DataType::Double) ||
            (seen != DataType::Undefined && t != seen))
            return false;
        seen = t;
    }
    return true;
}

// The same at run time (the graph may not have known every dtype), naming the offending input.
inline Status checkSameFloatType(const KernelContext& ctx, size_t inputCount) {
    const DataType type = ctx.input(0).dtype();
    if (type != DataType::Float && type != DataType::Double)
        return ctx.fail("input 0 is " + std::string(nameOf(type)) +
                        ", only float32 and float64 are supported");
    for (size_t i = 1; i < std::min(inputCount, ctx.inputs.size()); ++i)
        if (ctx.hasInput(i) && ctx.input(i).dtype() != type)
            return ctx.fail("input " + std::to_string(i) + " is " +
                            std::string(nameOf(ctx.input(i).dtype())) + " but input 0 is " +
                            std::string(nameOf(type)));
    return Status::success();
}

inline std::string shapeOf(const HostTensor& t) {
    return TensorShape::of(t.dims()).toString();
}

// Runs Float or Double by input 0's dtype after checking the first inputCount inputs share it.
template <Status (*Float)(KernelContext&), Status (*Double)(KernelContext&), size_t InputCount = 16>
Status byFloatType(KernelContext& ctx) {
    if (auto s = checkSameFloatType(ctx, InputCount); !s)
        return s;
    return ctx.input(0).dtype() == DataType::Double ? Double(ctx) : Float(ctx);
}

} // namespace autosplit
