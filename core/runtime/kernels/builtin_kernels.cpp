#include "kernel_families.h"

namespace autosplit {

void registerBuiltinKernels(KernelRegistry& registry) {
    registerConvKernels(registry);
    registerGemmKernels(registry);
}

} // namespace autosplit
