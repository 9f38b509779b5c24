#pragma once

// Runs the built programs for the command-line tests: `autosplit` (AUTOSPLIT_CLI_PATH) and others.

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QtTest>

namespace autosplit::testing {

struct CliRun {
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QString out;
    QString err;
};

// Runs `program` to its end (at most two minutes); `environment` adds to (or overrides) the
// test's own environment.
// `unset` names variables the program must not see (e.g. DISPLAY, for a run without a display).
inline CliRun runProgram(const QString& program, const QStringList& arguments,
                         const QProcessEnvironment& environment = {},
                         const QStringList& unset = {}) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : environment.keys())
        env.insert(key, environment.value(key));
    for (const QString& key : unset)
        env.remove(key);
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    CliRun run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("timed out");
        return run;
    }
    run.exitCode = process.exitCode();
    run.exitStatus = process.exitStatus();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

#ifdef AUTOSPLIT_CLI_PATH
inline CliRun runCli(const QStringList& arguments, const QProcessEnvironment& environment = {}) {
    return runProgram(QStringLiteral(AUTOSPLIT_CLI_PATH), arguments, environment);
}

// `autosplit` with its calibration cache in `cacheDir`, so a suite's runs see only each other's.
inline CliRun runCliCachingIn(const QString& cacheDir, const QStringList& arguments) {
    QProcessEnvironment env;
    env.insert(QStringLiteral("XDG_CACHE_HOME"), cacheDir);
    return runCli(arguments, env);
}
#endif

// Writes `text` to `path` (a test's input file), failing the test when it cannot.
inline void writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(text), text.size());
}

} // namespace autosplit::testing
