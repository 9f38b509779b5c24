#pragma once

// The one loop behind Transpose, Slice, Expand, Tile and DepthToSpace/SpaceToDepth: filling a
// contiguous output from a strided view of the input. Each of those ops only computes the view
// (output dims and, per output dim, the input stride, possibly 0 or negative).

#include "core/runtime/kernels/broadcast.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace autosplit::kernels {

// dst[j0, ..., jn] = src[sum(j_i * strides[i])] for the row-major index j over dims.
template <typename T>
void stridedCopy(const T* src, std::vector<int64_t> dims, std::vector<int64_t> strides, T* dst,
                 int threads) {
    // drop unit dims and merge neighbours that are contiguous in the source too
    std::vector<int64_t> d, s;
    for (size_t i = 0; i < dims.size(); ++i) {
        if (dims[i] == 0)
            return;
        if (dims[i] == 1)
            continue;
        if (!d.empty() && s.back() == strides[i] * dims[i]) {
            d.back() *= dims[i];
            s.back() = strides[i];
        } else {
            d.push_back(dims[i]);
            s.push_back(strides[i]);
        }
    }
    if (d.empty()) {
        dst[0] = src[0];
        return;
    }
    const int64_t inner = d.back();
    const int64_t innerStride = s.back();
    d.pop_back();
    s.pop_back();
    int64_t rows = 1;
    for (int64_t v : d)
        rows *= v;
    parallelRange(rows, threads, rows * inner, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            int64_t offset = 0;
            int64_t rest = r;
            for (size_t k = d.size(); k-- > 0;) {
                offset += (rest % d[k]) * s[k];
                rest /= d[k];
            }
            const T* from = src + offset;
            T* to = dst + r * inner;
            if (innerStride == 1) {
                std::memcpy(to, from, static_cast<size_t>(inner) * sizeof(T));
            } else {
                for (int64_t j = 0; j < inner; ++j)
                    to[j] = from[j * innerStride];
            }
        }
    });
}

} // namespace autosplit::kernels
