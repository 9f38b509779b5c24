// libFuzzer target: numpy .npy sample files (core/io/tensor_io). A file is either refused with
// one message or becomes a tensor whose byte size matches its shape and type.
#include "core/io/tensor_io.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto tensor = autosplit::parseNpy(bytes, "fuzz.npy");
    if (!tensor) {
        if (tensor.error().message.empty())
            std::abort();
        return 0;
    }
    // The reader promises a tensor no larger than the file's payload.
    if (tensor->byteSize() > size)
        std::abort();
    return 0;
}
