#pragma once

// The preset JSON files of resources/presets/, compiled into the library (core has no Qt, so no
// Qt resources): the build generates a source file holding each file's bytes.

#include <span>
#include <string_view>

namespace autosplit {

struct EmbeddedPreset {
    std::string_view name;     // file name without ".json": the name users type
    std::string_view fileName; // e.g. "eyeriss.json", for errors
    std::string_view json;
};

// Sorted by name.
std::span<const EmbeddedPreset> embeddedDevicePresets();
std::span<const EmbeddedPreset> embeddedNetworkPresets();

} // namespace autosplit
