#pragma once

// Packing of b-bit activation codes (b in 1..8) for transmission from the edge to the cloud. The
// edge's quantized activations are codes 0..2^b-1 in uint8 containers; below 8 bits several codes
// share a byte on the wire, and the cloud unpacks them into uint8 codes again (its model
// dequantizes those). Auto-Split's appendix (Table 6) compares two layouts of the packed bytes;
// both are defined here exactly, as a wire format other programs implement too.
//
// HeightWidth: the elements in their memory order (row-major: for NCHW along the width, then the
// height, then the channel, then the batch) as one little-endian, LSB-first bit stream. Element e
// occupies stream bits [e*b, e*b+b), its least significant bit first; stream byte t holds stream
// bits [8t, 8t+8), bit 8t in its least significant bit. Size: ceil(E*b/8) bytes for E elements.
// The unused high bits of the last byte are zero when packing and ignored when unpacking.
// Any rank (a rank-0 tensor has one element).
//
// Channels: dims = [N, C, rest...] (rank >= 2); S = the product of dims[2..] (1 for rank 2), the
// pixels of one channel plane. Channels are taken in groups of k = 8 / gcd(8, b) consecutive
// channels (b = 1..8: k = 8, 4, 8, 2, 8, 4, 8, 1), so that a group's k*b = lcm(8, b) bits fill
// whole bytes. For the group starting at channel c0 and pixel i in [0, S):
//     W = sum over j in [0, k) of code[n][c0 + j][i] << (j*b)      (a k*b-bit word, <= 56 bits)
// is stored as P = k*b/8 byte planes of S bytes each: plane p holds byte p of W (its bits
// [8p, 8p+8)). The packed bytes are, in this order: for each n, for each group (c0 = 0, k, 2k,
// ...), for each plane p in [0, P), for each pixel i in [0, S): byte p of W(n, c0, i). Size:
// N*C*S*b/8 bytes exactly. It applies only when rank >= 2 and C is a multiple of k.
//
// For b = 8 both layouts are the identity: the packed bytes are the codes.
//
// Why two layouts: Channels packs whole planes with the same shifts at every pixel, so it runs as
// vector shifts and ORs at memory speed; the bit stream needs no channel count and is what a
// generic bit packer produces. choosePacking() takes Channels whenever it applies.

#include "core/runtime/cpu/cpu_path.h"
#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace autosplit {

struct PackingKernels;

enum class PackingLayout { Channels, HeightWidth };

// "channels", "height-width".
std::string_view packingLayoutName(PackingLayout layout);
std::optional<PackingLayout> parsePackingLayout(std::string_view name);

// The channel group size k = 8 / gcd(8, bits) for bits in 1..8 (0 otherwise).
int channelGroupSize(int bits);
// Whether the Channels layout applies: bits in 1..8, rank >= 2, no negative dim, C % k == 0.
bool channelPackingApplies(std::span<const int64_t> dims, int bits);
// Channels when it applies, else HeightWidth.
PackingLayout choosePacking(std::span<const int64_t> dims, int bits);

// The packed size in bytes; nullopt when bits is outside 1..8, a dim is negative, the sizes
// overflow, or the layout is Channels and it does not apply.
std::optional<int64_t> packedBytes(PackingLayout layout, std::span<const int64_t> dims, int bits);

// Packs `codes` (one per element, row-major, each below 2^bits) into `packed`, which must hold
// exactly packedBytes(layout, dims, bits) bytes. Fails (InvalidInput) on bits outside 1..8, a
// layout that does not apply, wrong sizes, or a code that does not fit; the contents of `packed`
// are then unspecified. Runs on the active CPU path (cpu_path.h).
Status packCodes(PackingLayout layout, std::span<const int64_t> dims, int bits,
                 std::span<const uint8_t> codes, std::span<uint8_t> packed);
// Unpacks into one code per element. Every bit pattern decodes to valid codes, so only the
// layout, bits and sizes are checked.
Status unpackCodes(PackingLayout layout, std::span<const int64_t> dims, int bits,
                   std::span<const uint8_t> packed, std::span<uint8_t> codes);

// The same on a given path's kernels (packingKernelsFor in packing_kernels.h), for tests and
// benchmarks that compare paths in one process. The CPU must support the path.
Status packCodes(const PackingKernels& kernels, PackingLayout layout, std::span<const int64_t> dims,
                 int bits, std::span<const uint8_t> codes, std::span<uint8_t> packed);
Status unpackCodes(const PackingKernels& kernels, PackingLayout layout,
                   std::span<const int64_t> dims, int bits, std::span<const uint8_t> packed,
                   std::span<uint8_t> codes);

} // namespace autosplit
