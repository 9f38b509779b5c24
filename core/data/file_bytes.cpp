#include "core/data/file_bytes.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace autosplit {

Result<std::string> loadFileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{"cannot open '" + path + "': " + std::strerror(errno), ErrorKind::Io};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        return Error{"cannot read '" + path + "'", ErrorKind::Io};
    return std::move(buffer).str();
}

} // namespace autosplit
