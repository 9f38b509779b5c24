#pragma once

// The --version check shared by the command-line and the explorer's command-line tests (they
// link autosplit_core for the CPU path facts).

#include "tests/app/cli_process.h"

#include "core/runtime/cpu/cpu_path.h"

#include <QtTest>

// --version of a program (AUTOSPLIT_CLI_PATH) against the executor's CPU path choice: the best
// path, or the one AUTOSPLIT_CPU forces; a value naming no path, or a path this CPU lacks, is
// one line on stderr with exit code 2. `program` prefixes the error line ("autosplit:");
// `base` is the environment the program needs besides (e.g. a Qt platform for the explorer).
namespace autosplit::testing {

inline void checkVersionNamesCpuPath(const QString& program, const QProcessEnvironment& base = {}) {
    QProcessEnvironment unset = base;
    unset.insert(QStringLiteral("AUTOSPLIT_CPU"), QString());
    const CliRun best = runCli({QStringLiteral("--version")}, unset);
    QCOMPARE(best.exitCode, 0);
    QVERIFY2(
        best.out.contains(
            QStringLiteral("CPU path: %1 (").arg(QString::fromLatin1(cpuPathName(bestCpuPath())))),
        qPrintable(best.out));
    for (CpuPath path : kCpuPaths) {
        QProcessEnvironment env = base;
        env.insert(QStringLiteral("AUTOSPLIT_CPU"), QString::fromLatin1(cpuPathName(path)));
        const CliRun run = runCli({QStringLiteral("--version")}, env);
        if (cpuSupports(path)) {
            QCOMPARE(run.exitCode, 0);
            QVERIFY2(
                run.out.contains(
                    QStringLiteral("CPU path: %1 (").arg(QString::fromLatin1(cpuPathName(path)))) &&
                    run.out.contains(QStringLiteral("forced by AUTOSPLIT_CPU")),
                qPrintable(run.out));
        } else {
            QCOMPARE(run.exitCode, 2);
            QVERIFY2(run.err.contains(program + QStringLiteral(" AUTOSPLIT_CPU=%1: this CPU lacks ")
                                                    .arg(QString::fromLatin1(cpuPathName(path)))),
                     qPrintable(run.err));
        }
    }
    QProcessEnvironment bad = base;
    bad.insert(QStringLiteral("AUTOSPLIT_CPU"), QStringLiteral("sse9"));
    const CliRun refused = runCli({QStringLiteral("--version")}, bad);
    QCOMPARE(refused.exitCode, 2);
    const QStringList lines = refused.err.split(u'\n', Qt::SkipEmptyParts).filter(program);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first(),
             program +
                 QStringLiteral(
                     " AUTOSPLIT_CPU='sse9' is not one of baseline, avx2, avx512, avx512vnni"));
}

} // namespace autosplit::testing
