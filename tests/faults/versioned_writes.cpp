#include "tests/faults/versioned_writes.h"

#include "core/bundle/bundle_writer.h"
#include "session/calibration_cache.h"
#include "session/candidates_csv.h"
#include "widgets/charts/chart_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QPixmap>
#include <QSettings>
#include <QStandardPaths>

#include <onnx/onnx_pb.h>

#include <cstring>
#include <random>

namespace autosplit::testing {

namespace {

namespace fs = std::filesystem;

constexpr const char* kCacheKey = "killed-writes calibration";
constexpr int kSettingsBlobBytes = 1 << 20;

std::string randomBytes(uint32_t seed, size_t n) {
    std::mt19937 rng(seed);
    std::string bytes(n, '\0');
    for (size_t i = 0; i + 4 <= n; i += 4) {
        const uint32_t r = rng();
        std::memcpy(&bytes[i], &r, 4);
    }
    return bytes;
}

// A model of one Add whose constant is `bytes` long: what makes an ONNX file large.
onnx::ModelProto bigModel(const char* name, uint32_t seed, size_t bytes) {
    onnx::ModelProto model;
    model.set_ir_version(8);
    model.add_opset_import()->set_version(13);
    auto* graph = model.mutable_graph();
    graph->set_name(name);
    const int64_t n = static_cast<int64_t>(bytes / 4);
    auto* w = graph->add_initializer();
    w->set_name("w");
    w->set_data_type(onnx::TensorProto::FLOAT);
    w->add_dims(n);
    w->set_raw_data(randomBytes(seed, bytes));
    for (const char* io : {"x", "y"}) {
        auto* v = std::string(io) == "x" ? graph->add_input() : graph->add_output();
        v->set_name(io);
        v->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
        v->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(n);
    }
    auto* add = graph->add_node();
    add->set_op_type("Add");
    add->add_input("x");
    add->add_input("w");
    add->add_output("y");
    return model;
}

Status bundleVersion(const QString& dir, int version) {
    bundle::Manifest manifest;
    manifest.set_created_by("killed-writes version " + std::to_string(version));
    manifest.mutable_source()->set_file_name("model.onnx");
    manifest.set_split(version);
    BundleWriteOptions options;
    options.replace = true;
    const auto v = static_cast<uint32_t>(version);
    return writeBundle(fs::path(dir.toStdString()) / "bundle", manifest,
                       bigModel("edge", 2 * v, 3 << 20), bigModel("cloud", 2 * v + 1, 2 << 20),
                       options);
}

CalibrationResult calibrationVersion(int version) {
    CalibrationResult result;
    result.samples = static_cast<size_t>(version);
    std::mt19937 rng(static_cast<uint32_t>(version));
    std::uniform_real_distribution<float> value(-8.f, 8.f);
    for (int i = 0; i < 3000; ++i) {
        auto& ranges = result.inputRanges["input_" + std::to_string(i)];
        for (int bits = 2; bits <= 8; ++bits) {
            const float a = value(rng);
            ranges[bits] = Range{a - 1.f, a + 1.f};
        }
    }
    return result;
}

QByteArray settingsBlob(int version) {
    return QByteArray::fromStdString(
               randomBytes(static_cast<uint32_t>(version) + 7, kSettingsBlobBytes / 2))
        .toHex();
}

SolutionSet candidatesVersion(int version) {
    SolutionSet set;
    std::mt19937 rng(static_cast<uint32_t>(version));
    std::uniform_real_distribution<double> seconds(0.001, 2.0);
    for (int i = 0; i < 6000; ++i) {
        Candidate c;
        c.edgeSeconds = seconds(rng);
        c.transmissionSeconds = seconds(rng);
        c.cloudSeconds = seconds(rng);
        c.totalSeconds = c.edgeSeconds + c.transmissionSeconds + c.cloudSeconds;
        c.transmittedBytes = static_cast<int64_t>(rng() % 1000000);
        c.error = seconds(rng);
        set.candidates.push_back(c);
    }
    return set;
}

// Noise does not compress: the PNG stays about as large as its pixels.
Status chartVersion(const QString& path, int version) {
    QImage noise(600, 400, QImage::Format_RGB32);
    std::mt19937 rng(static_cast<uint32_t>(version));
    for (int y = 0; y < noise.height(); ++y)
        for (int x = 0; x < noise.width(); ++x)
            noise.setPixel(x, y, rng() | 0xff000000u);
    QLabel label;
    label.setPixmap(QPixmap::fromImage(noise));
    label.resize(noise.size());
    return saveWidgetImage(&label, path, 1.0);
}

std::map<QString, QByteArray> readTree(const QString& root) {
    std::map<QString, QByteArray> files;
    if (QFileInfo(root).isFile()) {
        QFile f(root);
        if (f.open(QIODevice::ReadOnly))
            files[QString()] = f.readAll();
        return files;
    }
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        files[QDir(root).relativeFilePath(path)] =
            f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("?");
    }
    return files;
}

} // namespace

QString kindName(WriteKind kind) {
    switch (kind) {
    case WriteKind::Bundle:
        return QStringLiteral("bundle");
    case WriteKind::CalibrationCache:
        return QStringLiteral("calibration-cache");
    case WriteKind::Settings:
        return QStringLiteral("settings");
    case WriteKind::CandidatesCsv:
        return QStringLiteral("csv");
    case WriteKind::ChartPng:
        return QStringLiteral("png");
    }
    return {};
}

std::optional<WriteKind> kindNamed(const QString& name) {
    for (WriteKind k : {WriteKind::Bundle, WriteKind::CalibrationCache, WriteKind::Settings,
                        WriteKind::CandidatesCsv, WriteKind::ChartPng})
        if (kindName(k) == name)
            return k;
    return std::nullopt;
}

QString targetOf(WriteKind kind) {
    switch (kind) {
    case WriteKind::Bundle:
        return QStringLiteral("bundle");
    case WriteKind::CalibrationCache:
        return QStringLiteral("cache/autosplit/calibration/") +
               QFileInfo(session::CalibrationCache(kCacheKey).filePath()).fileName();
    case WriteKind::Settings:
        return QStringLiteral("config/autosplit/autosplit-explorer.conf");
    case WriteKind::CandidatesCsv:
        return QStringLiteral("candidates.csv");
    case WriteKind::ChartPng:
        return QStringLiteral("pareto.png");
    }
    return {};
}

Status writeVersion(WriteKind kind, const QString& dir, int version) {
    switch (kind) {
    case WriteKind::Bundle:
        return bundleVersion(dir, version);
    case WriteKind::CalibrationCache:
        if (!session::CalibrationCache(kCacheKey).store(calibrationVersion(version)))
            return Error{"the calibration cache was not written"};
        return Status::success();
    case WriteKind::Settings: {
        QSettings settings;
        settings.setValue(QStringLiteral("faults/version"), version);
        settings.setValue(QStringLiteral("faults/blob"), settingsBlob(version));
        settings.sync();
        if (settings.status() != QSettings::NoError)
            return Error{"the settings were not written"};
        return Status::success();
    }
    case WriteKind::CandidatesCsv:
        return writeCandidatesCsv(candidatesVersion(version), 10,
                                  dir + QLatin1Char('/') + targetOf(kind));
    case WriteKind::ChartPng:
        return chartVersion(dir + QLatin1Char('/') + targetOf(kind), version);
    }
    return Error{"unknown kind"};
}

std::map<QString, QByteArray> expectedFiles(WriteKind kind, int version, const QString& scratch) {
    switch (kind) {
    case WriteKind::Bundle:
    case WriteKind::ChartPng: {
        const QString dir = scratch + QStringLiteral("/v") + QString::number(version);
        QDir().mkpath(dir);
        if (!writeVersion(kind, dir, version))
            return {};
        return readTree(dir + QLatin1Char('/') + targetOf(kind));
    }
    case WriteKind::CalibrationCache:
        return {{QString(), QJsonDocument(session::calibrationToJson(calibrationVersion(version)))
                                .toJson(QJsonDocument::Compact)}};
    case WriteKind::Settings:
        return {{QStringLiteral("faults/version"), QByteArray::number(version)},
                {QStringLiteral("faults/blob"), settingsBlob(version)}};
    case WriteKind::CandidatesCsv:
        return {{QString(), candidatesCsv(candidatesVersion(version), 10).toUtf8()}};
    }
    return {};
}

std::map<QString, QByteArray> filesFound(WriteKind kind, const QString& dir) {
    return filesAt(kind, dir + QLatin1Char('/') + targetOf(kind));
}

std::map<QString, QByteArray> filesAt(WriteKind kind, const QString& target) {
    if (kind != WriteKind::Settings)
        return readTree(target);
    if (!QFileInfo(target).isFile())
        return {};
    QSettings settings(target, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return {{QStringLiteral("unreadable"), {}}};
    std::map<QString, QByteArray> values;
    for (const QString& key : settings.allKeys())
        values[key] = settings.value(key).toByteArray();
    return values;
}

} // namespace autosplit::testing
