#pragma once

// Writing a deployment bundle (DESIGN.md, "Deployment bundle"): edge.onnx, cloud.onnx,
// manifest.json, a Triton model repository for the cloud part and a README, all into a temporary
// folder beside the destination that is renamed into place at the end. An export that fails or is
// cancelled or killed leaves at most that hidden temporary folder (removed on failure), never a
// half-written bundle; an existing bundle is replaced only when asked, in one rename exchange.

#include "core/bundle/bundle_manifest.pb.h"

#include "core/util/progress.h"
#include "core/util/result.h"

#include <onnx/onnx_pb.h>

#include <filesystem>
#include <string>

namespace autosplit {

inline constexpr const char* kBundleFormat = "autosplit-bundle";
inline constexpr int kBundleFormatVersion = 1;
inline constexpr const char* kEdgeModelFile = "edge.onnx";
inline constexpr const char* kCloudModelFile = "cloud.onnx";
inline constexpr const char* kManifestFile = "manifest.json";

struct BundleWriteOptions {
    bool replace = false; // replace an existing bundle folder (else it is an error)
};

// Fills the manifest's format, file entries and Triton model name, and writes the bundle.
// Errors name the folder or file.
Status writeBundle(const std::filesystem::path& dir, bundle::Manifest manifest,
                   const onnx::ModelProto& edge, const onnx::ModelProto& cloud,
                   const BundleWriteOptions& options = {}, const ProgressCallback& progress = {},
                   const CancellationToken& cancel = {});

// The manifest as protobuf's JSON mapping, indented.
std::string manifestJson(const bundle::Manifest& manifest);

// The Triton model configuration of the cloud part (config.pbtxt).
std::string tritonConfig(const bundle::Manifest& manifest);

} // namespace autosplit
