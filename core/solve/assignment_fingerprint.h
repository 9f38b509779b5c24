#pragma once

// A 64-bit fingerprint of a bit assignment over layers 1..n, additive over layers so that prefix
// sums give every split's fingerprint: candidates with equal (n, fingerprint) are the same
// assignment and are listed once. Widths that change nothing are left out (the weight width of
// a layer without parameters, the activation width of a layer without quantized outputs), so
// such assignments compare equal. Different assignments collide with probability ~2^-64.

#include <cstdint>

namespace autosplit {

inline uint64_t layerFingerprint(int layer, int weightBits, int activationBits) {
    // splitmix64 finaliser of the packed triple
    uint64_t x = (static_cast<uint64_t>(static_cast<uint32_t>(layer)) << 16) ^
                 (static_cast<uint64_t>(weightBits & 0xff) << 8) ^
                 static_cast<uint64_t>(activationBits & 0xff);
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

} // namespace autosplit
