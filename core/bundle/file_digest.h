#pragma once

// SHA-256 of bytes and files (OpenSSL's libcrypto), in lower-case hex: how a bundle's manifest
// names the exact files it was written with, and how a runtime checks them.

#include "core/util/result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace autosplit {

std::string sha256Hex(std::string_view bytes);
// Reads the file in blocks; errors name the file.
Result<std::string> sha256OfFile(const std::filesystem::path& path);

} // namespace autosplit
