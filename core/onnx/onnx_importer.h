#pragma once

#include "core/graph/graph.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

// A user's fixed shape for a graph input whose dimensions are dynamic ("x=1x3x224x224").
struct InputShapeOverride {
    std::string name;
    std::vector<int64_t> dims;
};

struct ImportOptions {
    std::vector<InputShapeOverride> inputShapes;
    // A symbolic leading (batch) dimension becomes 1 when the user gives no shape; a warning
    // says so. Other dynamic dimensions stay unknown until overridden.
    bool assumeBatchOne = true;
    bool runChecker = true;
};

struct ImportedModel {
    Graph graph;
    std::vector<std::string> warnings; // things analysis continues past, e.g. an unknown op
    std::string displayName;
};

// Parses "name=1x3x224x224" (also accepts ',' between dims). The name is everything before the
// last '='.
Result<InputShapeOverride> parseInputShapeOverride(std::string_view spec);

// Loads an ONNX model through the ONNX library: parse, external data (only inside the model's
// folder), structure checks, the ONNX checker, input overrides, shape inference with data
// propagation, conversion to the graph IR. Errors name the file and the problem.
Result<ImportedModel> importOnnxFile(const std::filesystem::path& path,
                                     const ImportOptions& options = {},
                                     const ProgressCallback& progress = {},
                                     const CancellationToken& cancel = {});

// A model file's bytes, with the checks importOnnxFile makes (exists, not a folder, under the
// protobuf limit); errors start with the path. For callers that keep the bytes (hashing them).
Result<std::string> readOnnxFile(const std::filesystem::path& path);

// Same, from bytes in memory (the embedded sample, or readOnnxFile's). External data resolves
// against baseDir; with an empty baseDir a model that needs external data is rejected.
Result<ImportedModel> importOnnxBytes(std::string bytes, std::string displayName,
                                      const std::filesystem::path& baseDir,
                                      const ImportOptions& options = {},
                                      const ProgressCallback& progress = {},
                                      const CancellationToken& cancel = {});

// Same, from bytes the caller keeps (no copy is made).
Result<ImportedModel> importOnnxData(std::string_view bytes, std::string displayName,
                                     const std::filesystem::path& baseDir,
                                     const ImportOptions& options = {},
                                     const ProgressCallback& progress = {},
                                     const CancellationToken& cancel = {});

} // namespace autosplit
