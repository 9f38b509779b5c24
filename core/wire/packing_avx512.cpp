// The packing loops for the AVX-512 path: the same x86-64-v4 target list as the executor's
// (core/runtime/cpu/kernels_avx512.cpp), which is what cpuSupports(CpuPath::Avx512) checks.
#define AUTOSPLIT_ISA_NAMESPACE cpu_avx512
#define AUTOSPLIT_ISA_PATH CpuPath::Avx512
#define AUTOSPLIT_ISA_VECTOR_BYTES 64
// _Pragma takes one string literal, so the target list stays on one line.
// clang-format off
#if defined(__clang__) // clang ignores GCC's target pragmas; its own applies to each function
#define AUTOSPLIT_ISA_BEGIN \
    _Pragma("clang attribute push(__attribute__((target(\"avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx2,fma,bmi,bmi2,f16c,movbe,popcnt\"))), apply_to = function)")
#define AUTOSPLIT_ISA_END _Pragma("clang attribute pop")
#else
#define AUTOSPLIT_ISA_BEGIN \
    _Pragma("GCC push_options") \
    _Pragma("GCC target(\"avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx2,fma,bmi,bmi2,f16c,movbe,popcnt,prefer-vector-width=512\")")
#define AUTOSPLIT_ISA_END _Pragma("GCC pop_options")
#endif
// clang-format on
#include "core/wire/isa/packing_kernels.inc"
