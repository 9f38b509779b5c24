// The desktop explorer's command line (`autosplit-explorer`), offscreen: every bad model path,
// flag, sample source or AUTOSPLIT_CPU is one line on stderr naming it, with exit code 2 and no
// window; a good one opens the model on its samples and --screenshot writes the picture;
// --version names the CPU path; --help and --version need no display.

#include "tests/app/cli_version_check.h"

#include "tests/support/model_builder.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <onnx/onnx_pb.h>

using namespace autosplit::testing;

class TestExplorerCommandLine : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void badArgumentsAreOneLine_data();
    void badArgumentsAreOneLine();
    void screenshotOfUserModelOnItsSamples();
    void helpAndVersionNeedNoDisplay();
    void versionNamesCpuPath() {
        checkVersionNamesCpuPath(QStringLiteral("autosplit-explorer:"), environment());
    }

private:
    QProcessEnvironment environment() const;

    QTemporaryDir m_dir;
    QString m_model;
    QString m_images;
};

void TestExplorerCommandLine::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_model = m_dir.filePath(QStringLiteral("chain.onnx"));
    saveModel(buildChain(3, 8, 16), QFile::encodeName(m_model).toStdString());
    m_images = m_dir.filePath(QStringLiteral("images"));
    QVERIFY(QDir().mkpath(m_images));
    for (int i = 0; i < 3; ++i) {
        QImage image(16, 16, QImage::Format_RGB32);
        image.fill(qRgb(40 * i, 255 - 60 * i, 128));
        QVERIFY(image.save(QDir(m_images).filePath(QStringLiteral("%1.png").arg(i))));
    }
}

QProcessEnvironment TestExplorerCommandLine::environment() const {
    QProcessEnvironment env;
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // Settings and the calibration cache stay in the scratch folder.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("cache")));
    return env;
}

void TestExplorerCommandLine::badArgumentsAreOneLine_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("names");
    const QString missing = m_dir.filePath(QStringLiteral("missing.onnx"));
    QTest::newRow("no such model") << QStringList{missing} << QStringLiteral("missing.onnx");
    QTest::newRow("folder as model") << QStringList{m_images} << QStringLiteral("folder");
    QTest::newRow("two models") << QStringList{m_model, m_model}
                                << QStringLiteral("at most one model");
    QTest::newRow("bad input shape")
        << QStringList{m_model, QStringLiteral("--input-shape"), QStringLiteral("input=1xbanana")}
        << QStringLiteral("--input-shape");
    QTest::newRow("samples without model")
        << QStringList{QStringLiteral("--samples"), m_images} << QStringLiteral("need a MODEL");
    QTest::newRow("missing samples") << QStringList{m_model, QStringLiteral("--samples"),
                                                    m_dir.filePath(QStringLiteral("nothing"))}
                                     << QStringLiteral("nothing: no such file or folder");
    QTest::newRow("bad preprocessing")
        << QStringList{m_model, QStringLiteral("--samples"), m_images,
                       QStringLiteral("--preprocess"), QStringLiteral("resize=12")}
        << QStringLiteral("resize");
    QTest::newRow("preprocessing without samples")
        << QStringList{m_model, QStringLiteral("--preprocess"), QStringLiteral("scale=1/255")}
        << QStringLiteral("--preprocess, --metric, --dictionary and --equalize need --samples");
}

void TestExplorerCommandLine::badArgumentsAreOneLine() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, names);
    const CliRun run = runCli(arguments, environment());
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 2);
    // Qt may print its own notes (e.g. about XDG_RUNTIME_DIR); ours is the program's line.
    const QStringList lines =
        run.err.split(u'\n', Qt::SkipEmptyParts).filter(QStringLiteral("autosplit-explorer:"));
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().contains(names), qPrintable(run.err));
}

void TestExplorerCommandLine::screenshotOfUserModelOnItsSamples() {
    const QString png = m_dir.filePath(QStringLiteral("window.png"));
    const CliRun run = runCli(
        {m_model, QStringLiteral("--samples"), m_images, QStringLiteral("--screenshot"), png},
        environment());
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1280, 800));
    // The samples were calibrated: the cache holds a calibration for the model.
    QDir cache(m_dir.filePath(QStringLiteral("cache")));
    QStringList found;
    QDirIterator it(cache.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        found << it.next();
    QVERIFY2(!found.isEmpty(), qPrintable(cache.path()));
}

void TestExplorerCommandLine::helpAndVersionNeedNoDisplay() {
    // no platform plugin asked for and no display to open: a window could not be shown here
    const QStringList noDisplay{QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("DISPLAY"),
                                QStringLiteral("WAYLAND_DISPLAY")};
    QProcessEnvironment env;
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    for (const QString& flag :
         {QStringLiteral("--help"), QStringLiteral("-h"), QStringLiteral("--help-all")}) {
        const CliRun help = runProgram(QStringLiteral(AUTOSPLIT_CLI_PATH), {flag}, env, noDisplay);
        QCOMPARE(help.exitStatus, QProcess::NormalExit);
        QVERIFY2(help.exitCode == 0, qPrintable(help.err));
        // the program by the name one types, then every option
        QVERIFY2(help.out.startsWith(QStringLiteral("Usage: autosplit-explorer [options] ")),
                 qPrintable(help.out));
        for (const char* option :
             {"--sample ", "--samples ", "--input-shape ", "--screenshot ", "--version"})
            QVERIFY2(help.out.contains(QLatin1String(option)), option);
        QVERIFY2(!help.out.contains(QStringLiteral(AUTOSPLIT_CLI_PATH)), qPrintable(help.out));
        for (const QString& line : help.out.split(QLatin1Char('\n')))
            QVERIFY2(line.size() <= 100, qPrintable(line));
    }
    const CliRun version = runProgram(QStringLiteral(AUTOSPLIT_CLI_PATH),
                                      {QStringLiteral("--version")}, env, noDisplay);
    QCOMPARE(version.exitStatus, QProcess::NormalExit);
    QVERIFY2(version.exitCode == 0, qPrintable(version.err));
    QVERIFY2(version.out.startsWith(QStringLiteral("autosplit-explorer ")) &&
                 version.out.contains(QStringLiteral("\nCPU path: ")),
             qPrintable(version.out));
}

QTEST_GUILESS_MAIN(TestExplorerCommandLine)
#include "test_explorer_command_line.moc"
