// `autosplit evaluate --metric text-detection` end to end (and solve judged by it): a "detector"
// built in code (a 1x1 convolution with weight 1, so the probability map is the input), two
// 64 x 64 grey PNG scenes halved to the 32 x 32 input by the preprocessing, and a boxes.csv in
// the images' pixels, which the set halves with them. The maps, boxes and figures are those of
// tests/core/metrics/test_text_detection_evaluation.cpp (blocks on even pixels halve exactly):
// float hmean 3/4, 3 bits 4/7 (the weak line lost), 6/7 against the float model's boxes.

#include "tests/app/cli_process.h"

#include "tests/support/model_builder.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

struct Block {
    int x0, y0, x1, y1; // pixels, inclusive
    int grey;
};

void writeScene(const QString& path, const std::vector<Block>& blocks) {
    QImage image(64, 64, QImage::Format_RGB888);
    image.fill(qRgb(0, 0, 0));
    for (const Block& b : blocks)
        for (int y = b.y0; y <= b.y1; ++y)
            for (int x = b.x0; x <= b.x1; ++x)
                image.setPixel(x, y, qRgb(b.grey, b.grey, b.grey));
    QVERIFY(image.save(path));
}

void saveDetector(const QString& path, bool flatten) {
    ModelBuilder b(13, 1);
    auto x = b.input("x", {1, 1, 32, 32});
    auto y = b.node("Conv", {x, b.floats("w", {1, 1, 1, 1}, {1.0f}), b.floats("b", {1}, {0.0f})}, 1,
                    {{1, 1, 32, 32}}, "conv")[0];
    if (flatten)
        y = b.flatten(y);
    b.output(y);
    b.save(path.toStdString());
}

} // namespace

class TestCliTextDetection : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_model, m_flat, m_scenes;
    const QString m_preprocess = QStringLiteral("resize=32x32,channels=1,scale=1/255");

    QJsonObject evaluateJson(const QStringList& extra) {
        const CliRun r =
            runCli(QStringList{QStringLiteral("evaluate"), m_model, QStringLiteral("--samples"),
                               m_scenes, QStringLiteral("--preprocess"), m_preprocess,
                               QStringLiteral("--metric"), QStringLiteral("text-detection"),
                               QStringLiteral("--calibration-bits"), QStringLiteral("3,8"),
                               QStringLiteral("--no-cache"), QStringLiteral("--json")} +
                   extra);
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.err));
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_model = m_dir.filePath(QStringLiteral("detector.onnx"));
        saveDetector(m_model, false);
        m_flat = m_dir.filePath(QStringLiteral("flat.onnx"));
        saveDetector(m_flat, true);
        m_scenes = m_dir.filePath(QStringLiteral("scenes"));
        QVERIFY(QDir().mkpath(m_scenes));
        // map pixels x 4..23, rows 4..11 and 18..25, twice as large in the image; 158 / 255 =
        // 0.62 is the weak line
        const Block top{8, 8, 47, 23, 255}, bottom{8, 36, 47, 51, 255};
        Block weak = bottom;
        weak.grey = 158;
        writeScene(m_scenes + QStringLiteral("/scene0.png"), {top, weak});
        writeScene(m_scenes + QStringLiteral("/scene1.png"), {top, bottom});
        // the map's truth boxes [1, 27] x [1, 15], [1, 27] x [15, 29] and [28, 31] x [2, 30]
        // (nothing drawn there), in image pixels
        writeText(m_scenes + QStringLiteral("/boxes.csv"),
                  "file,x1,y1,x2,y2,x3,y3,x4,y4,text\n"
                  "scene0.png,2,2,54,2,54,30,2,30,top\n"
                  "scene0.png,2,30,54,30,54,58,2,58,\"weak, bottom\"\n"
                  "scene1.png,2,2,54,2,54,30,2,30,top\n"
                  "scene1.png,56,4,62,4,62,60,56,60,missed\n");
    }

    void evaluatesBoxes() {
        const QJsonObject three = evaluateJson({QStringLiteral("--split"), QStringLiteral("1"),
                                                QStringLiteral("--bits"), QStringLiteral("3")});
        QCOMPARE(three.value(QStringLiteral("metric")).toString(),
                 QStringLiteral("text-detection"));
        QCOMPARE(three.value(QStringLiteral("samples")).toInt(), 2);
        QVERIFY(three.value(QStringLiteral("labelled")).toBool());
        QCOMPARE(three.value(QStringLiteral("floatScore")).toDouble(), 75.0);
        QCOMPARE(three.value(QStringLiteral("floatPrecision")).toDouble(), 75.0);
        QCOMPARE(three.value(QStringLiteral("floatRecall")).toDouble(), 75.0);
        QCOMPARE(three.value(QStringLiteral("floatHmean")).toDouble(), 75.0);
        QCOMPARE(three.value(QStringLiteral("quantizedScore")).toDouble(), 400.0 / 7.0);
        QCOMPARE(three.value(QStringLiteral("quantizedPrecision")).toDouble(), 200.0 / 3.0);
        QCOMPARE(three.value(QStringLiteral("quantizedRecall")).toDouble(), 50.0);
        QCOMPARE(three.value(QStringLiteral("groundTruthBoxes")).toInt(), 4);
        QCOMPARE(three.value(QStringLiteral("floatDetections")).toInt(), 4);
        QCOMPARE(three.value(QStringLiteral("floatMatched")).toInt(), 3);
        QCOMPARE(three.value(QStringLiteral("quantizedDetections")).toInt(), 3);
        QCOMPARE(three.value(QStringLiteral("quantizedMatched")).toInt(), 2);
        QCOMPARE(three.value(QStringLiteral("accuracyDropPercent")).toDouble(), 75.0 - 400.0 / 7.0);
        QVERIFY(!three.contains(QStringLiteral("top1Agreement")));

        const QJsonObject eight = evaluateJson({QStringLiteral("--split"), QStringLiteral("1"),
                                                QStringLiteral("--bits"), QStringLiteral("8")});
        QCOMPARE(eight.value(QStringLiteral("quantizedScore")).toDouble(), 75.0);

        // the text report
        const CliRun text =
            runCli({QStringLiteral("evaluate"), m_model, QStringLiteral("--samples"), m_scenes,
                    QStringLiteral("--preprocess"), m_preprocess, QStringLiteral("--metric"),
                    QStringLiteral("text-detection"), QStringLiteral("--calibration-bits"),
                    QStringLiteral("3,8"), QStringLiteral("--split"), QStringLiteral("1"),
                    QStringLiteral("--bits"), QStringLiteral("3")});
        QVERIFY2(text.exitCode == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains(QStringLiteral("hmean:            float 75.0 %, split 57.1 %")),
                 qPrintable(text.out));
        QVERIFY2(text.out.contains(QStringLiteral("boxes:            4 truth, float found 4 (3 "
                                                  "matched), split found 3 (2 matched)")),
                 qPrintable(text.out));
    }

    // Without boxes.csv the float model's boxes are the truth: it scores 100, the 3-bit split
    // finds 3 of its 4 boxes (hmean 6/7).
    void againstTheFloatModel() {
        QVERIFY(QFile::rename(m_scenes + QStringLiteral("/boxes.csv"),
                              m_dir.filePath(QStringLiteral("boxes.csv"))));
        const QJsonObject o = evaluateJson({QStringLiteral("--split"), QStringLiteral("1"),
                                            QStringLiteral("--bits"), QStringLiteral("3")});
        QVERIFY(QFile::rename(m_dir.filePath(QStringLiteral("boxes.csv")),
                              m_scenes + QStringLiteral("/boxes.csv")));
        QVERIFY(!o.value(QStringLiteral("labelled")).toBool());
        QCOMPARE(o.value(QStringLiteral("floatScore")).toDouble(), 100.0);
        QCOMPARE(o.value(QStringLiteral("quantizedScore")).toDouble(), 600.0 / 7.0);
    }

    void optionErrors() {
        const QStringList base = {QStringLiteral("--samples"),    m_scenes,
                                  QStringLiteral("--preprocess"), m_preprocess,
                                  QStringLiteral("--split"),      QStringLiteral("1"),
                                  QStringLiteral("--bits"),       QStringLiteral("8")};
        CliRun r = runCli(QStringList{QStringLiteral("evaluate"), m_model,
                                      QStringLiteral("--metric"), QStringLiteral("bleu")} +
                          base);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(
                     QStringLiteral("expected classification, text-recognition or text-detection")),
                 qPrintable(r.err));
        // a model whose output is no probability map
        r = runCli(QStringList{QStringLiteral("evaluate"), m_flat, QStringLiteral("--metric"),
                               QStringLiteral("text-detection"), QStringLiteral("--no-cache")} +
                   base);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("--metric text-detection: the model's first output "
                                               "is 1x1024, not a [1, 1, H, W] text probability "
                                               "map")),
                 qPrintable(r.err));
        // a bad row names the file and line
        const QString bad = m_dir.filePath(QStringLiteral("bad.csv"));
        QVERIFY(QFile::copy(m_scenes + QStringLiteral("/scene0.png"),
                            m_dir.filePath(QStringLiteral("scene0.png"))));
        writeText(bad, "scene0.png,1,2,3\n");
        r = runCli(QStringList{QStringLiteral("evaluate"), m_model, QStringLiteral("--metric"),
                               QStringLiteral("text-detection"), QStringLiteral("--samples"), bad,
                               QStringLiteral("--preprocess"), m_preprocess,
                               QStringLiteral("--split"), QStringLiteral("1"),
                               QStringLiteral("--bits"), QStringLiteral("8")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("bad.csv' line 1: expected "
                                               "file,x1,y1,x2,y2,x3,y3,x4,y4,text (4 fields)")),
                 qPrintable(r.err));

        // solve measures its drops in hmean points too: the 3-bit candidates (17.9 points) are
        // out at a 10-point limit, and what it selects was measured within it
        r = runCli({QStringLiteral("solve"), m_model, QStringLiteral("--samples"), m_scenes,
                    QStringLiteral("--preprocess"), m_preprocess, QStringLiteral("--metric"),
                    QStringLiteral("text-detection"), QStringLiteral("--max-drop"),
                    QStringLiteral("10%"), QStringLiteral("--bits"), QStringLiteral("3,8"),
                    QStringLiteral("--calibration-bits"), QStringLiteral("3,8"),
                    QStringLiteral("--no-cache"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject solved = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject selected = solved.value(QStringLiteral("selected")).toObject();
        QVERIFY2(!selected.isEmpty(), qPrintable(r.out.left(400)));
        const QJsonValue drop = selected.value(QStringLiteral("measuredDropPercent"));
        QVERIFY2(drop.isDouble(), "the selection's drop was not measured");
        QVERIFY(drop.toDouble() <= 10.0);
        for (const QJsonValue& b : selected.value(QStringLiteral("activationBits")).toArray())
            QVERIFY(b.toInt() != 3);
    }
};

QTEST_GUILESS_MAIN(TestCliTextDetection)
#include "test_cli_text_detection.moc"
