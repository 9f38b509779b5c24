#include "kernel_families.h"

namespace autosplit {

void registerBuiltinKernels(KernelRegistry& registry) {
    (void)registry;
}

} // namespace autosplit
