#include "embedded_resources.h"

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

QString applicationIconPath() {
    return QStringLiteral(":/icons/io.github.autosplit.Explorer.svg");
}

} // namespace autosplit::resources
