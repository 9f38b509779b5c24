#pragma once

#include "core/util/result.h"

#include <cstdint>
#include <string>

namespace autosplit {

// A whole file's bytes; the error names the file and the system's reason. A file (or device,
// or pipe) holding more than `maxBytes` is refused before more than that is read.
Result<std::string> loadFileBytes(const std::string& path, int64_t maxBytes);

} // namespace autosplit
