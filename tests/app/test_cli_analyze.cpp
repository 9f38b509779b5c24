// `autosplit analyze` run as a program: golden text output, JSON against the analysis computed
// in-process, and one error line with a non-zero exit for bad input.

#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "tests/support/model_builder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>

#include "tests/app/cli_process.h"

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Run = CliRun;

// A small residual-style model: conv stem, an Identity the pass removes, two branches merged by
// Add, pooling and a classifier.
ModelBuilder smallModel() {
    ModelBuilder b(13);
    std::string x = b.input("image", {1, 3, 16, 16});
    x = b.relu(b.conv(x, 8, 3, 1, -1, 1, true, 1, "stem"), "stem_relu");
    x = b.node("Identity", {x}, 1, {b.dims(x)}, "passthrough")[0];
    std::string left = b.relu(b.conv(x, 8, 3, 1, -1, 1, true, 1, "branch_a"), "branch_a_relu");
    std::string right = b.conv(x, 8, 1, 1, -1, 1, true, 1, "branch_b");
    x = b.add(left, right, "merge");
    x = b.maxPool(x, 2, 2, 0, "pool");
    x = b.gemm(b.flatten(b.globalAveragePool(x, "gap"), "flatten"), 4, "classifier");
    b.output(x);
    return b;
}

// Line diff (longest common subsequence) printed as "-expected" / "+actual" lines.
QString lineDiff(const QStringList& expected, const QStringList& actual) {
    const auto n = expected.size(), m = actual.size();
    std::vector<std::vector<int>> lcs(static_cast<size_t>(n + 1),
                                      std::vector<int>(static_cast<size_t>(m + 1), 0));
    for (auto i = n - 1; i >= 0; --i)
        for (auto j = m - 1; j >= 0; --j)
            lcs[static_cast<size_t>(i)][static_cast<size_t>(j)] =
                expected[i] == actual[j]
                    ? lcs[static_cast<size_t>(i + 1)][static_cast<size_t>(j + 1)] + 1
                    : std::max(lcs[static_cast<size_t>(i + 1)][static_cast<size_t>(j)],
                               lcs[static_cast<size_t>(i)][static_cast<size_t>(j + 1)]);
    QString diff;
    qsizetype i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && expected[i] == actual[j]) {
            diff += QStringLiteral(" ") + expected[i++] + QLatin1Char('\n');
            ++j;
        } else if (j < m &&
                   (i == n || lcs[static_cast<size_t>(i)][static_cast<size_t>(j + 1)] >=
                                  lcs[static_cast<size_t>(i + 1)][static_cast<size_t>(j)])) {
            diff += QStringLiteral("+") + actual[j++] + QLatin1Char('\n');
        } else {
            diff += QStringLiteral("-") + expected[i++] + QLatin1Char('\n');
        }
    }
    return diff;
}

qint64 jsonInt(const QJsonValue& v) {
    return v.toInteger(-1);
}

QJsonValue optionalInt(const std::optional<int64_t>& v) {
    return v ? QJsonValue(static_cast<qint64>(*v)) : QJsonValue(QJsonValue::Null);
}

} // namespace

class TestCliAnalyze : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void goldenTable();
    void jsonMatchesInProcessAnalysis();
    void jsonHonoursOptions();
    void unknownOpIsReportedNotZero();
    void help();
    void errors_data();
    void errors();
    void deviceModelIsScaleSims();

private:
    QTemporaryDir m_dir;
    QString m_small;
};

void TestCliAnalyze::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(AUTOSPLIT_CLI_PATH)), AUTOSPLIT_CLI_PATH);
    m_small = m_dir.filePath(QStringLiteral("small.onnx"));
    smallModel().save(m_small.toStdString());
}

void TestCliAnalyze::goldenTable() {
    const Run run = runCli({QStringLiteral("analyze"), m_small, QStringLiteral("--passes"),
                            QStringLiteral("identity-elimination")});
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.err.isEmpty());

    const QString goldenPath = QStringLiteral(AUTOSPLIT_GOLDEN_DIR "/analyze_small.txt");
    if (qEnvironmentVariableIsSet("AUTOSPLIT_UPDATE_GOLDEN")) {
        QFile update(goldenPath);
        QVERIFY(update.open(QIODevice::WriteOnly | QIODevice::Truncate));
        update.write(run.out.toUtf8());
    }
    // every line fits the report width, and no count is followed by a plural of one
    for (const QString& line : run.out.split(QLatin1Char('\n'))) {
        QVERIFY2(line.size() <= 100, qPrintable(line));
        QVERIFY2(!line.contains(QRegularExpression(QStringLiteral("(^|[^0-9.,])1 [a-z]+s\\b"))),
                 qPrintable(line));
    }
    QFile golden(goldenPath);
    QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(goldenPath));
    const QString expected = QString::fromUtf8(golden.readAll());
    if (expected != run.out) {
        const QString diff =
            lineDiff(expected.split(QLatin1Char('\n')), run.out.split(QLatin1Char('\n')));
        qWarning().noquote() << "output differs from" << goldenPath << "(-golden +actual):\n"
                             << diff;
        QFAIL("golden mismatch");
    }
}

void TestCliAnalyze::jsonMatchesInProcessAnalysis() {
    const Run run = runCli({QStringLiteral("analyze"), m_small, QStringLiteral("--json"),
                            QStringLiteral("--passes"), QStringLiteral("identity-elimination"),
                            QStringLiteral("--memory"), QStringLiteral("64KB"),
                            QStringLiteral("--lowest-bits"), QStringLiteral("4")});
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out.toUtf8(), &parseError);
    QVERIFY2(!doc.isNull(), qPrintable(parseError.errorString()));
    const QJsonObject root = doc.object();

    // The same pipeline in-process.
    auto imported = importOnnxFile(m_small.toStdString());
    QVERIFY(imported.ok());
    Graph& graph = imported->graph;
    auto passes = optimizeGraph(graph, {"identity-elimination"});
    QVERIFY(passes.ok());
    auto analysisResult = analyzeSplits(graph);
    QVERIFY(analysisResult.ok());
    const SplitAnalysis& a = *analysisResult;
    const int64_t limit = 64 * 1024;
    const int lowest = 4;

    QCOMPARE(root[QStringLiteral("schemaVersion")].toInt(), 1);
    const QJsonObject options = root[QStringLiteral("options")].toObject();
    QCOMPARE(jsonInt(options[QStringLiteral("memoryLimitBytes")]), limit);
    QCOMPARE(options[QStringLiteral("lowestBits")].toInt(), lowest);
    QCOMPARE(options[QStringLiteral("rawInputBits")].toInt(), 8);
    QCOMPARE(options[QStringLiteral("passes")].toArray(),
             QJsonArray{QStringLiteral("identity-elimination")});

    const QJsonArray passReports = root[QStringLiteral("passes")].toArray();
    QCOMPARE(passReports.size(), qsizetype(passes->size()));
    QCOMPARE(passReports[0].toObject()[QStringLiteral("modified")].toBool(),
             passes->front().modified);
    QVERIFY(passes->front().modified); // the Identity is gone

    const QJsonObject summary = root[QStringLiteral("summary")].toObject();
    QCOMPARE(summary[QStringLiteral("layers")].toInt(), a.layerCount());
    QCOMPARE(jsonInt(summary[QStringLiteral("params")]), a.totalParams());
    QCOMPARE(jsonInt(summary[QStringLiteral("macs")]), a.totalMacs().value());
    QCOMPARE(jsonInt(summary[QStringLiteral("rawInputBytes")]), a.rawInputBytes);
    QJsonArray splits;
    for (int n : a.potentialSplits(limit, lowest))
        splits.append(n);
    QCOMPARE(summary[QStringLiteral("potentialSplits")].toArray(), splits);
    QVERIFY(!splits.isEmpty());
    QJsonArray candidates;
    for (int n : a.liCandidates())
        candidates.append(n);
    QCOMPARE(summary[QStringLiteral("liCandidates")].toArray(), candidates);

    const QJsonArray layers = root[QStringLiteral("layers")].toArray();
    QCOMPARE(layers.size(), qsizetype(a.layerCount()));
    for (int i = 0; i < a.layerCount(); ++i) {
        const QJsonObject l = layers[i].toObject();
        const LayerInfo& info = a.layers[static_cast<size_t>(i)];
        QCOMPARE(l[QStringLiteral("index")].toInt(), i + 1);
        QCOMPARE(l[QStringLiteral("name")].toString().toStdString(), info.name);
        QCOMPARE(l[QStringLiteral("op")].toString().toStdString(), info.opType);
        QCOMPARE(jsonInt(l[QStringLiteral("params")]), info.params);
        QCOMPARE(jsonInt(l[QStringLiteral("weightBytes")]), info.weightBytes);
        QCOMPARE(l[QStringLiteral("macs")], optionalInt(info.macs));
        QCOMPARE(l[QStringLiteral("outputElements")], optionalInt(info.outputElements));
        QCOMPARE(l[QStringLiteral("parametric")].toBool(), info.parametric);
        QJsonArray shape;
        for (int64_t d : info.outputShape.dims)
            shape.append(static_cast<qint64>(d));
        QCOMPARE(l[QStringLiteral("outputShape")].toArray(), shape);
    }

    const QJsonArray cuts = root[QStringLiteral("cuts")].toArray();
    QCOMPARE(cuts.size(), qsizetype(a.layerCount() + 1));
    const auto memory = a.edgeMemoryProfile(lowest);
    for (int n = 0; n <= a.layerCount(); ++n) {
        const QJsonObject c = cuts[n].toObject();
        const CutInfo& cut = a.cuts[static_cast<size_t>(n)];
        QCOMPARE(c[QStringLiteral("n")].toInt(), n);
        const QJsonArray crossing = c[QStringLiteral("crossing")].toArray();
        QCOMPARE(crossing.size(), qsizetype(cut.crossing.size()));
        for (qsizetype k = 0; k < crossing.size(); ++k)
            QCOMPARE(crossing[k].toObject()[QStringLiteral("name")].toString().toStdString(),
                     graph.value(cut.crossing[static_cast<size_t>(k)]).name);
        QCOMPARE(c[QStringLiteral("crossingBytes8")], optionalInt(a.crossingBytes(n, 8)));
        QCOMPARE(c[QStringLiteral("crossingBytes4")], optionalInt(a.crossingBytes(n, 4)));
        QCOMPARE(c[QStringLiteral("crossingBytesLowest")], optionalInt(a.crossingBytes(n, lowest)));
        QCOMPARE(c[QStringLiteral("edgeMemoryBytesLowest")],
                 optionalInt(memory[static_cast<size_t>(n)]));
        QCOMPARE(c[QStringLiteral("peakWorkingSetBytesLowest")],
                 optionalInt(a.peakWorkingSetBytes(n, lowest)));
        QCOMPARE(jsonInt(c[QStringLiteral("edgeWeightBytesLowest")]), a.edgeWeightBytes(n, lowest));
        QCOMPARE(c[QStringLiteral("li")].toString().toStdString(), std::string(liRuleName(cut.li)));
        QCOMPARE(c[QStringLiteral("liReason")].toString().toStdString(), cut.liReason);
        QCOMPARE(c[QStringLiteral("potentialSplit")].toBool(), splits.contains(n));
    }
    QCOMPARE(root[QStringLiteral("warnings")].toArray().size(),
             qsizetype(imported->warnings.size() + a.warnings.size()));
}

void TestCliAnalyze::jsonHonoursOptions() {
    // A dynamic input fixed with --input-shape, raw input bits and outputs consumed on the edge.
    ModelBuilder b(13);
    std::string x = b.dynamicInput("pixels", {-1, 3, -1, -1});
    std::string y = b.node("Relu", {x}, 1, {}, "act")[0];
    b.output(y);
    auto* shape = b.model()
                      .mutable_graph()
                      ->mutable_output(0)
                      ->mutable_type()
                      ->mutable_tensor_type()
                      ->mutable_shape();
    for (const char* d : {"n", "c", "h", "w"})
        shape->add_dim()->set_dim_param(d);
    const QString path = m_dir.filePath(QStringLiteral("dynamic.onnx"));
    b.save(path.toStdString());

    const Run run = runCli({QStringLiteral("analyze"), path, QStringLiteral("--json"),
                            QStringLiteral("--input-shape"), QStringLiteral("pixels=1x3x20x10"),
                            QStringLiteral("--raw-input-bits"), QStringLiteral("32"),
                            QStringLiteral("--outputs-on-edge"), QStringLiteral("--no-optimize")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject root = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const QJsonObject summary = root[QStringLiteral("summary")].toObject();
    QCOMPARE(jsonInt(summary[QStringLiteral("rawInputBytes")]), qint64(3 * 20 * 10 * 4));
    const QJsonObject options = root[QStringLiteral("options")].toObject();
    QCOMPARE(options[QStringLiteral("outputsConsumedOnEdge")].toBool(), true);
    QCOMPARE(options[QStringLiteral("optimize")].toBool(), false);
    QCOMPARE(options[QStringLiteral("passes")].toArray().size(), qsizetype(0));
    QCOMPARE(root[QStringLiteral("passes")].toArray().size(), qsizetype(0));
    const QJsonArray cuts = root[QStringLiteral("cuts")].toArray();
    QCOMPARE(cuts.size(), qsizetype(2));
    // the output stays on the edge: nothing crosses the last cut
    QCOMPARE(cuts[1].toObject()[QStringLiteral("crossing")].toArray().size(), qsizetype(0));
    QCOMPARE(jsonInt(cuts[1].toObject()[QStringLiteral("crossingBytes8")]), qint64(0));
    const QJsonArray inputShape = root[QStringLiteral("model")]
                                      .toObject()[QStringLiteral("inputs")]
                                      .toArray()[0]
                                      .toObject()[QStringLiteral("shape")]
                                      .toArray();
    QCOMPARE(inputShape, (QJsonArray{1, 3, 20, 10}));
}

void TestCliAnalyze::unknownOpIsReportedNotZero() {
    ModelBuilder b(13);
    auto* domain = b.model().add_opset_import();
    domain->set_domain("com.example.custom");
    domain->set_version(1);
    std::string x = b.input("x", {1, 3, 8, 8});
    x = b.conv(x, 4, 3, 1, -1, 1, true, 1, "before");
    x = b.node("MysteryOp", {x}, 1, {}, "mystery", "com.example.custom")[0];
    x = b.node("Conv", {x, b.weight("after.weight", {2, 4, 1, 1})}, 1, {{1, 2, 8, 8}}, "after")[0];
    b.output(x);
    const QString path = m_dir.filePath(QStringLiteral("custom.onnx"));
    b.save(path.toStdString());

    const Run run = runCli({QStringLiteral("analyze"), path});
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QStringList lines = run.out.split(QLatin1Char('\n'));
    auto row = [&](const QString& name) {
        for (const QString& line : lines)
            if (line.split(QLatin1Char(' '), Qt::SkipEmptyParts).value(1) == name)
                return line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        return QStringList();
    };
    const QStringList mystery = row(QStringLiteral("mystery"));
    QVERIFY2(!mystery.isEmpty(), qPrintable(run.out));
    // columns: # layer op output params MACs tensors cross@8b cross@4b mem potential Li
    QCOMPARE(mystery.value(3), QStringLiteral("?")); // output shape
    QCOMPARE(mystery.value(5), QStringLiteral("?")); // MACs
    QCOMPARE(mystery.value(7), QStringLiteral("?")); // crossing bytes at 8 bits
    QCOMPARE(mystery.value(8), QStringLiteral("?"));
    // the table rounds counts to three digits; the JSON has them exact
    QCOMPARE(row(QStringLiteral("before")).value(5), QStringLiteral("6.91k")); // 4*8*8 * 3*3*3
    // "after" has a declared output shape and a constant weight: |Y| * Cin * 1 * 1 = 2*8*8 * 4
    QCOMPARE(row(QStringLiteral("after")).value(5), QStringLiteral("512"));
    const Run json = runCli({QStringLiteral("analyze"), path, QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    std::map<QString, QJsonValue> macs;
    for (const auto& l :
         QJsonDocument::fromJson(json.out.toUtf8()).object()[QStringLiteral("layers")].toArray())
        macs[l.toObject()[QStringLiteral("name")].toString()] =
            l.toObject()[QStringLiteral("macs")];
    QCOMPARE(macs[QStringLiteral("before")].toInteger(), qint64(6912));
    QCOMPARE(macs[QStringLiteral("after")].toInteger(), qint64(512));
    QVERIFY(macs[QStringLiteral("mystery")].isNull());
    QVERIFY(
        run.out.contains(QStringLiteral("warning: op 'MysteryOp' (domain 'com.example.custom')")));
    QVERIFY(run.out.contains(QStringLiteral("MACs:             7,424 known; 1 layer unknown")));
}

void TestCliAnalyze::help() {
    const Run top = runCli({QStringLiteral("--help")});
    QCOMPARE(top.exitCode, 0);
    QVERIFY2(top.out.contains(QStringLiteral("\n  analyze    per-layer costs")),
             qPrintable(top.out));
    const Run analyze = runCli({QStringLiteral("analyze"), QStringLiteral("--help")});
    QCOMPARE(analyze.exitCode, 0);
    QVERIFY2(analyze.out.startsWith(QStringLiteral("Usage: autosplit analyze [options] MODEL\n")),
             qPrintable(analyze.out));
    for (const char* flag : {"--json", "--input-shape", "--passes", "--no-optimize", "--memory",
                             "--lowest-bits", "--raw-input-bits", "--outputs-on-edge"})
        QVERIFY2(analyze.out.contains(QLatin1String(flag)), flag);
}

void TestCliAnalyze::errors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    const QString missing = QStringLiteral("/nonexistent/folder/model.onnx");
    QTest::newRow("missing file") << QStringList{QStringLiteral("analyze"), missing} << 1
                                  << missing;
    QTest::newRow("not a protobuf")
        << QStringList{QStringLiteral("analyze"), QStringLiteral("@garbage")} << 1
        << QStringLiteral("garbage.onnx");
    QTest::newRow("bad input shape")
        << QStringList{QStringLiteral("analyze"), QStringLiteral("@small"),
                       QStringLiteral("--input-shape"), QStringLiteral("image=1xfoo")}
        << 2 << QStringLiteral("--input-shape 'image=1xfoo'");
    QTest::newRow("input shape without name")
        << QStringList{QStringLiteral("analyze"), QStringLiteral("@small"),
                       QStringLiteral("--input-shape"), QStringLiteral("1x3x16x16")}
        << 2 << QStringLiteral("--input-shape");
    QTest::newRow("unknown pass") << QStringList{QStringLiteral("analyze"),
                                                 QStringLiteral("@small"),
                                                 QStringLiteral("--passes"),
                                                 QStringLiteral(
                                                     "identity-elimination,no-such-pass")}
                                  << 2 << QStringLiteral("'no-such-pass'");
    QTest::newRow("bad memory") << QStringList{QStringLiteral("analyze"), QStringLiteral("@small"),
                                               QStringLiteral("--memory"), QStringLiteral("lots")}
                                << 2 << QStringLiteral("--memory 'lots'");
    QTest::newRow("bad lowest bits")
        << QStringList{QStringLiteral("analyze"), QStringLiteral("@small"),
                       QStringLiteral("--lowest-bits"), QStringLiteral("0")}
        << 2 << QStringLiteral("--lowest-bits");
    QTest::newRow("passes and no-optimize")
        << QStringList{QStringLiteral("analyze"), QStringLiteral("@small"),
                       QStringLiteral("--passes"), QStringLiteral("identity-elimination"),
                       QStringLiteral("--no-optimize")}
        << 2 << QStringLiteral("--no-optimize");
    QTest::newRow("missing model")
        << QStringList{QStringLiteral("analyze")} << 2 << QStringLiteral("MODEL");
    QTest::newRow("two models") << QStringList{QStringLiteral("analyze"), QStringLiteral("@small"),
                                               QStringLiteral("@small")}
                                << 2 << QStringLiteral("unexpected argument");
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("analyze"), QStringLiteral("@small"),
                       QStringLiteral("--frobnicate")}
        << 2 << QStringLiteral("frobnicate");
    QTest::newRow("unknown command")
        << QStringList{QStringLiteral("dissect")} << 2 << QStringLiteral("'dissect'");
    QTest::newRow("no command") << QStringList{} << 2 << QStringLiteral("missing command");
    QTest::newRow("unknown input name")
        << QStringList{QStringLiteral("analyze"), QStringLiteral("@small"),
                       QStringLiteral("--input-shape"), QStringLiteral("nope=1x3x8x8")}
        << 1 << QStringLiteral("nope");
}

void TestCliAnalyze::errors() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.onnx"));
    {
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a protocol buffer \xff\xff\xff\xff\xff");
    }
    for (QString& arg : arguments) {
        if (arg == QLatin1String("@small"))
            arg = m_small;
        else if (arg == QLatin1String("@garbage"))
            arg = garbage;
    }
    const Run run = runCli(arguments);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
    QVERIFY2(run.err.endsWith(QLatin1Char('\n')) && run.err.count(QLatin1Char('\n')) == 1,
             qPrintable(QStringLiteral("expected one line, got: ") + run.err));
    QVERIFY2(run.err.startsWith(QStringLiteral("autosplit: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
}

// --edge/--cloud: each layer's compute cycles on the devices' systolic arrays are SCALE-Sim v2's
// closed forms (weight stationary: ceil(Wn/R) * ceil(F/C) folds of 2R + C + Np - 2 cycles, less
// one), computed here from the ResNet-50 graph's own conv shapes: Np = Ho*Wo output pixels,
// Wn = Kh*Kw*Cin, F = filters. Eyeriss is 12 x 14, the TPU 256 x 256, both weight stationary.
void TestCliAnalyze::deviceModelIsScaleSims() {
    const onnx::ModelProto proto = buildResNet50(13, 64);
    const QString path = m_dir.filePath(QStringLiteral("resnet50.onnx"));
    saveModel(proto, QFile::encodeName(path).toStdString());
    const Run run =
        runCli({QStringLiteral("analyze"), path, QStringLiteral("--json"), QStringLiteral("--edge"),
                QStringLiteral("eyeriss"), QStringLiteral("--cloud"), QStringLiteral("tpu")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject root = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const QJsonObject devices = root.value(QStringLiteral("devices")).toObject();
    QCOMPARE(devices.value(QStringLiteral("edge")).toString(), QStringLiteral("eyeriss"));
    QCOMPARE(devices.value(QStringLiteral("cloud")).toString(), QStringLiteral("tpu"));
    // every Conv's weight dims, by node name
    std::map<std::string, std::vector<int64_t>> initializers, weights;
    for (const auto& t : proto.graph().initializer())
        initializers[t.name()] = std::vector<int64_t>(t.dims().begin(), t.dims().end());
    for (const auto& n : proto.graph().node())
        if (n.op_type() == "Conv")
            weights[n.name()] = initializers.at(n.input(1));
    auto closedForm = [](int64_t np, int64_t wn, int64_t f, int64_t r, int64_t c) {
        const int64_t folds = ((wn + r - 1) / r) * ((f + c - 1) / c);
        return double(folds * (2 * r + c + np - 2) - 1);
    };
    int checked = 0;
    for (const QJsonValue& v : root.value(QStringLiteral("layers")).toArray()) {
        const QJsonObject layer = v.toObject();
        if (layer.value(QStringLiteral("op")).toString() != QLatin1String("Conv"))
            continue;
        const QString name = layer.value(QStringLiteral("name")).toString();
        const auto it = weights.find(name.toStdString());
        QVERIFY2(it != weights.end(), qPrintable(name));
        const std::vector<int64_t>& w = it->second; // F, Cin, Kh, Kw
        const QJsonArray out = layer.value(QStringLiteral("outputShape")).toArray(); // N F Ho Wo
        const int64_t np = out[0].toInteger() * out[2].toInteger() * out[3].toInteger();
        const int64_t wn = w[1] * w[2] * w[3];
        const int64_t f = w[0];
        QCOMPARE(out[1].toInteger(), f);
        const QJsonObject edge = layer.value(QStringLiteral("edgeTime")).toObject();
        const QJsonObject cloud = layer.value(QStringLiteral("cloudTime")).toObject();
        QCOMPARE(edge.value(QStringLiteral("cycles")).toDouble(), closedForm(np, wn, f, 12, 14));
        QCOMPARE(cloud.value(QStringLiteral("cycles")).toDouble(), closedForm(np, wn, f, 256, 256));
        // utilisation: MACs per cycle and PE
        const double macs = double(np * wn * f);
        QVERIFY(std::abs(edge.value(QStringLiteral("utilisation")).toDouble() -
                         macs / (closedForm(np, wn, f, 12, 14) * 12 * 14)) < 1e-12);
        // a layer takes the larger of its compute and memory time
        QCOMPARE(edge.value(QStringLiteral("seconds")).toDouble(),
                 std::max(edge.value(QStringLiteral("computeSeconds")).toDouble(),
                          edge.value(QStringLiteral("memorySeconds")).toDouble()));
        ++checked;
    }
    QCOMPARE(checked, 53); // ResNet-50's convolutions (the classifier is a Gemm)
    // the text report says the same within 100 columns; --cloud defaults to the TPU
    const Run text = runCli(
        {QStringLiteral("analyze"), path, QStringLiteral("--edge"), QStringLiteral("eyeriss")});
    QVERIFY2(text.exitCode == 0, qPrintable(text.err));
    QVERIFY(text.out.contains(QStringLiteral("Device model: edge eyeriss at 8 bits, cloud tpu")));
    for (const QString& line : text.out.split(QLatin1Char('\n')))
        QVERIFY2(line.size() <= 100, qPrintable(line));
}

QTEST_GUILESS_MAIN(TestCliAnalyze)
#include "test_cli_analyze.moc"
