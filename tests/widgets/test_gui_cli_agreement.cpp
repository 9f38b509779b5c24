// The explorer and `autosplit solve` answer the same settings with the same solution: the
// vendored sample model on its sample data, solved once through the main window (settings given
// to the constraint panel as a user's would be, every one the command line has) and once by the
// command line, with a network profile file of the user's (its own rate, round trip and
// per-message overhead) and a measured-latency CSV. Both select the same candidate with the same
// bit-widths, latency breakdown and measured drop, and both cost Cloud-Only the same — which they
// only do when the overhead and the measured latencies reached both solvers.

#include "tests/app/cli_process.h"

#include "core/cost/measured_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/solve/solution_set.h"
#include "session/solve_settings.h"
#include "widgets/constraints/constraint_panel.h"
#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/main_window.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace autosplit;

namespace {

const QString kSource = qEnvironmentVariable("AUTOSPLIT_SOURCE_DIR");
constexpr int kTimeoutMs = 300000;

QString modelPath() {
    return kSource + QStringLiteral("/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx");
}
QString sampleDir() {
    return kSource + QStringLiteral("/resources/sample-data/text-direction");
}
const QString kShape = QStringLiteral("x=1x3x48x192");
const QString kPreprocess =
    QStringLiteral("resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5");

bool writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

bool near(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b));
}

} // namespace

class TestGuiCliAgreement : public QObject {
    Q_OBJECT

private slots:
    void sameSettingsSameSelection_data();
    void sameSettingsSameSelection();
    void defaultNetworkAgreesWithCli();
};

void TestGuiCliAgreement::sameSettingsSameSelection_data() {
    QTest::addColumn<QString>("memory");
    QTest::addColumn<double>("maxDrop");
    QTest::addColumn<bool>("outputsOnEdge");
    QTest::addColumn<int>("rawInputBits");
    QTest::newRow("1 MiB, 5 pp") << QStringLiteral("1MB") << 5.0 << false << 8;
    QTest::newRow("64 KiB, 2 pp, outputs on the edge, 16-bit input")
        << QStringLiteral("64KB") << 2.0 << true << 16;
}

void TestGuiCliAgreement::sameSettingsSameSelection() {
    QFETCH(QString, memory);
    QFETCH(double, maxDrop);
    QFETCH(bool, outputsOnEdge);
    QFETCH(int, rawInputBits);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // The explorer opens the model with its samples and calibrates.
    MainWindow window;
    window.show();
    SolveEngine* solver = window.engine()->solveEngine();
    QSignalSpy shown(&window, &MainWindow::modelShown);
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    window.openFile(modelPath(), {parseInputShapeOverride(kShape.toStdString()).value()},
                    SampleSource{sampleDir(), kPreprocess});
    QVERIFY(shown.wait(kTimeoutMs));
    QVERIFY(calibrated.count() > 0 || calibrated.wait(kTimeoutMs));
    const auto model = shown.first().first().value<session::OpenedModelPtr>();
    QVERIFY(model->analysis.layers.size() > 10);

    // The user's own network (slow, with a large per-message overhead) and measured latencies
    // for three of the model's layers (names from the model, as a user's profiler writes them).
    const QString network = dir.filePath(QStringLiteral("site-uplink.json"));
    QVERIFY(writeText(network, R"({"name": "site-uplink", "description": "a test site",
        "uplink_bits_per_s": 1500000, "round_trip_s": 0.03, "overhead_bytes_per_message": 1500})"));
    const QString measured = dir.filePath(QStringLiteral("measured.csv"));
    QByteArray csv = "layer,edge_ms,cloud_ms\n";
    for (size_t i : {size_t(0), size_t(1), model->analysis.layers.size() - 1})
        csv += QByteArray::fromStdString(model->analysis.layers[i].name) +
               (i == 0 ? ",0.05,0.4\n" : ",2.5,\n");
    QVERIFY(writeText(measured, csv));

    // ... given to the panel as a whole, as loaded settings would be.
    session::SolveSettings settings = window.constraintPanel()->constraints();
    settings.edgeDevice = QStringLiteral("eyeriss");
    settings.cloudDevice = QStringLiteral("tpu");
    settings.network = network;
    settings.uplinkBitsPerSecond = 1500000.0; // the slider at the network's rate
    settings.roundTripSeconds.reset();
    settings.overheadBytesPerMessage.reset();
    settings.edgeMemoryBytes = memory == QStringLiteral("1MB") ? 1024 * 1024 : 64 * 1024;
    settings.maxAccuracyDrop = maxDrop;
    settings.maxError.reset();
    settings.bits = {2, 4, 6, 8};
    settings.measuredLatencies = measured;
    settings.rawInputBits = rawInputBits;
    settings.outputsOnEdge = outputsOnEdge;
    settings.evaluate = true;
    settings.evaluateLimit = 12;
    QSignalSpy finished(solver, &SolveEngine::evaluationFinished);
    QSignalSpy failed(solver, &SolveEngine::solveFailed);
    window.constraintPanel()->apply(settings);
    QCOMPARE(solver->constraints(), settings);
    SolutionSetPtr gui;
    while (!gui) {
        QVERIFY2(finished.wait(kTimeoutMs), failed.isEmpty()
                                                ? "no evaluation"
                                                : qPrintable(failed.first().first().toString()));
        const auto set = finished.last().first().value<SolutionSetPtr>();
        if (set->constraints.edgeMemoryBytes == *settings.edgeMemoryBytes &&
            set->constraints.maxAccuracyDrop == settings.maxAccuracyDrop)
            gui = set;
    }
    QCOMPARE(solver->uplink().overheadBytesPerMessage, int64_t(1500));
    QCOMPARE(solver->uplink().roundTripSeconds, 0.03);
    QVERIFY(dynamic_cast<const MeasuredLatencyModel*>(solver->latencyModel().get()) != nullptr);

    // The command line with the same settings, as options.
    QProcessEnvironment env;
    env.insert(QStringLiteral("XDG_CACHE_HOME"), qEnvironmentVariable("XDG_CACHE_HOME"));
    QStringList args{QStringLiteral("solve"),
                     modelPath(),
                     QStringLiteral("--input-shape"),
                     kShape,
                     QStringLiteral("--samples"),
                     sampleDir(),
                     QStringLiteral("--preprocess"),
                     kPreprocess,
                     QStringLiteral("--edge"),
                     QStringLiteral("eyeriss"),
                     QStringLiteral("--cloud"),
                     QStringLiteral("tpu"),
                     QStringLiteral("--network"),
                     network,
                     QStringLiteral("--memory"),
                     memory,
                     QStringLiteral("--max-drop"),
                     QString::number(maxDrop) + QLatin1Char('%'),
                     QStringLiteral("--bits"),
                     QStringLiteral("2,4,6,8"),
                     QStringLiteral("--measured"),
                     measured,
                     QStringLiteral("--raw-input-bits"),
                     QString::number(rawInputBits),
                     QStringLiteral("--json")};
    if (outputsOnEdge)
        args << QStringLiteral("--outputs-on-edge");
    const testing::CliRun run = testing::runCli(args, env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject root = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(root.value(QStringLiteral("setup"))
                 .toObject()
                 .value(QStringLiteral("overheadBytesPerMessage"))
                 .toInteger(),
             qint64(1500));

    // The same answer.
    QVERIFY(
        near(root.value(QStringLiteral("cloudOnlySeconds")).toDouble(), cloudOnlySeconds(*gui)));
    const QJsonObject cli = root.value(QStringLiteral("selected")).toObject();
    const Candidate& selected = gui->selectedCandidate();
    QCOMPARE(cli.value(QStringLiteral("split")).toInt(), selected.split);
    QVERIFY(near(cli.value(QStringLiteral("latencySeconds")).toDouble(), selected.totalSeconds));
    QVERIFY(near(cli.value(QStringLiteral("edgeSeconds")).toDouble(), selected.edgeSeconds));
    QVERIFY(near(cli.value(QStringLiteral("transmissionSeconds")).toDouble(),
                 selected.transmissionSeconds));
    QCOMPARE(cli.value(QStringLiteral("transmittedBytes")).toInteger(),
             qint64(selected.transmittedBytes));
    QCOMPARE(cli.value(QStringLiteral("edgeMemoryBytes")).toInteger(),
             qint64(selected.edgeMemoryBytes));
    if (selected.isPrefix() && !selected.floatEdge)
        for (int i = 1; i <= selected.split; ++i) {
            QCOMPARE(cli.value(QStringLiteral("weightBits")).toArray().at(i - 1).toInt(),
                     selected.bits.weight(i));
            QCOMPARE(cli.value(QStringLiteral("activationBits")).toArray().at(i - 1).toInt(),
                     selected.bits.activation(i));
        }
    qInfo("selected: split %d of %d, %.3f ms, %lld bytes sent", selected.split,
          int(model->analysis.layers.size()), selected.totalSeconds * 1e3,
          static_cast<long long>(selected.transmittedBytes));
    const QJsonValue drop = cli.value(QStringLiteral("measuredDropPercent"));
    QCOMPARE(drop.isDouble(), selected.measuredDrop.has_value());
    if (drop.isDouble())
        QVERIFY(near(drop.toDouble(), *selected.measuredDrop));
    // the transmission includes the user's overhead and round trip
    if (selected.transmittedBytes > 0)
        QVERIFY(near(selected.transmissionSeconds,
                     0.03 + double(selected.transmittedBytes + 1500) * 8.0 / 1500000.0));
}

// The explorer's default network is the 3g preset, whose 100 ms round trip and 40 bytes per
// message every transmitting split pays; `autosplit solve --network 3g` gives the same figures,
// and a run with only --uplink 3Mbps says in its header that it has no round trip — the whole
// difference between the two, to the microsecond.
void TestGuiCliAgreement::defaultNetworkAgreesWithCli() {
    MainWindow window;
    window.show();
    SolveEngine* solver = window.engine()->solveEngine();
    QSignalSpy shown(&window, &MainWindow::modelShown);
    QSignalSpy calibrated(solver, &SolveEngine::calibrationFinished);
    window.openFile(modelPath(), {parseInputShapeOverride(kShape.toStdString()).value()},
                    SampleSource{sampleDir(), kPreprocess});
    QVERIFY(shown.wait(kTimeoutMs));
    QVERIFY(calibrated.count() > 0 || calibrated.wait(kTimeoutMs));

    ConstraintPanel* panel = window.constraintPanel();
    session::SolveSettings settings = ConstraintPanel().constraints(); // a fresh panel's defaults
    QCOMPARE(settings.network, QStringLiteral("3g"));
    QVERIFY(panel->networkNote()->text().contains(QStringLiteral("100 ms")));
    settings.edgeMemoryBytes = 1024 * 1024;
    settings.bits = {2, 4, 6, 8};
    settings.maxAccuracyDrop.reset();
    settings.maxError.reset();
    settings.measuredLatencies.clear();
    settings.evaluate = false;
    QSignalSpy ready(solver, &SolveEngine::solutionReady);
    QSignalSpy failed(solver, &SolveEngine::solveFailed);
    panel->apply(settings);
    SolutionSetPtr gui;
    while (!gui) {
        QVERIFY2(ready.wait(kTimeoutMs),
                 failed.isEmpty() ? "no solution" : qPrintable(failed.first().first().toString()));
        const auto set = ready.last().first().value<SolutionSetPtr>();
        if (set->constraints.edgeMemoryBytes == *settings.edgeMemoryBytes)
            gui = set;
    }
    // the preset's own figures, read as the product reads them
    const auto preset = loadNetworkPreset("3g");
    QVERIFY2(preset, preset ? "" : preset.error().message.c_str());
    QVERIFY(preset->round_trip_s() > 0.0 && preset->overhead_bytes_per_message() > 0);
    // the bare run below gives --uplink 3Mbps: the same rate as the preset's
    QCOMPARE(preset->uplink_bits_per_s(), 3.0 * 1048576.0);
    QCOMPARE(solver->uplink().roundTripSeconds, preset->round_trip_s());

    QProcessEnvironment env;
    env.insert(QStringLiteral("XDG_CACHE_HOME"), qEnvironmentVariable("XDG_CACHE_HOME"));
    const QStringList common{QStringLiteral("solve"),         modelPath(),
                             QStringLiteral("--input-shape"), kShape,
                             QStringLiteral("--samples"),     sampleDir(),
                             QStringLiteral("--preprocess"),  kPreprocess,
                             QStringLiteral("--memory"),      QStringLiteral("1MB"),
                             QStringLiteral("--bits"),        QStringLiteral("2,4,6,8"),
                             QStringLiteral("--no-evaluate")};
    const testing::CliRun run =
        testing::runCli(common + QStringList{QStringLiteral("--network"), QStringLiteral("3g"),
                                             QStringLiteral("--json")},
                        env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject root = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const QJsonObject setup = root.value(QStringLiteral("setup")).toObject();
    QCOMPARE(setup.value(QStringLiteral("network")).toString(), QStringLiteral("3g"));
    QCOMPARE(setup.value(QStringLiteral("roundTripSeconds")).toDouble(), preset->round_trip_s());
    const double cloudOnly = root.value(QStringLiteral("cloudOnlySeconds")).toDouble();
    QVERIFY(near(cloudOnly, cloudOnlySeconds(*gui)));
    const QJsonObject cli = root.value(QStringLiteral("selected")).toObject();
    const Candidate& selected = gui->selectedCandidate();
    QCOMPARE(cli.value(QStringLiteral("split")).toInt(), selected.split);
    QVERIFY(near(cli.value(QStringLiteral("latencySeconds")).toDouble(), selected.totalSeconds));
    QVERIFY(near(cli.value(QStringLiteral("transmissionSeconds")).toDouble(),
                 selected.transmissionSeconds));
    qInfo("GUI default and --network 3g: Cloud-Only %.3f ms, selected %.3f ms", cloudOnly * 1e3,
          selected.totalSeconds * 1e3);

    // --uplink 3Mbps alone: the header states its network, no round trip and no overhead, and
    // Cloud-Only is faster by exactly 3G's round trip and its per-message bytes.
    const testing::CliRun bare = testing::runCli(
        common + QStringList{QStringLiteral("--uplink"), QStringLiteral("3Mbps")}, env);
    QVERIFY2(bare.exitCode == 0, qPrintable(bare.err));
    QVERIFY2(bare.out.contains(QStringLiteral("network: none given: uplink 3.00 Mbit/s, no round "
                                              "trip, no per-message overhead")),
             qPrintable(bare.out.left(600)));
    const testing::CliRun bareJson =
        testing::runCli(common + QStringList{QStringLiteral("--uplink"), QStringLiteral("3Mbps"),
                                             QStringLiteral("--json")},
                        env);
    QVERIFY2(bareJson.exitCode == 0, qPrintable(bareJson.err));
    const double bareCloudOnly = QJsonDocument::fromJson(bareJson.out.toUtf8())
                                     .object()
                                     .value(QStringLiteral("cloudOnlySeconds"))
                                     .toDouble();
    QVERIFY(near(cloudOnly - bareCloudOnly,
                 preset->round_trip_s() + double(preset->overhead_bytes_per_message()) * 8.0 /
                                              preset->uplink_bits_per_s()));
    // ... and the 3g run's text header names its round trip
    const testing::CliRun g3 = testing::runCli(
        common + QStringList{QStringLiteral("--network"), QStringLiteral("3g")}, env);
    QVERIFY2(g3.out.contains(QStringLiteral("network: 3g: uplink 3.00 Mbit/s, round trip 100.0 ms, "
                                            "40 B per message")),
             qPrintable(g3.out.left(600)));
}

QTEST_MAIN(TestGuiCliAgreement)
#include "test_gui_cli_agreement.moc"
