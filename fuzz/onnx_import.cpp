// libFuzzer target: opening a model, as the explorer and `autosplit analyze` do: import (parse,
// external data, checks, the ONNX checker, shape inference, conversion), the default
// optimization passes and the split analysis with its per-cut profiles.
//
// Input layout: a 4-byte little-endian length L, then L bytes of the model file, then the bytes
// of its sibling external-data file "weights.bin" (tensors with data_location EXTERNAL name it).
// The sibling is written into a folder of this process's own, which the model's folder is.
#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const fs::path& modelFolder() {
    static const fs::path dir = [] {
        std::string pattern = (fs::temp_directory_path() / "autosplit-fuzz-onnx-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            std::abort();
        return fs::path(pattern);
    }();
    return dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 4)
        return 0;
    const size_t declared =
        size_t(data[0]) | size_t(data[1]) << 8 | size_t(data[2]) << 16 | size_t(data[3]) << 24;
    const size_t modelBytes = std::min(declared, size - 4);
    const std::string_view model(reinterpret_cast<const char*>(data) + 4, modelBytes);
    const std::string_view external(model.data() + modelBytes, size - 4 - modelBytes);
    {
        std::ofstream out(modelFolder() / "weights.bin", std::ios::binary | std::ios::trunc);
        out.write(external.data(), static_cast<std::streamsize>(external.size()));
    }

    auto imported = autosplit::importOnnxData(model, "fuzz.onnx", modelFolder());
    if (!imported) {
        if (imported.error().message.empty())
            std::abort();
        return 0;
    }
    autosplit::Graph& graph = imported->graph;
    auto optimized = autosplit::optimizeGraph(graph, autosplit::defaultPassNames());
    if (!optimized)
        return 0;
    auto analysis = autosplit::analyzeSplits(graph);
    if (!analysis)
        return 0;
    for (int bits : {2, 8}) {
        (void)analysis->crossingBytesProfile(bits);
        (void)analysis->edgeMemoryProfile(bits);
    }
    (void)analysis->potentialSplits(int64_t(1) << 20, 2);
    (void)analysis->liCandidates();
    (void)analysis->totalMacs();
    return 0;
}
