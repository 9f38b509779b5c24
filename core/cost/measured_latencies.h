#pragma once

// Per-layer latencies measured on a real device, imported from CSV; they override the model for
// the layers they list (measured_latency_model.h). Format: a header line naming the columns,
// then one row per layer:
//
//     layer,edge_ms,cloud_ms
//     conv1,3.2,0.05
//     fc,,0.01              <- an empty cell keeps the model's figure
//
// Columns may come in any order; "layer" and at least one of "edge_ms" / "cloud_ms" are
// required. Fields may be double-quoted ("a,b" with "" for a quote). Layer names are the graph's
// node names (SplitAnalysis::layers[i].name). A measurement is taken at one precision, so an
// edge figure replaces the model whatever bit-widths the solver picks for that layer.

#include "core/analysis/split_analysis.h"
#include "core/util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

struct MeasuredLatencies {
    // Per layer (index layer - 1), seconds; nullopt where nothing was measured.
    std::vector<std::optional<double>> edgeSeconds;
    std::vector<std::optional<double>> cloudSeconds;
};

// Errors name the file, the line and the column ("lat.csv:4: column 'edge_ms': 'x' is not a
// number"); layer names the analysis does not know are one error listing them with their lines.
Result<MeasuredLatencies> parseMeasuredLatencyCsv(std::string_view text, std::string_view source,
                                                  const SplitAnalysis& analysis);
Result<MeasuredLatencies> loadMeasuredLatencyCsv(const std::string& path,
                                                 const SplitAnalysis& analysis);

} // namespace autosplit
