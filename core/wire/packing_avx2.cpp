// The packing loops for the AVX2 path: the same x86-64-v3 target list as the executor's
// (core/runtime/cpu/kernels_avx2.cpp), which is what cpuSupports(CpuPath::Avx2) checks.
#define AUTOSPLIT_ISA_NAMESPACE cpu_avx2
#define AUTOSPLIT_ISA_PATH CpuPath::Avx2
#define AUTOSPLIT_ISA_VECTOR_BYTES 32
// clang-format off
#if defined(__clang__) // clang ignores GCC's target pragmas; its own applies to each function
#define AUTOSPLIT_ISA_BEGIN \
    _Pragma("clang attribute push(__attribute__((target(\"avx2,fma,bmi,bmi2,f16c,movbe,popcnt\"))), apply_to = function)")
#define AUTOSPLIT_ISA_END _Pragma("clang attribute pop")
#else
#define AUTOSPLIT_ISA_BEGIN                                                                        \
    _Pragma("GCC push_options") _Pragma("GCC target(\"avx2,fma,bmi,bmi2,f16c,movbe,popcnt\")")
#define AUTOSPLIT_ISA_END _Pragma("GCC pop_options")
#endif
// clang-format on
#include "core/wire/isa/packing_kernels.inc"
