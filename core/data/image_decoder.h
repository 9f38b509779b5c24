#pragma once

// Decodes PNG (libpng's simplified png_image API) and JPEG (libjpeg-turbo through the classic
// jpeglib API) into 8-bit RGB. The format is told by the file's signature, not its name.
//
// Conventions, chosen to match what Python pipelines (OpenCV's imread, PIL's convert("RGB"))
// feed a model: grey images are expanded to three equal channels; an alpha channel is dropped
// (not composited); 16-bit PNGs without colour-space chunks are taken as sRGB-encoded and
// reduced to 8 bits; palette images are expanded; CMYK JPEGs are refused by the decoder.

#include "core/util/result.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgb; // height rows of width RGB triples, top row first

    uint8_t at(int x, int y, int channel) const {
        return rgb[(static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) *
                       3 +
                   static_cast<size_t>(channel)];
    }
};

enum class ImageFormat { Unknown, Png, Jpeg };

// Format from the first bytes (PNG signature, JPEG SOI marker).
ImageFormat detectImageFormat(std::span<const std::byte> bytes);

// Decodes an in-memory file; `label` (usually the file name) starts every error message, which
// carries the decoder's own message.
Result<Image> decodeImage(std::span<const std::byte> bytes, std::string_view label);
Result<Image> decodeImageFile(const std::string& path);

// The largest width or height accepted, so that a corrupt header cannot ask for gigabytes.
inline constexpr int kMaxImageSide = 32768;

} // namespace autosplit
