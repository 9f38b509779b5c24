#pragma once

// Readers for the two tensor sample formats: NumPy .npy files and ONNX TensorProto .pb files
// (the layout of ONNX's test_data_set folders). Private to sample loading; general tensor I/O
// for the command line lives elsewhere.

#include "../runtime/host_tensor.h"
#include "../util/result.h"

#include <string>
#include <string_view>

namespace autosplit {

// .npy format versions 1.0 to 3.0, little-endian or byte-order-free dtypes f2 f4 f8 i1 i2 i4 i8
// u1 u2 u4 u8 b1, C order. `label` names the file in errors.
Result<HostTensor> parseNpySample(std::string_view bytes, std::string_view label);

// A serialized onnx.TensorProto with its data inside (raw_data or the typed fields).
Result<HostTensor> parseTensorProtoSample(const std::string& bytes, std::string_view label);

} // namespace autosplit
