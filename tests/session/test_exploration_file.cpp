// Exploration files: every field survives a round trip; a damaged, foreign or newer file, and
// every bad field, is one error naming the file; a failed write leaves the old file; a model
// that moved together with its exploration file is found beside it; the hash names the file's
// bytes.

#include "session/exploration_file.h"

#include "core/solve/drop_cache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace autosplit;
using namespace autosplit::session;

namespace {

QByteArray hashOf(const QByteArray& bytes) {
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QByteArray readBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A study with every field away from its default.
Exploration fullExploration(const QString& modelPath, const QByteArray& modelBytes) {
    Exploration e;
    e.model.path = modelPath;
    e.model.sha256 = hashOf(modelBytes);
    e.model.bytes = modelBytes.size();
    e.model.displayName = QStringLiteral("model.onnx");
    e.model.inputShapes = {{"x", {1, 3, 48, 320}}, {"y", {2}}};
    e.model.optimize = false;
    SampleSource s;
    s.path = QStringLiteral("/data/lines");
    s.preprocessSpec = QStringLiteral("resize=48x320,keep-aspect,pad,scale=1/255");
    s.metric = MetricKind::TextRecognition;
    s.dictionary = QStringLiteral("/data/keys.txt");
    s.countSpaces = true;
    s.weightRange = RangeMethod::Mse;
    s.activationRange = RangeMethod::Percentile;
    s.percentile = 99.9;
    s.weightRounding = WeightRounding::Adaptive;
    s.equalize = true;
    s.useCache = false;
    e.samples = s;
    SolveSettings& c = e.settings;
    c.edgeDevice = QStringLiteral("hi3516e");
    c.cloudDevice = QStringLiteral("/profiles/my cloud.json");
    c.network = QStringLiteral("3g");
    c.uplinkBitsPerSecond = 5.5e6;
    c.roundTripSeconds = 0.0;
    c.overheadBytesPerMessage = 120;
    c.edgeMemoryBytes = 1 << 20;
    c.maxAccuracyDrop = 1.5;
    c.maxError = 0.25;
    c.bits = {6, 8};
    c.measuredLatencies = QStringLiteral("/data/latencies.csv");
    c.rawInputBits = 16;
    c.outputsOnEdge = true;
    c.evaluate = false;
    c.evaluateLimit = 5;
    c.dropConfidence = 0.95;
    e.selection.candidateKey = "4,8/8,6/8,8/6,8/8";
    e.dropStoreKey = QString::fromLatin1(hashOf("store"));
    e.drops = {{"0", 0.0}, {"4,8/8,6/8,8/6,8/8", -1.45}, {"103,8/8", 0.3125}};
    e.view = ExplorationView{1, 1.75, true};
    return e;
}

} // namespace

class TestExplorationFile : public QObject {
    Q_OBJECT

private slots:
    void roundTripsEveryField();
    void roundTripsSampleAndBaseline();
    void damagedOrForeignFileIsOneError();
    void newerVersionIsUnsupported();
    void badFieldsAreNamed_data();
    void badFieldsAreNamed();
    void failedWriteKeepsOldFile();
    void movedModelFoundBesideFile();
    void hashNamesTheFileBytes();
};

void TestExplorationFile::roundTripsEveryField() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray bytes("not really onnx, but bytes to hash");
    const QString modelPath = dir.filePath(QStringLiteral("models/model.onnx"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("models"))));
    writeBytes(modelPath, bytes);
    const Exploration saved = fullExploration(modelPath, bytes);
    const QString path = dir.filePath(QStringLiteral("study.autosplit"));
    const Status written = writeExploration(saved, path);
    QVERIFY2(written, written.error().message.c_str());

    auto read = readExploration(path);
    QVERIFY2(read, read ? "" : read.error().message.c_str());
    const Exploration& e = *read;
    QCOMPARE(e.model.path, QFileInfo(modelPath).absoluteFilePath());
    QCOMPARE(e.model.relativePath, QStringLiteral("models/model.onnx"));
    QCOMPARE(e.model.sha256, hashOf(bytes));
    QCOMPARE(e.model.bytes, qint64(bytes.size()));
    QCOMPARE(e.model.displayName, saved.model.displayName);
    QVERIFY(!e.model.isSample());
    QCOMPARE(e.model.inputShapes.size(), size_t(2));
    QCOMPARE(e.model.inputShapes[0].name, std::string("x"));
    QCOMPARE(e.model.inputShapes[0].dims, (std::vector<int64_t>{1, 3, 48, 320}));
    QCOMPARE(e.model.inputShapes[1].dims, (std::vector<int64_t>{2}));
    QCOMPARE(e.model.optimize, false);
    QVERIFY(e.samples);
    QVERIFY(*e.samples == *saved.samples);
    QVERIFY(e.settings == saved.settings);
    QCOMPARE(e.selection.candidateKey, saved.selection.candidateKey);
    QVERIFY(e.selection.baseline.isEmpty());
    QCOMPARE(e.dropStoreKey, saved.dropStoreKey);
    QCOMPARE(e.drops, saved.drops);
    QVERIFY(e.view);
    QCOMPARE(e.view->page, 1);
    QCOMPARE(e.view->graphZoom, 1.75);
    QCOMPARE(e.view->rawGraph, true);

    // The text is the schema's JSON mapping, readable by any JSON tool.
    const QJsonObject json = QJsonDocument::fromJson(readBytes(path)).object();
    QCOMPARE(json.value(QStringLiteral("format")).toString(),
             QStringLiteral("autosplit-exploration"));
    QCOMPARE(json.value(QStringLiteral("formatVersion")).toInt(), kExplorationFormatVersion);
    QCOMPARE(json.value(QStringLiteral("settings"))
                 .toObject()
                 .value(QStringLiteral("edgeDevice"))
                 .toString(),
             QStringLiteral("hi3516e"));
}

void TestExplorationFile::roundTripsSampleAndBaseline() {
    QTemporaryDir dir;
    Exploration saved;
    saved.model.sampleId = QStringLiteral("text-direction");
    saved.settings.bits = {8};
    saved.selection.baseline = QStringLiteral("QDMP_E + U4");
    const QString path = dir.filePath(QStringLiteral("sample.autosplit"));
    QVERIFY(writeExploration(saved, path));
    auto read = readExploration(path);
    QVERIFY2(read, read ? "" : read.error().message.c_str());
    QVERIFY(read->model.isSample());
    QCOMPARE(read->model.sampleId, QStringLiteral("text-direction"));
    QVERIFY(read->model.path.isEmpty());
    QVERIFY(!read->samples);
    QVERIFY(!read->view);
    QCOMPARE(read->selection.baseline, QStringLiteral("QDMP_E + U4"));
    QVERIFY(read->selection.candidateKey.empty());
    // unset optionals stay unset: the device's own values apply
    QVERIFY(read->settings == saved.settings);
    QVERIFY(!read->settings.edgeMemoryBytes && !read->settings.maxAccuracyDrop);
    QVERIFY(read->drops.empty());
    // nothing to locate for an embedded sample
    QVERIFY(locateModel(read->model, path).isEmpty());
}

void TestExplorationFile::damagedOrForeignFileIsOneError() {
    QTemporaryDir dir;
    const QByteArray bytes("model");
    const QString modelPath = dir.filePath(QStringLiteral("m.onnx"));
    writeBytes(modelPath, bytes);
    const QString good = dir.filePath(QStringLiteral("good.autosplit"));
    QVERIFY(writeExploration(fullExploration(modelPath, bytes), good));
    const QByteArray text = readBytes(good);

    const struct {
        const char* name;
        QByteArray content;
        const char* expected;
    } cases[] = {
        {"truncated", text.left(text.size() / 2), "not an exploration file"},
        {"empty", QByteArray(), "not an exploration file"},
        {"binary", QByteArray("\x08\x01\x12\x00\xff\xfe", 6), "not an exploration file"},
        {"bundle manifest", R"({"format": "autosplit-bundle", "formatVersion": 1})",
         "format 'autosplit-bundle'"},
        {"other JSON", R"({"drops": {}, "schemaVersion": 1})", "not an exploration file"},
        {"misspelt field", QByteArray(text).replace("\"edgeDevice\"", "\"edgeDevise\""),
         "edgeDevise"},
        {"no model", R"({"format": "autosplit-exploration", "formatVersion": 1, "settings": {}})",
         "no model"},
    };
    for (const auto& c : cases) {
        const QString path = dir.filePath(QLatin1String(c.name) + QStringLiteral(".autosplit"));
        writeBytes(path, c.content);
        const auto read = readExploration(path);
        QVERIFY2(!read, c.name);
        const std::string& message = read.error().message;
        QVERIFY2(message.find(QDir::toNativeSeparators(path).toStdString()) == 0, message.c_str());
        QVERIFY2(message.find(c.expected) != std::string::npos, message.c_str());
        QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
    }
    const auto missing = readExploration(dir.filePath(QStringLiteral("absent.autosplit")));
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, ErrorKind::Io);
    QVERIFY(missing.error().message.find("no such file") != std::string::npos);
}

void TestExplorationFile::newerVersionIsUnsupported() {
    QTemporaryDir dir;
    Exploration e;
    e.model.sampleId = QStringLiteral("text-direction");
    const QString path = dir.filePath(QStringLiteral("new.autosplit"));
    QVERIFY(writeExploration(e, path));
    // a newer program's file: a higher version and fields this one does not know
    QJsonObject json = QJsonDocument::fromJson(readBytes(path)).object();
    json.insert(QStringLiteral("formatVersion"), kExplorationFormatVersion + 1);
    json.insert(QStringLiteral("comparison"), QJsonObject{{QStringLiteral("with"), 2}});
    writeBytes(path, QJsonDocument(json).toJson());
    const auto read = readExploration(path);
    QVERIFY(!read);
    QCOMPARE(read.error().kind, ErrorKind::Unsupported);
    QVERIFY2(read.error().message.find("format version 2 is newer than this program reads (1)") !=
                 std::string::npos,
             read.error().message.c_str());
}

void TestExplorationFile::badFieldsAreNamed_data() {
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("relative model path")
        << "model"
        << "path" << QJsonValue(QStringLiteral("m.onnx")) << "no absolute model path";
    QTest::newRow("bad hash") << "model"
                              << "sha256" << QJsonValue(QStringLiteral("abc"))
                              << "is not 64 lower-case hex digits";
    QTest::newRow("sample and file") << "model"
                                     << "sampleId" << QJsonValue(QStringLiteral("text-direction"))
                                     << "both a file and an embedded sample";
    QTest::newRow("zero dimension")
        << "model"
        << "inputShapes"
        << QJsonValue(QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("x")},
                                             {QStringLiteral("dims"), QJsonArray{1, 0}}}})
        << "input shape of 'x' has the dimension 0";
    QTest::newRow("unknown metric")
        << "samples"
        << "metric" << QJsonValue(QStringLiteral("bleu")) << "unknown metric 'bleu'";
    QTest::newRow("range") << "samples"
                           << "activationRange" << QJsonValue(QStringLiteral("max"))
                           << "unknown activation range method 'max'";
    QTest::newRow("percentile") << "samples"
                                << "percentile" << QJsonValue(120.0) << "percentile 120";
    QTest::newRow("rounding") << "samples"
                              << "weightRounding" << QJsonValue(QStringLiteral("stochastic"))
                              << "unknown weight rounding 'stochastic'";
    QTest::newRow("no edge device")
        << "settings"
        << "edgeDevice" << QJsonValue(QString()) << "edge or cloud device is not named";
    QTest::newRow("bit-width") << "settings"
                               << "bits" << QJsonValue(QJsonArray{8, 12}) << "bit-width 12";
    QTest::newRow("negative memory")
        << "settings"
        << "edgeMemoryBytes" << QJsonValue(QStringLiteral("-5")) << "edge memory";
    QTest::newRow("zero uplink") << "settings"
                                 << "uplinkBitsPerSecond" << QJsonValue(0.0) << "uplink";
    QTest::newRow("negative drop")
        << "settings"
        << "maxAccuracyDrop" << QJsonValue(-1.0) << "accuracy-drop limit";
    QTest::newRow("raw bits") << "settings"
                              << "rawInputBits" << QJsonValue(0) << "raw input bits 0";
    QTest::newRow("limit") << "settings"
                           << "evaluateLimit" << QJsonValue(-2) << "evaluation limit -2";
    QTest::newRow("confidence") << "settings"
                                << "dropConfidence" << QJsonValue(1.0) << "drop confidence 1";
    QTest::newRow("both selections")
        << "selection"
        << "baseline" << QJsonValue(QStringLiteral("U8")) << "both a candidate and a baseline";
    QTest::newRow("selection key") << "selection"
                                   << "candidate" << QJsonValue(QStringLiteral("the third one"))
                                   << "'the third one' is not a candidate's assignment";
    QTest::newRow("drop key") << "drops"
                              << "drops" << QJsonValue(QJsonObject{{QStringLiteral("4;8"), 1.0}})
                              << "'4;8' is not a candidate's assignment";
    QTest::newRow("store key") << "drops"
                               << "storeKey" << QJsonValue(QStringLiteral("x")) << "store key 'x'";
    QTest::newRow("page") << "view"
                          << "page" << QJsonValue(3) << "page 3";
    QTest::newRow("zoom") << "view"
                          << "graphZoom" << QJsonValue(-1.0) << "graph zoom";
}

void TestExplorationFile::badFieldsAreNamed() {
    QFETCH(QString, section);
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QByteArray bytes("model");
    const QString modelPath = dir.filePath(QStringLiteral("m.onnx"));
    writeBytes(modelPath, bytes);
    const QString path = dir.filePath(QStringLiteral("study.autosplit"));
    QVERIFY(writeExploration(fullExploration(modelPath, bytes), path));
    // the untouched file reads, so the one change below is what fails
    QVERIFY(readExploration(path));
    QJsonObject json = QJsonDocument::fromJson(readBytes(path)).object();
    QJsonObject part = json.value(section).toObject();
    part.insert(field, value);
    json.insert(section, part);
    writeBytes(path, QJsonDocument(json).toJson());
    const auto read = readExploration(path);
    QVERIFY(!read);
    const std::string& message = read.error().message;
    QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    QVERIFY2(message.find(QDir::toNativeSeparators(path).toStdString()) == 0, message.c_str());
}

void TestExplorationFile::failedWriteKeepsOldFile() {
    QTemporaryDir dir;
    Exploration e;
    e.model.sampleId = QStringLiteral("text-direction");
    const Status blocked =
        writeExploration(e, dir.filePath(QStringLiteral("no-such-folder/study.autosplit")));
    QVERIFY(!blocked);
    QCOMPARE(blocked.error().kind, ErrorKind::Io);
    QVERIFY(blocked.error().message.find("study.autosplit") != std::string::npos);
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no-such-folder"))));

    // a folder where the file should be: refused, the folder untouched
    const QString folder = dir.filePath(QStringLiteral("taken.autosplit"));
    QVERIFY(QDir().mkpath(folder + QStringLiteral("/inside")));
    QVERIFY(!writeExploration(e, folder));
    QVERIFY(QFileInfo(folder + QStringLiteral("/inside")).isDir());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
}

void TestExplorationFile::movedModelFoundBesideFile() {
    QTemporaryDir dir;
    const QByteArray bytes("model bytes");
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("study/models"))));
    const QString modelPath = dir.filePath(QStringLiteral("study/models/m.onnx"));
    writeBytes(modelPath, bytes);
    const QString path = dir.filePath(QStringLiteral("study/s.autosplit"));
    QVERIFY(writeExploration(fullExploration(modelPath, bytes), path));
    QCOMPARE(locateModel(readExploration(path)->model, path),
             QFileInfo(modelPath).absoluteFilePath());

    // the whole folder moves: the saved path is gone, the relative one finds it
    QVERIFY(QDir(dir.path()).rename(QStringLiteral("study"), QStringLiteral("moved")));
    const QString movedPath = dir.filePath(QStringLiteral("moved/s.autosplit"));
    auto read = readExploration(movedPath);
    QVERIFY(read);
    QVERIFY(!QFileInfo::exists(read->model.path));
    QCOMPARE(locateModel(read->model, movedPath),
             QDir::cleanPath(dir.filePath(QStringLiteral("moved/models/m.onnx"))));

    // the model alone moves: neither path finds it
    QVERIFY(QFile::rename(dir.filePath(QStringLiteral("moved/models/m.onnx")),
                          dir.filePath(QStringLiteral("elsewhere.onnx"))));
    QVERIFY(locateModel(read->model, movedPath).isEmpty());
}

void TestExplorationFile::hashNamesTheFileBytes() {
    QTemporaryDir dir;
    const QByteArray bytes("model bytes");
    const QString modelPath = dir.filePath(QStringLiteral("m.onnx"));
    writeBytes(modelPath, bytes);
    const Exploration e = fullExploration(modelPath, bytes);
    auto hash = fileSha256(modelPath);
    QVERIFY(hash);
    QCOMPARE(*hash, e.model.sha256);
    // the same name with other bytes: another hash, which the explorer warns about
    writeBytes(modelPath, bytes + "changed");
    hash = fileSha256(modelPath);
    QVERIFY(hash);
    QVERIFY(*hash != e.model.sha256);
    QCOMPARE(*hash, hashOf(bytes + "changed"));
    const auto missing = fileSha256(dir.filePath(QStringLiteral("gone.onnx")));
    QVERIFY(!missing);
    QVERIFY(missing.error().message.find("gone.onnx") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestExplorationFile)
#include "test_exploration_file.moc"
