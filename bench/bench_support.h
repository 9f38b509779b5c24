#pragma once

// What the benchmarks share: the CPU's name for their headers, and timing repeated work (warm-up
// runs, then the median and the fastest of the timed ones).

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace autosplit::bench {

// "AMD EPYC 9R14 96-Core Processor" from /proc/cpuinfo.
inline std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("model name")) {
            const size_t colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(colon + 2);
        }
    return "unknown CPU";
}

inline double median(std::vector<double> v) {
    if (v.empty())
        return 0.0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

struct Seconds {
    double median = 0.0;
    double min = 0.0;
};

// `work` run `warmup` times untimed, then `repeats` times timed.
inline Seconds timeRepeats(int warmup, int repeats, const std::function<void()>& work) {
    for (int i = 0; i < warmup; ++i)
        work();
    std::vector<double> s(static_cast<size_t>(std::max(repeats, 1)));
    for (double& t : s) {
        const auto t0 = std::chrono::steady_clock::now();
        work();
        t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    return {median(s), *std::min_element(s.begin(), s.end())};
}

} // namespace autosplit::bench
