#pragma once

// How much memory this machine has, and the one check every planned allocation of a size that a
// file declares goes through: refused with both numbers before it is made, not killed after.

#include "core/util/result.h"

#include <cstdint>
#include <string>

namespace autosplit {

// Physical memory (MemTotal) in bytes; never 0 (a machine that will not say counts as 1 GiB).
int64_t physicalMemoryBytes();
// Memory available to a new allocation now (MemAvailable of /proc/meminfo, else physical).
int64_t availableMemoryBytes();

// Fails with "`what` needs 1.00 TiB, more than the 11.7 GiB (half of this machine's 23.4 GiB) a
// model may take" when `bytes` (negative: overflowed) exceeds the model memory share.
Status checkModelMemory(int64_t bytes, const std::string& what);
// Fails with "`what` needs 16.0 GiB, but only 10.2 GiB of memory is available" when `bytes`
// (negative: overflowed) would not fit in the memory available now.
Status checkAvailableMemory(int64_t bytes, const std::string& what);

} // namespace autosplit
