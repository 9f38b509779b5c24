#pragma once

// Loading device and network profiles: presets embedded in the library (by name, e.g.
// "eyeriss", "3g") or JSON files of the user's. JSON is parsed by protobuf's JSON parser with
// unknown fields rejected, then validated (profile_validation.h). Every error is one line naming
// the file and the field: "eyeriss.json: field 'systolic.array_rows' must be > 0, not 0".

#include "core/util/result.h"

// Generated from profiles.proto into the build tree.
#include "core/cost/profiles.pb.h"

#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

// Preset names, sorted.
std::vector<std::string> devicePresetNames();
std::vector<std::string> networkPresetNames();

// Parses and validates JSON text; `source` names it in errors (a path or a file name).
Result<profiles::DeviceProfile> parseDeviceProfileJson(std::string_view json,
                                                       std::string_view source);
Result<profiles::NetworkProfile> parseNetworkProfileJson(std::string_view json,
                                                         std::string_view source);

Result<profiles::DeviceProfile> loadDevicePreset(std::string_view name);
Result<profiles::NetworkProfile> loadNetworkPreset(std::string_view name);

Result<profiles::DeviceProfile> loadDeviceProfileFile(const std::string& path);
// A device profile in the JSON these functions read: snake_case field names, indented.
std::string deviceProfileJson(const profiles::DeviceProfile& profile);
Result<profiles::NetworkProfile> loadNetworkProfileFile(const std::string& path);

// A preset when `nameOrPath` is a preset name, else the file at that path (what a command-line
// flag such as --edge takes).
Result<profiles::DeviceProfile> loadDeviceProfile(std::string_view nameOrPath);
Result<profiles::NetworkProfile> loadNetworkProfile(std::string_view nameOrPath);

} // namespace autosplit
