#include "core/wire/activation_packing.h"

#include "core/wire/packing_kernels.h"

#include <limits>
#include <string>

namespace autosplit {

namespace {

std::optional<int64_t> elementCount(std::span<const int64_t> dims) {
    int64_t count = 1;
    for (int64_t d : dims) {
        if (d < 0 || __builtin_mul_overflow(count, d, &count))
            return std::nullopt;
    }
    // room for count * 8 bits
    if (count > std::numeric_limits<int64_t>::max() / 8)
        return std::nullopt;
    return count;
}

std::string shapeText(std::span<const int64_t> dims) {
    if (dims.empty())
        return "scalar";
    std::string text;
    for (int64_t d : dims)
        text += (text.empty() ? "" : "x") + std::to_string(d);
    return text;
}

// What one call does, for its messages: "packing 4-bit codes of a 1x3x5x5 tensor: ...".
struct Job {
    const char* verb;
    std::span<const int64_t> dims;
    int bits;

    Error fail(const std::string& problem) const {
        return Error{std::string(verb) + " " + std::to_string(bits) + "-bit codes of a " +
                         shapeText(dims) + " tensor: " + problem,
                     ErrorKind::InvalidInput};
    }
};

struct Plan {
    int64_t elements = 0;
    int64_t bytes = 0;
    // Channels: the channel groups (over all of the batch) and the pixels of a plane
    int64_t groups = 0;
    int64_t pixels = 0;
};

Result<Plan> plan(const Job& job, PackingLayout layout) {
    if (job.bits < 1 || job.bits > 8)
        return job.fail("the bits per code must be 1 to 8");
    for (size_t i = 0; i < job.dims.size(); ++i)
        if (job.dims[i] < 0)
            return job.fail("dimension " + std::to_string(i) + " is negative");
    const std::optional<int64_t> elements = elementCount(job.dims);
    if (!elements)
        return job.fail("the tensor is too large");
    Plan p;
    p.elements = *elements;
    if (layout == PackingLayout::HeightWidth) {
        p.bytes = (p.elements * job.bits + 7) / 8;
        return p;
    }
    const int k = channelGroupSize(job.bits);
    if (job.dims.size() < 2)
        return job.fail("channel packing needs a tensor of rank 2 or more (N, C, ...)");
    if (job.dims[1] % k != 0)
        return job.fail("channel packing needs a multiple of " + std::to_string(k) +
                        " channels, the tensor has " + std::to_string(job.dims[1]));
    p.bytes = p.elements * job.bits / 8;
    p.pixels = 1;
    for (size_t i = 2; i < job.dims.size(); ++i)
        p.pixels *= job.dims[i];
    p.groups = job.dims[0] * (job.dims[1] / k);
    return p;
}

} // namespace

std::string_view packingLayoutName(PackingLayout layout) {
    return layout == PackingLayout::Channels ? "channels" : "height-width";
}

std::optional<PackingLayout> parsePackingLayout(std::string_view name) {
    for (PackingLayout layout : {PackingLayout::Channels, PackingLayout::HeightWidth})
        if (name == packingLayoutName(layout))
            return layout;
    return std::nullopt;
}

int channelGroupSize(int bits) {
    if (bits < 1 || bits > 8)
        return 0;
    int a = 8, b = bits;
    while (b != 0) {
        const int r = a % b;
        a = b;
        b = r;
    }
    return 8 / a;
}

bool channelPackingApplies(std::span<const int64_t> dims, int bits) {
    return plan(Job{"", dims, bits}, PackingLayout::Channels).ok();
}

PackingLayout choosePacking(std::span<const int64_t> dims, int bits) {
    return channelPackingApplies(dims, bits) ? PackingLayout::Channels : PackingLayout::HeightWidth;
}

std::optional<int64_t> packedBytes(PackingLayout layout, std::span<const int64_t> dims, int bits) {
    Result<Plan> p = plan(Job{"", dims, bits}, layout);
    if (!p)
        return std::nullopt;
    return p->bytes;
}

Status packCodes(const PackingKernels& kernels, PackingLayout layout, std::span<const int64_t> dims,
                 int bits, std::span<const uint8_t> codes, std::span<uint8_t> packed) {
    const Job job{"packing", dims, bits};
    Result<Plan> p = plan(job, layout);
    if (!p)
        return p.error();
    if (int64_t(codes.size()) != p->elements)
        return job.fail(std::to_string(codes.size()) + " codes given, " +
                        std::to_string(p->elements) + " expected");
    if (int64_t(packed.size()) != p->bytes)
        return job.fail("room for " + std::to_string(packed.size()) + " packed bytes given, " +
                        std::to_string(p->bytes) + " expected");
    if (p->elements == 0)
        return Status::success();
    // With one pixel per plane the Channels layout is the bit stream (each group's k * b bits
    // start on a byte boundary), and the stream's 64-bit words beat byte-wide planes there.
    const uint8_t any =
        layout == PackingLayout::Channels && p->pixels != 1
            ? kernels.packChannels(codes.data(), packed.data(), p->groups, p->pixels, bits)
            : kernels.packStream(codes.data(), packed.data(), p->elements, bits);
    if (bits < 8 && (any >> bits) != 0) {
        for (size_t e = 0; e < codes.size(); ++e)
            if (codes[e] >> bits)
                return job.fail("code " + std::to_string(codes[e]) + " at element " +
                                std::to_string(e) + " does not fit " + std::to_string(bits) +
                                " bits");
    }
    return Status::success();
}

Status unpackCodes(const PackingKernels& kernels, PackingLayout layout,
                   std::span<const int64_t> dims, int bits, std::span<const uint8_t> packed,
                   std::span<uint8_t> codes) {
    const Job job{"unpacking", dims, bits};
    Result<Plan> p = plan(job, layout);
    if (!p)
        return p.error();
    if (int64_t(packed.size()) != p->bytes)
        return job.fail(std::to_string(packed.size()) + " packed bytes given, " +
                        std::to_string(p->bytes) + " expected");
    if (int64_t(codes.size()) != p->elements)
        return job.fail("room for " + std::to_string(codes.size()) + " codes given, " +
                        std::to_string(p->elements) + " expected");
    if (p->elements == 0)
        return Status::success();
    if (layout == PackingLayout::Channels && p->pixels != 1)
        kernels.unpackChannels(packed.data(), codes.data(), p->groups, p->pixels, bits);
    else
        kernels.unpackStream(packed.data(), codes.data(), p->elements, bits);
    return Status::success();
}

Status packCodes(PackingLayout layout, std::span<const int64_t> dims, int bits,
                 std::span<const uint8_t> codes, std::span<uint8_t> packed) {
    return packCodes(packingKernels(), layout, dims, bits, codes, packed);
}

Status unpackCodes(PackingLayout layout, std::span<const int64_t> dims, int bits,
                   std::span<const uint8_t> packed, std::span<uint8_t> codes) {
    return unpackCodes(packingKernels(), layout, dims, bits, packed, codes);
}

} // namespace autosplit
