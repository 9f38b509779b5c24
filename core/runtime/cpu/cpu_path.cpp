#include "core/runtime/cpu/cpu_path.h"

#include <cstdlib>
#if defined(__clang__)
#include <cpuid.h>
#endif

namespace autosplit {

namespace {

struct Feature {
    const char* title;
    bool (*present)();
};

// What each path's code may use (the features its target pragma enables, kernels_<path>.cpp).
// __builtin_cpu_supports checks the CPUID bits and, for AVX and AVX-512, that the OS saves the
// registers (XGETBV), as MLAS does by hand. It takes string literals only, hence one lambda each.
#define AUTOSPLIT_FEATURE(title, name)                                                             \
    {                                                                                              \
        title, [] { return __builtin_cpu_supports(name) != 0; }                                    \
    }
#if defined(__clang__)
bool cpuidLeaf7Ebx(unsigned bit) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && ((b >> bit) & 1u);
}
bool cpuidLeaf1Ecx(unsigned bit) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    return __get_cpuid(1, &a, &b, &c, &d) && ((c >> bit) & 1u);
}
#endif
constexpr Feature kAvx2Features[] = {
    AUTOSPLIT_FEATURE("AVX2", "avx2"),          AUTOSPLIT_FEATURE("FMA", "fma"),
#if defined(__clang__) // clang's __builtin_cpu_supports knows neither: CPUID leaf 7, EBX bits 3, 8
    {"BMI1", [] { return cpuidLeaf7Ebx(3); }},  {"BMI2", [] { return cpuidLeaf7Ebx(8); }},
#else
    AUTOSPLIT_FEATURE("BMI1", "bmi"),      AUTOSPLIT_FEATURE("BMI2", "bmi2"),
#endif
#if defined(__clang__) // nor these two: CPUID leaf 1, ECX bits 29, 22
    {"F16C", [] { return cpuidLeaf1Ecx(29); }}, {"MOVBE", [] { return cpuidLeaf1Ecx(22); }},
#else
    AUTOSPLIT_FEATURE("F16C", "f16c"),     AUTOSPLIT_FEATURE("MOVBE", "movbe"),
#endif
    AUTOSPLIT_FEATURE("POPCNT", "popcnt"),
};
constexpr Feature kAvx512Features[] = {
    AUTOSPLIT_FEATURE("AVX512F", "avx512f"),   AUTOSPLIT_FEATURE("AVX512BW", "avx512bw"),
    AUTOSPLIT_FEATURE("AVX512DQ", "avx512dq"), AUTOSPLIT_FEATURE("AVX512VL", "avx512vl"),
    AUTOSPLIT_FEATURE("AVX512CD", "avx512cd"),
};
constexpr Feature kVnniFeatures[] = {
    AUTOSPLIT_FEATURE("AVX512VNNI", "avx512vnni"),
};
#undef AUTOSPLIT_FEATURE

template <size_t N> void addMissing(const Feature (&features)[N], std::string& out) {
    for (const Feature& f : features)
        if (!f.present())
            out += (out.empty() ? "" : ", ") + std::string(f.title);
}

std::string namesList() {
    std::string text;
    for (CpuPath p : kCpuPaths)
        text += (text.empty() ? "" : ", ") + std::string(cpuPathName(p));
    return text;
}

} // namespace

std::string_view cpuPathName(CpuPath path) {
    constexpr std::string_view kNames[] = {"baseline", "avx2", "avx512", "avx512vnni"};
    return kNames[static_cast<size_t>(path)];
}

std::string_view cpuPathTitle(CpuPath path) {
    constexpr std::string_view kTitles[] = {"x86-64 baseline, SSE2", "AVX2 + FMA, x86-64-v3",
                                            "AVX-512, x86-64-v4", "AVX-512 + VNNI, x86-64-v4"};
    return kTitles[static_cast<size_t>(path)];
}

std::optional<CpuPath> parseCpuPath(std::string_view name) {
    for (CpuPath p : kCpuPaths)
        if (name == cpuPathName(p))
            return p;
    return std::nullopt;
}

std::string cpuMissingFeatures(CpuPath path) {
    __builtin_cpu_init();
    std::string missing;
    if (path != CpuPath::Baseline)
        addMissing(kAvx2Features, missing);
    if (path == CpuPath::Avx512 || path == CpuPath::Avx512Vnni)
        addMissing(kAvx512Features, missing);
    if (path == CpuPath::Avx512Vnni)
        addMissing(kVnniFeatures, missing);
    return missing;
}

bool cpuSupports(CpuPath path) {
    return cpuMissingFeatures(path).empty();
}

CpuPath bestCpuPath() {
    for (auto it = kCpuPaths.rbegin(); it != kCpuPaths.rend(); ++it)
        if (cpuSupports(*it))
            return *it;
    return CpuPath::Baseline;
}

CpuPathChoice chooseCpuPath(const char* requested) {
    CpuPathChoice choice;
    choice.path = bestCpuPath();
    if (!requested || !*requested)
        return choice;
    const std::optional<CpuPath> path = parseCpuPath(requested);
    if (!path) {
        choice.problem =
            "AUTOSPLIT_CPU='" + std::string(requested) + "' is not one of " + namesList();
        return choice;
    }
    if (!cpuSupports(*path)) {
        choice.problem = "AUTOSPLIT_CPU=" + std::string(requested) + ": this CPU lacks " +
                         cpuMissingFeatures(*path);
        return choice;
    }
    choice.path = *path;
    choice.forced = true;
    return choice;
}

const CpuPathChoice& cpuPathChoice() {
    static const CpuPathChoice choice = chooseCpuPath(std::getenv("AUTOSPLIT_CPU"));
    return choice;
}

std::string cpuPathSummary() {
    const CpuPathChoice& c = cpuPathChoice();
    std::string text = std::string(cpuPathName(c.path)) + " (" + std::string(cpuPathTitle(c.path));
    if (c.forced)
        text += ", forced by AUTOSPLIT_CPU";
    else if (c.path != kCpuPaths.back())
        text += ", the best this CPU runs";
    return text + ")";
}

} // namespace autosplit
