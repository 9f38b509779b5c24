// `autosplit calibrate` and `autosplit evaluate` on the vendored sample model and sample data:
// the JSON tables, the cache, the measured drop of the trivial splits, and the bad-input cases.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "tests/app/cli_process.h"

namespace {

using autosplit::testing::CliRun;
using Run = CliRun;

const QString kSource = QStringLiteral(AUTOSPLIT_SOURCE_DIR);

QStringList sampleArgs(const QString& command) {
    return {command,
            kSource + QStringLiteral("/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx"),
            QStringLiteral("--input-shape"),
            QStringLiteral("x=1x3x48x192"),
            QStringLiteral("--samples"),
            kSource + QStringLiteral("/resources/sample-data/text-direction"),
            QStringLiteral("--preprocess"),
            QStringLiteral("resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5")};
}

} // namespace

class TestCliQuant : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void calibratesAndCaches();
    void evaluatesTrivialSplits();
    void evaluateTextSaysWhatRandomDropsAreWorth();
    void reportsBadInput();
    void measuresLayerSensitivity();
    void evaluatesAWidthTheCacheLacks();
    void judgesBySqnr();
    void equalizesChannels();

private:
    Run runCli(const QStringList& arguments) const;
    QTemporaryDir m_cache;
    int m_layers = 0; // the sample's optimized layers, as `autosplit analyze` reports them // a
                      // private cache folder, so runs do not see each other's results
};

void TestCliQuant::initTestCase() {
    QVERIFY(m_cache.isValid());
    const Run analysis =
        runCli({QStringLiteral("analyze"),
                kSource + QStringLiteral("/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx"),
                QStringLiteral("--input-shape"), QStringLiteral("x=1x3x48x192"),
                QStringLiteral("--json")});
    QVERIFY2(analysis.exitCode == 0, qPrintable(analysis.err));
    m_layers = QJsonDocument::fromJson(analysis.out.toUtf8())
                   .object()
                   .value(QStringLiteral("summary"))
                   .toObject()
                   .value(QStringLiteral("layers"))
                   .toInt();
    QVERIFY(m_layers > 40);
}

Run TestCliQuant::runCli(const QStringList& arguments) const {
    return autosplit::testing::runCliCachingIn(m_cache.path(), arguments);
}

void TestCliQuant::calibratesAndCaches() {
    QStringList args = sampleArgs(QStringLiteral("calibrate"));
    args << QStringLiteral("--calibration-bits") << QStringLiteral("2,4,8");
    const Run first = runCli(args);
    QCOMPARE(first.exitStatus, QProcess::NormalExit);
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY(first.err.contains(QStringLiteral("calibrate: 100%")));
    const QJsonObject json = QJsonDocument::fromJson(first.out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("samples")).toInt(), 16);
    QCOMPARE(json.value(QStringLiteral("bits")).toArray(), (QJsonArray{2, 4, 8}));
    const QJsonArray layers = json.value(QStringLiteral("layers")).toArray();
    QCOMPARE(layers.size(), m_layers); // one row per layer of the optimized graph
    int convs = 0;
    for (const auto& value : layers) {
        const QJsonObject layer = value.toObject();
        const QJsonArray a = layer.value(QStringLiteral("activationMse")).toArray();
        QCOMPARE(a.size(), 3);
        // more bits, less error (ties only when the activation is exactly representable)
        QVERIFY(a[0].toDouble() >= a[1].toDouble() && a[1].toDouble() >= a[2].toDouble());
        if (layer.value(QStringLiteral("op")).toString() == QStringLiteral("Conv")) {
            ++convs;
            const QJsonArray w = layer.value(QStringLiteral("weightMse")).toArray();
            QVERIFY(w[0].toDouble() > w[2].toDouble());
            QCOMPARE(layer.value(QStringLiteral("weightAxis")).toInt(), 0);
        }
    }
    QVERIFY(convs > 40);
    // the same inputs again come from the cache, with the same tables
    const Run second = runCli(args);
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(second.err.contains(QStringLiteral("calibration from cache")), qPrintable(second.err));
    QCOMPARE(QJsonDocument::fromJson(second.out.toUtf8()).object(), json);
    // other settings are another cache entry
    QStringList other = args;
    other << QStringLiteral("--activation-range") << QStringLiteral("percentile");
    const Run third = runCli(other);
    QCOMPARE(third.exitCode, 0);
    QVERIFY(!third.err.contains(QStringLiteral("calibration from cache")));
}

void TestCliQuant::evaluatesTrivialSplits() {
    // Cloud-Only with the raw input sent in float32: nothing quantized, nothing lost
    QStringList cloud = sampleArgs(QStringLiteral("evaluate"));
    cloud << QStringLiteral("--split") << QStringLiteral("0") << QStringLiteral("--bits")
          << QStringLiteral("8") << QStringLiteral("--raw-input-bits") << QStringLiteral("32")
          << QStringLiteral("--json");
    const Run zero = runCli(cloud);
    QVERIFY2(zero.exitCode == 0, qPrintable(zero.err));
    const QJsonObject z = QJsonDocument::fromJson(zero.out.toUtf8()).object();
    QCOMPARE(z.value(QStringLiteral("accuracyDropPercent")).toDouble(), 0.0);
    QCOMPARE(z.value(QStringLiteral("floatTop1")).toDouble(),
             1.0); // the sample data is classified right
    QCOMPARE(z.value(QStringLiteral("outputSqnrDb"))
                 .toObject()
                 .value(QStringLiteral("softmax_0.tmp_0"))
                 .toString(),
             QStringLiteral("inf"));
    // as deployed by default, the raw input as 8-bit codes: the output changes a little
    QStringList deployed = sampleArgs(QStringLiteral("evaluate"));
    deployed << QStringLiteral("--split") << QStringLiteral("0") << QStringLiteral("--bits")
             << QStringLiteral("8") << QStringLiteral("--json");
    const Run codes = runCli(deployed);
    QVERIFY2(codes.exitCode == 0, qPrintable(codes.err));
    const double codesSqnr = QJsonDocument::fromJson(codes.out.toUtf8())
                                 .object()
                                 .value(QStringLiteral("outputSqnrDb"))
                                 .toObject()
                                 .value(QStringLiteral("softmax_0.tmp_0"))
                                 .toDouble();
    QVERIFY2(codesSqnr > 10.0 && codesSqnr < 200.0, qPrintable(QString::number(codesSqnr)));
    QStringList badWidth = deployed;
    badWidth << QStringLiteral("--raw-input-bits") << QStringLiteral("12");
    const Run refused = runCli(badWidth);
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains(QStringLiteral("--raw-input-bits '12'")),
             qPrintable(refused.err));
    // Edge-Only at 8 bits on this classifier keeps every decision
    QStringList edge = sampleArgs(QStringLiteral("evaluate"));
    edge << QStringLiteral("--split") << QString::number(m_layers) << QStringLiteral("--bits")
         << QStringLiteral("8") << QStringLiteral("--json");
    const Run eight = runCli(edge);
    QVERIFY2(eight.exitCode == 0, qPrintable(eight.err));
    const QJsonObject e = QJsonDocument::fromJson(eight.out.toUtf8()).object();
    QCOMPARE(e.value(QStringLiteral("labelled")).toBool(), true);
    QCOMPARE(e.value(QStringLiteral("top1Agreement")).toDouble(), 1.0);
    const double sqnr = e.value(QStringLiteral("outputSqnrDb"))
                            .toObject()
                            .value(QStringLiteral("softmax_0.tmp_0"))
                            .toDouble();
    QVERIFY2(sqnr > 30.0, QByteArray::number(sqnr).constData());
    // and 2 bits everywhere loses a lot more signal than 8
    edge.replace(edge.indexOf(QStringLiteral("8")), QStringLiteral("2"));
    const Run two = runCli(edge);
    QCOMPARE(two.exitCode, 0);
    const double sqnr2 = QJsonDocument::fromJson(two.out.toUtf8())
                             .object()
                             .value(QStringLiteral("outputSqnrDb"))
                             .toObject()
                             .value(QStringLiteral("softmax_0.tmp_0"))
                             .toDouble();
    QVERIFY(sqnr2 < sqnr - 20.0);
}

void TestCliQuant::evaluateTextSaysWhatRandomDropsAreWorth() {
    const QStringList split{QStringLiteral("--split"), QString::number(m_layers / 2),
                            QStringLiteral("--bits"), QStringLiteral("4")};
    const QString warning =
        QStringLiteral("drops on random inputs say nothing about task accuracy");
    // real samples: a plain report that ends with its run time
    const Run real = runCli(sampleArgs(QStringLiteral("evaluate")) + split);
    QVERIFY2(real.exitCode == 0, qPrintable(real.err));
    QVERIFY2(!real.out.contains(warning), qPrintable(real.out));
    QStringList lines = real.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.last().startsWith(QStringLiteral("total run time: ")), qPrintable(real.out));
    QVERIFY(real.out.contains(QStringLiteral(" of %1 layers on the edge").arg(m_layers)));
    for (const QString& line : lines)
        QVERIFY2(line.size() <= 100, qPrintable(line));
    // random inputs: the same report, warned
    const QStringList random{
        QStringLiteral("evaluate"),
        kSource + QStringLiteral("/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx"),
        QStringLiteral("--input-shape"),
        QStringLiteral("x=1x3x48x192"),
        QStringLiteral("--random"),
        QStringLiteral("3")};
    const Run noise = runCli(random + split);
    QVERIFY2(noise.exitCode == 0, qPrintable(noise.err));
    QVERIFY2(noise.out.contains(QStringLiteral("warning: ")) &&
                 noise.out.simplified().contains(warning),
             qPrintable(noise.out));
    QVERIFY(noise.out.contains(QStringLiteral("3 random inputs")));
    lines = noise.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.last().startsWith(QStringLiteral("total run time: ")), qPrintable(noise.out));
    for (const QString& line : lines)
        QVERIFY2(line.size() <= 100, qPrintable(line));
    // JSON stays JSON; the warning and the run time go to stderr
    const Run json = runCli(random + split + QStringList{QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    QVERIFY(QJsonDocument::fromJson(json.out.toUtf8()).isObject());
    QVERIFY2(json.err.simplified().contains(warning), qPrintable(json.err));
    QVERIFY2(json.err.contains(QStringLiteral("evaluate: total run time: ")), qPrintable(json.err));
}

void TestCliQuant::reportsBadInput() {
    const QString model =
        kSource + QStringLiteral("/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx");
    QTemporaryDir dir;
    // neither samples nor --random: usage error
    Run r = runCli({QStringLiteral("calibrate"), model});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("autosplit: give either --samples PATH or --random N\n"));
    // an empty sample folder
    r = runCli({QStringLiteral("calibrate"), model, QStringLiteral("--input-shape"),
                QStringLiteral("x=1x3x48x192"), QStringLiteral("--samples"), dir.path()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("autosplit: ")) && r.err.count(QLatin1Char('\n')) == 1,
             qPrintable(r.err));
    QVERIFY2(r.err.contains(dir.path()), qPrintable(r.err));
    // an image that does not decode names the file
    QFile bad(dir.filePath(QStringLiteral("broken.png")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("\x89PNG\r\n\x1a\n not really a png");
    bad.close();
    r = runCli({QStringLiteral("calibrate"), model, QStringLiteral("--input-shape"),
                QStringLiteral("x=1x3x48x192"), QStringLiteral("--samples"), dir.path()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("broken.png")) && r.err.count(QLatin1Char('\n')) == 1,
             qPrintable(r.err));
    // random inputs need a fixed input shape
    r = runCli(
        {QStringLiteral("calibrate"), model, QStringLiteral("--random"), QStringLiteral("2")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("input 'x'")) &&
                 r.err.contains(QStringLiteral("--input-shape")),
             qPrintable(r.err));
    // bad option values
    r = runCli({QStringLiteral("calibrate"), model, QStringLiteral("--random"), QStringLiteral("2"),
                QStringLiteral("--activation-range"), QStringLiteral("median")});
    QCOMPARE(r.exitCode, 2);
    r = runCli(
        {QStringLiteral("evaluate"), model, QStringLiteral("--random"), QStringLiteral("2")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("autosplit: evaluate needs --split N\n"));
    QStringList tooFar = sampleArgs(QStringLiteral("evaluate"));
    tooFar << QStringLiteral("--split") << QString::number(m_layers + 1) << QStringLiteral("--bits")
           << QStringLiteral("8");
    r = runCli(tooFar);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(
        r.err.contains(QStringLiteral("split %1 is outside 0..%2").arg(m_layers + 1).arg(m_layers)),
        qPrintable(r.err));
}

void TestCliQuant::measuresLayerSensitivity() {
    QStringList args = sampleArgs(QStringLiteral("calibrate"));
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("calibration.json"));
    args << QStringLiteral("--sensitivity") << QStringLiteral("--sensitivity-bits")
         << QStringLiteral("2") << QStringLiteral("--layers") << QStringLiteral("1-3,5")
         << QStringLiteral("--out") << json;
    const Run r = runCli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // a table, most sensitive first, one row per layer asked
    QVERIFY2(r.out.startsWith(QStringLiteral("Sensitivity: each layer's weights and output "
                                             "activation alone at 2 bits")),
             qPrintable(r.out));
    const QStringList all = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& line : all)
        QVERIFY2(line.size() <= 100, qPrintable(line));
    // the title wraps; the table starts at its header
    const qsizetype header = all.indexOf(QRegularExpression(QStringLiteral("#  layer .*")));
    QVERIFY2(header >= 1, qPrintable(r.out));
    const QStringList rows = all.mid(header - 1);
    QCOMPARE(rows.size(), 1 + 2 + 4 + 1); // title's end, header and rule, 4 layers, the run time
    QVERIFY2(rows.last().startsWith(QStringLiteral("total run time: ")), qPrintable(r.out));
    // the JSON beside it holds the same layers in the order asked, drops in the metric's unit
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject s = QJsonDocument::fromJson(file.readAll())
                              .object()
                              .value(QStringLiteral("sensitivity"))
                              .toObject();
    QCOMPARE(s.value(QStringLiteral("metric")).toString(), QStringLiteral("classification"));
    QCOMPARE(s.value(QStringLiteral("floatScore")).toDouble(), 100.0);
    const QJsonArray layers = s.value(QStringLiteral("layers")).toArray();
    QCOMPARE(layers.size(), 4);
    QCOMPARE(layers[3].toObject().value(QStringLiteral("layer")).toInt(), 5);
    double worst = 0;
    for (const auto& l : layers) {
        const double drop = l.toObject().value(QStringLiteral("drop")).toDouble();
        QVERIFY(drop >= 0.0 && drop <= 100.0);
        worst = std::max(worst, drop);
    }
    // the table's first row is the worst layer
    QVERIFY2(rows[3].contains(QString::number(worst, 'f', 2)), qPrintable(rows[3]));
    // bad flags: one clear message each
    QStringList bad = sampleArgs(QStringLiteral("calibrate"));
    bad << QStringLiteral("--sensitivity") << QStringLiteral("--layers") << QStringLiteral("0-2");
    Run e = runCli(bad);
    QCOMPARE(e.exitCode, 2);
    QVERIFY2(e.err.contains(QStringLiteral("--layers '0-2': expected layers like 1-40")),
             qPrintable(e.err));
    bad = sampleArgs(QStringLiteral("calibrate"));
    bad << QStringLiteral("--layers") << QStringLiteral("1");
    e = runCli(bad);
    QCOMPARE(e.exitCode, 2);
    QVERIFY(e.err.contains(QStringLiteral("go with --sensitivity")));
    bad = sampleArgs(QStringLiteral("calibrate"));
    bad << QStringLiteral("--sensitivity") << QStringLiteral("--layers")
        << QString::number(m_layers + 1);
    e = runCli(bad);
    QVERIFY(e.exitCode != 0);
    QVERIFY2(e.err.contains(QStringLiteral("is outside 1..%1").arg(m_layers)), qPrintable(e.err));
}

// A calibration cached for B = 2,4,6,8 must not stand in for one that needs 16-bit ranges.
void TestCliQuant::evaluatesAWidthTheCacheLacks() {
    const Run calibrated = runCli(sampleArgs(QStringLiteral("calibrate")));
    QCOMPARE(calibrated.exitCode, 0);
    QStringList args = sampleArgs(QStringLiteral("evaluate"));
    args << QStringLiteral("--split") << QStringLiteral("3") << QStringLiteral("--bits")
         << QStringLiteral("16") << QStringLiteral("--json");
    const Run r = runCli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(!r.err.contains(QStringLiteral("from cache")));
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())
                 .object()
                 .value(QStringLiteral("accuracyDropPercent"))
                 .toDouble(),
             0.0);
}

// --metric sqnr: the drop is the output noise energy in percent of the signal, and --max-drop
// takes a least SQNR in dB only with it.
void TestCliQuant::judgesBySqnr() {
    QStringList args = sampleArgs(QStringLiteral("evaluate"));
    args << QStringLiteral("--metric") << QStringLiteral("sqnr") << QStringLiteral("--split")
         << QString::number(m_layers) << QStringLiteral("--bits") << QStringLiteral("4")
         << QStringLiteral("--json");
    const Run r = runCli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("metric")).toString(), QStringLiteral("sqnr"));
    const double db = o.value(QStringLiteral("sqnrDb")).toDouble();
    const double drop = o.value(QStringLiteral("accuracyDropPercent")).toDouble();
    QVERIFY(db > 0.0 && drop > 0.0);
    QVERIFY(std::fabs(drop - 100.0 * std::pow(10.0, -db / 10.0)) < 1e-9 * std::max(1.0, drop));
    // the one output's SQNR is the total when there is one output
    const double output = o.value(QStringLiteral("outputSqnrDb"))
                              .toObject()
                              .value(QStringLiteral("softmax_0.tmp_0"))
                              .toDouble();
    QVERIFY(std::fabs(output - db) < 1e-9);
    QVERIFY(!o.contains(QStringLiteral("top1Agreement")));

    QStringList solve = sampleArgs(QStringLiteral("solve"));
    solve << QStringLiteral("--max-drop") << QStringLiteral("30dB");
    const Run wrong = runCli(solve);
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY2(wrong.err.contains(QStringLiteral("--max-drop '30dB': a least SQNR in dB goes with "
                                               "--metric sqnr")),
             qPrintable(wrong.err));
    solve << QStringLiteral("--metric") << QStringLiteral("sqnr");
    const Run ok = runCli(solve);
    QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
}

// --equalize evens out the tensors read by depthwise convs (the sample classifier has them);
// --equalize-alpha also those read by dense layers; the evaluation still runs and the float
// model is unchanged (Cloud-Only loses nothing).
void TestCliQuant::equalizesChannels() {
    auto equalizedLines = [](const QString& err) {
        return static_cast<int>(err.count(QStringLiteral("calibrate: equalized ")));
    };
    QStringList args = sampleArgs(QStringLiteral("calibrate"));
    args << QStringLiteral("--equalize");
    const Run depthwise = runCli(args);
    QVERIFY2(depthwise.exitCode == 0, qPrintable(depthwise.err));
    const int readByDepthwise = equalizedLines(depthwise.err);
    QVERIFY2(readByDepthwise > 0, qPrintable(depthwise.err));
    QVERIFY(depthwise.err.contains(QStringLiteral(":1 -> 1:1"))); // depthwise: even
    args << QStringLiteral("--equalize-alpha") << QStringLiteral("0.5");
    const Run dense = runCli(args);
    QVERIFY2(dense.exitCode == 0, qPrintable(dense.err));
    QVERIFY2(equalizedLines(dense.err) > readByDepthwise, qPrintable(dense.err));
    // its own cache entry: not the depthwise-only calibration
    QVERIFY(!dense.err.contains(QStringLiteral("from cache")));

    QStringList cloud = sampleArgs(QStringLiteral("evaluate"));
    cloud << QStringLiteral("--equalize") << QStringLiteral("--split") << QStringLiteral("0")
          << QStringLiteral("--bits") << QStringLiteral("8") << QStringLiteral("--json");
    const Run zero = runCli(cloud);
    QVERIFY2(zero.exitCode == 0, qPrintable(zero.err));
    QCOMPARE(QJsonDocument::fromJson(zero.out.toUtf8())
                 .object()
                 .value(QStringLiteral("floatTop1"))
                 .toDouble(),
             1.0);

    QStringList bad = sampleArgs(QStringLiteral("calibrate"));
    bad << QStringLiteral("--equalize-alpha") << QStringLiteral("0.5");
    Run e = runCli(bad);
    QCOMPARE(e.exitCode, 2);
    QVERIFY(e.err.contains(QStringLiteral("--equalize-alpha goes with --equalize")));
    bad << QStringLiteral("--equalize");
    bad.replace(bad.indexOf(QStringLiteral("0.5")), QStringLiteral("2"));
    e = runCli(bad);
    QCOMPARE(e.exitCode, 2);
    QVERIFY2(e.err.contains(QStringLiteral("--equalize-alpha '2': expected a number in [0, 1]")),
             qPrintable(e.err));
}

QTEST_GUILESS_MAIN(TestCliQuant)
#include "test_cli_quant.moc"
