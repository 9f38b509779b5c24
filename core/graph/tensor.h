#pragma once

#include "core/graph/data_type.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autosplit {

// Constant tensor data (an initializer or a folded constant): little-endian bytes in ONNX raw_data
// layout, so import can take the protobuf's buffer without a copy.
struct Tensor {
    DataType dtype = DataType::Undefined;
    std::vector<int64_t> dims;
    std::string raw;

    int64_t elementCount() const; // dims are validated at import, so this never overflows
    bool isScalarOrEmptyDims() const { return dims.empty(); }

    // Values widened to float / int64. Empty optional when the dtype cannot be converted.
    std::optional<std::vector<float>> toFloats() const;
    std::optional<std::vector<int64_t>> toInt64s() const;

    static Tensor fromFloats(std::vector<int64_t> dims, const std::vector<float>& values);
    static Tensor fromInt64s(std::vector<int64_t> dims, const std::vector<int64_t>& values);
};

} // namespace autosplit
