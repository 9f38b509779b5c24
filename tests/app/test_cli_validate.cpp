// `autosplit validate` run as a program on small models built in code with both devices "this":
// every candidate and baseline gets measured numbers; the uplink pacing makes the transmission
// time what its bytes take at the rate (within 10 % on loopback at 2 Mbit/s); Edge-Only sends
// nothing; the text table and its summary; one error line for each bad argument.

#include "tests/support/model_builder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/app/cli_process.h"

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr double kRate = 2.0 * 1048576.0; // --uplink 2Mbps, binary as the options parse it

bool oneLine(const QString& s) {
    return s.trimmed().count(QLatin1Char('\n')) == 0 && !s.trimmed().isEmpty();
}

} // namespace

class TestCliValidate : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyCandidateIsMeasured();
    void textTable();
    void errors_data();
    void errors();

private:
    CliRun validate(const QStringList& extra);

    QTemporaryDir m_dir;
    QString m_model;
};

void TestCliValidate::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_model = m_dir.filePath(QStringLiteral("chain.onnx"));
    saveModel(buildChain(4, 8, 32), m_model.toStdString());
}

CliRun TestCliValidate::validate(const QStringList& extra) {
    return runCliCachingIn(
        m_dir.filePath(QStringLiteral("cache")),
        QStringList{QStringLiteral("validate"), m_model, QStringLiteral("--random"),
                    QStringLiteral("2"), QStringLiteral("--edge"), QStringLiteral("this"),
                    QStringLiteral("--cloud"), QStringLiteral("this"), QStringLiteral("--uplink"),
                    QStringLiteral("2Mbps"), QStringLiteral("--repeats"), QStringLiteral("3")} +
            extra);
}

void TestCliValidate::everyCandidateIsMeasured() {
    const CliRun run = validate({QStringLiteral("--outputs-on-edge"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject root = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(root.value(QStringLiteral("uplink_bits_per_second")).toDouble(), kRate);
    const QJsonArray rows = root.value(QStringLiteral("candidates")).toArray();
    QVERIFY(rows.size() >= 3);
    bool cloudOnly = false, edgeOnly = false;
    int paced = 0;
    double previous = 0.0;
    for (const QJsonValue& v : rows) {
        const QJsonObject row = v.toObject();
        const QString name = row.value(QStringLiteral("candidate")).toString();
        const QJsonObject predicted = row.value(QStringLiteral("predicted")).toObject();
        const QJsonObject measured = row.value(QStringLiteral("measured")).toObject();
        const double total = measured.value(QStringLiteral("total_ms")).toDouble();
        QVERIFY2(total > 0.0, qPrintable(name));
        // ascending predicted total
        const double predictedTotal = predicted.value(QStringLiteral("total_ms")).toDouble();
        QVERIFY(predictedTotal >= previous);
        previous = predictedTotal;
        // the parts fit in the whole (medians of each, so only roughly their sum)
        const double parts = measured.value(QStringLiteral("edge_ms")).toDouble() +
                             measured.value(QStringLiteral("transmission_ms")).toDouble() +
                             measured.value(QStringLiteral("cloud_ms")).toDouble();
        QVERIFY2(parts <= total * 1.5 + 0.5, qPrintable(name));
        const double error = row.value(QStringLiteral("total_error_percent")).toDouble();
        QVERIFY(qAbs(error - (total / predictedTotal - 1.0) * 100.0) < 1e-6);
        const double bytes = row.value(QStringLiteral("request_bytes")).toDouble();
        const double tx = measured.value(QStringLiteral("transmission_ms")).toDouble();
        const int split = row.value(QStringLiteral("split")).toInt();
        if (row.value(QStringLiteral("method")).toString() == QLatin1String("edge-only-u8")) {
            // outputs used on the edge: nothing crosses, no call, no transmission
            edgeOnly = true;
            QCOMPARE(bytes, 0.0);
            QCOMPARE(tx, 0.0);
            QCOMPARE(measured.value(QStringLiteral("cloud_ms")).toDouble(), 0.0);
            QCOMPARE(predicted.value(QStringLiteral("transmission_ms")).toDouble(), 0.0);
        }
        if (split == 0) {
            cloudOnly = true;
            QVERIFY(bytes > 0.0);
        }
        if (bytes > 0.0) {
            // the pacing is the request's bytes at the rate (no round trip or overhead here)
            const double expected = bytes * 8.0 / kRate * 1000.0;
            QVERIFY2(qAbs(measured.value(QStringLiteral("paced_ms")).toDouble() - expected) < 1e-6,
                     qPrintable(name));
            // and what loopback adds to it is small at this rate
            QVERIFY2(tx >= expected,
                     qPrintable(QStringLiteral("%1: %2 < %3").arg(name).arg(tx).arg(expected)));
            if (expected >= 5.0) {
                ++paced;
                QVERIFY2(tx <= expected * 1.10,
                         qPrintable(QStringLiteral("%1: %2 ms for %3 bytes, paced %4 ms")
                                        .arg(name)
                                        .arg(tx)
                                        .arg(bytes)
                                        .arg(expected)));
            }
        }
    }
    QVERIFY(cloudOnly);
    QVERIFY(edgeOnly);
    QVERIFY(paced >= 1);
    const QJsonObject summary = root.value(QStringLiteral("summary")).toObject();
    QCOMPARE(summary.value(QStringLiteral("candidates")).toInt(), rows.size());
    QVERIFY(summary.value(QStringLiteral("within_tolerance")).toInt() <= rows.size());
    QVERIFY(summary.contains(QStringLiteral("fastest_agrees")));
}

void TestCliValidate::textTable() {
    const CliRun run = validate({QStringLiteral("--max-candidates"), QStringLiteral("2"),
                                 QStringLiteral("--no-baselines")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.out.contains(QStringLiteral("edge this (measured), cloud this (measured)")));
    QVERIFY(run.out.contains(QStringLiteral("pred total")));
    QVERIFY(run.out.contains(QStringLiteral("meas total")));
    QVERIFY(run.out.contains(QStringLiteral("[p]")));
    QVERIFY(run.out.contains(QStringLiteral("[m]")));
    QVERIFY(run.out.contains(QStringLiteral(" of 2 within 15 % of the prediction")));
    QVERIFY(run.out.contains(QStringLiteral("goal ")));
    QVERIFY(run.err.contains(QStringLiteral("validate: ")));
}

void TestCliValidate::errors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("repeats") << QStringList{QStringLiteral("--repeats"), QStringLiteral("0")}
                             << QStringLiteral("--repeats '0'");
    QTest::newRow("max-candidates")
        << QStringList{QStringLiteral("--max-candidates"), QStringLiteral("x")}
        << QStringLiteral("--max-candidates 'x'");
    QTest::newRow("uplink") << QStringList{QStringLiteral("--uplink"), QStringLiteral("fast")}
                            << QStringLiteral("--uplink");
}

void TestCliValidate::errors() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const CliRun run = validate(arguments);
    QVERIFY(run.exitCode != 0);
    QVERIFY2(oneLine(run.err), qPrintable(run.err));
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    // without a model
    const CliRun none = runCli({QStringLiteral("validate")});
    QVERIFY(none.exitCode != 0);
    QVERIFY2(none.err.contains(QStringLiteral("validate needs a MODEL")), qPrintable(none.err));
}

QTEST_MAIN(TestCliValidate)
#include "test_cli_validate.moc"
