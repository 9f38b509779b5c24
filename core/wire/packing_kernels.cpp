#include "core/wire/packing_kernels.h"

namespace autosplit {

const PackingKernels& packingKernelsFor(CpuPath path) {
    switch (path) {
    case CpuPath::Avx512Vnni: {
        // packing has no use for VNNI: the AVX-512 loops, under this path's name
        static const PackingKernels vnni = [] {
            PackingKernels k = cpu_avx512::kPackingKernels;
            k.path = CpuPath::Avx512Vnni;
            return k;
        }();
        return vnni;
    }
    case CpuPath::Avx512:
        return cpu_avx512::kPackingKernels;
    case CpuPath::Avx2:
        return cpu_avx2::kPackingKernels;
    case CpuPath::Baseline:
        break;
    }
    return cpu_baseline::kPackingKernels;
}

const PackingKernels& packingKernels() {
    static const PackingKernels& kernels = packingKernelsFor(activeCpuPath());
    return kernels;
}

} // namespace autosplit
