#include "core/runtime/cpu/cpu_kernels.h"

namespace autosplit {

const CpuKernels& cpuKernelsFor(CpuPath path) {
    switch (path) {
    case CpuPath::Avx512Vnni:
        return cpu_avx512vnni::kKernels;
    case CpuPath::Avx512:
        return cpu_avx512::kKernels;
    case CpuPath::Avx2:
        return cpu_avx2::kKernels;
    case CpuPath::Baseline:
        break;
    }
    return cpu_baseline::kKernels;
}

const CpuKernels& cpuKernels() {
    static const CpuKernels& kernels = cpuKernelsFor(activeCpuPath());
    return kernels;
}

} // namespace autosplit
