#include "resources/embedded_resources.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

namespace autosplit::resources {

const std::vector<EmbeddedSample>& embeddedSamples() {
    // Activation ranges: the recogniser's 8-bit splits lose 1-9 points of line accuracy with the
    // 99.99 % percentile and 16-20 with min/max; the detector's split after layer 4 at 6 bits
    // loses 1.4-3 points of hmean with the percentile and none with min/max (README, "8-bit
    // PP-OCRv4"). The detector's demo limits: at 1 MiB the selection splits after layer 4 (the
    // tensor sent is a quarter of the raw image at 6 bits); widths of 2 and 4 bits cost it 40-95
    // points of hmean whatever the split, and with them in B the error proxy E ranks their mixes
    // ahead of 8-bit Edge-Only, so B = {6, 8} is what a user of this model would choose. Input
    // shapes and preprocessing as PaddleOCR's own inference scripts use them (det: DetResizeForTest
    // to a multiple of 32 with ImageNet mean/std; rec: rec_image_shape 3,48,320; cls:
    // cls_image_shape 3,48,192), OpenCV's BGR channel order for all three.
    static const std::vector<EmbeddedSample> samples = {
        {QStringLiteral("text-detector"),
         QStringLiteral("ch_PP-OCRv4_det_infer.onnx"),
         QStringLiteral(":/models/ch_PP-OCRv4_det_infer.onnx"),
         QStringLiteral("x=1x3x320x320"),
         QStringLiteral(":/sample-data/text-scenes"),
         QStringLiteral("order=bgr,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225"),
         QStringLiteral("text-detection"),
         QString(),
         QStringLiteral("minmax"),
         1024 * 1024,
         {6, 8}},
        {QStringLiteral("text-recognizer"),
         QStringLiteral("ch_PP-OCRv4_rec_infer.onnx"),
         QStringLiteral(":/models/ch_PP-OCRv4_rec_infer.onnx"),
         QStringLiteral("x=1x3x48x320"),
         QStringLiteral(":/sample-data/text-lines"),
         QStringLiteral("resize=48x320,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5"),
         QStringLiteral("text-recognition"),
         QStringLiteral(":/models/ppocr_keys_v1.txt"),
         QStringLiteral("percentile"),
         0,
         {},
         QStringLiteral("adaptive")},
        {QStringLiteral("text-direction"),
         QStringLiteral("ch_ppocr_mobile_v2.0_cls_infer.onnx"),
         QStringLiteral(":/models/ch_ppocr_mobile_v2.0_cls_infer.onnx"),
         QStringLiteral("x=1x3x48x192"),
         QStringLiteral(":/sample-data/text-direction"),
         QStringLiteral("resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5"),
         QStringLiteral("classification"),
         QString(),
         QStringLiteral("minmax"),
         0,
         {}},
    };
    return samples;
}

const EmbeddedSample* embeddedSample(const QString& id) {
    for (const EmbeddedSample& s : embeddedSamples())
        if (s.id == id)
            return &s;
    return nullptr;
}

const EmbeddedSample& defaultSample() {
    return embeddedSamples().front();
}

std::map<std::string, std::string> sampleDataFiles(const EmbeddedSample& sample) {
    std::map<std::string, std::string> files;
    const QDir root(sample.dataPath);
    QDirIterator it(sample.dataPath,
                    {QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.csv")},
                    QDir::Files, QDirIterator::Subdirectories);
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

QString sampleModelLicensePath() {
    return QStringLiteral(":/models/LICENSE-models.md");
}

QString applicationIconPath() {
    return QStringLiteral(":/icons/io.github.autosplit.Explorer.svg");
}

} // namespace autosplit::resources
