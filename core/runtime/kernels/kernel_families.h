#pragma once

// One register function per kernel family (one file each under kernels/).

#include "../kernel.h"

namespace autosplit {

// Binary ops with broadcasting, unary math/activations, Clip, Cast, Identity, Dropout, Where.
void registerElementwiseKernels(KernelRegistry& registry);
// Reshape, Transpose, Concat, Split, Slice, Pad, Expand, Tile, Shape, ... (shapes, data movement).
void registerShapeKernels(KernelRegistry& registry);
// Gather*, Scatter*, NonZero, Compress, OneHot, EyeLike, Trilu (elements picked by index or mask).
void registerIndexingKernels(KernelRegistry& registry);
// Reduce*, Softmax/LogSoftmax/Hardmax, ArgMax/ArgMin, TopK, CumSum.
void registerReductionKernels(KernelRegistry& registry);

} // namespace autosplit
