// The AVX-512 VNNI path: the AVX-512 path's instructions plus AVX512_VNNI, whose vpdpbusd sums
// four uint8 x int8 products into int32 in one instruction (the integer kernels of quantized
// layers; isa/integer_gemm.inl). The float kernels come out as the AVX-512 path's.
#define AUTOSPLIT_ISA_NAMESPACE cpu_avx512vnni
#define AUTOSPLIT_ISA_PATH CpuPath::Avx512Vnni
#define AUTOSPLIT_ISA_VECTOR_BYTES 64
#define AUTOSPLIT_ISA_VNNI 1
// clang-format off
#if defined(__clang__) // clang ignores GCC's target pragmas; its own applies to each function
#define AUTOSPLIT_ISA_BEGIN \
    _Pragma("clang attribute push(__attribute__((target(\"avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx512vnni,avx2,fma,bmi,bmi2,f16c,movbe,popcnt\"))), apply_to = function)")
#define AUTOSPLIT_ISA_END _Pragma("clang attribute pop")
#else
#define AUTOSPLIT_ISA_BEGIN \
    _Pragma("GCC push_options") \
    _Pragma("GCC target(\"avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx512vnni,avx2,fma,bmi,bmi2,f16c,movbe,popcnt,prefer-vector-width=512\")")
#define AUTOSPLIT_ISA_END _Pragma("GCC pop_options")
#endif
// clang-format on
#include "core/runtime/cpu/isa/isa_kernels.inc"
