#include "core/util/machine_memory.h"

#include "core/util/input_limits.h"
#include "core/util/size_text.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace autosplit {

namespace {

// A field of /proc/meminfo in bytes, or -1 when it is not there.
int64_t meminfoBytes(const std::string& field) {
    std::ifstream in("/proc/meminfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, field.size() + 1, field + ":") != 0)
            continue;
        std::istringstream fields(line.substr(field.size() + 1));
        int64_t kib = -1;
        fields >> kib;
        return kib < 0 ? -1 : kib * 1024;
    }
    return -1;
}

// The messages say "half"; a new share needs new words.
static_assert(limits::kModelMemoryShare == 0.5);

} // namespace

int64_t physicalMemoryBytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0)
        return static_cast<int64_t>(pages) * pageSize;
    const int64_t total = meminfoBytes("MemTotal");
    return total > 0 ? total : int64_t(1) << 30;
}

int64_t availableMemoryBytes() {
    const int64_t available = meminfoBytes("MemAvailable");
    return available > 0 ? available : physicalMemoryBytes();
}

Status checkModelMemory(int64_t bytes, const std::string& what) {
    const int64_t total = physicalMemoryBytes();
    const auto allowed =
        static_cast<int64_t>(static_cast<double>(total) * limits::kModelMemoryShare);
    if (bytes >= 0 && bytes <= allowed)
        return Status::success();
    const std::string need = bytes < 0 ? std::string("more than 8 EiB") : sizeText(double(bytes));
    return Error{what + " needs " + need + ", more than the " + sizeText(double(allowed)) +
                 " (half of this machine's " + sizeText(double(total)) + ") a model may take"};
}

Status checkAvailableMemory(int64_t bytes, const std::string& what) {
    const int64_t available = availableMemoryBytes();
    if (bytes >= 0 && bytes <= available)
        return Status::success();
    const std::string need = bytes < 0 ? std::string("more than 8 EiB") : sizeText(double(bytes));
    return Error{what + " needs " + need + ", but only " + sizeText(double(available)) +
                 " of memory is available"};
}

} // namespace autosplit
