#include "kernel_families.h"

namespace autosplit {

void registerBuiltinKernels(KernelRegistry& registry) {
    registerElementwiseKernels(registry);
    registerShapeKernels(registry);
    registerIndexingKernels(registry);
    registerReductionKernels(registry);
}

} // namespace autosplit
