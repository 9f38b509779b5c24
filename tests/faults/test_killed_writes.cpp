// A kill -9 at a random moment of a write of each user file the product writes (a bundle, the
// calibration cache, the explorer's settings, the candidates CSV, a chart PNG) leaves the previous
// version whole or the new one whole, never a mix, and no leftover that a later run could take
// for the real thing: the helper (fault_writer) writes numbered versions in a loop and is killed
// after a random delay, 100 times per kind with a fixed seed; after each kill the target is
// compared byte for byte with the versions the helper may have finished.

#include "tests/faults/versioned_writes.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <random>
#include <set>

using namespace autosplit::testing;

namespace {

constexpr int kRuns = 100;

QString helperPath() {
    return QCoreApplication::applicationDirPath() + QStringLiteral("/fault_writer");
}

struct RunLog {
    std::optional<int> lastBegun, lastDone;
};

RunLog parse(const QByteArray& out) {
    RunLog log;
    for (const QByteArray& line : out.split('\n')) {
        if (line.startsWith("begin "))
            log.lastBegun = line.mid(6).toInt();
        else if (line.startsWith("done "))
            log.lastDone = line.mid(5).toInt();
    }
    return log;
}

// Everything in `dir` but the target itself and what is under it.
QStringList strays(const QString& dir, const QString& target) {
    QStringList found;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString rel = QDir(dir).relativeFilePath(it.next());
        if (rel == target || rel.startsWith(target + QLatin1Char('/')) ||
            target.startsWith(rel + QLatin1Char('/')))
            continue;
        found << rel;
    }
    return found;
}

} // namespace

class TestKilledWrites : public QObject {
    Q_OBJECT

private slots:
    void killedWriteLeavesOneWholeVersion_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("maxDelayMs");
        // about two writes' time on this machine, so kills land all over the write and some
        // writes finish
        QTest::newRow("bundle") << QStringLiteral("bundle") << 150;
        QTest::newRow("calibration-cache") << QStringLiteral("calibration-cache") << 150;
        QTest::newRow("settings") << QStringLiteral("settings") << 80;
        QTest::newRow("csv") << QStringLiteral("csv") << 150;
        QTest::newRow("png") << QStringLiteral("png") << 150;
    }

    void killedWriteLeavesOneWholeVersion() {
        QFETCH(QString, kind);
        QFETCH(int, maxDelayMs);
        const WriteKind k = *kindNamed(kind);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.path() + QStringLiteral("/user");
        const QString scratch = tmp.path() + QStringLiteral("/expected");
        QVERIFY(QDir().mkpath(dir));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir + QStringLiteral("/cache"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir + QStringLiteral("/config"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const QString target = targetOf(k);

        std::map<int, std::map<QString, QByteArray>> expected;
        auto expectedOf = [&](int v) -> const std::map<QString, QByteArray>& {
            auto it = expected.find(v);
            if (it == expected.end())
                it = expected.emplace(v, expectedFiles(k, v, scratch)).first;
            return it->second;
        };
        auto start = [&](QProcess& p, int first, bool once) {
            p.setProcessEnvironment(env);
            QStringList args{kind, dir, QString::number(first)};
            if (once)
                args << QStringLiteral("--once");
            p.start(helperPath(), args);
        };

        // version 0, written whole
        {
            QProcess p;
            start(p, 0, true);
            QVERIFY2(p.waitForFinished(30000) && p.exitCode() == 0, p.readAllStandardError());
        }
        QVERIFY(!expectedOf(0).empty());
        QVERIFY(filesFound(k, dir) == expectedOf(0));

        std::mt19937 rng(20240517u + static_cast<uint32_t>(k));
        std::uniform_int_distribution<int> delay(0, maxDelayMs);
        int present = 0; // the version a reader finds now
        int midWrite = 0, newer = 0;
        std::set<QString> partials, copies; // leftovers seen
        auto isWholeVersion = [&](const std::map<QString, QByteArray>& files) {
            for (int v = 0; v <= present + 1; ++v)
                if (files == expectedOf(v))
                    return true;
            return false;
        };
        for (int run = 0; run < kRuns; ++run) {
            QProcess p;
            start(p, present + 1, false);
            QVERIFY2(p.waitForStarted(10000), qPrintable(p.errorString()));
            QByteArray out;
            while (!out.contains("ready\n")) {
                QVERIFY2(p.waitForReadyRead(10000), p.readAllStandardError());
                out += p.readAllStandardOutput();
            }
            const qint64 pid = p.processId();
            QThread::msleep(static_cast<unsigned long>(delay(rng)));
            ::kill(static_cast<pid_t>(pid), SIGKILL);
            QVERIFY(p.waitForFinished(10000));
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
            out += p.readAllStandardOutput();
            const RunLog log = parse(out);

            // whole, and one of the versions that may have been committed: the one present
            // before, the last one reported done, or the one begun after it
            std::vector<int> allowed;
            if (log.lastDone)
                allowed.push_back(*log.lastDone);
            else
                allowed.push_back(present);
            if (log.lastBegun && log.lastBegun != log.lastDone)
                allowed.push_back(*log.lastBegun);
            const auto found = filesFound(k, dir);
            std::optional<int> match;
            for (int v : allowed)
                if (found == expectedOf(v))
                    match = v;
            QVERIFY2(match, qPrintable(QStringLiteral("run %1: %2 is no whole version of %3 "
                                                      "(%4 files found)")
                                           .arg(run)
                                           .arg(target)
                                           .arg(allowed.size())
                                           .arg(found.size())));
            midWrite += log.lastBegun && log.lastBegun != log.lastDone;
            newer += *match > present;
            present = *match;

            // no half-written sibling a reader could take. A bundle's hidden partial folder is
            // named for its dead writer, and once a write of this run finished only this run's
            // is left (every write starts by removing those of dead writers). QSaveFile writes
            // to an unnamed file (O_TMPFILE), but commits by linking it to "NAME.XXXXXX" and
            // renaming that over NAME: a kill between the two leaves a whole copy there.
            const QString partialOfThisRun = QStringLiteral(".bundle.partial-%1-").arg(pid);
            const QRegularExpression committedCopy(QRegularExpression::anchoredPattern(
                QRegularExpression::escape(target) + QStringLiteral("\\.[A-Za-z0-9]{6}")));
            for (const QString& s : strays(dir, target)) {
                if (k == WriteKind::Bundle && s.startsWith(QStringLiteral(".bundle.partial-"))) {
                    QVERIFY2(
                        !log.lastDone || s.startsWith(partialOfThisRun),
                        qPrintable(
                            QStringLiteral("run %1: '%2' outlived a whole write").arg(run).arg(s)));
                    partials.insert(s.section(QLatin1Char('/'), 0, 0));
                    continue;
                }
                if (committedCopy.match(s).hasMatch()) {
                    QVERIFY2(
                        isWholeVersion(filesAt(k, dir + QLatin1Char('/') + s)),
                        qPrintable(
                            QStringLiteral("run %1: '%2' is no whole version").arg(run).arg(s)));
                    copies.insert(s);
                    continue;
                }
                // QSettings' lock files (QLockFile) are taken over once their process is dead
                if (k == WriteKind::Settings && s.startsWith(target + QStringLiteral(".lock")))
                    continue;
                if (QFileInfo(dir + QLatin1Char('/') + s).isDir())
                    continue; // the folders the target sits in
                QFAIL(qPrintable(
                    QStringLiteral("run %1: '%2' left beside %3").arg(run).arg(s, target)));
            }
        }
        qInfo("%s: %d runs, %d killed before their last write finished, %d moved to a newer "
              "version, %d partial folders and %d whole committed copies left",
              qPrintable(kind), kRuns, midWrite, newer, static_cast<int>(partials.size()),
              static_cast<int>(copies.size()));
        // the kills hit the writes, and writes also finished between them
        QVERIFY2(midWrite >= kRuns / 2, qPrintable(QString::number(midWrite)));
        QVERIFY2(newer >= kRuns / 10, qPrintable(QString::number(newer)));

        // the next write cleans up after the dead ones and is whole
        QProcess p;
        start(p, present + 1, true);
        QVERIFY2(p.waitForFinished(30000) && p.exitCode() == 0, p.readAllStandardError());
        QVERIFY(filesFound(k, dir) == expectedOf(present + 1));
        for (const QString& s : strays(dir, target))
            QVERIFY2(
                QFileInfo(dir + QLatin1Char('/') + s).isDir() || copies.count(s) ||
                    (k == WriteKind::Settings && s.startsWith(target + QStringLiteral(".lock"))),
                qPrintable(s));
    }
};

QTEST_MAIN(TestKilledWrites)
#include "test_killed_writes.moc"
