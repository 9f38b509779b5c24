#pragma once

// The inner loops of activation packing (activation_packing.h), compiled once per CPU path
// (isa/packing_kernels.inc, built into packing_baseline.cpp, packing_avx2.cpp and
// packing_avx512.cpp) and reached through one table per path, chosen once per process as the
// executor's kernels are (core/runtime/cpu/cpu_kernels.h). No checks here: activation_packing.cpp
// validates sizes and bits and calls these with bits in 1..8 and buffers of the right sizes.

#include "core/runtime/cpu/cpu_path.h"

#include <cstdint>

namespace autosplit {

struct PackingKernels {
    CpuPath path;
    // Channels layout over `groups` consecutive channel groups (N * C / k of them) of k =
    // channelGroupSize(bits) planes of `pixels` codes each: reads groups * k * pixels codes,
    // writes groups * (k * bits / 8) * pixels bytes. Returns the OR of all codes read, so that
    // the caller can tell whether one does not fit `bits` without a second pass (0 for 8 bits,
    // where every code fits).
    uint8_t (*packChannels)(const uint8_t* codes, uint8_t* packed, int64_t groups, int64_t pixels,
                            int bits);
    void (*unpackChannels)(const uint8_t* packed, uint8_t* codes, int64_t groups, int64_t pixels,
                           int bits);
    // HeightWidth layout: `count` codes to and from ceil(count * bits / 8) bytes. packStream
    // returns the OR of all codes (0 for 8 bits).
    uint8_t (*packStream)(const uint8_t* codes, uint8_t* packed, int64_t count, int bits);
    void (*unpackStream)(const uint8_t* packed, uint8_t* codes, int64_t count, int bits);
};

// The table of the path chosen for this process (activeCpuPath()).
const PackingKernels& packingKernels();
// The table of any path. Calling its functions on a CPU that lacks the path is an illegal
// instruction: check cpuSupports first.
const PackingKernels& packingKernelsFor(CpuPath path);

// One per path, defined in packing_<path>.cpp.
namespace cpu_baseline {
extern const PackingKernels kPackingKernels;
}
namespace cpu_avx2 {
extern const PackingKernels kPackingKernels;
}
namespace cpu_avx512 {
extern const PackingKernels kPackingKernels;
}

} // namespace autosplit
