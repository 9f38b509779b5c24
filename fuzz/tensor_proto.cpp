// libFuzzer target: ONNX TensorProto sample files (.pb, core/io/tensor_io), raw_data and the
// typed fields. An accepted tensor serializes again and reads back to the same bytes.
#include "core/io/tensor_io.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    auto parsed = autosplit::parseTensorProto(bytes, "fuzz.pb");
    if (!parsed) {
        if (parsed.error().message.empty())
            std::abort();
        return 0;
    }
    const autosplit::HostTensor& t = parsed->tensor;
    auto again =
        autosplit::parseTensorProto(autosplit::serializeTensorProto(parsed->name, t), "again.pb");
    if (!again || again->tensor.dtype() != t.dtype() || again->tensor.dims() != t.dims() ||
        again->tensor.byteSize() != t.byteSize() ||
        std::memcmp(again->tensor.bytes(), t.bytes(), t.byteSize()) != 0)
        std::abort();
    return 0;
}
