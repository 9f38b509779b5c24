#pragma once

// One register function per kernel family (one file each under kernels/).

#include "core/runtime/kernel.h"

namespace autosplit {

// Binary ops with broadcasting, unary math/activations, Clip, Cast, Identity, Dropout, Where.
void registerElementwiseKernels(KernelRegistry& registry);
// Reshape, Transpose, Concat, Split, Slice, Pad, Expand, Tile, Shape, ... (shapes, data movement).
void registerShapeKernels(KernelRegistry& registry);
// Gather*, Scatter*, NonZero, Compress, OneHot, EyeLike, Trilu (elements picked by index or mask).
void registerIndexingKernels(KernelRegistry& registry);
// Reduce*, Softmax/LogSoftmax/Hardmax, ArgMax/ArgMin, TopK, CumSum.
void registerReductionKernels(KernelRegistry& registry);
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
// QuantizeLinear, DequantizeLinear (quantize_kernels.cpp)
void registerQuantizeKernels(KernelRegistry& registry);

} // namespace autosplit
