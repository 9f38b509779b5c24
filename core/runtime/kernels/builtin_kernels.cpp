#include "kernel_families.h"

namespace autosplit {

void registerBuiltinKernels(KernelRegistry& registry) {
    registerConvKernels(registry);
    registerGemmKernels(registry);
    registerPoolKernels(registry);
    registerNormalizationKernels(registry);
    registerResizeKernels(registry);
}

} // namespace autosplit
