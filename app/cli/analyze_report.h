#pragma once

// What `autosplit analyze` prints: the analysis of one model plus how it was obtained.

#include "core/analysis/split_analysis.h"
#include "core/cost/device_timing.h"
#include "core/graph/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace autosplit::cli {

struct AnalyzeReport {
    QString modelPath;
    QString modelFileName;
    bool optimized = true;
    std::vector<std::string> passNames;  // requested, in order
    std::vector<PassReport> passReports; // what each did
    std::vector<InputShapeOverride> inputShapes;
    int64_t memoryLimitBytes = 0;
    int lowestBits = 2;
    std::vector<std::string> warnings; // import warnings, then analysis warnings
    const Graph* graph = nullptr;      // the optimized graph the analysis describes
    SplitAnalysis analysis;
    // With --edge/--cloud: each layer's modelled time on both devices (the profiles' systolic
    // array or roofline, as the solver costs it), the edge at `edgeBits` for weights and
    // activations, the cloud at its native precision. Empty otherwise.
    QString edgeDevice;
    QString cloudDevice;
    int edgeBits = 8;
    std::vector<LayerTime> edgeTimes;
    std::vector<LayerTime> cloudTimes;
};

// The table (one row per cut, cut 0 first) and the summary. Numbers with thousands separators.
QString formatTextReport(const AnalyzeReport& report);

// The same as a JSON document (schema in docs/analyze-json.md). Numbers are raw integers.
QByteArray formatJsonReport(const AnalyzeReport& report);

// "1-3, 5, 7-9" for an ascending list of cuts.
QString formatCutList(const std::vector<int>& cuts);

} // namespace autosplit::cli
