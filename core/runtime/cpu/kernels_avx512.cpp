// The AVX-512 path: x86-64-v4 (AVX-512 F, BW, DQ, VL, CD on top of x86-64-v3), as on Skylake-X,
// Ice Lake and later Xeons, and AMD Zen 4 and later. 512-bit vectors also for the loops the
// compiler vectorizes itself (its generic tuning would pick 256).
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
#include "core/runtime/cpu/isa/isa_kernels.inc"
