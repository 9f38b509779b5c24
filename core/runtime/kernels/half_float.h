#pragma once

// float16 and bfloat16 have no arithmetic of their own on the CPU: kernels that accept them
// compute in float32 and round the result back, as numpy does for float16 element-wise ops.

#include "core/graph/half_float.h"
#include "core/runtime/kernel.h"

namespace autosplit::kernels {

inline bool isHalfType(DataType t) {
    return t == DataType::Float16 || t == DataType::BFloat16;
}

// A float32 copy of a float16/bfloat16 tensor.
HostTensor widenToFloat(const HostTensor& tensor);
// A float32 tensor rounded to `halfType` (nearest even).
HostTensor narrowFromFloat(const HostTensor& tensor, DataType halfType);

// Runs `kernel` with every half input widened to float32 and every float32 output it produced
// narrowed to the (first) half input type. For kernels whose float outputs have the input type.
Status runInFloat(KernelContext& c, const KernelFunction& kernel);

// True when a present input is float16/bfloat16.
bool hasHalfInput(const KernelContext& c);

} // namespace autosplit::kernels
