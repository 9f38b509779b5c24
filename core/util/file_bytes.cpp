#include "core/util/file_bytes.h"

#include "core/util/size_text.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace autosplit {

Result<std::string> loadFileBytes(const std::string& path, int64_t maxBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{"cannot open '" + path + "': " + std::strerror(errno), ErrorKind::Io};
    // read in chunks rather than by the size the file system reports: /dev/zero or a pipe has
    // none, and a file may grow while it is read
    std::string bytes;
    constexpr size_t kChunk = size_t(1) << 20;
    while (in) {
        const size_t had = bytes.size();
        if (static_cast<int64_t>(had) > maxBytes)
            return Error{"'" + path + "' is larger than " + sizeText(double(maxBytes)) +
                         ", the limit for this kind of file"};
        bytes.resize(had + kChunk);
        in.read(bytes.data() + had, static_cast<std::streamsize>(kChunk));
        bytes.resize(had + static_cast<size_t>(in.gcount()));
    }
    if (in.bad())
        return Error{"cannot read '" + path + "'", ErrorKind::Io};
    if (static_cast<int64_t>(bytes.size()) > maxBytes)
        return Error{"'" + path + "' is larger than " + sizeText(double(maxBytes)) +
                     ", the limit for this kind of file"};
    return bytes;
}

} // namespace autosplit
