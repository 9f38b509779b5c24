// Linked into every suite that CTest runs once per CPU path (autosplit_add_test CPU_PATHS). Before
// the suite starts it checks the path CTest asked for in AUTOSPLIT_CPU: a path this CPU lacks is
// printed by name as not run and the process exits with 77, which CTest reports as skipped
// (never as passed); a path the executor would not take fails the suite.

#include "core/runtime/cpu/cpu_path.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

const int kChecked = [] {
    const char* requested = std::getenv("AUTOSPLIT_CPU");
    if (!requested || !*requested)
        return 0;
    using namespace autosplit;
    const std::optional<CpuPath> path = parseCpuPath(requested);
    if (!path) {
        std::fprintf(stderr, "FAIL: AUTOSPLIT_CPU='%s' names no CPU path\n", requested);
        std::exit(1);
    }
    if (!cpuSupports(*path)) {
        std::printf("CPU path %s: NOT RUN, this CPU lacks %s\n", requested,
                    cpuMissingFeatures(*path).c_str());
        std::fflush(stdout);
        std::_Exit(77);
    }
    const CpuPathChoice& choice = cpuPathChoice();
    if (choice.path != *path || !choice.forced) {
        std::fprintf(stderr, "FAIL: AUTOSPLIT_CPU=%s but the executor chose %s %s\n", requested,
                     std::string(cpuPathName(choice.path)).c_str(), choice.problem.c_str());
        std::exit(1);
    }
    std::printf("CPU path %s (%s)\n", requested, std::string(cpuPathTitle(*path)).c_str());
    return 0;
}();

} // namespace
