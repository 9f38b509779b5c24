#pragma once

// The user files the product writes, each in a numbered version whose bytes depend on the number
// alone: what the killed-writes suite has its helper write again and again, and what it checks a
// file against after a kill. Each version is a few megabytes, so a write takes long enough for a
// kill to land in the middle of it.

#include "core/util/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>

namespace autosplit::testing {

enum class WriteKind {
    Bundle,           // writeBundle, replacing the bundle folder
    CalibrationCache, // session::CalibrationCache::store (under XDG_CACHE_HOME)
    Settings,         // QSettings of the explorer (under XDG_CONFIG_HOME)
    CandidatesCsv,    // writeCandidatesCsv, as File > Export Candidates as CSV
    ChartPng,         // saveWidgetImage, as File > Export Pareto Chart (PNG)
};

QString kindName(WriteKind kind);
std::optional<WriteKind> kindNamed(const QString& name);

// Writes version `version` of `kind` the way the product does, into `dir` (the calibration cache
// and the settings go where XDG_CACHE_HOME and XDG_CONFIG_HOME say, which the caller points into
// `dir`).
Status writeVersion(WriteKind kind, const QString& dir, int version);

// What a reader of `dir` finds: the file or folder written, relative to `dir`.
QString targetOf(WriteKind kind);

// Every file of a whole version, relative to the target (one empty name for a single file), with
// its bytes, as written by the product into `scratch` (the kinds whose bytes cannot be computed
// without writing them) or computed directly.
std::map<QString, QByteArray> expectedFiles(WriteKind kind, int version, const QString& scratch);

// Every file under the target in `dir` with its bytes, as expectedFiles names them; a settings
// file is read as QSettings reads it and given back in expectedFiles' form, or nullopt when it
// does not parse as settings of any version.
std::map<QString, QByteArray> filesFound(WriteKind kind, const QString& dir);
// The same of a file or folder at `target`.
std::map<QString, QByteArray> filesAt(WriteKind kind, const QString& target);

} // namespace autosplit::testing
