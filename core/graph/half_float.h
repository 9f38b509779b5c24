#pragma once

// IEEE binary16 (float16) and bfloat16 conversions, shared by constant tensors, the passes that
// write folded weights in a model's own type, and the executor's half-precision kernels.

#include <cstdint>

namespace autosplit {

float halfToFloat(uint16_t bits);
float bfloat16ToFloat(uint16_t bits);
// From float, rounding to nearest even (NaN stays NaN, overflow becomes infinity).
uint16_t floatToHalf(float value);
uint16_t floatToBFloat16(float value);

} // namespace autosplit
