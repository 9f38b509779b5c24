#pragma once

// Calibration results on disk, keyed by the model's bytes, the optimization, the samples and
// the calibration settings, so a second run with the same inputs is instant.

#include "core/quant/calibration.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace autosplit::session {

QJsonObject calibrationToJson(const CalibrationResult& result);
std::optional<CalibrationResult> calibrationFromJson(const QJsonObject& json);

// The folder where the float model's outputs on the samples are kept (reference_store.h), for
// the same key as the calibration: the same model bytes, optimization, shapes and samples.
QString referenceCacheDirectory(const QByteArray& key);

class CalibrationCache {
public:
    // `key` is any text that changes whenever the result would (hashed with SHA-256).
    explicit CalibrationCache(const QByteArray& key);
    QString filePath() const { return m_path; }
    std::optional<CalibrationResult> load() const;
    // Atomic (write then rename); a failure to cache is not an error for the caller.
    bool store(const CalibrationResult& result) const;

private:
    QString m_path;
};

} // namespace autosplit::session
