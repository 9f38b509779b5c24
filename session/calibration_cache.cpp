#include "session/calibration_cache.h"

#include "core/util/input_limits.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <cstring>

namespace autosplit::session {

namespace {

QJsonArray doubles(const std::vector<double>& v) {
    QJsonArray a;
    for (double x : v)
        a.append(x);
    return a;
}

std::vector<double> toDoubles(const QJsonValue& v) {
    std::vector<double> out;
    for (const auto& x : v.toArray())
        out.push_back(x.toDouble());
    return out;
}

// 2: the graph inputs' ranges (inputRanges); a version-1 entry lacks them and is recomputed.
constexpr int kSchemaVersion = 2;

} // namespace

QJsonObject calibrationToJson(const CalibrationResult& result) {
    QJsonObject root;
    root[QStringLiteral("schemaVersion")] = kSchemaVersion;
    root[QStringLiteral("samples")] = static_cast<qint64>(result.samples);
    QJsonArray bits;
    for (int b : result.table.bits)
        bits.append(b);
    root[QStringLiteral("bits")] = bits;
    root[QStringLiteral("weightRange")] = QString::fromStdString(result.table.weightRangeMethod);
    root[QStringLiteral("activationRange")] =
        QString::fromStdString(result.table.activationRangeMethod);
    QJsonArray layers;
    for (const LayerQuantErrors& row : result.table.layers) {
        QJsonObject l;
        l[QStringLiteral("layer")] = row.layer;
        l[QStringLiteral("name")] = QString::fromStdString(row.name);
        l[QStringLiteral("op")] = QString::fromStdString(row.opType);
        l[QStringLiteral("weight")] = QString::fromStdString(row.weight);
        l[QStringLiteral("weightAxis")] = row.weightAxis;
        l[QStringLiteral("weightElements")] = static_cast<qint64>(row.weightElements);
        l[QStringLiteral("weightMse")] = doubles(row.weightMse);
        l[QStringLiteral("activation")] = QString::fromStdString(row.activation);
        l[QStringLiteral("activationMse")] = doubles(row.activationMse);
        QJsonArray ranges;
        if (auto it = result.activationRanges.find(row.activation);
            it != result.activationRanges.end())
            for (const Range& r : it->second)
                ranges.append(QJsonArray{static_cast<double>(r.lo), static_cast<double>(r.hi)});
        l[QStringLiteral("activationRanges")] = ranges;
        layers.append(l);
    }
    root[QStringLiteral("layers")] = layers;
    QJsonObject inputs; // per graph input, per width: [lo, hi]
    for (const auto& [input, ranges] : result.inputRanges) {
        QJsonObject widths;
        for (const auto& [bits, r] : ranges)
            widths[QString::number(bits)] =
                QJsonArray{static_cast<double>(r.lo), static_cast<double>(r.hi)};
        inputs[QString::fromStdString(input)] = widths;
    }
    root[QStringLiteral("inputRanges")] = inputs;
    // adaptive rounding: per weight, per width, the mask's bytes in base64
    QJsonObject rounding;
    for (const auto& [weight, masks] : result.weightRounding) {
        QJsonObject widths;
        for (const auto& [bits, mask] : masks)
            widths[QString::number(bits)] = QJsonObject{
                {QStringLiteral("elements"), static_cast<qint64>(mask.elements)},
                {QStringLiteral("mask"),
                 QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(mask.bits.data()),
                                                static_cast<qsizetype>(mask.bits.size()))
                                         .toBase64())}};
        rounding[QString::fromStdString(weight)] = widths;
    }
    if (!rounding.isEmpty())
        root[QStringLiteral("weightRounding")] = rounding;
    return root;
}

std::optional<CalibrationResult> calibrationFromJson(const QJsonObject& root) {
    if (root.value(QStringLiteral("schemaVersion")).toInt() != kSchemaVersion)
        return std::nullopt;
    CalibrationResult result;
    result.samples = static_cast<size_t>(root.value(QStringLiteral("samples")).toInteger());
    for (const auto& b : root.value(QStringLiteral("bits")).toArray())
        result.table.bits.push_back(b.toInt());
    result.table.weightRangeMethod =
        root.value(QStringLiteral("weightRange")).toString().toStdString();
    result.table.activationRangeMethod =
        root.value(QStringLiteral("activationRange")).toString().toStdString();
    for (const auto& value : root.value(QStringLiteral("layers")).toArray()) {
        const QJsonObject l = value.toObject();
        LayerQuantErrors row;
        row.layer = l.value(QStringLiteral("layer")).toInt();
        row.name = l.value(QStringLiteral("name")).toString().toStdString();
        row.opType = l.value(QStringLiteral("op")).toString().toStdString();
        row.weight = l.value(QStringLiteral("weight")).toString().toStdString();
        row.weightAxis = l.value(QStringLiteral("weightAxis")).toInt();
        row.weightElements = l.value(QStringLiteral("weightElements")).toInteger();
        row.weightMse = toDoubles(l.value(QStringLiteral("weightMse")));
        row.activation = l.value(QStringLiteral("activation")).toString().toStdString();
        row.activationMse = toDoubles(l.value(QStringLiteral("activationMse")));
        for (const auto& r : l.value(QStringLiteral("activationRanges")).toArray()) {
            const QJsonArray pair = r.toArray();
            result.activationRanges[row.activation].push_back(
                Range{static_cast<float>(pair.at(0).toDouble()),
                      static_cast<float>(pair.at(1).toDouble())});
        }
        result.table.layers.push_back(std::move(row));
    }
    const QJsonObject inputs = root.value(QStringLiteral("inputRanges")).toObject();
    for (auto input = inputs.begin(); input != inputs.end(); ++input) {
        const QJsonObject widths = input->toObject();
        for (auto width = widths.begin(); width != widths.end(); ++width) {
            const QJsonArray pair = width->toArray();
            bool ok = false;
            const int bits = width.key().toInt(&ok);
            if (!ok || pair.size() != 2)
                return std::nullopt;
            result.inputRanges[input.key().toStdString()][bits] =
                Range{static_cast<float>(pair.at(0).toDouble()),
                      static_cast<float>(pair.at(1).toDouble())};
        }
    }
    const QJsonObject rounding = root.value(QStringLiteral("weightRounding")).toObject();
    for (auto weight = rounding.begin(); weight != rounding.end(); ++weight) {
        const QJsonObject widths = weight->toObject();
        for (auto width = widths.begin(); width != widths.end(); ++width) {
            const QJsonObject m = width->toObject();
            const qint64 elements = m.value(QStringLiteral("elements")).toInteger(-1);
            const QByteArray bytes =
                QByteArray::fromBase64(m.value(QStringLiteral("mask")).toString().toLatin1(),
                                       QByteArray::AbortOnBase64DecodingErrors);
            bool ok = false;
            const int bits = width.key().toInt(&ok);
            // a mask of the wrong size would flip other weights: the entry is recomputed
            // (the byte count is rounded up without adding first: elements can be near the
            // largest 64-bit integer)
            if (!ok || elements < 0 || bytes.size() != elements / 8 + (elements % 8 != 0 ? 1 : 0))
                return std::nullopt;
            RoundingMask mask(elements);
            std::memcpy(mask.bits.data(), bytes.constData(), static_cast<size_t>(bytes.size()));
            result.weightRounding[weight.key().toStdString()].emplace(bits, std::move(mask));
        }
    }
    return result;
}

QString referenceCacheDirectory(const QByteArray& key) {
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/autosplit/references/") +
           QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex());
}

CalibrationCache::CalibrationCache(const QByteArray& key) {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                        QStringLiteral("/autosplit/calibration");
    m_path =
        dir + QLatin1Char('/') +
        QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex()) +
        QStringLiteral(".json");
}

std::optional<CalibrationResult> CalibrationCache::load() const {
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.read(limits::kMaxCacheFileBytes + 1);
    if (bytes.size() > limits::kMaxCacheFileBytes)
        return std::nullopt; // no real entry is this big: recomputed
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject())
        return std::nullopt; // a damaged cache entry is recomputed, never trusted
    return calibrationFromJson(doc.object());
}

bool CalibrationCache::store(const CalibrationResult& result) const {
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(calibrationToJson(result)).toJson(QJsonDocument::Compact));
    return file.commit();
}

} // namespace autosplit::session
