// `autosplit export` run as a program on the vendored sample model and its sixteen samples: the
// bundle folder holds exactly the promised files, the manifest agrees with the files and the
// source model, explicit assignments are exported as given, every bad option is one line with
// exit code 2 and no folder, an existing folder is never touched without --replace (and a folder
// that is not a bundle not even with it), and no temporary folder is ever left behind.

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "tests/app/cli_process.h"

#include "core/bundle/bundle_reader.h"

namespace {

using autosplit::testing::CliRun;

const QString kSource = QStringLiteral(AUTOSPLIT_SOURCE_DIR);
const QString kModel =
    kSource + QStringLiteral("/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx");
// the sample set: eight upright and eight rotated text lines
constexpr int kSampleCount = 16;

QStringList exportArgs(const QString& model, const QString& out) {
    return {QStringLiteral("export"),
            model,
            QStringLiteral("--input-shape"),
            QStringLiteral("x=1x3x48x192"),
            QStringLiteral("--samples"),
            kSource + QStringLiteral("/resources/sample-data/text-direction"),
            QStringLiteral("--preprocess"),
            QStringLiteral("resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5"),
            QStringLiteral("--out"),
            out};
}

QStringList assignmentArgs(const QString& out, int split, const QString& weights,
                           const QString& activations) {
    return exportArgs(kModel, out)
           << QStringLiteral("--split") << QString::number(split) << QStringLiteral("--weight-bits")
           << weights << QStringLiteral("--activation-bits") << activations;
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QByteArray sha256Hex(const QString& path) {
    return QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha256).toHex();
}

// Every file under `dir`, relative and sorted, hidden ones included.
QStringList filesUnder(const QString& dir) {
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(dir).relativeFilePath(it.next());
    files.sort();
    return files;
}

// The entries directly in `dir`, hidden ones included (a `.partial-` folder is hidden).
QStringList entriesIn(const QString& dir) {
    QStringList names =
        QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    names.sort();
    return names;
}

QJsonObject manifestOf(const QString& dir) {
    QJsonParseError error{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(fileBytes(dir + QStringLiteral("/manifest.json")), &error);
    return error.error == QJsonParseError::NoError ? doc.object() : QJsonObject();
}

// int64 fields are strings in protobuf's JSON mapping, int32 fields numbers; either reads here.
qint64 integer(const QJsonValue& v) {
    return v.toVariant().toLongLong();
}

QStringList errorLines(const QString& err) {
    QStringList lines;
    for (const QString& line : err.split(QLatin1Char('\n')))
        if (line.startsWith(QStringLiteral("autosplit: ")))
            lines << line;
    return lines;
}

} // namespace

class TestCliExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void exportsTheSelection();
    void exportsGivenAssignments_data();
    void exportsGivenAssignments();
    void refusesBadOptions_data();
    void refusesBadOptions();
    void neverTouchesAnExistingFolder();
    void replacesAnExistingBundle();
    void refusesAModelThatIsNotOnnx();
    void takesOutWithATrailingSlash();
    void exportsAnUnoptimizedOldOpsetModel();
    void cleanupTestCase();

private:
    CliRun run(const QStringList& arguments) const {
        return autosplit::testing::runCliCachingIn(m_cache.path(), arguments);
    }
    QTemporaryDir m_cache;
    QByteArray m_modelHash;
    int m_layers = 0;
};

void TestCliExport::initTestCase() {
    QVERIFY(m_cache.isValid());
    m_modelHash = sha256Hex(kModel);
    QCOMPARE(m_modelHash.size(), 64);
}

void TestCliExport::exportsTheSelection() {
    QTemporaryDir parent;
    const QString out = parent.filePath(QStringLiteral("bundle"));
    const CliRun r =
        run(exportArgs(kModel, out)
            << QStringLiteral("--edge") << QStringLiteral("eyeriss") << QStringLiteral("--cloud")
            << QStringLiteral("tpu") << QStringLiteral("--uplink") << QStringLiteral("3Mbps")
            << QStringLiteral("--memory") << QStringLiteral("1MB") << QStringLiteral("--max-drop")
            << QStringLiteral("5%"));
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("wrote ") + out +
                              QStringLiteral(":\n  split after layer ")),
             qPrintable(r.out));
    QVERIFY(errorLines(r.err).isEmpty());

    const QJsonObject m = manifestOf(out);
    QVERIFY2(!m.isEmpty(), "manifest.json is not a JSON object");
    QCOMPARE(m.value(QStringLiteral("format")).toString(), QStringLiteral("autosplit-bundle"));
    QCOMPARE(m.value(QStringLiteral("formatVersion")).toInt(), 1);
    const QString triton = m.value(QStringLiteral("tritonModelName")).toString();
    QCOMPARE(triton, QStringLiteral("ch_ppocr_mobile_v2_0_cls_infer_cloud"));

    // exactly the promised files: no stray or temporary ones
    const QStringList expected = {
        QStringLiteral("README.md"),
        QStringLiteral("cloud.onnx"),
        QStringLiteral("edge.onnx"),
        QStringLiteral("manifest.json"),
        QStringLiteral("triton/") + triton + QStringLiteral("/1/model.onnx"),
        QStringLiteral("triton/") + triton + QStringLiteral("/config.pbtxt")};
    QCOMPARE(filesUnder(out), expected);
    QCOMPARE(entriesIn(parent.path()), QStringList{QStringLiteral("bundle")});

    // the numbers the program printed are the manifest's
    const int split = m.value(QStringLiteral("split")).toInt();
    const QJsonArray layers = m.value(QStringLiteral("layers")).toArray();
    m_layers = layers.size();
    QVERIFY(m_layers > 40);
    QCOMPARE(integer(m.value(QStringLiteral("source")).toObject().value(QStringLiteral("layers"))),
             qint64(m_layers));
    QVERIFY(r.out.contains(QStringLiteral("split after layer %1 of %2 ").arg(split).arg(m_layers)));
    QVERIFY(split >= 0 && split <= m_layers);
    for (int i = 0; i < layers.size(); ++i) {
        const QJsonObject layer = layers.at(i).toObject();
        QCOMPARE(layer.value(QStringLiteral("index")).toInt(), i + 1);
        QCOMPARE(layer.value(QStringLiteral("onEdge")).toBool(), i < split);
    }

    // the source is the file on disk, by content
    const QJsonObject source = m.value(QStringLiteral("source")).toObject();
    QCOMPARE(source.value(QStringLiteral("sha256")).toString().toLatin1(), m_modelHash);
    QCOMPARE(integer(source.value(QStringLiteral("bytes"))), QFileInfo(kModel).size());
    QCOMPARE(source.value(QStringLiteral("fileName")).toString(),
             QStringLiteral("ch_ppocr_mobile_v2.0_cls_infer.onnx"));

    // the model files are the ones the manifest hashed
    for (const char* key : {"edgeModel", "cloudModel"}) {
        const QJsonObject file = m.value(QLatin1String(key)).toObject();
        const QString path = out + QLatin1Char('/') + file.value(QStringLiteral("path")).toString();
        QCOMPARE(file.value(QStringLiteral("sha256")).toString().toLatin1(), sha256Hex(path));
        QCOMPARE(integer(file.value(QStringLiteral("bytes"))), QFileInfo(path).size());
    }

    // measured on the whole sample set
    const QJsonObject accuracy = m.value(QStringLiteral("accuracy")).toObject();
    QVERIFY(accuracy.value(QStringLiteral("measured")).toBool());
    QCOMPARE(accuracy.value(QStringLiteral("samples")).toInt(), kSampleCount);
    QVERIFY(accuracy.value(QStringLiteral("dropPercent")).toDouble() <= 5.0);
    QVERIFY(accuracy.value(QStringLiteral("sampleSource"))
                .toString()
                .endsWith(QStringLiteral("text-direction")));
    QVERIFY(r.out.contains(QStringLiteral("on %1 samples").arg(kSampleCount)));

    // crossing tensors: how each travels, consistent with itself
    const QJsonArray crossing = m.value(QStringLiteral("crossing")).toArray();
    QVERIFY(!crossing.isEmpty());
    QVERIFY2(r.out.contains(QStringLiteral("\n  %1 crossing %2, ")
                                .arg(crossing.size())
                                .arg(crossing.size() == 1 ? QStringLiteral("tensor")
                                                          : QStringLiteral("tensors"))),
             qPrintable(r.out));
    // the report fits the terminal width
    for (const QString& line : r.out.split(QLatin1Char('\n')))
        QVERIFY2(line.size() <= 100, qPrintable(line));
    QStringList wireNames;
    for (const auto& v : crossing) {
        const QJsonObject c = v.toObject();
        for (const char* key : {"name", "wireName", "dataType", "shape", "bits", "quantized",
                                "scale", "zeroPoint", "packing", "wireBytes"})
            QVERIFY2(c.contains(QLatin1String(key)), key);
        const QString wire = c.value(QStringLiteral("wireName")).toString();
        QVERIFY(!wire.isEmpty());
        wireNames << wire;
        const int bits = c.value(QStringLiteral("bits")).toInt();
        qint64 elements = 1;
        for (const auto& d : c.value(QStringLiteral("shape")).toArray())
            elements *= integer(d);
        QVERIFY(elements > 0);
        if (c.value(QStringLiteral("quantized")).toBool()) {
            QCOMPARE(c.value(QStringLiteral("dataType")).toString(), QStringLiteral("uint8"));
            QVERIFY(bits >= 1 && bits <= 8);
            QVERIFY(c.value(QStringLiteral("scale")).toDouble() > 0.0);
            const int zeroPoint = c.value(QStringLiteral("zeroPoint")).toInt();
            QVERIFY(zeroPoint >= 0 && zeroPoint < (1 << bits));
            const QString packing = c.value(QStringLiteral("packing")).toString();
            if (bits < 8)
                QVERIFY2(packing == QStringLiteral("channels") ||
                             packing == QStringLiteral("height-width"),
                         qPrintable(packing));
            else
                QCOMPARE(packing, QStringLiteral("none"));
            // packed codes: at most a byte of padding per row
            const qint64 wireBytes = integer(c.value(QStringLiteral("wireBytes")));
            QVERIFY(wireBytes >= (elements * bits + 7) / 8);
            QVERIFY(wireBytes <= elements);
        } else {
            QCOMPARE(c.value(QStringLiteral("packing")).toString(), QStringLiteral("none"));
        }
    }

    // Triton serves cloud.onnx itself and takes every crossing tensor by its wire name
    const QString tritonDir = out + QStringLiteral("/triton/") + triton;
    QCOMPARE(fileBytes(tritonDir + QStringLiteral("/1/model.onnx")),
             fileBytes(out + QStringLiteral("/cloud.onnx")));
    const QString config =
        QString::fromUtf8(fileBytes(tritonDir + QStringLiteral("/config.pbtxt")));
    QVERIFY(config.contains(QStringLiteral("name: \"") + triton + QLatin1Char('"')));
    const qsizetype inputs = config.indexOf(QStringLiteral("input ["));
    const qsizetype outputs = config.indexOf(QStringLiteral("output ["));
    QVERIFY(inputs >= 0 && outputs > inputs);
    const QString inputBlock = config.mid(inputs, outputs - inputs);
    QCOMPARE(inputBlock.count(QStringLiteral("name: ")), wireNames.size());
    for (const QString& wire : wireNames)
        QVERIFY2(inputBlock.contains(QStringLiteral("name: \"") + wire + QLatin1Char('"')),
                 qPrintable(wire));

    // what the runtimes will accept
    auto opened = autosplit::readBundle(out.toStdString());
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    QCOMPARE(opened->manifest.split(), split);

    QCOMPARE(sha256Hex(kModel), m_modelHash);
}

void TestCliExport::exportsGivenAssignments_data() {
    QTest::addColumn<int>("split");
    QTest::addColumn<QString>("weights");
    QTest::addColumn<QString>("activations");
    QTest::addColumn<QList<int>>("expectedActivations");
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("8 for all") << 4 << QStringLiteral("8") << QStringLiteral("8")
                               << QList<int>{8, 8, 8, 8} << QStringList();
    QTest::newRow("a list per layer") << 4 << QStringLiteral("8,4,6,2") << QStringLiteral("8,6,4,4")
                                      << QList<int>{8, 6, 4, 4} << QStringList();
    QTest::newRow("3 bits, calibrated with --bits")
        << 2 << QStringLiteral("3") << QStringLiteral("8,3") << QList<int>{8, 3}
        << QStringList{QStringLiteral("--bits"), QStringLiteral("3,8")};
    QTest::newRow("float") << 3 << QStringLiteral("32") << QStringLiteral("32")
                           << QList<int>{32, 32, 32} << QStringList();
}

void TestCliExport::exportsGivenAssignments() {
    QFETCH(int, split);
    QFETCH(QString, weights);
    QFETCH(QString, activations);
    QFETCH(QList<int>, expectedActivations);
    QFETCH(QStringList, extra);
    QTemporaryDir parent;
    const QString out = parent.filePath(QStringLiteral("bundle"));
    const CliRun r = run(assignmentArgs(out, split, weights, activations) + extra);
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(
                 QStringLiteral("wrote %1:\n  split after layer %2 of ").arg(out).arg(split)),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("(assignment)")));

    const QJsonObject m = manifestOf(out);
    QCOMPARE(m.value(QStringLiteral("split")).toInt(), split);
    QCOMPARE(m.value(QStringLiteral("method")).toString(), QStringLiteral("assignment"));
    const QJsonArray layers = m.value(QStringLiteral("layers")).toArray();
    QVERIFY(layers.size() > split);
    const QStringList weightList = weights.split(QLatin1Char(','));
    for (int i = 0; i < layers.size(); ++i) {
        const QJsonObject layer = layers.at(i).toObject();
        QCOMPARE(layer.value(QStringLiteral("onEdge")).toBool(), i < split);
        if (i >= split)
            continue;
        QCOMPARE(layer.value(QStringLiteral("activationBits")).toInt(), expectedActivations.at(i));
        // a layer without a weight records 0
        const int w = layer.value(QStringLiteral("weightBits")).toInt();
        const int given = weightList.value(weightList.size() == 1 ? 0 : i).toInt();
        QVERIFY2(w == given || w == 0,
                 qPrintable(QStringLiteral("layer %1: %2").arg(i + 1).arg(w)));
        if (given == 32 && w != 0)
            QCOMPARE(layer.value(QStringLiteral("weightStorage")).toString(),
                     QStringLiteral("float32"));
    }
    // the first layer (a conv) has a weight, so the width asked for shows
    QCOMPARE(layers.at(0).toObject().value(QStringLiteral("weightBits")).toInt(),
             weightList.first().toInt());

    const QJsonArray crossing = m.value(QStringLiteral("crossing")).toArray();
    QVERIFY(!crossing.isEmpty());
    for (const auto& v : crossing) {
        const QJsonObject c = v.toObject();
        if (expectedActivations.first() == 32) {
            // a float edge sends what the cost model charges for it: float16 (the float bits)
            QVERIFY(!c.value(QStringLiteral("quantized")).toBool());
            QCOMPARE(c.value(QStringLiteral("dataType")).toString(), QStringLiteral("float16"));
            QCOMPARE(c.value(QStringLiteral("tensorDataType")).toString(),
                     QStringLiteral("float32"));
            QCOMPARE(c.value(QStringLiteral("bits")).toInt(), 16);
        } else {
            // the tensor the last edge layer sends, at that layer's width
            QVERIFY(c.value(QStringLiteral("quantized")).toBool());
            QCOMPARE(c.value(QStringLiteral("bits")).toInt(), expectedActivations.last());
        }
    }
    auto opened = autosplit::readBundle(out.toStdString());
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    QCOMPARE(entriesIn(parent.path()), QStringList{QStringLiteral("bundle")});
}

void TestCliExport::refusesBadOptions_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");
    const QString out = QStringLiteral("OUT");
    QTest::newRow("list too short")
        << assignmentArgs(out, 3, QStringLiteral("8,8"), QStringLiteral("8"))
        << QStringLiteral("--weight-bits");
    QTest::newRow("list too long")
        << assignmentArgs(out, 2, QStringLiteral("8"), QStringLiteral("8,8,8"))
        << QStringLiteral("--activation-bits");
    QTest::newRow("9 bits") << assignmentArgs(out, 3, QStringLiteral("9"), QStringLiteral("8"))
                            << QStringLiteral("--weight-bits");
    QTest::newRow("9 bits in a list")
        << assignmentArgs(out, 3, QStringLiteral("8"), QStringLiteral("8,9,8"))
        << QStringLiteral("--activation-bits");
    QTest::newRow("1 bit") << assignmentArgs(out, 2, QStringLiteral("1"), QStringLiteral("8"))
                           << QStringLiteral("--weight-bits");
    QTest::newRow("not a number") << assignmentArgs(out, 2, QStringLiteral("eight"),
                                                    QStringLiteral("8"))
                                  << QStringLiteral("--weight-bits");
    QTest::newRow("weight bits without split")
        << (exportArgs(kModel, out) << QStringLiteral("--weight-bits") << QStringLiteral("8"))
        << QStringLiteral("--split");
    QTest::newRow("split without bits")
        << (exportArgs(kModel, out) << QStringLiteral("--split") << QStringLiteral("3"))
        << QStringLiteral("--weight-bits");
    QTest::newRow("negative split")
        << assignmentArgs(out, -1, QStringLiteral("8"), QStringLiteral("8"))
        << QStringLiteral("--split");
    QStringList noOut = exportArgs(kModel, out);
    noOut.removeLast();
    noOut.removeLast();
    QTest::newRow("no --out") << noOut << QStringLiteral("--out");
    // known only once the model is opened and calibrated: 2,4,6,8 by default
    QTest::newRow("width not calibrated")
        << assignmentArgs(out, 3, QStringLiteral("8"), QStringLiteral("8,3,8"))
        << QStringLiteral("--activation-bits: 3 bits were not calibrated");
    QTest::newRow("weight width not calibrated")
        << assignmentArgs(out, 3, QStringLiteral("5"), QStringLiteral("8"))
        << QStringLiteral("--weight-bits: 5 bits");
    // known only once the model is opened and optimized
    QTest::newRow("split beyond the layers")
        << assignmentArgs(out, 10000, QStringLiteral("8"), QStringLiteral("8"))
        << QStringLiteral("--split 10000");
}

void TestCliExport::refusesBadOptions() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);
    QTemporaryDir parent;
    const QString out = parent.filePath(QStringLiteral("bundle"));
    arguments.replaceInStrings(QRegularExpression(QStringLiteral("^OUT$")), out);
    const CliRun r = run(arguments);
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QCOMPARE(r.exitCode, 2);
    const QStringList lines = errorLines(r.err);
    QVERIFY2(lines.size() == 1, qPrintable(r.err));
    QVERIFY2(lines.first().contains(named), qPrintable(lines.first()));
    QVERIFY2(!r.out.contains(QStringLiteral("wrote")), qPrintable(r.out));
    QVERIFY(!QFileInfo::exists(out));
    QCOMPARE(entriesIn(parent.path()), QStringList());
}

void TestCliExport::neverTouchesAnExistingFolder() {
    QTemporaryDir parent;
    const QString out = parent.filePath(QStringLiteral("bundle"));
    QVERIFY(QDir().mkpath(out));
    const QByteArray content("not a bundle\n\x01\x02\xff", 16);
    {
        QFile f(out + QStringLiteral("/notes.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(content), qint64(content.size()));
    }
    auto untouched = [&] {
        return filesUnder(out) == QStringList{QStringLiteral("notes.txt")} &&
               fileBytes(out + QStringLiteral("/notes.txt")) == content &&
               entriesIn(parent.path()) == QStringList{QStringLiteral("bundle")};
    };

    const CliRun refused = run(assignmentArgs(out, 2, QStringLiteral("8"), QStringLiteral("8")));
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(errorLines(refused.err).size() == 1, qPrintable(refused.err));
    QVERIFY2(errorLines(refused.err).first().contains(out + QStringLiteral(": already exists")),
             qPrintable(refused.err));
    QVERIFY(untouched());

    // --replace replaces bundles only: a folder with other files is the user's
    const CliRun notBundle = run(assignmentArgs(out, 2, QStringLiteral("8"), QStringLiteral("8"))
                                 << QStringLiteral("--replace"));
    QCOMPARE(notBundle.exitCode, 1);
    QVERIFY2(errorLines(notBundle.err).size() == 1, qPrintable(notBundle.err));
    QVERIFY2(errorLines(notBundle.err).first().contains(QStringLiteral("not a bundle folder")),
             qPrintable(notBundle.err));
    QVERIFY(untouched());

    // nor is a file at that path
    const QString file = parent.filePath(QStringLiteral("file"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const CliRun onFile = run(assignmentArgs(file, 2, QStringLiteral("8"), QStringLiteral("8"))
                              << QStringLiteral("--replace"));
    QCOMPARE(onFile.exitCode, 1);
    QVERIFY2(errorLines(onFile.err).size() == 1, qPrintable(onFile.err));
    QCOMPARE(fileBytes(file), content);
    QCOMPARE(entriesIn(parent.path()),
             (QStringList{QStringLiteral("bundle"), QStringLiteral("file")}));
}

void TestCliExport::replacesAnExistingBundle() {
    QTemporaryDir parent;
    const QString out = parent.filePath(QStringLiteral("bundle"));
    const CliRun first = run(assignmentArgs(out, 2, QStringLiteral("8"), QStringLiteral("8")));
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const QJsonObject before = manifestOf(out);
    QCOMPARE(before.value(QStringLiteral("split")).toInt(), 2);
    const QByteArray edgeBefore = fileBytes(out + QStringLiteral("/edge.onnx"));

    // without --replace the bundle stays as it is
    const CliRun refused = run(assignmentArgs(out, 5, QStringLiteral("8"), QStringLiteral("8")));
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(manifestOf(out), before);

    // createdAt has whole seconds
    QThread::msleep(1100);
    const CliRun second = run(assignmentArgs(out, 5, QStringLiteral("8"), QStringLiteral("8"))
                              << QStringLiteral("--replace"));
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    const QJsonObject after = manifestOf(out);
    QCOMPARE(after.value(QStringLiteral("split")).toInt(), 5);
    QVERIFY(after.value(QStringLiteral("createdAt")).toString() !=
            before.value(QStringLiteral("createdAt")).toString());
    QVERIFY(fileBytes(out + QStringLiteral("/edge.onnx")) != edgeBefore);
    auto opened = autosplit::readBundle(out.toStdString());
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    QCOMPARE(opened->manifest.split(), 5);
    // the replaced bundle went away with the temporary name
    QCOMPARE(entriesIn(parent.path()), QStringList{QStringLiteral("bundle")});
    QCOMPARE(filesUnder(out).size(), 6);

    // an empty folder counts as a place for a bundle
    const QString empty = parent.filePath(QStringLiteral("empty"));
    QVERIFY(QDir().mkpath(empty));
    const CliRun intoEmpty = run(assignmentArgs(empty, 1, QStringLiteral("8"), QStringLiteral("8"))
                                 << QStringLiteral("--replace"));
    QVERIFY2(intoEmpty.exitCode == 0, qPrintable(intoEmpty.err));
    QCOMPARE(manifestOf(empty).value(QStringLiteral("split")).toInt(), 1);
    QCOMPARE(entriesIn(parent.path()),
             (QStringList{QStringLiteral("bundle"), QStringLiteral("empty")}));
}

void TestCliExport::refusesAModelThatIsNotOnnx() {
    QTemporaryDir parent;
    const QString model = parent.filePath(QStringLiteral("model.onnx"));
    {
        QFile f(model);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is a text file, not a protobuf\n");
    }
    const QString out = parent.filePath(QStringLiteral("bundle"));
    const CliRun r = run(exportArgs(model, out));
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QCOMPARE(r.exitCode, 1);
    const QStringList lines = errorLines(r.err);
    QVERIFY2(lines.size() == 1, qPrintable(r.err));
    QVERIFY2(lines.first().contains(QStringLiteral("model.onnx")), qPrintable(lines.first()));
    QVERIFY(!QFileInfo::exists(out));
    QCOMPARE(entriesIn(parent.path()), QStringList{QStringLiteral("model.onnx")});

    const CliRun missing = run(exportArgs(parent.filePath(QStringLiteral("absent.onnx")), out));
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(errorLines(missing.err).size() == 1, qPrintable(missing.err));
    QVERIFY(errorLines(missing.err).first().contains(QStringLiteral("absent.onnx")));
    QVERIFY(!QFileInfo::exists(out));
}

void TestCliExport::takesOutWithATrailingSlash() {
    // as a shell completes a folder name
    QTemporaryDir parent;
    const QString out = parent.filePath(QStringLiteral("bundle"));
    const CliRun r =
        run(assignmentArgs(out + QLatin1Char('/'), 2, QStringLiteral("8"), QStringLiteral("8")));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(manifestOf(out).value(QStringLiteral("split")).toInt(), 2);
    QCOMPARE(entriesIn(parent.path()), QStringList{QStringLiteral("bundle")});
    const CliRun replaced =
        run(assignmentArgs(out + QLatin1Char('/'), 3, QStringLiteral("8"), QStringLiteral("8"))
            << QStringLiteral("--replace"));
    QVERIFY2(replaced.exitCode == 0, qPrintable(replaced.err));
    QCOMPARE(manifestOf(out).value(QStringLiteral("split")).toInt(), 3);
    QCOMPARE(entriesIn(parent.path()), QStringList{QStringLiteral("bundle")});
}

// The classifier is opset 9: its quantized part is converted to opset 13, whose Softmax adapter
// needs the input's rank; without the optimizer nothing had written it down for the converter.
void TestCliExport::exportsAnUnoptimizedOldOpsetModel() {
    QTemporaryDir parent;
    const QString out = parent.filePath(QStringLiteral("bundle"));
    const CliRun r = run(assignmentArgs(out, 2, QStringLiteral("8"), QStringLiteral("8"))
                         << QStringLiteral("--no-optimize"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(manifestOf(out).value(QStringLiteral("split")).toInt(), 2);
}

void TestCliExport::cleanupTestCase() {
    // no export writes to its source
    QCOMPARE(sha256Hex(kModel), m_modelHash);
}

QTEST_GUILESS_MAIN(TestCliExport)
#include "test_cli_export.moc"
