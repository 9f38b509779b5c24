#include "session/measured_device.h"

#include "core/cost/measured_profile_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/profile/machine_facts.h"
#include "core/runtime/cpu/cpu_path.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace autosplit::session {

namespace {

QString cacheDir() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/autosplit/devices");
}

} // namespace

bool isThisComputer(const QString& device) {
    return device == QLatin1String(kThisComputer);
}

QString measuredProfileCachePath(const Graph& graph, const ProfileOptions& options) {
    std::vector<int> bits = options.bits;
    std::sort(bits.begin(), bits.end());
    std::string key = "measured-device-v1\n" + layerFingerprint(graph) + '\n' + cpuModelName() +
                      '\n' + cpuPathSummary() + '\n' +
                      std::to_string(effectiveThreads(options.threads)) + '\n' +
                      std::to_string(options.repeats) + '\n';
    for (int b : bits)
        key += std::to_string(b) + ',';
    const QByteArray hash =
        QCryptographicHash::hash(QByteArray::fromStdString(key), QCryptographicHash::Sha256);
    return cacheDir() + QLatin1Char('/') + QString::fromLatin1(hash.toHex()) +
           QStringLiteral(".json");
}

bool isMeasuredProfileCache(const QString& path) {
    const QFileInfo info(path);
    return info.isAbsolute() && info.absolutePath() == QDir(cacheDir()).absolutePath();
}

Status writeDeviceProfile(const profiles::DeviceProfile& profile, const QString& path) {
    const std::string name = QFile::encodeName(path).toStdString();
    const QFileInfo info(path);
    if (!info.absoluteDir().exists() && !QDir().mkpath(info.absolutePath()))
        return Error{name + ": cannot create its folder", ErrorKind::Io};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{name + ": cannot be written: " + file.errorString().toStdString(),
                     ErrorKind::Io};
    const std::string json = deviceProfileJson(profile);
    if (file.write(json.data(), qint64(json.size())) != qint64(json.size()) || !file.commit())
        return Error{name + ": cannot be written: " + file.errorString().toStdString(),
                     ErrorKind::Io};
    return Status::success();
}

Result<QString> measureThisComputer(std::shared_ptr<const Graph> graph,
                                    const ProfileOptions& options, const ProgressCallback& progress,
                                    const CancellationToken& cancel) {
    if (!graph)
        return Error{"no model to profile", ErrorKind::Internal};
    const QString path = measuredProfileCachePath(*graph, options);
    // A damaged or foreign cache entry is measured again, never trusted.
    if (auto cached = loadDeviceProfileFile(QFile::encodeName(path).toStdString());
        cached && cached->has_measured() &&
        checkMeasuredLayers(cached->measured(), *graph, path.toStdString())) {
        reportProgress(progress, 1.0, "cached");
        return path;
    }
    auto profile = measureDevice(std::move(graph), options, progress, cancel);
    if (!profile)
        return profile.error();
    if (auto s = writeDeviceProfile(*profile, path); !s)
        return s.error();
    return path;
}

} // namespace autosplit::session
