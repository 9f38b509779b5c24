#pragma once

// ONNX Runtime (npm onnxruntime-node, bench/ort, installed by scripts/test.sh) run in a Node.js
// child process on a model file and tensors: the independent checker of exported models.

#include "core/runtime/host_tensor.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>

#include <cstring>
#include <map>
#include <string>

namespace autosplit::testing {

inline QString ortFolder() {
    return qEnvironmentVariable("AUTOSPLIT_SOURCE_DIR") + QStringLiteral("/bench/ort");
}

// Empty when node and onnxruntime-node are there; else what is missing and how to get it.
inline QString ortMissing() {
    if (!QDir(ortFolder() + QStringLiteral("/node_modules/onnxruntime-node")).exists())
        return QStringLiteral("onnxruntime-node is not installed: scripts/test.sh installs it "
                              "(ONNXRUNTIME_NODE_INSTALL=skip npm ci --prefix bench/ort)");
    QProcess node;
    node.start(QStringLiteral("node"), {QStringLiteral("--version")});
    if (!node.waitForFinished(20000) || node.exitCode() != 0)
        return QStringLiteral("Node.js (node) is not on the PATH");
    return {};
}

inline const char* typeName(DataType t) {
    switch (t) {
    case DataType::Float:
        return "float32";
    case DataType::UInt8:
        return "uint8";
    case DataType::Int8:
        return "int8";
    case DataType::Int32:
        return "int32";
    case DataType::Int64:
        return "int64";
    case DataType::Float16:
        return "float16";
    default:
        return "unsupported";
    }
}

inline DataType typeOf(const QString& name) {
    if (name == QLatin1String("float32"))
        return DataType::Float;
    if (name == QLatin1String("uint8"))
        return DataType::UInt8;
    if (name == QLatin1String("int8"))
        return DataType::Int8;
    if (name == QLatin1String("int32"))
        return DataType::Int32;
    if (name == QLatin1String("int64"))
        return DataType::Int64;
    if (name == QLatin1String("float16"))
        return DataType::Float16;
    return DataType::Undefined;
}

struct OrtRun {
    std::map<std::string, HostTensor> outputs;
    QString problem;
};

// Runs `model` on `inputs` (by name) with ONNX Runtime's graph optimization `level`.
inline OrtRun runOnnxRuntime(const QString& model, const std::map<std::string, HostTensor>& inputs,
                             const QString& workDir, const QString& level = QStringLiteral("all")) {
    OrtRun r;
    QDir().mkpath(workDir);
    QJsonArray index;
    int k = 0;
    for (const auto& [name, t] : inputs) {
        const QString file = QStringLiteral("in_%1.bin").arg(k++);
        QFile f(workDir + QLatin1Char('/') + file);
        if (!f.open(QIODevice::WriteOnly))
            return {{}, QStringLiteral("cannot write ") + f.fileName()};
        f.write(reinterpret_cast<const char*>(t.bytes()), static_cast<qint64>(t.byteSize()));
        QJsonArray dims;
        for (int64_t d : t.dims())
            dims.append(static_cast<double>(d));
        index.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(name)},
                                 {QStringLiteral("type"), QString::fromLatin1(typeName(t.dtype()))},
                                 {QStringLiteral("dims"), dims},
                                 {QStringLiteral("file"), file}});
    }
    QFile json(workDir + QStringLiteral("/inputs.json"));
    if (!json.open(QIODevice::WriteOnly))
        return {{}, QStringLiteral("cannot write inputs.json")};
    json.write(QJsonDocument(index).toJson());
    json.close();
    QProcess node;
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.start(QStringLiteral("node"), {ortFolder() + QStringLiteral("/run_tensors.mjs"), model,
                                        workDir, QStringLiteral("out_"), level});
    if (!node.waitForFinished(240000) || node.exitCode() != 0)
        return {{},
                QStringLiteral("onnxruntime-node failed on ") + model + QStringLiteral(": ") +
                    QString::fromUtf8(node.readAll()).left(600)};
    QFile outIndex(workDir + QStringLiteral("/out_outputs.json"));
    if (!outIndex.open(QIODevice::ReadOnly))
        return {{}, QStringLiteral("onnxruntime-node wrote no outputs")};
    for (const auto v : QJsonDocument::fromJson(outIndex.readAll()).array()) {
        const QJsonObject o = v.toObject();
        std::vector<int64_t> dims;
        for (const auto d : o.value(QStringLiteral("dims")).toArray())
            dims.push_back(static_cast<int64_t>(d.toDouble()));
        HostTensor t(typeOf(o.value(QStringLiteral("type")).toString()), dims);
        QFile f(workDir + QLatin1Char('/') + o.value(QStringLiteral("file")).toString());
        if (!f.open(QIODevice::ReadOnly))
            return {{}, QStringLiteral("missing output file")};
        const QByteArray bytes = f.readAll();
        if (static_cast<size_t>(bytes.size()) != t.byteSize())
            return {{}, QStringLiteral("output size mismatch")};
        std::memcpy(t.mutableBytes(), bytes.constData(), t.byteSize());
        r.outputs[o.value(QStringLiteral("name")).toString().toStdString()] = std::move(t);
    }
    return r;
}

} // namespace autosplit::testing
