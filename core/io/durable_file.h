#pragma once

// Files and folders that a crash, a kill -9 or a full disk never leaves half-written: the new
// contents go to a hidden sibling named for the writing process (".NAME.partial-PID-N"), are
// flushed to the disk, and only then renamed over NAME; the folder's entry is flushed too. A
// sibling left by a writer that died is removed by the next write of the same NAME.

#include "core/util/result.h"

#include <filesystem>
#include <string_view>

namespace autosplit {

// A fresh hidden sibling of `path` for this process to fill, and the prefix every such sibling
// of `path` starts with (whatever process made it).
std::filesystem::path partialSibling(const std::filesystem::path& path);
std::string partialPrefix(const std::filesystem::path& path);

// Removes the partial siblings of `path` (files or folders) whose writing process is gone.
// Those of live processes, this one included, are left alone: they may still be written.
void removeStalePartials(const std::filesystem::path& path);

// Writes `bytes` to `path` (created or truncated) and flushes them to the disk. Not atomic by
// itself: for files inside a partial folder, or as the first step of writeFileAtomically.
Status writeSyncedFile(const std::filesystem::path& path, std::string_view bytes);

// Flushes a folder's entries (a rename into it, a file created in it) to the disk.
Status syncFolder(const std::filesystem::path& dir);

// `path` afterwards holds either its previous contents or all of `bytes`, never anything in
// between, whenever the writer stops. Errors name `path`.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

} // namespace autosplit
