#pragma once

// Sizes of packed tensors: `elements` values of `bits` bits each, packed densely and rounded up
// to whole bytes once (DESIGN.md: activations below 8 bits are packed before sending).

#include <cstdint>

namespace autosplit {

inline int64_t packedBytes(int64_t elements, int bits) {
    return (elements * bits + 7) / 8;
}
inline int64_t bitsToBytes(int64_t bits) {
    return (bits + 7) / 8;
}

} // namespace autosplit
