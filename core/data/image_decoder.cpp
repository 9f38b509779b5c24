#include "core/data/image_decoder.h"

#include "core/util/file_bytes.h"
#include "core/util/input_limits.h"

#include <png.h>

// jpeglib.h needs FILE and size_t declared before it.
#include <csetjmp>
#include <cstdio>
#include <jpeglib.h>

#include <cstring>

namespace autosplit {

ImageFormat detectImageFormat(std::span<const std::byte> bytes) {
    static constexpr unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (bytes.size() >= 8 && std::memcmp(bytes.data(), png, 8) == 0)
        return ImageFormat::Png;
    if (bytes.size() >= 3 && bytes[0] == std::byte{0xff} && bytes[1] == std::byte{0xd8} &&
        bytes[2] == std::byte{0xff})
        return ImageFormat::Jpeg;
    return ImageFormat::Unknown;
}

namespace {

std::string prefix(std::string_view label) {
    return "image '" + std::string(label) + "': ";
}

Result<Image> decodePng(std::span<const std::byte> bytes, std::string_view label) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
        return Error{prefix(label) + "PNG decoder: " + image.message};
    if (image.width == 0 || image.height == 0 || image.width > kMaxImageSide ||
        image.height > kMaxImageSide) {
        const std::string size = std::to_string(image.width) + "x" + std::to_string(image.height);
        png_image_free(&image);
        return Error{prefix(label) + "PNG size " + size + " is not in 1.." +
                     std::to_string(kMaxImageSide)};
    }
    // 16-bit data without gAMA/sRGB is sRGB-encoded in practice (what OpenCV assumes too).
    image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    // With an alpha channel, read RGBA and drop alpha below: libpng would otherwise composite.
    const bool alpha = (image.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    image.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
    const int channels = alpha ? 4 : 3;
    std::vector<uint8_t> buffer(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, buffer.data(), 0, nullptr))
        return Error{prefix(label) + "PNG decoder: " + image.message};
    Image out;
    out.width = static_cast<int>(image.width);
    out.height = static_cast<int>(image.height);
    if (!alpha) {
        out.rgb = std::move(buffer);
        return out;
    }
    const size_t pixels = static_cast<size_t>(out.width) * static_cast<size_t>(out.height);
    out.rgb.resize(pixels * 3);
    for (size_t i = 0; i < pixels; ++i)
        std::memcpy(&out.rgb[i * 3], &buffer[i * static_cast<size_t>(channels)], 3);
    return out;
}

// libjpeg reports fatal errors through error_exit, which must not return: it longjmps back to
// decodeJpegInto. That function holds no object with a destructor (the pixel vector belongs to
// the caller and is sized through a callback), so the jump skips no C++ cleanup.
struct JpegErrorManager {
    jpeg_error_mgr base;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

void jpegErrorExit(j_common_ptr cinfo) {
    auto* err = reinterpret_cast<JpegErrorManager*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
}

void jpegSilentWarning(j_common_ptr, int) {
    // Warnings (a truncated file's "premature end of data") are not fatal; libjpeg pads with grey.
}

enum class JpegStep { Ok, Failed, TooLarge };

// Plain C style on purpose, see JpegErrorManager.
JpegStep decodeJpegInto(const unsigned char* data, unsigned long size, JpegErrorManager* err,
                        unsigned char* (*allocate)(void*, int, int), void* context, int* width,
                        int* height) {
    jpeg_decompress_struct cinfo;
    cinfo.err = jpeg_std_error(&err->base);
    err->base.error_exit = jpegErrorExit;
    err->base.emit_message = jpegSilentWarning;
    err->message[0] = '\0';
    if (setjmp(err->jump)) {
        jpeg_destroy_decompress(&cinfo);
        return JpegStep::Failed;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, size);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.image_width == 0 || cinfo.image_height == 0 || cinfo.image_width > kMaxImageSide ||
        cinfo.image_height > kMaxImageSide) {
        *width = static_cast<int>(cinfo.image_width);
        *height = static_cast<int>(cinfo.image_height);
        jpeg_destroy_decompress(&cinfo);
        return JpegStep::TooLarge;
    }
    cinfo.out_color_space = JCS_RGB; // libjpeg-turbo expands grey to RGB; CMYK fails with a message
    jpeg_start_decompress(&cinfo);
    *width = static_cast<int>(cinfo.output_width);
    *height = static_cast<int>(cinfo.output_height);
    unsigned char* pixels = allocate(context, *width, *height);
    const size_t stride = static_cast<size_t>(*width) * 3;
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + static_cast<size_t>(cinfo.output_scanline) * stride;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return JpegStep::Ok;
}

Result<Image> decodeJpeg(std::span<const std::byte> bytes, std::string_view label) {
    Image out;
    JpegErrorManager err;
    int width = 0;
    int height = 0;
    // Sizes the pixels from inside decodeJpegInto; a later longjmp leaves the vector valid.
    auto allocate = [](void* context, int w, int h) -> unsigned char* {
        auto* image = static_cast<Image*>(context);
        image->width = w;
        image->height = h;
        image->rgb.assign(static_cast<size_t>(w) * static_cast<size_t>(h) * 3, 0);
        return image->rgb.data();
    };
    const JpegStep step = decodeJpegInto(reinterpret_cast<const unsigned char*>(bytes.data()),
                                         static_cast<unsigned long>(bytes.size()), &err, allocate,
                                         &out, &width, &height);
    if (step == JpegStep::Failed)
        return Error{prefix(label) + "JPEG decoder: " + err.message};
    if (step == JpegStep::TooLarge)
        return Error{prefix(label) + "JPEG size " + std::to_string(width) + "x" +
                     std::to_string(height) + " is not in 1.." + std::to_string(kMaxImageSide)};
    return out;
}

} // namespace

Result<Image> decodeImage(std::span<const std::byte> bytes, std::string_view label) {
    switch (detectImageFormat(bytes)) {
    case ImageFormat::Png:
        return decodePng(bytes, label);
    case ImageFormat::Jpeg:
        return decodeJpeg(bytes, label);
    case ImageFormat::Unknown:
        break;
    }
    return Error{prefix(label) + (bytes.empty() ? "the file is empty" : "not a PNG or JPEG file")};
}

Result<Image> decodeImageFile(const std::string& path) {
    auto bytes = loadFileBytes(path, limits::kMaxSampleFileBytes);
    if (!bytes)
        return bytes.error();
    return decodeImage(std::as_bytes(std::span<const char>(bytes->data(), bytes->size())), path);
}

} // namespace autosplit
