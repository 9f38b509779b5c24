#include "core/runtime/kernels/kernel_families.h"

#include "core/runtime/integer_lowering.h"

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
    registerIntegerKernels(registry);
}

} // namespace autosplit
