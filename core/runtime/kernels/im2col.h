#pragma once

// The im2col matrix of a convolution: each output pixel's input window as one column, so the
// conv is a matrix product of the weights and it. Built a tile of columns at a time (a column
// tile of the float and the integer conv kernels).

#include "core/runtime/kernels/spatial_geometry.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace autosplit {

// A run of output pixels of one output row (od, oh) inside a column tile.
struct ColumnSegment {
    int64_t offset; // column inside the tile
    int64_t od, oh, ow0, count;
};

inline void tileSegments(const SpatialGeometry& g, int64_t s0, int64_t s1,
                         std::vector<ColumnSegment>& segments) {
    segments.clear();
    const int64_t plane = g.out[1] * g.out[2];
    for (int64_t s = s0; s < s1;) {
        const int64_t od = s / plane, rem = s % plane, oh = rem / g.out[2], ow0 = rem % g.out[2];
        const int64_t count = std::min(g.out[2] - ow0, s1 - s);
        segments.push_back({s - s0, od, oh, ow0, count});
        s += count;
    }
}

// Rows (c, kd, kh, kw) for channels [c0, c1) of the im2col matrix of one image's group, over the
// columns the segments cover; row r starts at col + r * ld. Taps in the padding read `pad` (0 for
// floats; the zero point's code for quantized inputs).
template <typename T>
void im2col(const T* x, const SpatialGeometry& g, std::span<const ColumnSegment> segments, T* col,
            int64_t ld, int64_t c0, int64_t c1, T pad = T(0)) {
    const int64_t D = g.in[0], H = g.in[1], W = g.in[2];
    const int64_t sw = g.stride[2];
    int64_t row = c0 * g.kernelSize();
    for (int64_t c = c0; c < c1; ++c) {
        const T* xc = x + c * D * H * W;
        for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
            for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
                for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                    T* dst = col + row++ * ld;
                    for (const ColumnSegment& seg : segments) {
                        T* d = dst + seg.offset;
                        const int64_t id =
                            seg.od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
                        const int64_t ih =
                            seg.oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
                        if (id < 0 || id >= D || ih < 0 || ih >= H) {
                            std::fill_n(d, seg.count, pad);
                            continue;
                        }
                        const T* src = xc + (id * H + ih) * W;
                        const int64_t iw0 = seg.ow0 * sw - g.padBegin[2] + kw * g.dilation[2];
                        int64_t first = 0, last = 0;
                        validRange(iw0, sw, W, seg.count, first, last);
                        std::fill(d, d + first, pad);
                        if (sw == 1)
                            std::memcpy(d + first, src + iw0 + first,
                                        static_cast<size_t>(last - first) * sizeof(T));
                        else
                            for (int64_t j = first; j < last; ++j)
                                d[j] = src[iw0 + j * sw];
                        std::fill(d + last, d + seg.count, pad);
                    }
                }
    }
}

} // namespace autosplit
