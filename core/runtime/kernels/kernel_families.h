#pragma once

// One register function per kernel family (one file each under kernels/).

#include "../kernel.h"

namespace autosplit {

// Conv, ConvTranspose (conv_kernels.cpp)
void registerConvKernels(KernelRegistry& registry);
// Gemm, MatMul (gemm_kernels.cpp)
void registerGemmKernels(KernelRegistry& registry);

} // namespace autosplit
