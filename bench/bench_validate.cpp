// Benchmark: predicted against measured latency (`autosplit validate`) with both sides this
// machine's measured profile, on a ResNet-50-shaped model (random weights, 1x3x224x224) and the
// embedded PP-OCRv4 detector (1x3x320x320), uplink 20 Mbit/s by default. Prints each table and
// checks the goal: every candidate's measured total within 15 % of its prediction, and the
// predicted fastest the measured fastest (or within 5 % of it). The first run measures the
// profiles (cached afterwards, as the command line caches them).
//
//   bench_validate [--uplink 20Mbps] [--repeats 5] [--only resnet50|ppocr-det]

#include "tests/support/model_builder.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <iostream>
#include <string>

namespace {

// Runs the command line; prints its report; whether it says the goal was met.
bool validate(const QString& label, const QStringList& arguments, bool& ran) {
    std::printf("== %s\n$ autosplit %s\n", label.toUtf8().constData(),
                arguments.join(QLatin1Char(' ')).toUtf8().constData());
    std::fflush(stdout);
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral(AUTOSPLIT_CLI), arguments);
    process.waitForFinished(-1);
    const QByteArray out = process.readAllStandardOutput();
    std::printf("%s\n", out.constData());
    ran = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return ran && out.contains("\ngoal met\n");
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QString uplink = QStringLiteral("20Mbps"), repeats = QStringLiteral("5"), only;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--uplink" && i + 1 < argc)
            uplink = QString::fromLocal8Bit(argv[++i]);
        else if (arg == "--repeats" && i + 1 < argc)
            repeats = QString::fromLocal8Bit(argv[++i]);
        else if (arg == "--only" && i + 1 < argc)
            only = QString::fromLocal8Bit(argv[++i]);
        else {
            std::cerr << "usage: bench_validate [--uplink 20Mbps] [--repeats 5] "
                         "[--only resnet50|ppocr-det]\n";
            return 2;
        }
    }
    QTemporaryDir temp;
    const QString resnet = temp.filePath(QStringLiteral("resnet50.onnx"));
    {
        const std::string bytes = autosplit::testing::buildResNet50().SerializeAsString();
        QFile file(resnet);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size())) {
            std::cerr << "bench_validate: cannot write " << resnet.toStdString() << "\n";
            return 1;
        }
    }
    const QStringList common = {QStringLiteral("--edge"),    QStringLiteral("this"),
                                QStringLiteral("--cloud"),   QStringLiteral("this"),
                                QStringLiteral("--uplink"),  uplink,
                                QStringLiteral("--repeats"), repeats};
    int failed = 0, missed = 0;
    auto run = [&](const QString& label, const QStringList& model) {
        if (!only.isEmpty() && only != label)
            return;
        bool ran = false;
        if (!validate(label, QStringList{QStringLiteral("validate")} + model + common, ran))
            ++(ran ? missed : failed);
    };
    run(QStringLiteral("resnet50"), {resnet, QStringLiteral("--random"), QStringLiteral("4")});
    run(QStringLiteral("ppocr-det"),
        {QStringLiteral(AUTOSPLIT_SOURCE_DIR "/resources/models/ch_PP-OCRv4_det_infer.onnx"),
         QStringLiteral("--input-shape"), QStringLiteral("x=1x3x320x320"),
         QStringLiteral("--random"), QStringLiteral("4")});
    std::printf("bench_validate: %s\n", failed   ? "a validation failed"
                                        : missed ? "goal not met (see the tables)"
                                                 : "goal met on every model");
    return failed ? 1 : 0;
}
