// libFuzzer target: measured per-layer latencies in CSV (core/cost/measured_latencies), read
// against a small analyzed model. An accepted file has one entry per layer, none negative.
#include "core/cost/measured_latencies.h"
#include "fuzz/analyzed_model.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto& model = autosplit::fuzz::analyzedModel();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = autosplit::parseMeasuredLatencyCsv(text, "fuzz.csv", model.analysis);
    if (!parsed) {
        if (parsed.error().message.empty())
            std::abort();
        return 0;
    }
    const auto layers = static_cast<size_t>(model.analysis.layerCount());
    if (parsed->edgeSeconds.size() != layers || parsed->cloudSeconds.size() != layers)
        std::abort();
    for (const auto* side : {&parsed->edgeSeconds, &parsed->cloudSeconds})
        for (const auto& s : *side)
            if (s && !(*s >= 0.0 && std::isfinite(*s)))
                std::abort();
    return 0;
}
