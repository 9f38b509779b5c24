// libFuzzer target: a deployment bundle's manifest.json (core/bundle/bundle_reader), as
// `autosplit-edge` and `autosplit-cloud` read it before anything else.
#include "core/bundle/bundle_reader.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    auto manifest = autosplit::parseManifestJson(json, "fuzz/manifest.json");
    if (!manifest) {
        if (manifest.error().message.empty())
            std::abort();
        return 0;
    }
    // The checks readManifest promises for every crossing tensor.
    for (const auto& c : manifest->crossing())
        if (c.wire_name().empty() ||
            (c.quantized() && (c.bits() < 1 || c.bits() > 8 || c.zero_point() < 0 ||
                               c.zero_point() >= (1 << c.bits()))))
            std::abort();
    return 0;
}
