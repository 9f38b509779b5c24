// The x86-64 baseline path (SSE2): what every x86-64 CPU runs.
#define AUTOSPLIT_ISA_NAMESPACE cpu_baseline
#define AUTOSPLIT_ISA_PATH CpuPath::Baseline
#define AUTOSPLIT_ISA_VECTOR_BYTES 16
#define AUTOSPLIT_ISA_BEGIN
#define AUTOSPLIT_ISA_END
#include "core/runtime/cpu/isa/isa_kernels.inc"
