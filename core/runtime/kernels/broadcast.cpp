#include "core/runtime/kernels/broadcast.h"

#include <algorithm>

namespace autosplit::kernels {

std::optional<std::vector<int64_t>>
broadcastShape(const std::vector<const std::vector<int64_t>*>& shapes) {
    size_t rank = 0;
    for (const auto* s : shapes)
        rank = std::max(rank, s->size());
    std::vector<int64_t> out(rank, 1);
    for (const auto* s : shapes) {
        const size_t pad = rank - s->size();
        for (size_t i = 0; i < s->size(); ++i) {
            const int64_t d = (*s)[i];
            int64_t& o = out[pad + i];
            if (d == o || d == 1)
                continue;
            if (o != 1)
                return std::nullopt;
            o = d;
        }
    }
    return out;
}

BroadcastPlan planBroadcast(const std::vector<int64_t>& outDims,
                            const std::vector<const std::vector<int64_t>*>& inputs) {
    const size_t rank = outDims.size();
    const size_t n = inputs.size();
    BroadcastPlan plan;
    plan.innerStep.assign(n, 0);
    plan.outerStrides.assign(n, {});
    for (int64_t d : outDims)
        if (d == 0) {
            plan.rows = 0;
            plan.inner = 0;
            return plan;
        }

    // Output dims of size 1 are dropped; each kept dim records which inputs span it.
    std::vector<int64_t> dims;
    std::vector<std::vector<bool>> spans; // [dim][input]
    for (size_t axis = 0; axis < rank; ++axis) {
        if (outDims[axis] == 1)
            continue;
        std::vector<bool> spanning(n);
        for (size_t i = 0; i < n; ++i) {
            const auto& s = *inputs[i];
            const size_t pad = rank - s.size();
            spanning[i] = axis >= pad && s[axis - pad] != 1;
        }
        if (!dims.empty() && spans.back() == spanning) {
            dims.back() *= outDims[axis];
        } else {
            dims.push_back(outDims[axis]);
            spans.push_back(std::move(spanning));
        }
    }
    if (dims.empty()) { // a single element
        plan.inner = 1;
        plan.rows = 1;
        return plan;
    }

    // Strides per input over the coalesced dims (an input's layout is the coalesced output
    // layout with its broadcast dims removed).
    std::vector<std::vector<int64_t>> strides(n, std::vector<int64_t>(dims.size(), 0));
    for (size_t i = 0; i < n; ++i) {
        int64_t stride = 1;
        for (size_t d = dims.size(); d-- > 0;) {
            if (spans[d][i]) {
                strides[i][d] = stride;
                stride *= dims[d];
            }
        }
    }
    plan.inner = dims.back();
    plan.outerDims.assign(dims.begin(), dims.end() - 1);
    plan.rows = 1;
    for (int64_t d : plan.outerDims)
        plan.rows *= d;
    for (size_t i = 0; i < n; ++i) {
        plan.innerStep[i] = strides[i].back();
        plan.outerStrides[i].assign(strides[i].begin(), strides[i].end() - 1);
    }
    return plan;
}

void BroadcastPlan::rowOffsets(int64_t r, int64_t* offsets) const {
    const size_t n = outerStrides.size();
    for (size_t i = 0; i < n; ++i)
        offsets[i] = 0;
    for (size_t d = outerDims.size(); d-- > 0;) {
        const int64_t index = r % outerDims[d];
        r /= outerDims[d];
        for (size_t i = 0; i < n; ++i)
            offsets[i] += index * outerStrides[i][d];
    }
}

} // namespace autosplit::kernels
