#pragma once

// Opening a deployment bundle for running it: the manifest, and the proof that the files are the
// ones it was written with (SHA-256) and that the manifest and the models agree on every tensor
// that crosses. A bundle that fails any check is refused with one message naming the file or
// tensor.

#include "core/bundle/bundle_manifest.pb.h"

#include "core/util/result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace autosplit {

struct OpenedBundle {
    std::filesystem::path dir;
    bundle::Manifest manifest;
    // The models' files as read and checked (empty when not asked for): what the runtimes import,
    // without parsing or copying them again.
    std::string edge;
    std::string cloud;
};

struct BundleReadOptions {
    bool edge = true;  // read and check edge.onnx
    bool cloud = true; // read and check cloud.onnx
};

Result<OpenedBundle> readBundle(const std::filesystem::path& dir,
                                const BundleReadOptions& options = {});

// The manifest alone, parsed and checked for format and version.
Result<bundle::Manifest> readManifest(const std::filesystem::path& dir);
// The same from the manifest's text; `label` (its path) starts every error.
Result<bundle::Manifest> parseManifestJson(std::string_view json, const std::string& label);

} // namespace autosplit
