#pragma once

// The executor's hot loops, compiled once per instruction-set path (isa/, built three times into
// kernels_baseline.cpp, kernels_avx2.cpp and kernels_avx512.cpp) and reached through one table
// of function pointers that is chosen once per process for the running CPU (cpu_path.h), the way
// ONNX Runtime's MLAS keeps its platform table. The op-level kernels (kernels/*.cpp: attributes,
// shapes, errors, threading) are compiled for the x86-64 baseline and call these for the inner
// work. Vector widths come from the path: no loop here assumes one width.
//
// Float and double have entries, and the integer product of quantized layers (uint8 x int8);
// the other types stay in the op-level kernels.

#include "core/runtime/cpu/cpu_path.h"

#include "core/graph/fused_activation.h"
#include "core/runtime/kernels/spatial_geometry.h"

#include <cstdint>
#include <limits>
#include <type_traits>

namespace autosplit {

// Element-wise binary arithmetic the table vectorizes (Max and Min propagate NaN, as the
// op-level kernels do).
enum class BinaryOp { Add, Sub, Mul, Div, Max, Min };

template <typename T> struct CpuKernelSet {
    // Output pixels one register block of conv GEMM computes (whole multiples avoid a partial
    // block): 3 vectors of the path's width.
    int64_t convGemmStripWidth;
    // C[0:rows, 0:n] = act(W[0:rows, 0:k] * B[0:k, 0:n] + bias[row] + Z[0:rows, 0:n]); W rows ldw
    // apart, B rows ldb apart, C and the addend Z (a fused residual Add) rows ldc apart; bias
    // and addend may be null. Single-threaded.
    void (*convGemm)(const T* w, int64_t ldw, const T* b, int64_t ldb, T* c, int64_t ldc,
                     int64_t rows, int64_t n, int64_t k, const T* bias, const T* addend,
                     const FusedActivation& act);
    // y[i * ldy] = sum over p of w[i * ldw + p] * x[p] for i in [0, rows): matrix times vector.
    void (*dotRows)(const T* w, int64_t ldw, const T* x, T* y, int64_t ldy, int64_t rows,
                    int64_t k);
    // Depthwise 1-D/2-D conv (group == input channels, `outChannels` a multiple of them) of a
    // batch into NCHW y, with bias and activation, on up to `threads` threads.
    void (*depthwiseConv)(const T* x, const T* w, const T* bias, T* y, int64_t batch,
                          int64_t channels, int64_t outChannels, const SpatialGeometry& g,
                          const FusedActivation& act, int threads);
    // y[i] = act(y[i] + bias), and y[i] = act(x[i] + bias) with x, y distinct.
    void (*biasActivation)(T* y, int64_t count, T bias, const FusedActivation& act);
    void (*biasActivationTo)(const T* x, T* y, int64_t count, T bias, const FusedActivation& act);
    // out[i] = a[i * stepA] (op) b[i * stepB] for i in [0, n), steps 0 (a scalar) or 1.
    void (*binary)(BinaryOp op, const T* a, int64_t stepA, const T* b, int64_t stepB, T* out,
                   int64_t n);
    // Pooling windows, one kernel tap over an output row: y[j] = max(y[j], x[j * stride]) and
    // y[j] += x[j * stride] for j in [0, count).
    void (*windowMax)(T* y, const T* x, int64_t stride, int64_t count);
    void (*windowSum)(T* y, const T* x, int64_t stride, int64_t count);
    // The sum of x[0, n) (in vector-wide partial sums: the order differs from a scalar loop).
    T (*sum)(const T* x, int64_t n);
};

// How one output row of an integer layer becomes its output: the real value
// y = (acc + offset) * scale + bias (+ addend), then the activation and the clamp, then either y
// itself or its uint8 code clamp(round_half_even(y / outScale) + outZero, 0, 255), as
// QuantizeLinear computes it.
struct IntegerRow {
    int32_t offset = 0; // -(input zero point) * (the row's weight sum)
    float scale = 1.f;  // input scale * the row's weight scale
    float bias = 0.f;
    // A residual added before the activation: floats, or uint8 codes with their scale and zero
    // point (dequantized here); null = none.
    const float* addend = nullptr;
    const uint8_t* addendCodes = nullptr;
    float addendScale = 1.f;
    int32_t addendZero = 0;
    const FusedActivation* activation = nullptr;
    float clampLow = -std::numeric_limits<float>::infinity();
    float clampHigh = std::numeric_limits<float>::infinity();
    float outScale = 1.f;
    int32_t outZero = 0;
};

// The integer kernels of quantized layers (isa/integer_gemm.inl): uint8 codes times int8
// weights, summed in int32. Single-threaded.
struct CpuIntegerKernels {
    // Output pixels per packed panel of B.
    int64_t stripWidth;
    // One panel of up to stripWidth columns of B (rows = depth k, ldb apart) in the layout the
    // product reads; zero beyond k and beyond `cols`. The panel takes
    // ceil(k / 4) * 4 * stripWidth bytes.
    void (*packPanel)(const uint8_t* b, int64_t ldb, int64_t k, int64_t cols, uint8_t* panel);
    // The same from a source holding each column's k codes together, lda apart (a Gemm's rows).
    void (*packPanelTransposed)(const uint8_t* a, int64_t lda, int64_t k, int64_t cols,
                                uint8_t* panel);
    // c[r * ldc + n] = sum over p < k of w[r * ldw + p] * B[p][n] for r < rows and every column
    // of the panel (stripWidth of them). Each row of w must be readable up to k rounded up to a
    // multiple of 4, with zeros there. `wide`: some |w| > 64 (see the .inl).
    void (*gemmPanel)(const int8_t* w, int64_t ldw, const uint8_t* panel, int64_t k, int32_t* c,
                      int64_t ldc, int64_t rows, bool wide);
    // y[r] = sum over p < k of w[r * ldw + p] * a[p].
    void (*dotRows)(const uint8_t* a, const int8_t* w, int64_t ldw, int32_t* y, int64_t rows,
                    int64_t k);
    // One depthwise channel plane from an input padded so every tap is in range (ldx apart rows).
    void (*depthwisePlane)(const uint8_t* x, int64_t ldx, const int8_t* w, int64_t kh, int64_t kw,
                           int64_t strideH, int64_t strideW, int64_t dilationH, int64_t dilationW,
                           int64_t outH, int64_t outW, int32_t* acc);
    // MaxPool on codes (the pool of an integer layer's output): y[j] = max(y[j], x[j * stride]).
    void (*windowMaxCodes)(uint8_t* y, const uint8_t* x, int64_t stride, int64_t count);
    // n accumulators of one row to codes (when `codes`) or to floats in `values` (then codes is
    // null; with codes, values may be null).
    void (*requantizeRow)(const int32_t* acc, int64_t n, const IntegerRow& row, uint8_t* codes,
                          float* values);
    // QuantizeLinear of n floats to uint8 codes with one scale and zero point.
    void (*quantizeToCodes)(const float* x, int64_t n, float scale, int32_t zero, uint8_t* codes);
    // The same from float accumulators that hold exact integers (below 2^24).
    void (*requantizeRowFloat)(const float* acc, int64_t n, const IntegerRow& row, uint8_t* codes,
                               float* values);
    // Depthwise conv (one output plane per input plane) of codes with zero point `zero`: the
    // weights as floats, each plane p = image * channels + channel requantized with rows[p].
    // Exact only while every window sums to below 2^24 (weights and codes minus zero as
    // integers). Multi-threaded, unlike the rest of the table.
    void (*depthwiseCodes)(const uint8_t* x, uint8_t zero, const float* w, int64_t batch,
                           int64_t channels, const SpatialGeometry& g, const IntegerRow* rows,
                           uint8_t* codes, float* values, int threads);
};

struct CpuKernels {
    CpuPath path;
    CpuKernelSet<float> f32;
    CpuKernelSet<double> f64;
    CpuIntegerKernels i8;

    template <typename T> const CpuKernelSet<T>& of() const {
        static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>);
        if constexpr (std::is_same_v<T, float>)
            return f32;
        else
            return f64;
    }
};

// The table of the path chosen for this process (activeCpuPath()).
const CpuKernels& cpuKernels();
// The table of any path, for tests and benchmarks that compare paths in one process. Calling
// its functions on a CPU that lacks the path is an illegal instruction: check cpuSupports first.
const CpuKernels& cpuKernelsFor(CpuPath path);

template <typename T> inline const CpuKernelSet<T>& cpuKernelsOf() {
    return cpuKernels().of<T>();
}

// One per path, defined in kernels_<path>.cpp.
namespace cpu_baseline {
extern const CpuKernels kKernels;
}
namespace cpu_avx2 {
extern const CpuKernels kKernels;
}
namespace cpu_avx512 {
extern const CpuKernels kKernels;
}
namespace cpu_avx512vnni {
extern const CpuKernels kKernels;
}

} // namespace autosplit
