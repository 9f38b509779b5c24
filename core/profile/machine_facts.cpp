#include "core/profile/machine_facts.h"

#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

namespace autosplit {

std::string cpuModelName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        // "model name\t: AMD EPYC 7B13" on x86; "Model\t\t: Raspberry Pi 4 ..." on ARM boards
        const bool x86 = line.rfind("model name", 0) == 0;
        const bool board = line.rfind("Model", 0) == 0;
        if (!x86 && !board)
            continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string name = line.substr(colon + 1);
        const auto first = name.find_first_not_of(" \t");
        if (first == std::string::npos)
            continue;
        return name.substr(first);
    }
    return "unknown CPU";
}

int effectiveThreads(int threads) {
    if (threads > 0)
        return threads;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores > 0 ? static_cast<int>(cores) : 1;
}

std::string utcTimestamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

} // namespace autosplit
