#pragma once

// Data-parallel loops for the kernels, on a small pool of worker threads. Unlike an OpenMP team,
// the caller does not wait for every thread to check in: it takes chunks itself and only waits
// for chunks a worker actually took. When another process holds a core (a GUI, a compiler, the
// other half of a benchmark), a worker that is not scheduled in time simply finds no work left,
// instead of stalling the call at a barrier for a whole scheduler time slice.

#include <cstdint>
#include <functional>

namespace autosplit {

// Calls body(begin, end) on disjoint chunks of at most `grain` indices covering [0, count), on
// up to `threads` threads including the caller, and returns when all of them ran. Chunks are
// handed out dynamically; grain 0 makes about four chunks per thread. body must not throw.
// Nested calls (from inside a body) are allowed.
void parallelFor(int64_t count, int threads,
                 const std::function<void(int64_t begin, int64_t end)>& body, int64_t grain = 0);

// Whether spreading `elements` of simple per-element work over threads pays for waking them.
inline bool worthThreads(int64_t elements) {
    return elements >= 32768;
}

// body(begin, end) over [0, count) in about two contiguous chunks per thread when the work
// (`elements` simple operations in all) is worth threads, else once inline.
template <typename F>
inline void parallelRange(int64_t count, int threads, int64_t elements, F&& body) {
    if (threads <= 1 || count <= 1 || !worthThreads(elements)) {
        if (count > 0)
            body(int64_t(0), count);
        return;
    }
    parallelFor(count, threads, body, (count + 2 * threads - 1) / (2 * threads));
}

} // namespace autosplit
