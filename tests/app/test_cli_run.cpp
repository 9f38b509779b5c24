// `autosplit run` as a program: inputs from .npy and .pb files, outputs and intermediate tensors
// written as TensorProto .pb files whose values are checked against a reference computed here,
// and one error line with the right exit code for each kind of bad input.

#include "core/io/tensor_io.h"
#include "tests/support/model_builder.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/app/cli_version_check.h"

#include <cmath>
#include <cstring>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

using Run = CliRun;

// probs = Softmax(Transpose(Identity(Relu(x + w))), axis -1); mean = ReduceMean(x, axes [1]).
// Tensor "block/act" (the Relu) has a name that is not a file name.
ModelBuilder smallModel() {
    ModelBuilder b(13);
    auto x = b.input("x", {2, 3});
    auto w = b.input("w", {2, 3});
    auto sum = b.node("Add", {x, w}, 1, {{2, 3}}, "sum")[0];
    auto act = b.node("Relu", {sum}, 1, {{2, 3}}, "block/act")[0];
    auto ident = b.node("Identity", {act}, 1, {{2, 3}}, "ident")[0];
    auto t = b.node("Transpose", {ident}, 1, {{3, 2}}, "t")[0];
    auto probs = b.node("Softmax", {t}, 1, {{3, 2}}, "probs")[0];
    b.setAttr(b.lastNode(), "axis", int64_t(-1));
    auto mean = b.node("ReduceMean", {x}, 1, {{2}}, "mean")[0];
    b.setAttr(b.lastNode(), "axes", std::vector<int64_t>{1});
    b.setAttr(b.lastNode(), "keepdims", int64_t(0));
    b.output(probs);
    b.output(mean);
    return b;
}

// A model with an op no kernel family implements.
ModelBuilder unsupportedModel() {
    ModelBuilder b(13);
    auto x = b.input("m", {2, 2});
    auto d = b.node("Det", {x}, 1, {}, "det")[0];
    b.output(d);
    return b;
}

const std::vector<float> kX{1.f, -2.f, 0.5f, 3.f, 0.f, -1.f};
const std::vector<float> kW{0.5f, 1.f, -1.f, -4.f, 2.f, 1.5f};

// numpy .npy version 1.0 with the header padded to a multiple of 64 bytes, as numpy writes it.
QByteArray npyBytes(const std::string& descr, const std::vector<int64_t>& shape, const void* data,
                    size_t bytes) {
    std::string dims;
    for (int64_t d : shape)
        dims += std::to_string(d) + ", ";
    std::string header =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    while ((10 + header.size() + 1) % 64 != 0)
        header += ' ';
    header += '\n';
    QByteArray out("\x93NUMPY\x01\x00", 8);
    out.append(static_cast<char>(header.size() & 0xff));
    out.append(static_cast<char>(header.size() >> 8));
    out.append(header.data(), static_cast<qsizetype>(header.size()));
    out.append(static_cast<const char*>(data), static_cast<qsizetype>(bytes));
    return out;
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// Reference computations.
std::vector<float> refAct() {
    std::vector<float> a(6);
    for (size_t i = 0; i < 6; ++i)
        a[i] = std::max(kX[i] + kW[i], 0.f);
    return a;
}

std::vector<float> refProbs() {
    const auto a = refAct(); // [2,3]; transposed to [3,2], softmax over each row of 2
    std::vector<float> p(6);
    for (size_t r = 0; r < 3; ++r) {
        const double e0 = std::exp(static_cast<double>(a[r])),
                     e1 = std::exp(static_cast<double>(a[3 + r]));
        p[2 * r] = static_cast<float>(e0 / (e0 + e1));
        p[2 * r + 1] = static_cast<float>(e1 / (e0 + e1));
    }
    return p;
}

void compareFloats(const std::vector<float>& actual, const std::vector<float>& expected) {
    QCOMPARE(actual.size(), expected.size());
    for (size_t i = 0; i < actual.size(); ++i)
        QVERIFY2(
            std::abs(actual[i] - expected[i]) <= 1e-6f * (1.f + std::abs(expected[i])),
            qPrintable(
                QStringLiteral("element %1: %2 vs %3").arg(i).arg(actual[i]).arg(expected[i])));
}

} // namespace

class TestCliRun : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void writesOutputsAndNamedTensors();
    void optimizedRunWritesTheSameOutputs();
    void replacesExistingFilesWithoutLeftovers();
    void help();
    void versionNamesCpuPath() { checkVersionNamesCpuPath(QStringLiteral("autosplit:")); }
    void errors_data();
    void errors();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void TestCliRun::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(AUTOSPLIT_CLI_PATH)), AUTOSPLIT_CLI_PATH);
    smallModel().save(path(QStringLiteral("small.onnx")).toStdString());
    unsupportedModel().save(path(QStringLiteral("det.onnx")).toStdString());
    // x as .npy, w as a TensorProto
    QVERIFY(writeFile(path(QStringLiteral("x.npy")),
                      npyBytes("<f4", {2, 3}, kX.data(), kX.size() * 4)));
    QVERIFY(writeTensorProtoFile(path(QStringLiteral("w.pb")).toStdString(), "w",
                                 HostTensor::fromFloats({2, 3}, kW))
                .ok());
    // wrong shape, wrong dtype, corrupt
    QVERIFY(writeFile(path(QStringLiteral("x_3x2.npy")),
                      npyBytes("<f4", {3, 2}, kX.data(), kX.size() * 4)));
    const std::vector<double> asDouble(kX.begin(), kX.end());
    QVERIFY(writeFile(path(QStringLiteral("x_f8.npy")),
                      npyBytes("<f8", {2, 3}, asDouble.data(), asDouble.size() * 8)));
    QVERIFY(writeFile(path(QStringLiteral("x_short.npy")), npyBytes("<f4", {2, 3}, kX.data(), 10)));
}

void TestCliRun::writesOutputsAndNamedTensors() {
    const QString out = path(QStringLiteral("out/nested")); // created, with its parent
    const Run run =
        runCli({QStringLiteral("run"), path(QStringLiteral("small.onnx")),
                QStringLiteral("--input"), QStringLiteral("x=") + path(QStringLiteral("x.npy")),
                QStringLiteral("--input"), QStringLiteral("w=") + path(QStringLiteral("w.pb")),
                QStringLiteral("--out"), out, QStringLiteral("--tensors"),
                QStringLiteral("sum,block/act"), QStringLiteral("--no-optimize")});
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));

    QDir dir(out);
    QStringList files = dir.entryList(QDir::Files | QDir::Hidden);
    files.sort();
    QCOMPARE(files, (QStringList{QStringLiteral("block_act.pb"), QStringLiteral("mean.pb"),
                                 QStringLiteral("probs.pb"), QStringLiteral("sum.pb")}));

    auto read = [&](const char* file) {
        return readTensorProtoFile(dir.filePath(QLatin1String(file)).toStdString());
    };
    auto probs = read("probs.pb");
    QVERIFY2(probs.ok(), probs.ok() ? "" : probs.error().message.c_str());
    QCOMPARE(probs->name, std::string("probs"));
    QCOMPARE(probs->tensor.dims(), (std::vector<int64_t>{3, 2}));
    compareFloats(probs->tensor.toFloats(), refProbs());

    auto mean = read("mean.pb");
    QVERIFY(mean.ok());
    QCOMPARE(mean->name, std::string("mean"));
    QCOMPARE(mean->tensor.dims(), (std::vector<int64_t>{2}));
    compareFloats(mean->tensor.toFloats(),
                  {(kX[0] + kX[1] + kX[2]) / 3.f, (kX[3] + kX[4] + kX[5]) / 3.f});

    auto sum = read("sum.pb");
    QVERIFY(sum.ok());
    QCOMPARE(sum->name, std::string("sum"));
    std::vector<float> expectedSum(6);
    for (size_t i = 0; i < 6; ++i)
        expectedSum[i] = kX[i] + kW[i];
    compareFloats(sum->tensor.toFloats(), expectedSum);

    auto act = read("block_act.pb");
    QVERIFY(act.ok());
    QCOMPARE(act->name,
             std::string("block/act")); // the file name is sanitized, the tensor name is not
    compareFloats(act->tensor.toFloats(), refAct());

    // one line per file on stdout
    QCOMPARE(run.out.count(QLatin1Char('\n')), 4);
    QVERIFY2(run.out.contains(QStringLiteral("probs -> ")), qPrintable(run.out));
}

void TestCliRun::optimizedRunWritesTheSameOutputs() {
    // Default: optimized (the Identity is removed, the Relu fused into the Add); outputs unchanged.
    const QString out = path(QStringLiteral("optimized"));
    const Run run = runCli(
        {QStringLiteral("run"), path(QStringLiteral("small.onnx")), QStringLiteral("--input"),
         QStringLiteral("x=") + path(QStringLiteral("x.npy")), QStringLiteral("--input"),
         QStringLiteral("w=") + path(QStringLiteral("w.pb")), QStringLiteral("--out"), out});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    auto probs = readTensorProtoFile(QDir(out).filePath(QStringLiteral("probs.pb")).toStdString());
    QVERIFY(probs.ok());
    compareFloats(probs->tensor.toFloats(), refProbs());
    QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), 2);
}

void TestCliRun::replacesExistingFilesWithoutLeftovers() {
    const QString out = path(QStringLiteral("replace"));
    QVERIFY(QDir().mkpath(out));
    QVERIFY(writeFile(QDir(out).filePath(QStringLiteral("mean.pb")), "stale contents"));
    const QStringList args{
        QStringLiteral("run"),     path(QStringLiteral("small.onnx")),
        QStringLiteral("--input"), QStringLiteral("x=") + path(QStringLiteral("x.npy")),
        QStringLiteral("--input"), QStringLiteral("w=") + path(QStringLiteral("w.pb")),
        QStringLiteral("--out"),   out};
    const Run run = runCli(args);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    auto mean = readTensorProtoFile(QDir(out).filePath(QStringLiteral("mean.pb")).toStdString());
    QVERIFY2(mean.ok(), mean.ok() ? "" : mean.error().message.c_str());
    QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden),
             (QStringList{QStringLiteral("mean.pb"), QStringLiteral("probs.pb")}));
    // A failing run writes nothing: the existing files stay as they were.
    const QByteArray before = [&] {
        QFile f(QDir(out).filePath(QStringLiteral("probs.pb")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    QStringList bad = args;
    bad[3] = QStringLiteral("x=") + path(QStringLiteral("x_3x2.npy"));
    QCOMPARE(runCli(bad).exitCode, 1);
    QFile f(QDir(out).filePath(QStringLiteral("probs.pb")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
}

void TestCliRun::help() {
    const Run top = runCli({QStringLiteral("--help")});
    QCOMPARE(top.exitCode, 0);
    QVERIFY2(top.out.contains(QStringLiteral("\n  run        run the model on the CPU executor")),
             qPrintable(top.out));
    const Run run = runCli({QStringLiteral("run"), QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QStringLiteral(
                 "Usage: autosplit run [options] MODEL --input NAME=FILE ... --out DIR\n")),
             qPrintable(run.out));
    for (const char* flag : {"--input", "--out", "--tensors", "--input-shape", "--no-optimize"})
        QVERIFY2(run.out.contains(QLatin1String(flag)), flag);
}

void TestCliRun::errors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    const QString model = QStringLiteral("@small.onnx");
    const QString x = QStringLiteral("x=@x.npy");
    const QString w = QStringLiteral("w=@w.pb");
    const QString out = QStringLiteral("@errout");
    auto args = [&](QStringList extra) {
        return QStringList{QStringLiteral("run"), model, QStringLiteral("--out"), out} + extra;
    };
    const QString in = QStringLiteral("--input");
    QTest::newRow("missing input")
        << args({in, x}) << 1 << QStringLiteral("input 'w' was not given");
    QTest::newRow("wrong shape") << args({in, QStringLiteral("x=@x_3x2.npy"), in, w}) << 1
                                 << QStringLiteral(
                                        "x_3x2.npy: input 'x': expected shape 2x3, got 3x2");
    QTest::newRow("wrong dtype") << args({in, QStringLiteral("x=@x_f8.npy"), in, w}) << 1
                                 << QStringLiteral(
                                        "x_f8.npy: input 'x': expected float32, got float64");
    QTest::newRow("truncated npy") << args({in, QStringLiteral("x=@x_short.npy"), in, w}) << 1
                                   << QStringLiteral("x_short.npy: truncated data");
    QTest::newRow("missing file") << args({in, QStringLiteral("x=@nope.npy"), in, w}) << 1
                                  << QStringLiteral("nope.npy: file not found");
    QTest::newRow("unknown input") << args({in, x, in, w, in, QStringLiteral("q=@x.npy")}) << 1
                                   << QStringLiteral("no input named 'q' (inputs: x, w)");
    QTest::newRow("unknown tensor")
        << args({in, x, in, w, QStringLiteral("--tensors"), QStringLiteral("nope")}) << 1
        << QStringLiteral("the optimized graph has no tensor named 'nope'");
    QTest::newRow("unknown tensor, raw graph")
        << args({in, x, in, w, QStringLiteral("--tensors"), QStringLiteral("nope"),
                 QStringLiteral("--no-optimize")})
        << 1 << QStringLiteral("the model has no tensor named 'nope'");
    QTest::newRow("tensor optimized away")
        << args({in, x, in, w, QStringLiteral("--tensors"), QStringLiteral("ident")}) << 1
        << QStringLiteral("'ident' is not in the optimized graph");
    QTest::newRow("op without kernel")
        << QStringList{QStringLiteral("run"),
                       QStringLiteral("@det.onnx"),
                       QStringLiteral("--out"),
                       out,
                       in,
                       QStringLiteral("m=@x.npy")}
        << 1 << QStringLiteral("no kernel for op 'Det' (node 'det')");
    QTest::newRow("missing out") << QStringList{QStringLiteral("run"), model, in, x, in, w} << 2
                                 << QStringLiteral("--out");
    QTest::newRow("input without file")
        << args({in, QStringLiteral("x")}) << 2 << QStringLiteral("NAME=FILE");
    QTest::newRow("input twice") << args({in, x, in, x}) << 2
                                 << QStringLiteral("'x' is given twice");
    QTest::newRow("missing model")
        << QStringList{QStringLiteral("run")} << 2 << QStringLiteral("MODEL");
    QTest::newRow("bad input shape")
        << args({in, x, in, w, QStringLiteral("--input-shape"), QStringLiteral("x=2xq")}) << 2
        << QStringLiteral("--input-shape 'x=2xq'");
}

void TestCliRun::errors() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    for (QString& arg : arguments) {
        const auto at = arg.indexOf(QLatin1Char('@'));
        if (at >= 0)
            arg = arg.left(at) + path(arg.mid(at + 1));
    }
    const Run run = runCli(arguments);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
    QVERIFY2(run.err.endsWith(QLatin1Char('\n')) && run.err.count(QLatin1Char('\n')) == 1,
             qPrintable(QStringLiteral("expected one line, got: ") + run.err));
    QVERIFY2(run.err.startsWith(QStringLiteral("autosplit: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    // nothing is written when the run fails
    QVERIFY(!QDir(path(QStringLiteral("errout"))).exists() ||
            QDir(path(QStringLiteral("errout"))).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

QTEST_GUILESS_MAIN(TestCliRun)
#include "test_cli_run.moc"
