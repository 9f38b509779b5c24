#include "session/drop_store.h"

#include "core/util/input_limits.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace autosplit::session {

namespace {

constexpr int kSchemaVersion = 1;
// Drops measured since the evaluation simulates the crossing as the bundle sends it (the raw input
// as codes, float edge tensors as float16): older drops measured something else and are not found.
constexpr const char* kSimulation = "wire-as-charged";

QByteArray storeKey(const SolveSession& s) {
    QCryptographicHash key(QCryptographicHash::Sha256);
    key.addData(s.setup.cacheKey);
    key.addData(kSimulation);
    const std::string_view metric = metricName(s.metric.kind);
    key.addData(QByteArrayView(metric.data(), static_cast<qsizetype>(metric.size())));
    if (s.metric.kind == MetricKind::TextRecognition && !s.metric.lines.ignoreSpaces)
        key.addData("count-spaces");
    if (s.metric.alphabet)
        for (const std::string& symbol : s.metric.alphabet->symbols)
            key.addData(QByteArray::fromStdString(symbol + '\n'));
    for (int label : s.setup.labels)
        key.addData(QByteArray(QByteArray::number(label) + ','));
    for (const std::string& text : s.setup.texts)
        key.addData(QByteArray::fromStdString(text + '\n'));
    for (const auto& boxes : s.setup.boxes) {
        for (const Quad& q : boxes)
            for (const Point2& p : q.corners)
                key.addData(QByteArray(QByteArray::number(p.x, 'g', 9) + ',' +
                                       QByteArray::number(p.y, 'g', 9) + ';'));
        key.addData("|");
    }
    return key.result();
}

} // namespace

QString dropStoreKey(const SolveSession& session) {
    return QString::fromLatin1(storeKey(session).toHex());
}

QString dropStorePath(const SolveSession& session) {
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/autosplit/drops/") + dropStoreKey(session) + QStringLiteral(".json");
}

size_t loadStoredDrops(const SolveSession& session) {
    QFile file(dropStorePath(session));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray bytes = file.read(limits::kMaxCacheFileBytes + 1);
    if (bytes.size() > limits::kMaxCacheFileBytes)
        return 0; // no real store is this big: measured again
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject() ||
        doc.object().value(QStringLiteral("schemaVersion")).toInt() != kSchemaVersion)
        return 0;
    const QJsonObject drops = doc.object().value(QStringLiteral("drops")).toObject();
    size_t loaded = 0;
    for (auto it = drops.begin(); it != drops.end(); ++it)
        if (it.value().isDouble()) {
            session.drops.insertKey(it.key().toStdString(), it.value().toDouble());
            ++loaded;
        }
    return loaded;
}

bool storeDrops(const SolveSession& session) {
    QJsonObject drops;
    for (const auto& [key, drop] : session.drops.entries())
        drops.insert(QString::fromStdString(key), drop);
    const QString path = dropStorePath(session);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("schemaVersion"), kSchemaVersion},
                                         {QStringLiteral("drops"), drops}})
                   .toJson(QJsonDocument::Compact));
    return file.commit();
}

} // namespace autosplit::session
