#include "widgets/engine/engine.h"

#include "widgets/engine/error_message.h"
#include "widgets/engine/solve_engine.h"
#include "widgets/number_format.h"

#include "session/bundle_export.h"
#include "session/measured_device.h"
#include "session/split_validation.h"

#include "resources/embedded_resources.h"

#include "core/passes/pass_manager.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <utility>

namespace autosplit {

namespace {

enum Phase { ImportPhase, OptimizePhase, AnalyzePhase };

} // namespace

Engine::Engine(QObject* parent)
    : QObject(parent), m_jobs(this), m_exportJobs(this, 1), m_measureJobs(this, 1),
      m_validateJobs(this, 1), m_passNames(defaultPassNames()),
      m_solveEngine(new SolveEngine(this)) {
    forwardSolveSignals();
    m_jobs.setProgressHandler([this](int permille, int phase) {
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
    });
    m_measureJobs.setProgressHandler([this](int permille, int) {
        emit measureProgress(permille, tr("Measuring this computer"));
    });
    m_validateJobs.setProgressHandler([this](int permille, int) {
        emit solutionMeasureProgress(permille, tr("Measuring the solutions on this computer"));
    });
}

Engine::~Engine() = default;

void Engine::forwardSolveSignals() {
    SolveEngine* s = m_solveEngine;
    connect(s, &SolveEngine::calibrationStarted, this, &Engine::calibrationStarted);
    connect(s, &SolveEngine::calibrationFinished, this, &Engine::calibrationFinished);
    connect(s, &SolveEngine::calibrationSkipped, this, &Engine::calibrationSkipped);
    connect(s, &SolveEngine::calibrationFailed, this, &Engine::calibrationFailed);
    connect(s, &SolveEngine::solutionReady, this, &Engine::solutionReady);
    connect(s, &SolveEngine::solveFailed, this, &Engine::solveFailed);
    connect(s, &SolveEngine::solutionUpdated, this, &Engine::solutionUpdated);
    connect(s, &SolveEngine::evaluationFinished, this, &Engine::evaluationFinished);
    connect(s, &SolveEngine::evaluationFailed, this, &Engine::evaluationFailed);
    connect(s, &SolveEngine::progress, this, &Engine::solveProgress);
    connect(s, &SolveEngine::busyChanged, this, &Engine::solveBusyChanged);
    connect(s, &SolveEngine::cancelled, this, &Engine::solveCancelled);
    connect(s, &SolveEngine::sensitivityMeasured, this, &Engine::sensitivityMeasured);
    connect(s, &SolveEngine::sensitivityFailed, this, &Engine::sensitivityFailed);
}

void Engine::setSolveSettings(const session::SolveSettings& settings) {
    m_solveEngine->setConstraints(settings);
}

const session::SolveSettings& Engine::solveSettings() const {
    return m_solveEngine->constraints();
}

void Engine::setSampleData(const session::OpenedModelPtr& model, const SampleSource& samples) {
    m_solveEngine->setModel(model, samples);
}

const SampleSource& Engine::sampleData() const {
    return m_solveEngine->samples();
}

bool Engine::canMeasureDrops() const {
    return m_solveEngine->canMeasureDrops();
}

bool Engine::willEvaluate(const SolutionSet& set) const {
    return m_solveEngine->willEvaluate(set);
}

Uplink Engine::uplink() const {
    return m_solveEngine->uplink();
}

bool Engine::isSolveBusy() const {
    return m_solveEngine->isBusy();
}

bool Engine::measureSensitivity(int bits) {
    return m_solveEngine->measureSensitivity(bits);
}

bool Engine::canMeasureSensitivity() const {
    const auto session = m_solveEngine->session();
    return session && session->canMeasure() && !m_solveEngine->isMeasuringSensitivity();
}

void Engine::cancelAll() {
    cancel();
    m_solveEngine->cancel();
    if (const std::optional<bool> side = std::exchange(m_measuring, std::nullopt)) {
        m_measureJobs.supersede();
        emit deviceMeasureCancelled(*side);
        emit measureBusyChanged(false);
    }
    if (std::exchange(m_validating, false)) {
        m_validateJobs.supersede();
        emit solutionMeasureCancelled();
        emit solutionMeasureBusyChanged(false);
    }
}

bool Engine::measureSolution(int shown) {
    const auto session = m_solveEngine->session();
    const SolutionSetPtr set = m_solveEngine->solution();
    if (!session || !set || m_validating)
        return false;
    m_validating = true;
    emit solutionMeasureBusyChanged(true);
    emit solutionMeasureProgress(0, tr("Measuring the solutions on this computer"));
    session::ValidationOptions options;
    options.uplink = m_solveEngine->uplink();
    if (shown >= 0)
        options.alsoCandidates.push_back(shown);
    m_validateJobs.restart(
        [session, set, options](session::JobContext& job) {
            return session::validateSolution(*session, *set, options, job.progressCallback(),
                                             job.cancel());
        },
        [this, set](const Result<session::ValidationReport>& report) {
            m_validating = false;
            emit solutionMeasureBusyChanged(false);
            if (!report) {
                if (report.error().isCancelled())
                    emit solutionMeasureCancelled();
                else
                    emit solutionMeasureFailed(errorMessage(report.error()));
                return;
            }
            emit solutionMeasured(std::make_shared<const session::ValidationReport>(*report), set);
        });
    return true;
}

bool Engine::measureThisComputer(bool edge) {
    const session::OpenedModelPtr model = m_solveEngine->model();
    if (!model)
        return false;
    if (const std::optional<bool> side = std::exchange(m_measuring, std::nullopt)) {
        m_measureJobs.supersede();
        emit deviceMeasureCancelled(*side);
    }
    m_measuring = edge;
    emit measureBusyChanged(true);
    emit measureProgress(0, tr("Measuring this computer"));
    ProfileOptions options;
    options.modelName = model->displayName.toStdString();
    options.kind = edge ? "edge" : "cloud";
    m_measureJobs.restart(
        [graph = session::sharedGraph(model), options](session::JobContext& job) {
            return session::measureThisComputer(graph, options, job.progressCallback(),
                                                job.cancel());
        },
        [this, edge](const Result<QString>& path) {
            m_measuring.reset();
            emit measureBusyChanged(false);
            if (!path) {
                if (path.error().isCancelled())
                    emit deviceMeasureCancelled(edge);
                else
                    emit deviceMeasureFailed(edge, errorMessage(path.error()));
                return;
            }
            emit deviceMeasured(edge, *path);
        });
    return true;
}

void Engine::openFile(const QString& path, const std::vector<InputShapeOverride>& inputShapes,
                      const SampleSource& samples, const std::optional<Restore>& restore) {
    const QFileInfo info(path);
    start({info.absoluteFilePath(), QString(), info.fileName(), inputShapes,
           restore ? restore->passNames : m_passNames, samples, restore});
}

void Engine::openSample(const QString& sampleId, const std::vector<InputShapeOverride>& inputShapes,
                        const std::optional<Restore>& restore) {
    const resources::EmbeddedSample* sample = resources::embeddedSample(sampleId);
    if (!sample)
        sample = &resources::defaultSample();
    std::vector<InputShapeOverride> shapes = inputShapes;
    if (shapes.empty()) {
        auto parsed = parseInputShapeOverride(sample->inputShape.toStdString());
        if (parsed)
            shapes.push_back(std::move(*parsed));
    }
    start({QString(),
           sample->id,
           sample->fileName,
           std::move(shapes),
           restore ? restore->passNames : m_passNames,
           {},
           restore});
}

void Engine::cancel() {
    if (!m_busy)
        return;
    m_jobs.supersede(); // whatever the worker still delivers is now stale
    setBusy(false);
    emit cancelled();
}

bool Engine::waitForWorkers(int msecs) {
    return m_jobs.waitForDone(msecs) && m_exportJobs.waitForDone(msecs) &&
           m_validateJobs.waitForDone(msecs);
}

bool Engine::exportBundle(const Candidate& candidate, const QString& dir, bool replace) {
    const auto session = m_solveEngine->session();
    if (!session || m_exportJobs.isRunning())
        return false;
    // the settings the shown solution was solved under, not those the session was opened with
    const session::SolveSettings& settings = m_solveEngine->constraints();
    session::BundleExportOptions options;
    options.replace = replace;
    options.edgeDevice = settings.edgeDevice;
    options.cloudDevice = settings.cloudDevice;
    options.network = settings.network;
    options.uplink = m_solveEngine->uplink();
    if (const SolutionSetPtr set = m_solveEngine->solution())
        options.constraints = set->constraints;
    if (const auto analysis = m_solveEngine->analysis())
        options.outputsConsumedOnEdge = analysis->options.outputsConsumedOnEdge;
    m_exportJobs.start(
        [session, candidate, dir, options](session::JobContext& job) {
            return session::exportBundle(*session, candidate, dir, options, job.progressCallback(),
                                         job.cancel());
        },
        [this, dir, candidate](const Result<session::BundleExportResult>& result) {
            if (!result) {
                emit bundleExportFailed(dir, errorMessage(result.error()));
                return;
            }
            emit bundleExported(
                dir,
                tr("split after layer %1: edge.onnx %2, cloud.onnx %3, %4 on the wire")
                    .arg(candidate.split)
                    .arg(format::bytes(result->edgeModelBytes),
                         format::bytes(result->cloudModelBytes), format::bytes(result->wireBytes)));
        });
    return true;
}

void Engine::start(Request request) {
    Q_ASSERT(QThread::currentThread() == thread());
    setBusy(true);
    emit started(request.displayName);
    emit progress(0, tr("Importing"));

    session::ModelSource source;
    if (request.filePath.isEmpty()) {
        const resources::EmbeddedSample* sample = resources::embeddedSample(request.sampleId);
        QFile file(sample ? sample->modelPath : QString());
        if (sample && file.open(QIODevice::ReadOnly))
            source = session::ModelSource::memory(file.readAll(), request.displayName);
        source.isSample = true;
        source.sampleId = request.sampleId;
    } else {
        source = session::ModelSource::file(request.filePath);
    }
    session::OpenOptions options;
    options.inputShapes = request.inputShapes;
    options.passNames = request.passNames;
    m_jobs.restart(
        [source = std::move(source), options = std::move(options)](session::JobContext& job) {
            if (source.isSample && source.bytes.isEmpty())
                return Result<session::OpenedModelPtr>(
                    Error{QCoreApplication::translate(
                              "autosplit::Engine",
                              "The embedded sample model is missing from this build.")
                              .toStdString()});
            return session::openModel(
                source, options,
                [&job](double f, std::string_view stage) {
                    job.progress(f, stage == "importing"    ? ImportPhase
                                    : stage == "optimizing" ? OptimizePhase
                                                            : AnalyzePhase);
                },
                job.cancel());
        },
        [this, samples = request.samples,
         restore = request.restore](const Result<session::OpenedModelPtr>& model) {
            setBusy(false);
            if (model) {
                if (restore) {
                    m_passNames = restore->passNames;
                    m_solveEngine->setConstraints(restore->settings);
                }
                m_solveEngine->setModel(*model, samples);
                emit modelLoaded(*model);
            } else {
                emit loadFailed(errorMessage(model.error()));
            }
        });
}

void Engine::setBusy(bool busy) {
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

} // namespace autosplit
