#include "core/io/durable_file.h"

#include <atomic>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace autosplit {

namespace fs = std::filesystem;

namespace {

std::string errnoText(int e) {
    return std::strerror(e);
}

// The writer's process id from a partial sibling's name ("...partial-PID-N"), 0 when the rest of
// the name is not that.
pid_t writerOf(std::string_view rest) {
    long pid = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
    if (ec != std::errc() || end == rest.data() || end == rest.data() + rest.size() || *end != '-')
        return 0;
    return static_cast<pid_t>(pid);
}

bool processAlive(pid_t pid) {
    // EPERM: it exists but belongs to someone else, so it may still be writing
    return ::kill(pid, 0) == 0 || errno == EPERM;
}

} // namespace

std::string partialPrefix(const fs::path& path) {
    return "." + path.filename().string() + ".partial-";
}

fs::path partialSibling(const fs::path& path) {
    static std::atomic<unsigned> counter{0};
    return path.parent_path() /
           (partialPrefix(path) + std::to_string(::getpid()) + "-" + std::to_string(++counter));
}

void removeStalePartials(const fs::path& path) {
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    const std::string prefix = partialPrefix(path);
    std::error_code ec;
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0)
            continue;
        const pid_t pid = writerOf(std::string_view(name).substr(prefix.size()));
        if (pid <= 0 || processAlive(pid))
            continue;
        std::error_code ignored;
        fs::remove_all(it->path(), ignored);
    }
}

Status writeSyncedFile(const fs::path& path, std::string_view bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return Error{path.string() + ": cannot be created: " + errnoText(errno), ErrorKind::Io};
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int e = n < 0 ? errno : ENOSPC;
            ::close(fd);
            return Error{path.string() + ": write failed: " + errnoText(e), ErrorKind::Io};
        }
        done += static_cast<size_t>(n);
    }
    // without the flush a power cut after the rename could leave the new name with no data
    if (::fsync(fd) != 0) {
        const int e = errno;
        ::close(fd);
        return Error{path.string() + ": cannot be flushed to disk: " + errnoText(e), ErrorKind::Io};
    }
    if (::close(fd) != 0)
        return Error{path.string() + ": write failed: " + errnoText(errno), ErrorKind::Io};
    return Status::success();
}

Status syncFolder(const fs::path& dir) {
    const fs::path folder = dir.empty() ? fs::path(".") : dir;
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return Error{folder.string() + ": cannot be opened: " + errnoText(errno), ErrorKind::Io};
    const int rc = ::fsync(fd);
    const int e = errno;
    ::close(fd);
    // some file systems cannot flush a folder; the rename itself is still atomic there
    if (rc != 0 && e != EINVAL && e != ENOTSUP)
        return Error{folder.string() + ": cannot be flushed to disk: " + errnoText(e),
                     ErrorKind::Io};
    return Status::success();
}

Status writeFileAtomically(const fs::path& path, std::string_view bytes) {
    removeStalePartials(path);
    const fs::path temp = partialSibling(path);
    auto discard = [&](Status s) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return s;
    };
    if (auto s = writeSyncedFile(temp, bytes); !s)
        return discard(Error{path.string() + ": " + s.error().message, ErrorKind::Io});
    if (::rename(temp.c_str(), path.c_str()) != 0)
        return discard(
            Error{path.string() + ": cannot be replaced: " + errnoText(errno), ErrorKind::Io});
    // the new contents are in place whatever this says: flushing the rename is the disk's last
    // chance
    (void)syncFolder(path.parent_path());
    return Status::success();
}

} // namespace autosplit
