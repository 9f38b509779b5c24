#pragma once

#include "core/analysis/split_analysis.h"
#include "core/graph/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace autosplit {

// Everything the views show about one opened model. The engine builds it on a worker thread and
// hands it to the GUI whole; nobody changes it afterwards, so it is shared as
// std::shared_ptr<const ModelAnalysis> and views can keep it as long as they like.
struct ModelAnalysis {
    QString filePath;    // absolute path; empty for the embedded sample
    QString displayName; // what the title bar and summary show
    bool isSample = false;
    qint64 fileBytes = 0;
    std::vector<InputShapeOverride> inputShapes; // overrides applied at import
    std::vector<std::string> passNames;          // the optimization pipeline that ran

    Graph rawGraph; // as imported
    Graph graph;    // after the passes: the DAG the analysis is about
    std::vector<PassReport> passReports;
    SplitAnalysis analysis;
    std::vector<std::string> warnings; // import warnings, then analysis warnings

    double importSeconds = 0;
    double optimizeSeconds = 0;
    double analyzeSeconds = 0;
};

using ModelAnalysisPtr = std::shared_ptr<const ModelAnalysis>;

} // namespace autosplit

Q_DECLARE_METATYPE(autosplit::ModelAnalysisPtr)
