// `autosplit solve` and `autosplit sweep` on the vendored sample model and its sample data: the
// selected solution keeps the guarantees (within memory, never slower than Cloud-Only, measured
// drop within the limit), the report is consistent with itself (crossing bytes add up, the
// front is sorted, CSV rows match the candidates), the sweep's rows move the way the limits
// say, and every bad option is one clear line.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

#include "tests/app/cli_process.h"

namespace {

using autosplit::testing::CliRun;

const QString kSource = QStringLiteral(AUTOSPLIT_SOURCE_DIR);

QStringList sampleArgs(const QString& command) {
    return {command,
            kSource + QStringLiteral("/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx"),
            QStringLiteral("--input-shape"),
            QStringLiteral("x=1x3x48x192"),
            QStringLiteral("--samples"),
            kSource + QStringLiteral("/resources/sample-data/text-direction"),
            QStringLiteral("--preprocess"),
            QStringLiteral("resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5")};
}

// The checks every text report of `solve` passes: lines fit 100 columns, counts agree with their
// nouns, sizes are written one way, and the report ends with its run time.
void checkReadable(const QString& report) {
    const QStringList lines = report.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    static const QRegularExpression pluralOfOne(QStringLiteral("(^|[^0-9.,])1 [a-z]+s\\b"));
    // a size is "768 B", "2.00 KiB", "26.1 MiB", with the exact count only as "(27,336,808 B)"
    static const QRegularExpression rawBytes(
        QStringLiteral("(\\b\\d{4,} B\\b)|(\\bbytes\\b)|(\\d\\s?[kKMG]B\\b)"));
    static const QRegularExpression repeated(QStringLiteral("\\b(\\w+) \\1\\b"));
    for (const QString& line : lines) {
        QVERIFY2(line.size() <= 100,
                 qPrintable(QStringLiteral("%1 columns: ").arg(line.size()) + line));
        QVERIFY2(!pluralOfOne.match(line).hasMatch(), qPrintable(line));
        QVERIFY2(!rawBytes.match(line).hasMatch(), qPrintable(line));
        QVERIFY2(!repeated.match(line).hasMatch(), qPrintable(line));
    }
    QVERIFY2(lines.last().startsWith(QStringLiteral("total run time: ")), qPrintable(lines.last()));
}

} // namespace

class TestCliSolve : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_cache.isValid()); }
    void solveJsonKeepsTheGuarantees();
    void solveTextAndCsv();
    void textReportReadsWell();
    void randomInputsAreWarnedOf();
    void helpNamesEveryCommandAlike();
    void sweepFollowsTheLimits();
    void equalizedGraphIsCostedAsItself();
    void reportsBadInput();

private:
    CliRun run(const QStringList& arguments) const {
        return autosplit::testing::runCliCachingIn(m_cache.path(), arguments);
    }
    QTemporaryDir m_cache;
};

void TestCliSolve::solveJsonKeepsTheGuarantees() {
    QStringList args = sampleArgs(QStringLiteral("solve"));
    args << QStringLiteral("--edge") << QStringLiteral("eyeriss") << QStringLiteral("--cloud")
         << QStringLiteral("tpu") << QStringLiteral("--uplink") << QStringLiteral("3Mbps")
         << QStringLiteral("--memory") << QStringLiteral("1MB") << QStringLiteral("--max-drop")
         << QStringLiteral("5%") << QStringLiteral("--json");
    const CliRun r = run(args);
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const int layers = root.value(QStringLiteral("layers")).toInt();
    QVERIFY(layers > 40);
    QCOMPARE(root.value(QStringLiteral("setup"))
                 .toObject()
                 .value(QStringLiteral("edgeMemoryBytes"))
                 .toInteger(),
             qint64(1) << 20);
    QCOMPARE(root.value(QStringLiteral("setup"))
                 .toObject()
                 .value(QStringLiteral("uplinkBitsPerSecond"))
                 .toDouble(),
             3.0 * 1048576.0);
    const QJsonObject selected = root.value(QStringLiteral("selected")).toObject();
    const double cloudOnly = root.value(QStringLiteral("cloudOnlySeconds")).toDouble();
    QVERIFY(cloudOnly > 0);
    QVERIFY(selected.value(QStringLiteral("feasible")).toBool());
    QVERIFY(selected.value(QStringLiteral("latencySeconds")).toDouble() <= cloudOnly * (1 + 1e-12));
    QVERIFY(selected.value(QStringLiteral("edgeMemoryBytes")).toInteger() <= qint64(1) << 20);
    // the breakdown adds up
    QCOMPARE(selected.value(QStringLiteral("edgeSeconds")).toDouble() +
                 selected.value(QStringLiteral("transmissionSeconds")).toDouble() +
                 selected.value(QStringLiteral("cloudSeconds")).toDouble(),
             selected.value(QStringLiteral("latencySeconds")).toDouble());
    // a quantized edge was measured on the 16 samples and is within the limit
    const int split = selected.value(QStringLiteral("split")).toInt();
    if (split > 0) {
        QVERIFY(selected.value(QStringLiteral("measuredDropPercent")).isDouble());
        QVERIFY(selected.value(QStringLiteral("measuredDropPercent")).toDouble() <= 5.0);
        QCOMPARE(selected.value(QStringLiteral("weightBits")).toArray().size(), split);
    }
    // the crossing tensors are what is transmitted (packed per tensor)
    qint64 crossing = 0;
    for (const auto& t : selected.value(QStringLiteral("crossing")).toArray())
        crossing += t.toObject().value(QStringLiteral("bytes")).toInteger();
    QCOMPARE(crossing, selected.value(QStringLiteral("transmittedBytes")).toInteger());
    // Cloud-Only sends the 8-bit 3x48x192 image
    const QJsonArray front = root.value(QStringLiteral("paretoFront")).toArray();
    QVERIFY(!front.isEmpty());
    double previous = 0;
    for (const auto& v : front) {
        const double t = v.toObject().value(QStringLiteral("latencySeconds")).toDouble();
        QVERIFY(t >= previous);
        previous = t;
    }
    QStringList names;
    for (const auto& v : root.value(QStringLiteral("baselines")).toArray()) {
        const QJsonObject b = v.toObject();
        names << b.value(QStringLiteral("name")).toString();
        if (b.value(QStringLiteral("name")).toString() == QStringLiteral("Cloud-Only")) {
            QCOMPARE(b.value(QStringLiteral("transmittedBytes")).toInteger(), qint64(3 * 48 * 192));
            QCOMPARE(b.value(QStringLiteral("latencySeconds")).toDouble(), cloudOnly);
        }
    }
    for (const char* expected :
         {"Cloud-Only", "Edge-Only U8", "U8", "Neurosurgeon", "DADS/QDMP", "QDMP_E", "QDMP_E + U4"})
        QVERIFY2(names.contains(QString::fromLatin1(expected)),
                 qPrintable(names.join(QStringLiteral(" | "))));
    // no baseline that fits and meets the limit is faster than the selection
    for (const auto& v : root.value(QStringLiteral("baselines")).toArray()) {
        const QJsonObject b = v.toObject();
        const QJsonValue drop = b.value(QStringLiteral("measuredDropPercent"));
        if (b.value(QStringLiteral("feasible")).toBool() && drop.isDouble() &&
            drop.toDouble() <= 5.0 && !b.contains(QStringLiteral("edgeLayers")))
            QVERIFY2(selected.value(QStringLiteral("latencySeconds")).toDouble() <=
                         b.value(QStringLiteral("latencySeconds")).toDouble() * (1 + 1e-9),
                     qPrintable(b.value(QStringLiteral("name")).toString()));
    }
}

void TestCliSolve::solveTextAndCsv() {
    QStringList args = sampleArgs(QStringLiteral("solve"));
    args << QStringLiteral("--network") << QStringLiteral("4g") << QStringLiteral("--memory")
         << QStringLiteral("4MB") << QStringLiteral("--max-drop") << QStringLiteral("5");
    const CliRun text = run(args);
    QVERIFY2(text.exitCode == 0, qPrintable(text.err));
    QVERIFY(text.out.contains(QStringLiteral("Selected: ")));
    QVERIFY(text.out.contains(QStringLiteral("Pareto front in (latency, error)")));
    QVERIFY(text.out.contains(QStringLiteral("Baselines on the same cost model")));
    QVERIFY(text.out.contains(QStringLiteral("round trip"))); // the 4G preset has one
    QVERIFY2(text.err.contains(QStringLiteral("calibration from cache")) ||
                 text.err.contains(QStringLiteral("solve: 100%")),
             qPrintable(text.err));

    QTemporaryDir dir;
    const QString csvPath = dir.filePath(QStringLiteral("candidates.csv"));
    args << QStringLiteral("--csv") << QStringLiteral("--out") << csvPath;
    const CliRun csv = run(args);
    QVERIFY2(csv.exitCode == 0, qPrintable(csv.err));
    QVERIFY(csv.out.isEmpty());
    QFile file(csvPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines =
        QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.front().startsWith(QStringLiteral("kind,method,outcome,split")));
    int selected = 0, candidates = 0, baselines = 0;
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList cells = lines[i].split(QLatin1Char(','));
        QCOMPARE(cells.size(), 20); // through measured_drop_pp, drop_low, drop_high, drop_samples
        candidates += cells[0] == QStringLiteral("candidate");
        baselines += cells[0] == QStringLiteral("baseline");
        selected += cells[6] == QStringLiteral("1");
    }
    QCOMPARE(selected, 1);
    QVERIFY(candidates >= 2);
    QVERIFY(baselines >= 7);
}

// Rows of a sweep: the selection's latency per "uplink|memory|limit", checking each row's limits.
QMap<QString, double> selections(const QString& csv, int limitColumn, int valueColumn) {
    QMap<QString, double> latency;
    const QStringList lines = csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty() ||
        !lines.front().startsWith(QStringLiteral("uplink_bps,memory_bytes,max_drop_pp,solution")))
        return latency;
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList c = lines[i].split(QLatin1Char(','));
        if (c.size() != 16)
            return {};
        if (c[3] != QStringLiteral("Auto-Split"))
            continue;
        if (c[12].toLongLong() > c[1].toLongLong())
            return {}; // over the memory limit
        if (limitColumn >= 0 && !c[limitColumn].isEmpty() && !c[valueColumn].isEmpty() &&
            c[valueColumn].toDouble() > c[limitColumn].toDouble() + 1e-12)
            return {}; // over the accuracy limit
        latency[c[0] + QLatin1Char('|') + c[1] + QLatin1Char('|') + c[2]] = c[7].toDouble();
    }
    return latency;
}

void TestCliSolve::sweepFollowsTheLimits() {
    // Judged by the error proxy (no evaluation), the selection is the fastest candidate within
    // the limits, so it can only get faster with a faster uplink (the candidates are the same),
    // more memory (a superset of budget pairs and potential splits) or a looser limit.
    QStringList args = sampleArgs(QStringLiteral("sweep"));
    args << QStringLiteral("--no-evaluate") << QStringLiteral("--uplinks")
         << QStringLiteral("100kbps,100Mbps") << QStringLiteral("--memories")
         << QStringLiteral("64KB,4MB") << QStringLiteral("--max-error") << QStringLiteral("0.05");
    const CliRun r = run(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QMap<QString, double> latency = selections(r.out, -1, -1);
    QCOMPARE(latency.size(), 4);
    const QString slow = QString::number(102400.0, 'g', 9),
                  fast = QString::number(100.0 * 1048576.0, 'g', 9);
    const QString small = QString::number(64 * 1024), large = QString::number(4 * 1048576);
    const QString none = QStringLiteral("|");
    for (const QString& memory : {small, large})
        QVERIFY(latency[fast + QLatin1Char('|') + memory + none] <=
                latency[slow + QLatin1Char('|') + memory + none]);
    for (const QString& rate : {slow, fast})
        QVERIFY(latency[rate + QLatin1Char('|') + large + none] <=
                latency[rate + QLatin1Char('|') + small + none]);
    // at the slow uplink, Cloud-Only (2.2 s for the 27,648-byte image) is beaten
    QVERIFY(latency[slow + QLatin1Char('|') + large + none] < 1.0);

    // Judged by measured drops: every selection is within its drop and memory limits, and a
    // looser drop limit never selects a slower solution than a 0-point one.
    QStringList measured = sampleArgs(QStringLiteral("sweep"));
    measured << QStringLiteral("--uplinks") << QStringLiteral("100kbps,100Mbps")
             << QStringLiteral("--memories") << QStringLiteral("64KB,4MB")
             << QStringLiteral("--max-drops") << QStringLiteral("0,10%")
             << QStringLiteral("--evaluate-limit") << QStringLiteral("1000");
    const CliRun m = run(measured);
    QVERIFY2(m.exitCode == 0, qPrintable(m.err));
    const QMap<QString, double> judged = selections(m.out, 2, 15);
    QCOMPARE(judged.size(), 8);
    for (const QString& rate : {slow, fast})
        for (const QString& memory : {small, large})
            QVERIFY(judged[rate + QLatin1Char('|') + memory + QStringLiteral("|10")] <=
                    judged[rate + QLatin1Char('|') + memory + QStringLiteral("|0")]);
}

// --equalize rewrites the graph (the sample classifier has tensors read by depthwise convs); the
// rewrite computes the same with the same tensors, so every baseline costs what it costs without
// it. When the rewrite renumbered tensor ids, the opened model's analysis costed them wrong
// (here a latency; on the PP-OCRv4 detector Edge-Only sent nothing).
void TestCliSolve::equalizedGraphIsCostedAsItself() {
    auto baselines = [this](bool equalize) {
        QStringList args = sampleArgs(QStringLiteral("solve"));
        args << QStringLiteral("--edge") << QStringLiteral("eyeriss") << QStringLiteral("--uplink")
             << QStringLiteral("3Mbps") << QStringLiteral("--no-evaluate")
             << QStringLiteral("--json");
        if (equalize)
            args << QStringLiteral("--equalize");
        const CliRun r = run(args);
        std::map<QString, std::pair<qint64, double>> out;
        if (r.exitCode != 0) {
            qWarning("%s", qPrintable(r.err));
            return out;
        }
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        for (const auto& v : root.value(QStringLiteral("baselines")).toArray()) {
            const QJsonObject b = v.toObject();
            out[b.value(QStringLiteral("name")).toString()] = {
                b.value(QStringLiteral("transmittedBytes")).toInteger(),
                b.value(QStringLiteral("latencySeconds")).toDouble()};
        }
        return out;
    };
    const auto plain = baselines(false);
    const auto equalized = baselines(true);
    QVERIFY(!plain.empty());
    QCOMPARE(equalized.size(), plain.size());
    // Edge-Only U8 sends the classifier's output to the cloud
    QVERIFY(plain.at(QStringLiteral("Edge-Only U8")).first > 0);
    for (const auto& [name, cost] : plain) {
        QVERIFY2(equalized.count(name), qPrintable(name));
        QCOMPARE(equalized.at(name).first, cost.first);
        QCOMPARE(equalized.at(name).second, cost.second);
    }
}

void TestCliSolve::textReportReadsWell() {
    // 64 KB: the QDMP baseline that keeps the whole model on the edge cannot fit
    QStringList args = sampleArgs(QStringLiteral("solve"));
    args << QStringLiteral("--memory") << QStringLiteral("64KB") << QStringLiteral("--max-drop")
         << QStringLiteral("5");
    const CliRun r = run(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    checkReadable(r.out);
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    // the selection is named once: a method and where it runs, no outcome repeating the method
    const QStringList selected = lines.filter(QStringLiteral("Selected: "));
    QCOMPARE(selected.size(), 1);
    QVERIFY2(!selected.first().contains(QStringLiteral("cloud-only, Cloud-Only")) &&
                 !selected.first().contains(QStringLiteral("edge-only-u8, Edge-Only")),
             qPrintable(selected.first()));
    QVERIFY(r.out.contains(QStringLiteral("samples: ")));
    QVERIFY2(!r.out.contains(QStringLiteral("random inputs")), qPrintable(r.out));
    // the edge's widths as runs: consecutive rows differ, and the runs cover layers 1..split
    // without a gap (one row per layer made a 103-layer edge 103 rows long)
    const qsizetype header = lines.indexOf(lines.filter(QStringLiteral("edge layers")).value(0));
    QVERIFY(header >= 0); // 64 KB: the selection splits
    {
        QString previous;
        int next = 1;
        for (qsizetype i = header + 2; i < lines.size() && !lines[i].trimmed().isEmpty(); ++i) {
            const QStringList cells = lines[i].split(QLatin1Char(' '), Qt::SkipEmptyParts);
            QVERIFY(cells.size() >= 3);
            const QString widths = cells[cells.size() - 2] + QLatin1Char('/') + cells.last();
            QVERIFY2(widths != previous, qPrintable(lines[i]));
            previous = widths;
            const QStringList range = cells.first().split(QLatin1Char('-'));
            QCOMPARE(range.first().toInt(), next);
            next = range.last().toInt() + 1;
        }
        QVERIFY(next > 1);
    }
    // every infeasible baseline: dashes for its times, and its reason in the notes
    const CliRun json = run(args + QStringList{QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    int infeasible = 0;
    for (const auto& v : QJsonDocument::fromJson(json.out.toUtf8())
                             .object()
                             .value(QStringLiteral("baselines"))
                             .toArray()) {
        const QJsonObject b = v.toObject();
        if (b.value(QStringLiteral("feasible")).toBool())
            continue;
        ++infeasible;
        const QString name = b.value(QStringLiteral("name")).toString();
        const QStringList row = lines.filter(QRegularExpression(
            QStringLiteral("^") + QRegularExpression::escape(name) + QStringLiteral("  ")));
        QVERIFY2(row.size() == 1, qPrintable(name));
        // split, then the total, vs cloud, edge, transmission and cloud times: all "-"
        const QStringList cells =
            row.first().mid(name.size()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (int i = 1; i <= 5; ++i)
            QVERIFY2(cells.value(i) == QStringLiteral("-"), qPrintable(row.first()));
        QVERIFY2(r.out.contains(QStringLiteral("  ") + name + QStringLiteral(": infeasible: ")),
                 qPrintable(r.out));
    }
    QVERIFY2(infeasible > 0, "64 KB leaves every baseline feasible; the check checks nothing");
}

void TestCliSolve::randomInputsAreWarnedOf() {
    const QString warning =
        QStringLiteral("drops on random inputs say nothing about task accuracy");
    const QStringList random{
        QStringLiteral("solve"),
        kSource + QStringLiteral("/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx"),
        QStringLiteral("--input-shape"),
        QStringLiteral("x=1x3x48x192"),
        QStringLiteral("--random"),
        QStringLiteral("3"),
        QStringLiteral("--memory"),
        QStringLiteral("1MB"),
        QStringLiteral("--max-drop"),
        QStringLiteral("5")};
    const CliRun r = run(random);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    checkReadable(r.out);
    QVERIFY2(r.out.simplified().contains(QStringLiteral("warning: the accuracy drops were measured "
                                                        "on 3 random inputs; ") +
                                         warning),
             qPrintable(r.out));
    // JSON carries it among its warnings; stderr says it too
    const CliRun json = run(random + QStringList{QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    bool found = false;
    for (const auto& w : QJsonDocument::fromJson(json.out.toUtf8())
                             .object()
                             .value(QStringLiteral("warnings"))
                             .toArray())
        found = found || w.toString().contains(warning);
    QVERIFY2(found, qPrintable(json.out));
    QVERIFY2(json.err.simplified().contains(warning), qPrintable(json.err));
    QVERIFY2(json.err.contains(QStringLiteral("solve: total run time: ")), qPrintable(json.err));
    // without an evaluation there is no drop to warn of
    const CliRun unevaluated = run(random + QStringList{QStringLiteral("--no-evaluate")});
    QVERIFY2(unevaluated.exitCode == 0, qPrintable(unevaluated.err));
    QVERIFY2(!unevaluated.out.simplified().contains(warning), qPrintable(unevaluated.out));
    // the sweep's CSV stays CSV; its warning goes to stderr
    QStringList sweep = random;
    sweep[0] = QStringLiteral("sweep");
    const CliRun grid = run(sweep);
    QVERIFY2(grid.exitCode == 0, qPrintable(grid.err));
    QVERIFY(grid.out.startsWith(QStringLiteral("uplink_bps,")));
    QVERIFY2(grid.err.simplified().contains(warning), qPrintable(grid.err));
    QVERIFY2(grid.err.contains(QStringLiteral("sweep: 1 grid point solved")), qPrintable(grid.err));
    QVERIFY2(grid.err.contains(QStringLiteral("sweep: total run time: ")), qPrintable(grid.err));
}

void TestCliSolve::helpNamesEveryCommandAlike() {
    const CliRun top = run({QStringLiteral("--help")});
    QCOMPARE(top.exitCode, 0);
    const QStringList topLines = top.out.split(QLatin1Char('\n'));
    for (const QString& line : topLines)
        QVERIFY2(line.size() <= 100, qPrintable(line));
    for (const char* name :
         {"analyze", "run", "calibrate", "evaluate", "solve", "sweep", "export"}) {
        const QString command = QString::fromLatin1(name);
        const CliRun help = run({command, QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        const QStringList lines = help.out.split(QLatin1Char('\n'));
        // the program by the name one types, the command before its options
        QVERIFY2(lines.first().startsWith(QStringLiteral("Usage: autosplit ") + command +
                                          QStringLiteral(" [options] MODEL")),
                 qPrintable(lines.first()));
        QVERIFY2(!help.out.contains(QStringLiteral(AUTOSPLIT_CLI_PATH)), qPrintable(help.out));
        QVERIFY2(!help.out.contains(QStringLiteral("The command.")), qPrintable(help.out));
        // its summary is the one `autosplit --help` gives, as a sentence
        const QStringList listed = topLines.filter(
            QRegularExpression(QStringLiteral("^  ") + command + QStringLiteral(" ")));
        QCOMPARE(listed.size(), 1);
        QString summary = listed.first().mid(2 + command.size()).trimmed();
        summary[0] = summary[0].toUpper();
        QCOMPARE(lines.value(2), summary + QLatin1Char('.'));
        static const QRegularExpression repeated(QStringLiteral("\\b(\\w+) \\1\\b"));
        for (const QString& line : lines) {
            QVERIFY2(line.size() <= 100, qPrintable(line));
            QVERIFY2(!repeated.match(line).hasMatch(), qPrintable(line));
        }
    }
}

void TestCliSolve::reportsBadInput() {
    struct Case {
        QStringList extra;
        int exitCode;
        QString mentions;
    };
    QTemporaryDir dir;
    const QString badNetwork = dir.filePath(QStringLiteral("net.json"));
    {
        QFile f(badNetwork);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name": "mine", "uplink_bits_per_second": -5})");
    }
    const Case cases[] = {
        {{QStringLiteral("--memory"), QStringLiteral("4XB")}, 2, QStringLiteral("--memory '4XB'")},
        {{QStringLiteral("--uplink"), QStringLiteral("0Mbps")},
         2,
         QStringLiteral("--uplink '0Mbps'")},
        {{QStringLiteral("--max-drop"), QStringLiteral("150%")},
         2,
         QStringLiteral("--max-drop '150%'")},
        {{QStringLiteral("--bits"), QStringLiteral("4,9")}, 2, QStringLiteral("--bits")},
        {{QStringLiteral("--edge"), QStringLiteral("no-such-device")},
         1,
         QStringLiteral("no-such-device")},
        {{QStringLiteral("--network"), badNetwork}, 1, QStringLiteral("net.json")},
        {{QStringLiteral("--rtt"), QStringLiteral("-3ms")}, 2, QStringLiteral("--rtt")},
    };
    for (const Case& c : cases) {
        QStringList args = sampleArgs(QStringLiteral("solve"));
        args << c.extra;
        const CliRun r = run(args);
        QCOMPARE(r.exitStatus, QProcess::NormalExit);
        QVERIFY2(r.exitCode == c.exitCode,
                 qPrintable(c.extra.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
        const QStringList errLines = r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(!errLines.isEmpty() && errLines.last().startsWith(QStringLiteral("autosplit: ")) &&
                     errLines.last().contains(c.mentions),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
    // a sweep list with a bad element names it
    QStringList sweep = sampleArgs(QStringLiteral("sweep"));
    sweep << QStringLiteral("--uplinks") << QStringLiteral("3Mbps,fast");
    const CliRun r = run(sweep);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("'fast'")), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCliSolve)
#include "test_cli_solve.moc"
