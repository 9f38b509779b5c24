#pragma once

// Which instruction set the executor's hot kernels run with. Every build holds the kernels of
// every path (cpu_kernels.h); the best one the running CPU and its operating system support is
// chosen once, at the first kernel call, as ONNX Runtime's MLAS chooses its platform. The
// environment variable AUTOSPLIT_CPU=baseline|avx2|avx512 forces a lower path (for comparing
// paths, or to work around a CPU problem); a path the CPU lacks is refused, never run.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace autosplit {

enum class CpuPath {
    Baseline, // x86-64 baseline: SSE2, 16-byte vectors
    Avx2,     // x86-64-v3: AVX2, FMA, BMI1/2, F16C, 32-byte vectors
    Avx512,   // x86-64-v4: AVX-512 F/BW/DQ/VL/CD, 64-byte vectors
    // x86-64-v4 plus AVX-512 VNNI (Cascade Lake, Ice Lake and later, Zen 4): the integer kernels
    // of quantized layers sum four uint8 x int8 products per instruction; the float kernels are
    // the AVX-512 path's.
    Avx512Vnni,
};

inline constexpr std::array<CpuPath, 4> kCpuPaths{CpuPath::Baseline, CpuPath::Avx2, CpuPath::Avx512,
                                                  CpuPath::Avx512Vnni};

// "baseline", "avx2", "avx512", "avx512vnni": the names AUTOSPLIT_CPU takes.
std::string_view cpuPathName(CpuPath path);
// For people: "AVX2 + FMA (x86-64-v3)".
std::string_view cpuPathTitle(CpuPath path);
std::optional<CpuPath> parseCpuPath(std::string_view name);

// Whether this CPU and its OS (the vector registers' state saved on context switches) run the
// path; the baseline always runs.
bool cpuSupports(CpuPath path);
// The features of the path this CPU lacks, e.g. "AVX512F, AVX512BW"; empty when it runs.
std::string cpuMissingFeatures(CpuPath path);
// The fastest path this CPU runs.
CpuPath bestCpuPath();

struct CpuPathChoice {
    CpuPath path = CpuPath::Baseline;
    bool forced = false; // AUTOSPLIT_CPU named it
    // Why AUTOSPLIT_CPU was not followed, e.g. "AUTOSPLIT_CPU=avx512: this CPU lacks AVX512F";
    // empty when it was or is unset. `path` is then the best path.
    std::string problem;
};

// The choice from AUTOSPLIT_CPU (when set) and the CPU, made once per process.
CpuPathChoice chooseCpuPath(const char* requested);
const CpuPathChoice& cpuPathChoice();
inline CpuPath activeCpuPath() {
    return cpuPathChoice().path;
}

// One line for --version and the About box: "avx512 (AVX-512, x86-64-v4)", with "forced by
// AUTOSPLIT_CPU" when it was.
std::string cpuPathSummary();

} // namespace autosplit
