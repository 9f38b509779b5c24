#pragma once

// Error measures between a tensor and its quantized version: the D of DESIGN.md ("The problem")
// is the mean squared error; SQNR is what evaluation reports for non-classification outputs.

#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <span>
#include <string_view>

namespace autosplit {

// Mean of (a - b)^2, accumulated in double; 0 for empty spans. Fails when the sizes differ.
Result<double> mse(std::span<const float> original, std::span<const float> approximation);
Result<double> mse(const HostTensor& original, const HostTensor& approximation,
                   std::string_view label = "tensor");

// Signal-to-quantization-noise ratio in dB: 10 log10(sum a^2 / sum (a - b)^2). +infinity when
// the two are equal (no noise), -infinity when the signal is all zeros but the noise is not.
Result<double> sqnrDb(std::span<const float> original, std::span<const float> approximation);
Result<double> sqnrDb(const HostTensor& original, const HostTensor& approximation,
                      std::string_view label = "tensor");

} // namespace autosplit
