#pragma once

// Checks a parsed device or network profile and turns it into what the cost models use. Every
// error is one line: "<source>: field '<path>' <problem>", naming the first bad field.

#include "core/cost/device_params.h"
#include "core/cost/uplink.h"
#include "core/util/result.h"

// Generated from profiles.proto into the build tree.
#include "core/cost/profiles.pb.h"

#include <string_view>

namespace autosplit {

// `source` names where the profile came from (a file path, a preset file name) in errors.
Result<DeviceParams> deviceParams(const profiles::DeviceProfile& profile, std::string_view source);
Status validateDeviceProfile(const profiles::DeviceProfile& profile, std::string_view source);
Status validateNetworkProfile(const profiles::NetworkProfile& profile, std::string_view source);

// The uplink of a (validated) network profile.
Uplink toUplink(const profiles::NetworkProfile& profile);

} // namespace autosplit
