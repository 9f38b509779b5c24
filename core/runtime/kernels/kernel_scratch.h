#pragma once

// Per-thread scratch memory of the compute kernels (im2col tiles, column buffers). Each thread
// keeps its buffer between calls and runs, so steady-state inference allocates nothing; a buffer
// only grows (to the largest tile a model needs, a few MB at most).

#include <cstddef>
#include <vector>

namespace autosplit {

// Slot tells apart buffers one thread uses at the same time.
template <typename T, int Slot = 0>
T* threadScratch(size_t count) {
    thread_local std::vector<T> buffer;
    if (buffer.size() < count)
        buffer.resize(count);
    return buffer.data();
}

} // namespace autosplit
