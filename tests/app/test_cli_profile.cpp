// `autosplit profile` run as a program: the table and the JSON it writes (every optimized layer,
// each width), solve taking that file as --cloud with its float times, "this" measured once and
// then found in the cache, and one error line for each bad argument or another model's profile.

#include "core/cost/profile_loader.h"
#include "tests/support/model_builder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/app/cli_process.h"

using namespace autosplit;
using namespace autosplit::testing;

namespace {

bool oneLine(const QString& s) {
    return s.trimmed().count(QLatin1Char('\n')) == 0 && !s.trimmed().isEmpty();
}

} // namespace

class TestCliProfile : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void profileWritesEveryLayer();
    void solveUsesTheProfile();
    void thisComputerIsCached();
    void errors_data();
    void errors();

private:
    QTemporaryDir m_dir;
    QString m_model;
    QString m_other;
    QString m_profile;
};

void TestCliProfile::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_model = m_dir.filePath(QStringLiteral("residual.onnx"));
    saveModel(buildResidualBlock(), m_model.toStdString());
    m_other = m_dir.filePath(QStringLiteral("chain.onnx"));
    saveModel(buildChain(3), m_other.toStdString());
    m_profile = m_dir.filePath(QStringLiteral("device.json"));
}

void TestCliProfile::profileWritesEveryLayer() {
    const CliRun run = runCliCachingIn(
        m_dir.filePath(QStringLiteral("cache")),
        {QStringLiteral("profile"), m_model, QStringLiteral("--bits"), QStringLiteral("8,4"),
         QStringLiteral("--repeats"), QStringLiteral("2"), QStringLiteral("--threads"),
         QStringLiteral("1"), QStringLiteral("--out"), m_profile});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    auto profile = loadDeviceProfileFile(m_profile.toStdString());
    QVERIFY2(profile.ok(), profile.ok() ? "" : profile.error().message.c_str());
    const auto& m = profile->measured();
    QCOMPARE(m.bits_size(), 2);
    QCOMPARE(m.bits(0), 4);
    QCOMPARE(m.bits(1), 8);
    QCOMPARE(m.repeats(), 2);
    QCOMPARE(m.threads(), 1);
    QVERIFY(m.layer_count() > 3);
    // the table: a header with each width, one row per layer, then the total
    QVERIFY(run.out.contains(QStringLiteral("4-bit")));
    QVERIFY(run.out.contains(QStringLiteral("8-bit")));
    for (const auto& l : m.layers())
        QVERIFY2(run.out.contains(QString::fromStdString(l.name())), l.name().c_str());
    QVERIFY(run.out.contains(QStringLiteral("total")));
    QVERIFY(run.err.contains(QStringLiteral("wrote")));
}

void TestCliProfile::solveUsesTheProfile() {
    if (!QFile::exists(m_profile))
        profileWritesEveryLayer();
    const CliRun run =
        runCliCachingIn(m_dir.filePath(QStringLiteral("cache")),
                        {QStringLiteral("solve"), m_model, QStringLiteral("--random"),
                         QStringLiteral("2"), QStringLiteral("--no-evaluate"),
                         QStringLiteral("--cloud"), m_profile, QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject root = QJsonDocument::fromJson(run.out.toUtf8()).object();
    auto profile = loadDeviceProfileFile(m_profile.toStdString());
    QVERIFY(profile.ok());
    double floatTotal = 0;
    for (const auto& l : profile->measured().layers())
        floatTotal += l.float_time().median_s();
    bool found = false;
    for (const QJsonValue& b : root.value(QStringLiteral("baselines")).toArray()) {
        const QJsonObject o = b.toObject();
        if (o.value(QStringLiteral("name")).toString() != QLatin1String("Cloud-Only"))
            continue;
        found = true;
        // Cloud-Only runs every layer on the cloud: the profile's float times, summed
        const double cloud = o.value(QStringLiteral("cloudSeconds")).toDouble();
        QVERIFY2(std::abs(cloud - floatTotal) <= 1e-9 * std::max(1.0, floatTotal),
                 qPrintable(QStringLiteral("%1 vs %2").arg(cloud).arg(floatTotal)));
    }
    QVERIFY(found);

    // another model's profile: one line naming the flag, the file and the counts
    const CliRun other = runCliCachingIn(
        m_dir.filePath(QStringLiteral("cache")),
        {QStringLiteral("solve"), m_other, QStringLiteral("--random"), QStringLiteral("2"),
         QStringLiteral("--no-evaluate"), QStringLiteral("--edge"), m_profile});
    QCOMPARE(other.exitCode, 1);
    QVERIFY2(oneLine(other.err), qPrintable(other.err.right(400))); // before any calibration
    QVERIFY(other.err.startsWith(QStringLiteral("autosplit: --edge: ") + m_profile));
    QVERIFY(other.err.contains(QStringLiteral("layers")));
}

void TestCliProfile::thisComputerIsCached() {
    const QString cache = m_dir.filePath(QStringLiteral("this-cache"));
    const QStringList args{QStringLiteral("solve"),
                           m_model,
                           QStringLiteral("--random"),
                           QStringLiteral("2"),
                           QStringLiteral("--no-evaluate"),
                           QStringLiteral("--edge"),
                           QStringLiteral("this"),
                           QStringLiteral("--bits"),
                           QStringLiteral("4,8")};
    const CliRun first = runCliCachingIn(cache, args);
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY(first.err.contains(QStringLiteral("(float)")));
    const QStringList stored =
        QDir(cache + QStringLiteral("/autosplit/devices")).entryList({QStringLiteral("*.json")});
    QCOMPARE(stored.size(), 1);
    QVERIFY(first.err.contains(stored.front()));
    // the second time the measurement is found, not repeated
    const CliRun second = runCliCachingIn(cache, args);
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QVERIFY(second.err.contains(QStringLiteral("(cached)")));
    QVERIFY(!second.err.contains(QStringLiteral("(float)")));
    QCOMPARE(
        QDir(cache + QStringLiteral("/autosplit/devices")).entryList({QStringLiteral("*.json")}),
        stored);
}

void TestCliProfile::errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("width") << QStringList{QStringLiteral("--bits"), QStringLiteral("4,9")}
                           << QStringLiteral("--bits: 9");
    QTest::newRow("widths") << QStringList{QStringLiteral("--bits"), QStringLiteral("four")}
                            << QStringLiteral("--bits 'four'");
    QTest::newRow("threads") << QStringList{QStringLiteral("--threads"), QStringLiteral("0")}
                             << QStringLiteral("--threads '0'");
    QTest::newRow("repeats") << QStringList{QStringLiteral("--repeats"), QStringLiteral("x")}
                             << QStringLiteral("--repeats 'x'");
    QTest::newRow("out") << QStringList{QStringLiteral("--out"),
                                        QStringLiteral("/nonexistent-folder/device.json")}
                         << QStringLiteral("--out '/nonexistent-folder/device.json'");
}

void TestCliProfile::errors() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const CliRun run = runCli(QStringList{QStringLiteral("profile"), m_model} + args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(oneLine(run.err), qPrintable(run.err));
    QVERIFY2(run.err.startsWith(QStringLiteral("autosplit: ") + expected), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliProfile)
#include "test_cli_profile.moc"
