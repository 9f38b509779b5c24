// Benchmark of the demo a customer sees: the explorer's first start on the embedded PP-OCRv4
// models, and how fast their accuracy is measured.
//
//   bench_demo [--warm N] [--rounds N] [--node PATH]
//
// 1. Time to the first measured drop. In the real main window (1280x800, offscreen unless
//    QT_QPA_PLATFORM says otherwise), from MainWindow::openSample() to: the model shown
//    (imported, optimized, analysed, laid out), calibration finished (sample data loaded,
//    channels equalized, activation ranges and D_a for B = {2, 4, 6, 8}), the first measured
//    drop (SolveEngine::candidateEvaluated; the Pareto chart shows it in the same event-loop
//    turn) and the final selection (evaluationFinished). "cold": a first start with an empty
//    calibration cache (a fresh XDG_CACHE_HOME); "warm": later opens, the calibration read from
//    the cache (median of N). The detector opens on its demo limits (first start), the
//    recogniser on the explorer's defaults.
// 2. Evaluation throughput on the embedded data, 2 threads, batch 1, images per second (median
//    of N rounds over all samples): our executor's float forward on the optimized graph, one
//    candidate's evaluation at the window's final selection (what measuring a drop costs: the
//    float run, the fake-quantized split run and the task metric), and ONNX Runtime's float
//    forward of the same model file on the same preprocessed tensors (npm onnxruntime-node,
//    bench/ort/throughput.mjs).

#include "bench/bench_support.h"

#include "widgets/engine/engine.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/graph/graph_view.h"
#include "widgets/main_window.h"

#include "core/quant/evaluation.h"
#include "resources/embedded_resources.h"
#include "session/solve_session.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

using namespace autosplit;
namespace fs = std::filesystem;

namespace {

constexpr int kTimeoutMs = 600000;

struct OpenTiming {
    double shown = 0.0, calibrated = 0.0, firstDrop = 0.0, final = 0.0; // seconds
    bool ok = false;
    bool fromCache = false; // the calibration was read from the cache
    std::string selection;
    std::shared_ptr<const session::SolveSession> session;
    SolutionSetPtr solution;
};

// Opens `sampleId` in a new main window as a first start would and times it.
OpenTiming openAndTime(const QString& sampleId) {
    QSettings().clear(); // every open a first start: the sample's demo limits apply
    OpenTiming t;
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    SolveEngine* solver = window.engine()->solveEngine();
    QElapsedTimer clock;
    std::optional<double> shown, calibrated, first, final;
    QObject::connect(&window, &MainWindow::modelShown, [&] { shown = clock.elapsed() / 1e3; });
    QObject::connect(solver, &SolveEngine::calibrationFinished, [&](bool fromCache) {
        calibrated = clock.elapsed() / 1e3;
        t.fromCache = fromCache;
    });
    QObject::connect(solver, &SolveEngine::candidateEvaluated, [&] {
        if (!first)
            first = clock.elapsed() / 1e3;
    });
    QObject::connect(solver, &SolveEngine::evaluationFinished,
                     [&] { final = clock.elapsed() / 1e3; });
    QSignalSpy finished(solver, &SolveEngine::evaluationFinished);
    clock.start();
    window.openSample(sampleId);
    if (!finished.wait(kTimeoutMs) || !shown || !calibrated)
        return t;
    t.shown = *shown;
    t.calibrated = *calibrated;
    t.firstDrop = first.value_or(*final);
    t.final = *final;
    t.session = solver->session();
    t.solution = window.currentSolution();
    const Candidate& c = t.solution->selectedCandidate();
    t.selection =
        "split " + std::to_string(c.split) + " of " +
        std::to_string(window.currentModel()->analysis.layerCount()) +
        (c.measuredDrop ? ", drop " + QString::number(*c.measuredDrop, 'f', 2).toStdString() + " pp"
                        : std::string());
    t.ok = true;
    window.engine()->cancelAll();
    solver->waitForWorkers(kTimeoutMs);
    return t;
}

// The session's samples as raw float32 files with an inputs.json for bench/ort/throughput.mjs.
bool writeSamples(const session::SolveSession& s, const QString& dir) {
    QJsonArray list;
    const std::string input = s.setup.graph->value(s.setup.graph->inputs().front()).name;
    for (size_t i = 0; i < s.setup.samples.size(); ++i) {
        const HostTensor& t = s.setup.samples[i].front();
        const QString name = QStringLiteral("sample%1.bin").arg(i);
        QFile file(dir + QLatin1Char('/') + name);
        const auto floats = t.toFloats();
        const auto bytes = static_cast<qint64>(floats.size() * sizeof(float));
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(reinterpret_cast<const char*>(floats.data()), bytes) != bytes)
            return false;
        QJsonArray dims;
        for (int64_t d : t.dims())
            dims.append(qint64(d));
        list.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(input)},
                                {QStringLiteral("type"), QStringLiteral("float32")},
                                {QStringLiteral("dims"), dims},
                                {QStringLiteral("file"), name}});
    }
    QFile json(dir + QStringLiteral("/inputs.json"));
    return json.open(QIODevice::WriteOnly) && json.write(QJsonDocument(list).toJson()) > 0;
}

std::optional<double> ortImagesPerSecond(const std::string& node, const QString& model,
                                         const QString& dir, int rounds) {
    const std::string script = AUTOSPLIT_BENCH_DIR "/ort/throughput.mjs";
    if (!fs::exists(AUTOSPLIT_BENCH_DIR "/ort/node_modules/onnxruntime-node"))
        return std::nullopt;
    const std::string command = node + " '" + script + "' '" + model.toStdString() + "' '" +
                                dir.toStdString() + "' 2 " + std::to_string(rounds) + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return std::nullopt;
    std::string output;
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe))
        output += buffer;
    if (pclose(pipe) != 0)
        return std::nullopt;
    const auto at = output.find("ort_images_per_s=");
    if (at == std::string::npos)
        return std::nullopt;
    return std::stod(output.substr(at + 17));
}

struct Throughput {
    double floatForward = 0.0, evaluation = 0.0;
    std::optional<double> ort;
};

Throughput measureThroughput(const OpenTiming& opened, const QString& modelPath,
                             const std::string& node, int rounds) {
    Throughput out;
    const session::SolveSession& s = *opened.session;
    const double n = static_cast<double>(s.setup.samples.size());
    const std::string input = s.setup.graph->value(s.setup.graph->inputs().front()).name;
    const auto forward = bench::timeRepeats(1, rounds, [&] {
        for (const auto& sample : s.setup.samples) {
            RunRequest r;
            r.feeds[input] = sample.front();
            if (!s.setup.executor->run(r))
                std::abort();
        }
    });
    out.floatForward = n / forward.median;
    const Candidate& c = opened.solution->selectedCandidate();
    const EvaluationRequest request = session::evaluationRequest(s, c);
    const SampleTruth truth = session::sampleTruth(s.setup);
    const auto evaluation = bench::timeRepeats(0, rounds, [&] {
        if (!evaluate(*s.setup.executor, s.calibration, s.setup.samples, s.metric, truth, request))
            std::abort();
    });
    out.evaluation = n / evaluation.median;
    QTemporaryDir dir;
    if (dir.isValid() && writeSamples(s, dir.path()))
        out.ort = ortImagesPerSecond(node, modelPath, dir.path(), rounds);
    return out;
}

} // namespace

int main(int argc, char* argv[]) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // settings and calibration cache of its own, never the user's: the cold opens start empty
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral("config"))));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(home.filePath(QStringLiteral("cache"))));
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("autosplit-bench"));
    int warm = 3, rounds = 3;
    std::string node = "node";
    const QStringList args = QApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        auto next = [&]() -> QString {
            if (i + 1 >= args.size()) {
                std::fprintf(stderr, "bench_demo: %s needs a value\n", qPrintable(a));
                std::exit(2);
            }
            return args[++i];
        };
        if (a == QLatin1String("--warm"))
            warm = std::max(1, next().toInt());
        else if (a == QLatin1String("--rounds"))
            rounds = std::max(1, next().toInt());
        else if (a == QLatin1String("--node"))
            node = next().toStdString();
        else {
            std::fprintf(stderr, "usage: bench_demo [--warm N] [--rounds N] [--node PATH]\n");
            return 2;
        }
    }
    std::printf("bench_demo on %s, %d hardware threads\n\n", bench::cpuModel().c_str(),
                QThread::idealThreadCount());
    std::printf("| sample | open | shown s | calibrated s | first measured drop s | final "
                "selection s | selection |\n|---|---|---|---|---|---|---|\n");
    struct Row {
        QString id, modelFile;
        OpenTiming cold;
    };
    std::vector<Row> rows;
    for (const QString& id : {QStringLiteral("text-detector"), QStringLiteral("text-recognizer")}) {
        const resources::EmbeddedSample* sample = resources::embeddedSample(id);
        Row row{id, QStringLiteral(AUTOSPLIT_SOURCE_DIR "/resources/models/") + sample->fileName,
                openAndTime(id)};
        if (!row.cold.ok) {
            std::fprintf(stderr, "bench_demo: %s did not finish\n", qPrintable(id));
            return 1;
        }
        auto print = [&](const char* kind, const OpenTiming& t) {
            std::printf("| %s | %s%s | %.2f | %.2f | %.2f | %.2f | %s |\n", qPrintable(id), kind,
                        t.fromCache ? ", calibration from the cache" : ", calibrated", t.shown,
                        t.calibrated, t.firstDrop, t.final, t.selection.c_str());
        };
        print("cold (first start)", row.cold);
        std::vector<double> shown, calibrated, first, final;
        OpenTiming last;
        for (int i = 0; i < warm; ++i) {
            last = openAndTime(id);
            if (!last.ok)
                return 1;
            shown.push_back(last.shown);
            calibrated.push_back(last.calibrated);
            first.push_back(last.firstDrop);
            final.push_back(last.final);
        }
        OpenTiming median = last;
        median.shown = bench::median(shown);
        median.calibrated = bench::median(calibrated);
        median.firstDrop = bench::median(first);
        median.final = bench::median(final);
        print(qPrintable(QStringLiteral("warm (cache), median of %1").arg(warm)), median);
        rows.push_back(std::move(row));
    }

    std::printf("\n| sample | samples | our float forward img/s | ONNX Runtime float img/s | "
                "evaluating the selection img/s |\n|---|---|---|---|---|\n");
    for (const Row& row : rows) {
        const Throughput t = measureThroughput(row.cold, row.modelFile, node, rounds);
        std::printf("| %s | %zu | %.1f | %s | %.1f |\n", qPrintable(row.id),
                    row.cold.session->setup.samples.size(), t.floatForward,
                    t.ort ? QString::number(*t.ort, 'f', 1).toUtf8().constData()
                          : "n/a (npm ci --prefix bench/ort)",
                    t.evaluation);
    }
    return 0;
}
