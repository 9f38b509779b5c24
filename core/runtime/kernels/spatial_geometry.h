#pragma once

// Window geometry of Conv, ConvTranspose and the pools. Nodes have 1 to 3 spatial dims; the
// geometry is canonicalised to 3 (missing leading dims have size 1, kernel 1, stride 1, no pads)
// so one loop nest serves 1-D, 2-D and 3-D.

#include "core/runtime/kernel.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace autosplit {

struct SpatialGeometry {
    static constexpr int kMaxRank = 3;
    using Dims3 = std::array<int64_t, kMaxRank>;

    int rank = 0; // the node's spatial dims, 1..3
    Dims3 in{1, 1, 1};
    Dims3 kernel{1, 1, 1};
    Dims3 stride{1, 1, 1};
    Dims3 dilation{1, 1, 1};
    Dims3 padBegin{0, 0, 0};
    Dims3 padEnd{0, 0, 0};
    Dims3 out{1, 1, 1};

    int64_t inSize() const { return in[0] * in[1] * in[2]; }
    int64_t outSize() const { return out[0] * out[1] * out[2]; }
    int64_t kernelSize() const { return kernel[0] * kernel[1] * kernel[2]; }
    // The node's output spatial dims (rank entries).
    std::vector<int64_t> outDims() const;
    bool hasPadding() const;
};

inline int64_t ceilDiv(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

// Window loops: j in [first, last) are the j in [0, n) with 0 <= start + j * step < limit
// (step > 0), so the loop body needs no bounds checks.
inline void validRange(int64_t start, int64_t step, int64_t limit, int64_t n, int64_t& first,
                       int64_t& last) {
    first = start >= 0 ? 0 : std::min(n, ceilDiv(-start, step));
    last = start >= limit ? 0 : std::min(n, (limit - 1 - start) / step + 1);
    last = std::max(last, first);
}

// Reads strides, dilations, pads and auto_pad (NOTSET, VALID, SAME_UPPER, SAME_LOWER) of a Conv
// or pool node and computes its output dims; `kernel` is the window (kernel_shape, or a Conv's
// weight dims). ceil_mode rounds the output size up (pools). Errors name the attribute.
Result<SpatialGeometry> windowGeometry(const KernelContext& ctx, std::span<const int64_t> inSpatial,
                                       std::span<const int64_t> kernel, bool ceilMode);

// Reads an ints attribute of `count` values (absent: `fallback` repeated); fails when present
// with another count or with a value below `minimum`.
Result<std::vector<int64_t>> spatialAttribute(const KernelContext& ctx, const char* name,
                                              size_t count, int64_t fallback, int64_t minimum);

} // namespace autosplit
