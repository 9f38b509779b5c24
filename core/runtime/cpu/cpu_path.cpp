#include "cpu_path.h"

#include <cstdlib>

namespace autosplit {

namespace {

struct Feature {
    const char* name;   // as __builtin_cpu_supports spells it
    const char* title;  // as people do
};

// What each path's code may use (the features its target pragma enables, isa/isa_target_begin.h).
// __builtin_cpu_supports checks the CPUID bits and, for AVX and AVX-512, that the OS saves the
// registers (XGETBV), as MLAS does by hand.
constexpr Feature kAvx2Features[] = {{"avx2", "AVX2"}, {"fma", "FMA"},       {"bmi", "BMI1"},
                                     {"bmi2", "BMI2"}, {"f16c", "F16C"},    {"movbe", "MOVBE"},
                                     {"popcnt", "POPCNT"}};
constexpr Feature kAvx512Features[] = {{"avx512f", "AVX512F"},   {"avx512bw", "AVX512BW"},
                                       {"avx512dq", "AVX512DQ"}, {"avx512vl", "AVX512VL"},
                                       {"avx512cd", "AVX512CD"}};

bool has(const char* feature) {
    // The builtin wants a string literal; dispatch on the few names used above.
    const std::string_view f = feature;
    if (f == "avx2") return __builtin_cpu_supports("avx2");
    if (f == "fma") return __builtin_cpu_supports("fma");
    if (f == "bmi") return __builtin_cpu_supports("bmi");
    if (f == "bmi2") return __builtin_cpu_supports("bmi2");
    if (f == "f16c") return __builtin_cpu_supports("f16c");
    if (f == "movbe") return __builtin_cpu_supports("movbe");
    if (f == "popcnt") return __builtin_cpu_supports("popcnt");
    if (f == "avx512f") return __builtin_cpu_supports("avx512f");
    if (f == "avx512bw") return __builtin_cpu_supports("avx512bw");
    if (f == "avx512dq") return __builtin_cpu_supports("avx512dq");
    if (f == "avx512vl") return __builtin_cpu_supports("avx512vl");
    if (f == "avx512cd") return __builtin_cpu_supports("avx512cd");
    return false;
}

template <size_t N> void addMissing(const Feature (&features)[N], std::string& out) {
    for (const Feature& f : features)
        if (!has(f.name))
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
    switch (path) {
    case CpuPath::Baseline:
        return "baseline";
    case CpuPath::Avx2:
        return "avx2";
    case CpuPath::Avx512:
        return "avx512";
    }
    return "baseline";
}

std::string_view cpuPathTitle(CpuPath path) {
    switch (path) {
    case CpuPath::Baseline:
        return "x86-64 baseline, SSE2";
    case CpuPath::Avx2:
        return "AVX2 + FMA, x86-64-v3";
    case CpuPath::Avx512:
        return "AVX-512, x86-64-v4";
    }
    return "";
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
    if (path == CpuPath::Avx2 || path == CpuPath::Avx512)
        addMissing(kAvx2Features, missing);
    if (path == CpuPath::Avx512)
        addMissing(kAvx512Features, missing);
    return missing;
}

bool cpuSupports(CpuPath path) { return cpuMissingFeatures(path).empty(); }

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
        choice.problem = "AUTOSPLIT_CPU='" + std::string(requested) + "' is not one of " + namesList();
        return choice;
    }
    if (!cpuSupports(*path)) {
        choice.problem = "AUTOSPLIT_CPU=" + std::string(requested) + ": this CPU lacks " + cpuMissingFeatures(*path);
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
    else if (c.path != CpuPath::Avx512)
        text += ", the best this CPU runs";
    return text + ")";
}

} // namespace autosplit
