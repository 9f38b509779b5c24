#include "engine.h"

#include "solve_engine.h"

#include "resources/embedded_resources.h"

#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <functional>

namespace autosplit {

namespace {

enum Phase { ImportPhase, OptimizePhase, AnalyzePhase };

// Share of the whole job each phase gets on the progress bar (import dominates on big models).
constexpr double kImportEnd = 0.6;
constexpr double kOptimizeEnd = 0.8;

using PhaseProgress = std::function<void(double fraction, Phase phase)>;

struct Outcome {
    ModelAnalysisPtr model;
    QString error;
};

Outcome runJob(const QString& filePath, const QString& displayName,
               const std::vector<InputShapeOverride>& inputShapes,
               const std::vector<std::string>& passNames, const CancellationToken& cancel,
               const PhaseProgress& progress) {
    auto model = std::make_shared<ModelAnalysis>();
    model->filePath = filePath;
    model->displayName = displayName;
    model->isSample = filePath.isEmpty();
    model->inputShapes = inputShapes;
    model->passNames = passNames;

    ImportOptions options;
    options.inputShapes = inputShapes;
    QElapsedTimer timer;
    timer.start();
    auto importProgress = [&](double f, std::string_view) {
        progress(kImportEnd * f, ImportPhase);
    };
    Result<ImportedModel> imported = Error{};
    if (model->isSample) {
        QFile file(resources::sampleModelPath());
        if (!file.open(QIODevice::ReadOnly))
            return {nullptr, QCoreApplication::translate(
                                 "autosplit::Engine",
                                 "The embedded sample model is missing from this build.")};
        const QByteArray bytes = file.readAll();
        model->fileBytes = bytes.size();
        imported = importOnnxBytes(bytes.toStdString(), displayName.toStdString(), {}, options,
                                   importProgress, cancel);
    } else {
        model->fileBytes = QFileInfo(filePath).size();
        imported = importOnnxFile(QFile::encodeName(filePath).toStdString(), options,
                                  importProgress, cancel);
    }
    if (!imported)
        return {nullptr, QString::fromStdString(imported.error().message)};
    model->importSeconds = timer.nsecsElapsed() / 1e9;
    model->warnings = std::move(imported->warnings);
    model->rawGraph = imported->graph;
    model->graph = std::move(imported->graph);

    timer.restart();
    auto reports = optimizeGraph(
        model->graph, passNames,
        [&](double f, std::string_view) {
            progress(kImportEnd + (kOptimizeEnd - kImportEnd) * f, OptimizePhase);
        },
        cancel);
    if (!reports)
        return {nullptr, QString::fromStdString(reports.error().message)};
    model->passReports = std::move(*reports);
    model->optimizeSeconds = timer.nsecsElapsed() / 1e9;

    timer.restart();
    auto analysis = analyzeSplits(
        model->graph, AnalysisOptions{},
        [&](double f, std::string_view) {
            progress(kOptimizeEnd + (1.0 - kOptimizeEnd) * f, AnalyzePhase);
        },
        cancel);
    if (!analysis)
        return {nullptr, QString::fromStdString(analysis.error().message)};
    model->analysis = std::move(*analysis);
    model->analyzeSeconds = timer.nsecsElapsed() / 1e9;
    model->warnings.insert(model->warnings.end(), model->analysis.warnings.begin(),
                           model->analysis.warnings.end());
    return {std::move(model), {}};
}

} // namespace

Engine::Engine(QObject* parent)
    : QObject(parent), m_passNames(defaultPassNames()), m_solveEngine(new SolveEngine(this)) {
    // Two threads: a superseded job may still be winding down to its next cancellation check
    // while the newest one already runs.
    m_pool.setMaxThreadCount(2);
}

Engine::~Engine() {
    m_cancel.cancel();
    ++m_generation;
    // Workers post their results to this object; once they are done, Qt discards anything still
    // queued for it when the QObject part is destroyed.
    m_pool.waitForDone();
}

void Engine::openFile(const QString& path, const std::vector<InputShapeOverride>& inputShapes,
                      const SampleSource& samples) {
    const QFileInfo info(path);
    start({info.absoluteFilePath(), info.fileName(), inputShapes, m_passNames, samples});
}

void Engine::openSample(const std::vector<InputShapeOverride>& inputShapes) {
    std::vector<InputShapeOverride> shapes = inputShapes;
    if (shapes.empty()) {
        auto parsed = parseInputShapeOverride(resources::sampleModelInputShape().toStdString());
        if (parsed)
            shapes.push_back(std::move(*parsed));
    }
    start({QString(), resources::sampleModelName(), std::move(shapes), m_passNames, {}});
}

void Engine::cancel() {
    if (!m_busy)
        return;
    m_cancel.cancel();
    ++m_generation; // whatever the worker still delivers is now stale
    setBusy(false);
    emit cancelled();
}

bool Engine::waitForWorkers(int msecs) {
    return m_pool.waitForDone(msecs);
}

void Engine::start(Request request) {
    Q_ASSERT(QThread::currentThread() == thread());
    m_cancel.cancel(); // the superseded job stops at its next check
    m_cancel = CancellationToken();
    const quint64 generation = ++m_generation;
    const CancellationToken cancel = m_cancel;
    setBusy(true);
    emit started(request.displayName);
    emit progress(0, tr("Importing"));

    m_pool.start([this, request = std::move(request), generation, cancel]() {
        if (cancel.isCancelled())
            return; // superseded before it started
        // Throttle: at most one update per 50 ms and only when the bar moves, or the phase changes.
        QElapsedTimer sinceLast;
        sinceLast.start();
        int lastPermille = 0;
        int lastPhase = ImportPhase;
        auto progress = [&](double fraction, Phase phase) {
            const int permille = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000.0);
            if (phase == lastPhase && (permille <= lastPermille || sinceLast.elapsed() < 50))
                return;
            lastPermille = permille;
            lastPhase = phase;
            sinceLast.restart();
            QMetaObject::invokeMethod(
                this,
                [this, generation, permille, phase] {
                    reportProgress(generation, permille, phase);
                },
                Qt::QueuedConnection);
        };
        Outcome outcome = runJob(request.filePath, request.displayName, request.inputShapes,
                                 request.passNames, cancel, progress);
        QMetaObject::invokeMethod(
            this,
            [this, generation, outcome = std::move(outcome), samples = request.samples] {
                finish(generation, outcome.model, outcome.error, samples);
            },
            Qt::QueuedConnection);
    });
}

void Engine::reportProgress(quint64 generation, int permille, int phase) {
    if (generation != m_generation)
        return;
    QString stage;
    switch (phase) {
    case ImportPhase:
        stage = tr("Importing");
        break;
    case OptimizePhase:
        stage = tr("Optimizing");
        break;
    default:
        stage = tr("Analyzing");
        break;
    }
    emit progress(permille, stage);
}

void Engine::finish(quint64 generation, const ModelAnalysisPtr& model, const QString& error,
                    const SampleSource& samples) {
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation != m_generation)
        return; // superseded or cancelled: nobody asked for this any more
    setBusy(false);
    if (model) {
        m_solveEngine->setModel(model, samples);
        emit modelLoaded(model);
    } else {
        emit loadFailed(error);
    }
}

void Engine::setBusy(bool busy) {
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

} // namespace autosplit
