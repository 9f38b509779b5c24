#pragma once

// Numpy-style (multidirectional) broadcasting as a loop over rows: the output's dimensions are
// coalesced wherever every input either spans both neighbours or is broadcast along both, so a
// per-channel bias over NCHW becomes C rows of H*W with the bias constant along each row. The
// innermost row is contiguous in the output and advances each input by 0 or 1 element.

#include "core/runtime/kernels/parallel_for.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace autosplit::kernels {

// The broadcast shape of all `shapes`, or nullopt when two of them are incompatible.
std::optional<std::vector<int64_t>>
broadcastShape(const std::vector<const std::vector<int64_t>*>& shapes);

struct BroadcastPlan {
    std::vector<int64_t> outerDims;                 // coalesced dims above the row
    std::vector<std::vector<int64_t>> outerStrides; // per input, element strides of outerDims
    std::vector<int64_t> innerStep;                 // per input, 0 or 1
    int64_t inner = 1;                              // row length
    int64_t rows = 1;                               // product of outerDims; 0 for empty outputs

    // Element offset of each input at the start of row r.
    void rowOffsets(int64_t r, int64_t* offsets) const;
};

// `inputs` must broadcast to `outDims` (as broadcastShape computed).
BroadcastPlan planBroadcast(const std::vector<int64_t>& outDims,
                            const std::vector<const std::vector<int64_t>*>& inputs);

// Calls row(r, offsets) for every row of the plan (N inputs), in parallel when the output is
// large; the output offset of row r is r * plan.inner.
template <size_t N, typename F>
void forEachBroadcastRow(const BroadcastPlan& plan, int threads, F&& row) {
    const int64_t total = plan.rows * plan.inner;
    parallelRange(plan.rows, threads, total, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            int64_t offsets[N];
            plan.rowOffsets(r, offsets);
            row(r, offsets);
        }
    });
}

} // namespace autosplit::kernels
