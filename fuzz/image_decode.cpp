// libFuzzer target: PNG and JPEG sample images (core/data/image_decoder) and the preprocessing
// spec (core/data/preprocess_spec). The input is a spec line, a newline, then the image file:
// a spec that parses is applied to an image that decodes, as `autosplit calibrate` does.
#include "core/data/image_decoder.h"
#include "core/data/preprocess_spec.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

namespace {

// Keeps one run fast and small: the resize target is capped so a spec cannot ask for a
// gigapixel tensor (the decoder's own side limit is far above what a fuzz run should allocate).
constexpr int kMaxFuzzSide = 512;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const size_t newline = all.find('\n');
    const std::string_view specText =
        newline == std::string_view::npos ? all : all.substr(0, newline);
    const size_t imageStart = newline == std::string_view::npos ? size : newline + 1;
    const std::span<const std::byte> image(reinterpret_cast<const std::byte*>(data) + imageStart,
                                           size - imageStart);

    auto spec = autosplit::parsePreprocessSpec(specText);
    if (spec) {
        // The canonical text parses back to the same text (it is a cache key).
        auto again = autosplit::parsePreprocessSpec(spec->toString());
        if (!again || again->toString() != spec->toString())
            std::abort();
    }
    auto decoded = autosplit::decodeImage(image, "fuzz-image");
    if (!decoded)
        return 0;
    const autosplit::Image& img = *decoded;
    if (img.width <= 0 || img.height <= 0 ||
        img.rgb.size() != static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 3)
        std::abort();
    if (!spec || spec->height > kMaxFuzzSide || spec->width > kMaxFuzzSide ||
        (spec->height == 0 && (img.width > kMaxFuzzSide || img.height > kMaxFuzzSide)))
        return 0;
    auto tensor = autosplit::preprocessImage(img, *spec);
    (void)tensor;
    auto scale = autosplit::inputScale(img.width, img.height, *spec);
    (void)scale;
    return 0;
}
