#include "core/runtime/kernels/spatial_geometry.h"

#include <string>

namespace autosplit {

std::vector<int64_t> SpatialGeometry::outDims() const {
    return {out.begin() + (kMaxRank - rank), out.end()};
}

bool SpatialGeometry::hasPadding() const {
    for (int i = 0; i < kMaxRank; ++i)
        if (padBegin[static_cast<size_t>(i)] != 0 || padEnd[static_cast<size_t>(i)] != 0)
            return true;
    return false;
}

Result<std::vector<int64_t>> spatialAttribute(const KernelContext& ctx, const char* name,
                                              size_t count, int64_t fallback, int64_t minimum) {
    if (!ctx.node.attribute(name))
        return std::vector<int64_t>(count, fallback);
    std::vector<int64_t> values = ctx.node.attrInts(name);
    // far beyond any real window; keeps every size computed from them inside int64
    constexpr int64_t kMaximum = int64_t(1) << 30;
    if (values.size() != count)
        return ctx.fail("attribute '" + std::string(name) + "' has " +
                        std::to_string(values.size()) + " values, expected " +
                        std::to_string(count));
    for (int64_t v : values)
        if (v < minimum || v > kMaximum)
            return ctx.fail("attribute '" + std::string(name) + "' has the value " +
                            std::to_string(v) + " (allowed " + std::to_string(minimum) + " to " +
                            std::to_string(kMaximum) + ")");
    return values;
}

Result<SpatialGeometry> windowGeometry(const KernelContext& ctx, std::span<const int64_t> inSpatial,
                                       std::span<const int64_t> kernel, bool ceilMode) {
    const size_t rank = inSpatial.size();
    if (rank < 1 || rank > static_cast<size_t>(SpatialGeometry::kMaxRank))
        return ctx.fail("only 1 to 3 spatial dims are supported, the input has " +
                        std::to_string(rank));
    if (kernel.size() != rank)
        return ctx.fail("the kernel has " + std::to_string(kernel.size()) + " dims for " +
                        std::to_string(rank) + " spatial dims of the input");
    auto strides = spatialAttribute(ctx, "strides", rank, 1, 1);
    if (!strides)
        return strides.error();
    auto dilations = spatialAttribute(ctx, "dilations", rank, 1, 1);
    if (!dilations)
        return dilations.error();
    auto pads = spatialAttribute(ctx, "pads", 2 * rank, 0, 0);
    if (!pads)
        return pads.error();
    const std::string autoPad = ctx.node.attrString("auto_pad", "NOTSET");
    if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
        autoPad != "SAME_LOWER")
        return ctx.fail("auto_pad '" + autoPad +
                        "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");

    SpatialGeometry g;
    g.rank = static_cast<int>(rank);
    for (size_t i = 0; i < rank; ++i) {
        const size_t c = SpatialGeometry::kMaxRank - rank + i;
        const int64_t in = inSpatial[i], k = kernel[i], s = (*strides)[i], d = (*dilations)[i];
        if (k < 1 || k > (int64_t(1) << 30))
            return ctx.fail("kernel dim " + std::to_string(i) + " is " + std::to_string(k));
        if (in < 0)
            return ctx.fail("input spatial dim " + std::to_string(i) + " is " + std::to_string(in));
        g.in[c] = in;
        g.kernel[c] = k;
        g.stride[c] = s;
        g.dilation[c] = d;
        const int64_t extent = (k - 1) * d + 1; // the dilated window
        int64_t out = 0;
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            out = (in + s - 1) / s;
            const int64_t total = std::max<int64_t>(0, (out - 1) * s + extent - in);
            g.padBegin[c] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
            g.padEnd[c] = total - g.padBegin[c];
        } else {
            if (autoPad == "NOTSET") {
                g.padBegin[c] = (*pads)[i];
                g.padEnd[c] = (*pads)[i + rank];
            }
            const int64_t span = in + g.padBegin[c] + g.padEnd[c] - extent;
            if (span < 0)
                return ctx.fail("spatial dim " + std::to_string(i) + " of size " +
                                std::to_string(in) + " (padded " +
                                std::to_string(in + g.padBegin[c] + g.padEnd[c]) +
                                ") is smaller than the window " + std::to_string(extent));
            out = (ceilMode ? (span + s - 1) / s : span / s) + 1;
            // ceil_mode: a last window that would start in the end padding is dropped (as PyTorch
            // and ONNX Runtime do)
            if (ceilMode && (out - 1) * s >= in + g.padBegin[c])
                --out;
        }
        if (out < 1)
            return ctx.fail("spatial dim " + std::to_string(i) + " gives an empty output");
        g.out[c] = out;
    }
    return g;
}

} // namespace autosplit
