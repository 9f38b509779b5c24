#pragma once

// What a measured device profile records about the machine it was measured on, and what keys a
// cached measurement to it.

#include "core/util/machine_memory.h" // physicalMemoryBytes, recorded with a profile

#include <cstdint>
#include <string>

namespace autosplit {

// The CPU's model name ("AMD EPYC 7B13"), from /proc/cpuinfo; "unknown CPU" where it is not said.
std::string cpuModelName();
// The threads a run with `threads` (0: every core) really uses.
int effectiveThreads(int threads);
// Now, as ISO 8601 UTC ("2026-12-07T17:32:54Z").
std::string utcTimestamp();

} // namespace autosplit
