#pragma once

// Per-thread scratch memory of the compute kernels (im2col tiles, padded B strips, padded
// planes). Each thread keeps its buffers between calls and runs, so steady-state inference
// allocates nothing; a buffer only grows (to the largest a model needs, a few MB). Buffers are
// 64-byte aligned (a cache line; the widest vector).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace autosplit {

// Slot tells apart buffers one thread uses at the same time.
template <typename T, int Slot = 0> T* threadScratch(size_t count) {
    constexpr size_t kAlign = 64;
    thread_local std::vector<T> buffer;
    if (buffer.size() < count + kAlign / sizeof(T))
        buffer.resize(count + kAlign / sizeof(T));
    const auto address = reinterpret_cast<std::uintptr_t>(buffer.data());
    return reinterpret_cast<T*>((address + kAlign - 1) / kAlign * kAlign);
}

} // namespace autosplit
