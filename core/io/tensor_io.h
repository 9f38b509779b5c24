#pragma once

// Tensor files: ONNX TensorProto (.pb, as the ONNX test data and `autosplit run` use) and numpy
// .npy. Every error is one line that starts with the file's path.

#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace autosplit {

struct NamedTensor {
    std::string name; // the TensorProto's name; empty for .npy files
    HostTensor tensor;
};

// A serialized TensorProto (raw_data or the typed value fields). `label` names the source in
// errors. String and externally stored tensors are rejected.
Result<NamedTensor> parseTensorProto(const std::string& bytes, const std::string& label);
Result<NamedTensor> readTensorProtoFile(const std::filesystem::path& path);

// Writes `tensor` as a TensorProto named `name` (raw_data), atomically (durable_file.h): a failed
// or killed write never leaves a partial file.
Status writeTensorProtoFile(const std::filesystem::path& path, const std::string& name,
                            const HostTensor& tensor);
std::string serializeTensorProto(const std::string& name, const HostTensor& tensor);

// A .npy file (format versions 1, 2 and 3; C order; little-endian or byte-sized dtypes
// f2/f4/f8, i1/i2/i4/i8, u1/u2/u4/u8, b1).
Result<HostTensor> parseNpy(std::string_view bytes, const std::string& label);
Result<HostTensor> readNpyFile(const std::filesystem::path& path);

// .npy when the file starts with numpy's magic string, a TensorProto otherwise.
Result<NamedTensor> readTensorFile(const std::filesystem::path& path);

} // namespace autosplit
