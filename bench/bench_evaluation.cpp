// Benchmark: time to the measured selection of `autosplit solve --max-drop 5%` with 32 samples,
// the evaluation engine (judging against the limit, shared float runs and prefixes, both cores)
// side by side with the full evaluation it replaces (every candidate from scratch on every
// sample: `--evaluation full`), on a ResNet-50-shaped model (random weights, 224 px, random
// samples), YOLOv3 (416 px, random samples) and the embedded PP-OCRv4 detector (the 16 sample
// scenes and their mirror images, with their truth boxes, at 320 px). Each model is first solved
// once to fill the calibration cache, so every timed run starts from the same calibration; the
// first run's time is printed too. The engine is timed twice: on samples new to it (its float
// outputs on them removed from the cache) and on samples it has seen (they are read back).
// Checks that all find the same selection, and prints the engine's counts: model runs, layers
// run and reused, samples judged against all.
//
//   bench_evaluation [--samples 32] [--max-drop 5%] [--only resnet50|yolov3|ppocr-det]

#include "tests/support/model_builder.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <iostream>
#include <string>
#include <sys/resource.h>

namespace {

struct Run {
    bool ok = false;
    double seconds = 0.0;
    double frontSeconds = -1.0; // when the front's search ended (the first selection shown)
    double cpuSeconds = 0.0;    // user + system time of the run: what other load cannot inflate
    QJsonObject json;
};

Run solve(const QStringList& arguments, const QString& cache) {
    Run r;
    QProcess process;
    // a calibration cache of the benchmark's own, filled by the first run
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), cache);
    process.setProcessEnvironment(environment);
    QElapsedTimer clock;
    QByteArray err;
    // the progress lines say when the baselines' stage begins: the front's search is over
    QObject::connect(&process, &QProcess::readyReadStandardError, [&] {
        err += process.readAllStandardError();
        if (r.frontSeconds < 0 &&
            (err.contains("(evaluating U8)") || err.contains("(evaluating the baselines)")))
            r.frontSeconds = double(clock.nsecsElapsed()) * 1e-9;
    });
    rusage before{};
    getrusage(RUSAGE_CHILDREN, &before);
    clock.start();
    process.start(QStringLiteral(AUTOSPLIT_CLI), arguments);
    process.waitForStarted(-1);
    while (!process.waitForFinished(20))
        QCoreApplication::processEvents();
    r.seconds = double(clock.nsecsElapsed()) * 1e-9;
    rusage after{};
    getrusage(RUSAGE_CHILDREN, &after); // the child is reaped: its times are in
    auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) * 1e-6; };
    r.cpuSeconds = seconds(after.ru_utime) - seconds(before.ru_utime) + seconds(after.ru_stime) -
                   seconds(before.ru_stime);
    err += process.readAllStandardError();
    const QByteArray out = process.readAllStandardOutput();
    r.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    r.json = QJsonDocument::fromJson(out).object();
    if (!r.ok || r.json.isEmpty())
        std::fprintf(stderr, "autosplit %s failed:\n%s\n%s\n",
                     arguments.join(QLatin1Char(' ')).toUtf8().constData(), err.constData(),
                     out.constData());
    return r;
}

// The selected split and its widths as runs ("n=103, 8x103" or "n=2, 6x2"), and its drop.
QString selection(const QJsonObject& json) {
    const QJsonObject s = json.value(QStringLiteral("selected")).toObject();
    QStringList runs;
    int last = -1, count = 0;
    auto flush = [&] {
        if (count > 0)
            runs << QStringLiteral("%1x%2").arg(last).arg(count);
    };
    for (const QJsonValue& b : s.value(QStringLiteral("weightBits")).toArray()) {
        if (b.toInt() != last) {
            flush();
            last = b.toInt();
            count = 0;
        }
        ++count;
    }
    flush();
    return QStringLiteral("n=%1%2, drop %3")
        .arg(s.value(QStringLiteral("split")).toInt())
        .arg(runs.isEmpty() ? QString() : QStringLiteral(" ") + runs.join(QLatin1Char(',')))
        .arg(s.value(QStringLiteral("measuredDropPercent")).toDouble(), 0, 'f', 2);
}

bool writeModel(const QString& path, const onnx::ModelProto& model) {
    const std::string bytes = model.SerializeAsString();
    QFile file(path);
    return file.open(QIODevice::WriteOnly) &&
           file.write(bytes.data(), qint64(bytes.size())) == qint64(bytes.size());
}

// The sample scenes and their mirror images, with the truth boxes mirrored too (each quad's
// points reversed so they keep their turning direction).
bool writeScenes(const QString& dir, int count) {
    const QString source =
        QStringLiteral(AUTOSPLIT_SOURCE_DIR "/resources/sample-data/text-scenes");
    QFile csv(source + QStringLiteral("/boxes.csv"));
    if (!csv.open(QIODevice::ReadOnly))
        return false;
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'));
    QStringList images = QDir(source).entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name);
    QString out = lines.value(0) + QLatin1Char('\n');
    int written = 0;
    for (int mirror = 0; mirror < 2 && written < count; ++mirror)
        for (const QString& name : images) {
            if (written >= count)
                break;
            QImage image(source + QLatin1Char('/') + name);
            if (image.isNull())
                return false;
            const QString target = (mirror ? QStringLiteral("mirror-") : QString()) +
                                   QFileInfo(name).baseName() + QStringLiteral(".png");
            const QImage saved = mirror ? image.mirrored(true, false) : image;
            if (!saved.save(dir + QLatin1Char('/') + target))
                return false;
            for (const QString& line : lines) {
                const QStringList f = line.split(QLatin1Char(','));
                if (f.size() < 10 || f[0] != name)
                    continue;
                QStringList row{target};
                if (!mirror) {
                    row += f.mid(1, 8);
                } else {
                    const double w = image.width();
                    for (int p : {1, 0, 3, 2})
                        row << QString::number(w - f[1 + 2 * p].toDouble()) << f[2 + 2 * p];
                }
                row += f.mid(9);
                out += row.join(QLatin1Char(',')) + QLatin1Char('\n');
            }
            ++written;
        }
    QFile boxes(dir + QStringLiteral("/boxes.csv"));
    return written == count && boxes.open(QIODevice::WriteOnly) &&
           boxes.write(out.toUtf8()) == out.toUtf8().size();
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QString samples = QStringLiteral("32"), maxDrop = QStringLiteral("5%"), only;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--samples" && i + 1 < argc)
            samples = QString::fromLocal8Bit(argv[++i]);
        else if (arg == "--max-drop" && i + 1 < argc)
            maxDrop = QString::fromLocal8Bit(argv[++i]);
        else if (arg == "--only" && i + 1 < argc)
            only = QString::fromLocal8Bit(argv[++i]);
        else {
            std::cerr << "usage: bench_evaluation [--samples 32] [--max-drop 5%] "
                         "[--only resnet50|yolov3|ppocr-det]\n";
            return 2;
        }
    }
    QTemporaryDir temp;
    const QString cache = temp.filePath(QStringLiteral("cache"));
    const QString resnet = temp.filePath(QStringLiteral("resnet50.onnx"));
    const QString yolo = temp.filePath(QStringLiteral("yolov3.onnx"));
    const QString scenes = temp.filePath(QStringLiteral("scenes"));
    if (!writeModel(resnet, autosplit::testing::buildResNet50()) ||
        !writeModel(yolo, autosplit::testing::buildYoloV3(13, 416)) || !QDir().mkpath(scenes) ||
        !writeScenes(scenes, samples.toInt())) {
        std::cerr << "bench_evaluation: cannot write the models or samples into "
                  << temp.path().toStdString() << "\n";
        return 1;
    }
    struct Model {
        QString label;
        QStringList arguments;
    };
    const QList<Model> models = {
        {QStringLiteral("resnet50"),
         {resnet, QStringLiteral("--random"), samples, QStringLiteral("--memory"),
          QStringLiteral("4MB")}},
        {QStringLiteral("yolov3"),
         {yolo, QStringLiteral("--random"), samples, QStringLiteral("--memory"),
          QStringLiteral("128MB")}},
        {QStringLiteral("ppocr-det"),
         {QStringLiteral(AUTOSPLIT_SOURCE_DIR "/resources/models/ch_PP-OCRv4_det_infer.onnx"),
          QStringLiteral("--input-shape"), QStringLiteral("x=1x3x320x320"),
          QStringLiteral("--preprocess"),
          QStringLiteral("order=bgr,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225"),
          QStringLiteral("--samples"), scenes, QStringLiteral("--metric"),
          QStringLiteral("text-detection"), QStringLiteral("--memory"), QStringLiteral("4MB")}},
    };
    std::printf("| model | samples | first run s (calibrating) | full evaluation s | engine s, "
                "new samples | engine s, seen samples | speed-up (new / seen) | front searched "
                "after s (full / new / seen) | CPU s (full / new / seen) | same selection | model "
                "runs full / engine new / "
                "seen | layers run full / engine new (reused) | samples judged / of all |\n"
                "|---|---:|---:|---:|---:|---:|---:|---|---|---|---|---|---|\n");
    int failed = 0;
    for (const Model& m : models) {
        if (!only.isEmpty() && only != m.label)
            continue;
        const QStringList common =
            QStringList{QStringLiteral("solve")} + m.arguments +
            QStringList{QStringLiteral("--max-drop"), maxDrop, QStringLiteral("--json")};
        const Run first = solve(common, cache);
        const Run full = solve(
            common + QStringList{QStringLiteral("--evaluation"), QStringLiteral("full")}, cache);
        // the float outputs the first run left in the cache, removed: samples new to the engine
        QDir(cache + QStringLiteral("/autosplit/references")).removeRecursively();
        const Run engine = solve(common, cache);
        const Run seen = solve(common, cache);
        if (!first.ok || !full.ok || !engine.ok || !seen.ok) {
            ++failed;
            continue;
        }
        const QJsonObject fe = full.json.value(QStringLiteral("evaluation")).toObject();
        const QJsonObject ee = engine.json.value(QStringLiteral("evaluation")).toObject();
        const QJsonObject se = seen.json.value(QStringLiteral("evaluation")).toObject();
        const bool same = selection(full.json) == selection(engine.json) &&
                          selection(full.json) == selection(seen.json);
        failed += same ? 0 : 1;
        auto count = [](const QJsonObject& o, const char* key) {
            return qint64(o.value(QLatin1String(key)).toDouble());
        };
        // a model run: a float one (reference) or a quantized one of a sample
        auto runs = [&](const QJsonObject& o) {
            return count(o, "referenceRuns") + count(o, "sampleRuns");
        };
        std::printf(
            "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1fx / %.1fx | %.1f / %.1f / %.1f | "
            "%.1f / %.1f / %.1f | %s | %lld / %lld / %lld | %lld / %lld (%lld) | %lld / %lld |\n",
            m.label.toUtf8().constData(), samples.toUtf8().constData(), first.seconds, full.seconds,
            engine.seconds, seen.seconds, full.seconds / engine.seconds,
            full.seconds / seen.seconds, full.frontSeconds, engine.frontSeconds, seen.frontSeconds,
            full.cpuSeconds, engine.cpuSeconds, seen.cpuSeconds, same ? "yes" : "NO", runs(fe),
            runs(ee), runs(se), count(fe, "layersRun"), count(ee, "layersRun"),
            count(ee, "layersReused"), count(ee, "samplesJudged"), count(ee, "samplesOfAll"));
        std::printf("|   | selection: full %s; engine %s |\n",
                    selection(full.json).toUtf8().constData(),
                    selection(engine.json).toUtf8().constData());
        std::fflush(stdout);
    }
    return failed ? 1 : 0;
}
