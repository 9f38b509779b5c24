#pragma once

// Exploration files (File > Save/Open Exploration): a design study saved whole — the model (its
// path, the same path relative to the file, its SHA-256), its input shapes, the sample data, the
// solve settings, the solution the user picked, the drops measured so far and the view — as
// session/exploration.proto in protobuf's JSON mapping. Reading checks every field, so a
// damaged, foreign or newer file is one error naming the file and the problem, never a partly
// restored study; writing is atomic.

#include "session/sample_source.h"
#include "session/solve_settings.h"

#include "core/onnx/onnx_importer.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QString>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace autosplit::session {

// The suffix the explorer proposes ("study.autosplit").
inline constexpr const char* kExplorationSuffix = "autosplit";
inline constexpr int kExplorationFormatVersion = 1;

struct ExplorationModel {
    QString path;         // absolute; empty for an embedded sample
    QString relativePath; // from the exploration file's folder (filled in when written)
    QByteArray sha256;    // lower-case hex; empty for an embedded sample
    qint64 bytes = 0;
    QString sampleId; // an embedded sample
    QString displayName;
    std::vector<InputShapeOverride> inputShapes;
    bool optimize = true; // false: the graph as imported

    bool isSample() const { return !sampleId.isEmpty(); }
};

// The picked solution: a candidate by its assignment key (DropCache::keyOf) or a baseline by
// name; both empty: the solver's selection.
struct ExplorationSelection {
    std::string candidateKey;
    QString baseline;
};

struct ExplorationView {
    int page = 0;           // 0: graph, 1: layers, 2: solutions
    double graphZoom = 0.0; // 0: as laid out
    bool rawGraph = false;
};

struct Exploration {
    ExplorationModel model;
    std::optional<SampleSource> samples; // none: no samples (or the sample's embedded data)
    SolveSettings settings;
    ExplorationSelection selection;
    QString dropStoreKey;                // dropStoreKey() of the session the drops belong to
    std::map<std::string, double> drops; // by DropCache key, percentage points
    std::optional<ExplorationView> view;
};

// The JSON text of `exploration`, as saved next to `path` (the model's relative path is computed
// from it).
QByteArray explorationJson(const Exploration& exploration, const QString& path);
// Writes atomically: a failed write leaves an existing file as it was. Errors name the file.
Status writeExploration(const Exploration& exploration, const QString& path);
// Reads and checks every field. Errors are one line naming the file: not an exploration
// (damaged or foreign), a newer format version (ErrorKind::Unsupported), or the bad field.
Result<Exploration> readExploration(const QString& path);
Result<Exploration> parseExploration(const QByteArray& json, const QString& path);

// Where the model is now: its saved path when a file is there, else its path relative to the
// exploration file at `explorationPath` (the two moved together); empty when neither exists.
QString locateModel(const ExplorationModel& model, const QString& explorationPath);

// SHA-256 of a file in lower-case hex; errors name the file.
Result<QByteArray> fileSha256(const QString& path);

} // namespace autosplit::session
