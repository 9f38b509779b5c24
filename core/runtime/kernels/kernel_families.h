#pragma once

// One register function per kernel family (one file each under kernels/).

#include "../kernel.h"

namespace autosplit {

// Conv, ConvTranspose (conv_kernels.cpp)
void registerConvKernels(KernelRegistry& registry);
// Gemm, MatMul (gemm_kernels.cpp)
void registerGemmKernels(KernelRegistry& registry);
// MaxPool, AveragePool, LpPool, GlobalAveragePool, GlobalMaxPool, GlobalLpPool (pool_kernels.cpp)
void registerPoolKernels(KernelRegistry& registry);
// BatchNormalization, InstanceNormalization, LayerNormalization, LRN (normalization_kernels.cpp)
void registerNormalizationKernels(KernelRegistry& registry);
// Resize, Upsample (resize_kernels.cpp)
void registerResizeKernels(KernelRegistry& registry);

} // namespace autosplit
