#pragma once

// This computer as a device: the measured profile of an opened model on the machine the program
// runs on (core/profile/device_profiler.h), cached on disk per model and machine (the layers'
// fingerprint, the CPU, its kernel path, the threads and the widths), so the second time is
// instant. Front ends name it "this" (the command line's --edge this) and put the cached file's
// path in the solve settings, where it loads as any profile file.

#include "core/profile/device_profiler.h"
#include "core/util/progress.h"
#include "core/util/result.h"

// Generated from profiles.proto into the build tree.
#include "core/cost/profiles.pb.h"

#include <QString>

#include <memory>

namespace autosplit::session {

// The device name meaning "measure this computer now".
inline constexpr char kThisComputer[] = "this";
bool isThisComputer(const QString& device);

// Where the measurement of `graph` with these options is cached.
QString measuredProfileCachePath(const Graph& graph, const ProfileOptions& options);
// Whether a device setting is such a cached measurement (a picker shows it as this computer).
bool isMeasuredProfileCache(const QString& path);

// The cached measurement's path when one exists, else measures (progress, cancel) and stores it.
Result<QString> measureThisComputer(std::shared_ptr<const Graph> graph,
                                    const ProfileOptions& options,
                                    const ProgressCallback& progress = {},
                                    const CancellationToken& cancel = {});

// Writes the profile's JSON atomically (nothing is left behind on failure); the error names the
// file.
Status writeDeviceProfile(const profiles::DeviceProfile& profile, const QString& path);

} // namespace autosplit::session
