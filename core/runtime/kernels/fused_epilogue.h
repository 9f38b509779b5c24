#pragma once

// The last step of a compute kernel's output loop: add the bias and apply the node's fused
// activation to a block while it is still in cache (KernelInfo::appliesFusedActivation). The
// loops are the CPU path's (cpu/isa/bias_activation.inl); float and double.

#include "core/runtime/cpu/cpu_kernels.h"

#include <cstdint>

namespace autosplit {

// y[i] = activation(x[i] + bias) for i in [0, count), x and y distinct (in place: the overload
// below); the same values as FusedActivation::apply.
template <typename T>
inline void applyBiasActivation(const T* x, T* y, int64_t count, T bias,
                                const FusedActivation& activation) {
    cpuKernelsOf<T>().biasActivationTo(x, y, count, bias, activation);
}

// y[i] = activation(y[i] + bias) for i in [0, count).
template <typename T>
inline void applyBiasActivation(T* y, int64_t count, T bias, const FusedActivation& activation) {
    cpuKernelsOf<T>().biasActivation(y, count, bias, activation);
}

// The same on a rows x cols block with row stride ld and one bias per row (bias may be null).
template <typename T>
inline void applyBiasActivation(T* y, int64_t rows, int64_t cols, int64_t ld, const T* bias,
                                const FusedActivation& activation) {
    if (!bias && activation.isNone() && !activation.hasOutputAffine())
        return;
    const CpuKernelSet<T>& kernels = cpuKernelsOf<T>();
    for (int64_t r = 0; r < rows; ++r)
        kernels.biasActivation(y + r * ld, cols, bias ? bias[r] : T(0), activation);
}

} // namespace autosplit
