#pragma once

// A model opened once: import -> optimize -> analyze, with the file's bytes read once and hashed.
// What the explorer, every command of `autosplit` and the benchmarks start from. Immutable once
// made, so it is shared as OpenedModelPtr by any number of views and jobs, on any thread.

#include "core/analysis/split_analysis.h"
#include "core/graph/graph.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass.h"
#include "core/passes/pass_manager.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QMetaType>
#include <QString>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace autosplit::session {

// Where a model comes from: a file, or bytes in memory (the embedded sample, a test's model).
struct ModelSource {
    QString filePath;    // a file; empty when `bytes` are the model
    QByteArray bytes;    // the model itself when filePath is empty
    QString displayName; // default: the file's name
    bool isSample = false;
    QString sampleId; // which embedded sample (resources::EmbeddedSample::id) when isSample

    static ModelSource file(const QString& path);
    static ModelSource memory(QByteArray bytes, const QString& displayName);
};

struct OpenOptions {
    std::vector<InputShapeOverride> inputShapes;             // fixed shapes for dynamic inputs
    std::vector<std::string> passNames = defaultPassNames(); // empty: the graph as imported
    AnalysisOptions analysis;
    bool analyze = true;      // false: no split analysis (running the model needs none)
    bool keepRawGraph = true; // false: rawGraph stays empty (only the explorer shows it)
    bool runChecker = true;
};

struct OpenedModel {
    QString filePath;    // absolute path; empty for a model from memory
    QString displayName; // what titles, summaries and errors call it
    bool isSample = false;
    QString sampleId;  // which embedded sample when isSample
    std::string bytes; // the model as read, once
    std::vector<InputShapeOverride> inputShapes;
    std::vector<std::string> passNames; // the optimization pipeline that ran (empty: none)
    AnalysisOptions analysisOptions;

    Graph rawGraph; // as imported (empty unless OpenOptions::keepRawGraph)
    Graph graph;    // after the passes: the DAG the analysis is about
    std::vector<PassReport> passReports;
    SplitAnalysis analysis;
    std::vector<std::string> warnings; // import warnings, then analysis warnings

    double importSeconds = 0;
    double optimizeSeconds = 0;
    double analyzeSeconds = 0;

    QByteArrayView fileBytes() const {
        return QByteArrayView(bytes.data(), qsizetype(bytes.size()));
    }
    qint64 fileSize() const { return qint64(bytes.size()); }
    // SHA-256 of fileBytes, hex; computed on first use (a 100 MB model takes a good part of a
    // second), then kept. Thread-safe.
    QByteArray sha256() const;
    // How the graph was optimized, for cache keys: "raw", "optimized" (the default passes) or
    // "passes:<list>", as the command line and the explorer both name it.
    QByteArray optimizationLabel() const;

private:
    mutable std::once_flag m_hashOnce;
    mutable QByteArray m_sha256;
};

using OpenedModelPtr = std::shared_ptr<const OpenedModel>;

// The optimized graph, sharing the model's lifetime (for executors and solve sessions).
std::shared_ptr<const Graph> sharedGraph(const OpenedModelPtr& model);

// Reads, imports, optimizes and analyses. Progress: import to 0.6, optimization to 0.8, analysis
// to 1, with the stages "importing", "optimizing", "analyzing". Errors are one line naming the
// file (or the model) and the problem; a cancelled open fails.
Result<OpenedModelPtr> openModel(const ModelSource& source, const OpenOptions& options = {},
                                 const ProgressCallback& progress = {},
                                 const CancellationToken& cancel = {});

} // namespace autosplit::session

Q_DECLARE_METATYPE(autosplit::session::OpenedModelPtr)
