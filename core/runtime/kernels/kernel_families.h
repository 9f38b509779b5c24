#pragma once

// One register function per kernel family (one file each under kernels/).

#include "../kernel.h"

namespace autosplit {

// Binary ops with broadcasting, unary math/activations, Clip, Cast, Identity, Dropout, Where.
void registerElementwiseKernels(KernelRegistry& registry);
// Reshape, Transpose, Concat, Slice, Gather, Pad, Shape, ... (data movement and shape ops).
void registerShapeKernels(KernelRegistry& registry);
// Reduce*, Softmax/LogSoftmax/Hardmax, ArgMax/ArgMin, TopK, CumSum.
void registerReductionKernels(KernelRegistry& registry);

} // namespace autosplit
