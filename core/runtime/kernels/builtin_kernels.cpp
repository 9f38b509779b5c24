#include "core/runtime/kernels/kernel_families.h"

namespace autosplit {

void registerBuiltinKernels(KernelRegistry& registry) {
    registerElementwiseKernels(registry);
    registerShapeKernels(registry);
    registerIndexingKernels(registry);
    registerReductionKernels(registry);
    registerConvKernels(registry);
    registerGemmKernels(registry);
    registerPoolKernels(registry);
    registerNormalizationKernels(registry);
    registerResizeKernels(registry);
    registerQuantizeKernels(registry);
}

} // namespace autosplit
