#pragma once

#include "core/util/result.h"

#include <string>

namespace autosplit {

// A whole file's bytes; the error names the file and the system's reason.
Result<std::string> loadFileBytes(const std::string& path);

} // namespace autosplit
