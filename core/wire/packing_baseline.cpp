// The packing loops for the x86-64 baseline (SSE2): what every x86-64 CPU runs.
#define AUTOSPLIT_ISA_NAMESPACE cpu_baseline
#define AUTOSPLIT_ISA_PATH CpuPath::Baseline
#define AUTOSPLIT_ISA_VECTOR_BYTES 16
#define AUTOSPLIT_ISA_BEGIN
#define AUTOSPLIT_ISA_END
#include "core/wire/isa/packing_kernels.inc"
