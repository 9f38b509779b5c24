#include "resources/embedded_resources.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

namespace autosplit::resources {

QString sampleModelPath() {
    return QStringLiteral(":/models/ch_ppocr_mobile_v2.0_cls_infer.onnx");
}

QString sampleModelName() {
    return QStringLiteral("ch_ppocr_mobile_v2.0_cls_infer.onnx");
}

QString sampleModelInputShape() {
    return QStringLiteral("x=1x3x48x192");
}

QString sampleModelLicensePath() {
    return QStringLiteral(":/models/LICENSE-models.md");
}

QString sampleDataPath() {
    return QStringLiteral(":/sample-data");
}

std::map<std::string, std::string> sampleDataFiles() {
    std::map<std::string, std::string> files;
    const QDir root(sampleDataPath());
    QDirIterator it(sampleDataPath(), {QStringLiteral("*.png")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly)) {
            const QByteArray bytes = file.readAll();
            files[root.relativeFilePath(path).toStdString()] =
                std::string(bytes.constData(), size_t(bytes.size()));
        }
    }
    return files;
}

QString sampleDataPreprocessSpec() {
    return QStringLiteral("resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5");
}

QString applicationIconPath() {
    return QStringLiteral(":/icons/io.github.autosplit.Explorer.svg");
}

} // namespace autosplit::resources
