#include "solve_engine.h"

#include "resources/embedded_resources.h"

#include "app/common/model_setup.h"
#include "app/common/solution_evaluation.h"
#include "app/common/solve_session.h"

#include "core/cost/analytical_latency_model.h"
#include "core/data/sample_set.h"
#include "core/passes/pass_manager.h"
#include "core/quant/quant_error_table.h"
#include "core/solve/solver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace autosplit {

namespace {

// What every edge preset supports; calibrated up front so a device change rarely recalibrates.
const std::vector<int> kDefaultBits = {2, 4, 6, 8};

enum Stage { LoadingSamplesStage, CalibratingStage, WeightErrorsStage, EvaluatingStage };

QString qstr(const std::string& s) {
    return QString::fromStdString(s);
}

// At most one progress report per 50 ms, and only when the bar moves or the stage changes.
class Throttle {
public:
    Throttle() { m_sinceLast.start(); }
    bool pass(int permille, int stage) {
        if (stage == m_stage && (permille <= m_permille || m_sinceLast.elapsed() < 50))
            return false;
        m_permille = permille;
        m_stage = stage;
        m_sinceLast.restart();
        return true;
    }

private:
    QElapsedTimer m_sinceLast;
    int m_permille = -1;
    int m_stage = -1;
};

int toPermille(double fraction) {
    return static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000.0);
}

// The model's file bytes, part of the calibration cache key (as on the command line).
QByteArray modelBytes(const ModelAnalysis& model) {
    QFile file(model.isSample ? resources::sampleModelPath() : model.filePath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// How the graph was optimized, for the cache key: the command line's "optimized" for the
// default passes, so both share cache entries.
QByteArray optimizationLabel(const std::vector<std::string>& passes) {
    if (passes.empty())
        return QByteArrayLiteral("raw");
    if (passes == defaultPassNames())
        return QByteArrayLiteral("optimized");
    QByteArray label = QByteArrayLiteral("passes:");
    for (const std::string& p : passes)
        label += QByteArray::fromStdString(p) + ',';
    return label;
}

using StageProgress = std::function<void(double fraction, int stage)>;

// Calibrates `session` on the model's samples. An empty return is success; otherwise why it
// could not (one line). `fromCache` tells where the result came from.
QString calibrateSession(session::SolveSession& session, const ModelAnalysis& model,
                         const SampleSource& source, const CancellationToken& cancel,
                         const StageProgress& progress, bool& fromCache) {
    const Graph& graph = *session.setup.graph;
    SampleSetOptions options;
    std::optional<Result<SampleSet>> set;
    if (!source.path.isEmpty() || model.isSample) {
        const bool embedded = source.path.isEmpty();
        const QString specText =
            !source.preprocessSpec.isEmpty()
                ? source.preprocessSpec
                : (embedded ? resources::sampleDataPreprocessSpec() : QString());
        if (specText.isEmpty()) {
            options.preprocess = session::defaultPreprocessSpec(graph);
        } else {
            auto spec = parsePreprocessSpec(specText.toStdString());
            if (!spec)
                return SolveEngine::tr("Preprocessing: %1").arg(qstr(spec.error().message));
            options.preprocess = *spec;
        }
        if (embedded)
            set = SampleSet::fromFiles("sample data", resources::sampleDataFiles(), options);
        else
            set = SampleSet::open(QFile::encodeName(source.path).toStdString(), options);
    }
    if (!set)
        return SolveEngine::tr("No sample data: accuracy drops cannot be measured.");
    if (!*set)
        return qstr(set->error().message);
    auto executor = Executor::create(session.setup.graph);
    if (!executor)
        return SolveEngine::tr("%1 cannot run on the samples: %2")
            .arg(model.displayName, qstr(executor.error().message));
    session.setup.executor.emplace(std::move(executor).value());

    auto inputs = session::loadSampleInputs(
        **set, graph, [&](double f, std::string_view) { progress(f, LoadingSamplesStage); },
        cancel);
    if (!inputs)
        return qstr(inputs.error().message);
    session.setup.samples = std::move(inputs->samples);
    session.setup.labels = std::move(inputs->labels);
    session.setup.cacheKey = session::calibrationCacheKey(
        modelBytes(model), optimizationLabel(model.passNames), graph, model.inputShapes,
        session.setup.samples, session.setup.settings);
    auto calibration = session::calibrateCached(
        session.setup, [&](double f, std::string_view) { progress(f, CalibratingStage); }, cancel);
    if (!calibration)
        return qstr(calibration.error().message);
    fromCache = calibration->fromCache;
    session.calibration = std::move(calibration->result);
    return {};
}

} // namespace

struct SolveEngine::LatencyCache {
    std::mutex mutex;
    std::map<std::pair<QString, QString>, std::shared_ptr<const LatencyModel>> models;
};

struct SolveEngine::Prepared {
    std::shared_ptr<const session::SolveSession> session; // null when nothing could be prepared
    bool calibrated = false;
    bool fromCache = false;
    bool cancelled = false;
    QString note; // why calibration did not run; the error when `session` is null
};

struct SolveEngine::Solved {
    SolutionSetPtr set;
    std::shared_ptr<const LatencyModel> latency;
    Uplink uplink;
    QString error;
    std::vector<int> recalibrateBits; // the bits to calibrate when B asks for ones the table lacks
};

SolveEngine::SolveEngine(QObject* parent) : QObject(parent), m_calibrationBits(kDefaultBits) {
    // Calibration, a solve and an evaluation can overlap for a moment (a superseded job winds
    // down to its next cancellation check while the newest runs); none waits on another.
    m_pool.setMaxThreadCount(2);
}

SolveEngine::~SolveEngine() {
    m_prepareCancel.cancel();
    m_evaluationCancel.cancel();
    ++m_prepareGeneration;
    ++m_solveGeneration;
    ++m_evaluationGeneration;
    // Workers post their results to this object; once they are done, Qt discards anything still
    // queued for it when the QObject part is destroyed.
    m_pool.waitForDone();
}

bool SolveEngine::canMeasureDrops() const {
    return m_session && m_session->canMeasure();
}

bool SolveEngine::willEvaluate(const SolutionSet& set) const {
    return m_session && m_session->canMeasure() && set.constraints.maxAccuracyDrop.has_value();
}

bool SolveEngine::waitForWorkers(int msecs) {
    return m_pool.waitForDone(msecs);
}

void SolveEngine::setModel(ModelAnalysisPtr model, const SampleSource& samples) {
    Q_ASSERT(QThread::currentThread() == thread());
    stopEvaluation();
    m_prepareCancel.cancel();
    ++m_prepareGeneration;
    ++m_solveGeneration; // a solve of the previous model still running is stale
    m_preparing = false;
    m_model = std::move(model);
    m_samples = samples;
    m_session.reset();
    m_solution.reset();
    m_latency.reset();
    m_latencyCache = std::make_shared<LatencyCache>();
    std::vector<int> bits = kDefaultBits;
    // a bit-width the quantizers lack is the solve's error to report, not the calibration's
    std::copy_if(m_settings.bits.begin(), m_settings.bits.end(), std::back_inserter(bits),
                 session::isQuantizerBitWidth);
    m_calibrationBits = session::calibrationBitsFor(bits);
    if (m_model)
        startPreparation(PrepareMode::Calibrate);
    updateBusy();
}

void SolveEngine::clearModel() {
    setModel(nullptr);
}

void SolveEngine::setConstraints(const session::SolveSettings& settings) {
    Q_ASSERT(QThread::currentThread() == thread());
    m_settings = settings;
    ++m_solveGeneration;
    stopEvaluation();
    if (!m_session)
        updateBusy();
    // else busy stays as it is until the solve is back and its evaluation starts, not flicker
    scheduleSolve();
}

void SolveEngine::cancel() {
    Q_ASSERT(QThread::currentThread() == thread());
    bool any = false;
    if (m_evaluating) {
        stopEvaluation();
        any = true;
    }
    if (m_preparing) {
        any = true;
        if (m_prepareMode == PrepareMode::Calibrate) {
            startPreparation(PrepareMode::WeightsOnly, tr("Calibration cancelled."));
        } else {
            m_prepareCancel.cancel();
            ++m_prepareGeneration;
            m_preparing = false;
        }
    }
    updateBusy();
    if (any)
        emit cancelled();
}

void SolveEngine::startPreparation(PrepareMode mode, const QString& reason) {
    m_prepareCancel.cancel(); // the superseded job stops at its next check
    m_prepareCancel = CancellationToken();
    const quint64 generation = ++m_prepareGeneration;
    const CancellationToken cancel = m_prepareCancel;
    m_prepareMode = mode;
    m_preparing = true;
    updateBusy();
    if (mode == PrepareMode::Calibrate) {
        emit calibrationStarted();
        emit progress(0, tr("Calibrating"));
    } else {
        emit progress(0, tr("Computing weight errors"));
    }

    m_pool.start([this, generation, cancel, mode, reason, model = m_model, samples = m_samples,
                  bits = m_calibrationBits, evaluateLimit = m_evaluateLimit]() {
        if (cancel.isCancelled())
            return; // superseded before it started
        Throttle throttle;
        auto progress = [&](double fraction, int stage) {
            // loading samples is the first tenth, calibration the rest
            const double overall = stage == LoadingSamplesStage ? 0.1 * fraction
                                   : stage == CalibratingStage  ? 0.1 + 0.9 * fraction
                                                                : fraction;
            const int permille = toPermille(overall);
            if (!throttle.pass(permille, stage))
                return;
            QMetaObject::invokeMethod(
                this,
                [this, generation, permille, stage] {
                    reportProgress(generation, false, permille, stage);
                },
                Qt::QueuedConnection);
        };
        auto prepared = std::make_shared<Prepared>();
        auto s = std::make_shared<session::SolveSession>();
        s->setup.graph =
            std::shared_ptr<const Graph>(model, &model->graph); // shares the model's lifetime
        s->setup.settings.bits = bits;
        s->analysis = model->analysis;
        s->evaluateLimit = evaluateLimit;
        s->modelPath = model->filePath;
        if (mode == PrepareMode::Calibrate) {
            prepared->note =
                calibrateSession(*s, *model, samples, cancel, progress, prepared->fromCache);
            prepared->calibrated = prepared->note.isEmpty();
        } else {
            prepared->note = reason;
        }
        if (cancel.isCancelled()) {
            prepared->cancelled = true;
        } else if (!prepared->calibrated) {
            // Without calibration the solver still has D_w; drops cannot be measured.
            s->setup.executor.reset();
            s->setup.samples.clear();
            s->setup.labels.clear();
            s->evaluate = false;
            auto table = computeWeightErrors(
                model->graph, bits, s->setup.settings.weightRange,
                [&](double f, std::string_view) { progress(f, WeightErrorsStage); }, cancel);
            if (!table) {
                prepared->cancelled = cancel.isCancelled();
                prepared->note = qstr(table.error().message);
                s.reset();
            } else {
                s->calibration = CalibrationResult{std::move(table).value(), {}, 0};
            }
        }
        if (s && !prepared->cancelled)
            prepared->session = std::move(s);
        QMetaObject::invokeMethod(
            this, [this, generation, prepared] { finishPreparation(generation, prepared); },
            Qt::QueuedConnection);
    });
}

void SolveEngine::finishPreparation(quint64 generation, const std::shared_ptr<Prepared>& prepared) {
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation != m_prepareGeneration)
        return; // superseded: another model, another calibration, or cancelled
    m_preparing = false;
    if (prepared->cancelled) {
        updateBusy();
        return;
    }
    if (!prepared->session) {
        updateBusy();
        emit calibrationFailed(prepared->note);
        return;
    }
    m_session = prepared->session;
    if (prepared->calibrated)
        emit calibrationFinished(prepared->fromCache);
    else
        emit calibrationSkipped(prepared->note);
    ++m_solveGeneration;
    scheduleSolve();
    updateBusy();
}

void SolveEngine::scheduleSolve() {
    if (!m_session || m_solving || m_solveQueued)
        return; // not calibrated yet, or the running solve is redone when it is back
    m_solveQueued = true;
    // One solve per event-loop turn, with whatever settings are newest by then.
    QTimer::singleShot(0, this, [this] {
        m_solveQueued = false;
        startSolve();
    });
}

void SolveEngine::startSolve() {
    if (!m_session || m_solving)
        return;
    m_solving = true;
    const quint64 generation = m_solveGeneration;
    session::SolveSettings settings = m_settings;
    // A drop limit judges measured drops; without samples none can be measured, and every
    // quantized candidate would fail it, leaving Cloud-Only whatever the memory and uplink. The
    // limit then does not apply (the views say so) and the selection is the fastest in memory.
    if (!m_session->canMeasure())
        settings.maxAccuracyDrop.reset();
    m_pool.start([this, generation, solveSession = m_session, settings = std::move(settings),
                  cache = m_latencyCache, model = m_model]() {
        auto solved = std::make_shared<Solved>();
        auto post = [&] {
            QMetaObject::invokeMethod(
                this, [this, generation, solved] { finishSolve(generation, solved); },
                Qt::QueuedConnection);
        };
        auto edge = session::loadDevice(settings.edgeDevice);
        if (!edge) {
            solved->error = tr("Edge device: %1").arg(qstr(edge.error().message));
            return post();
        }
        auto cloud = session::loadDevice(settings.cloudDevice);
        if (!cloud) {
            solved->error = tr("Cloud device: %1").arg(qstr(cloud.error().message));
            return post();
        }
        std::optional<Uplink> network;
        if (!settings.network.isEmpty()) {
            auto uplink = session::loadNetworkUplink(settings.network);
            if (!uplink) {
                solved->error = tr("Network: %1").arg(qstr(uplink.error().message));
                return post();
            }
            network = *uplink;
        }
        for (int b : settings.bits)
            if (!session::isQuantizerBitWidth(b)) {
                solved->error =
                    tr("Bit-width %1 is not one the quantizers support (2..8, 16).").arg(b);
                return post();
            }
        solved->uplink = session::uplinkFor(settings, network);
        if (!(solved->uplink.bitsPerSecond > 0) || !(solved->uplink.roundTripSeconds >= 0)) {
            solved->error =
                tr("Network: the uplink needs a rate above 0 and a round trip of 0 or more.");
            return post();
        }
        const SolveConstraints limits = session::constraintsFor(settings, edge->params);
        if (auto s = limits.validate(); !s) {
            solved->error = qstr(s.error().message);
            return post();
        }
        const QuantErrorTable& table = solveSession->calibration.table;
        if (std::any_of(limits.bits.begin(), limits.bits.end(),
                        [&](int b) { return !table.bitIndex(b); })) {
            std::vector<int> bits = table.bits;
            bits.insert(bits.end(), limits.bits.begin(), limits.bits.end());
            solved->recalibrateBits = session::calibrationBitsFor(bits);
            return post();
        }
        {
            std::lock_guard lock(cache->mutex);
            auto& latency = cache->models[{settings.edgeDevice, settings.cloudDevice}];
            if (!latency) {
                auto built = makeLatencyModel(model->graph, solveSession->analysis, edge->profile,
                                              cloud->profile);
                if (!built) {
                    solved->error = qstr(built.error().message);
                    cache->models.erase({settings.edgeDevice, settings.cloudDevice});
                    return post();
                }
                latency = std::move(built).value();
            }
            solved->latency = latency;
        }
        auto set =
            solve(session::problemFor(*solveSession, *solved->latency, solved->uplink), limits);
        if (!set)
            solved->error = qstr(set.error().message);
        else
            solved->set = std::make_shared<const SolutionSet>(std::move(set).value());
        post();
    });
}

void SolveEngine::finishSolve(quint64 generation, const std::shared_ptr<Solved>& solved) {
    Q_ASSERT(QThread::currentThread() == thread());
    m_solving = false;
    if (generation != m_solveGeneration) {
        scheduleSolve(); // superseded while it ran: solve the newest settings
        updateBusy();
        return;
    }
    if (!solved->recalibrateBits.empty()) {
        // B asks for bit-widths the calibration lacks: calibrate them, then solve again.
        m_calibrationBits = solved->recalibrateBits;
        m_session.reset();
        startPreparation(PrepareMode::Calibrate);
        return;
    }
    if (!solved->error.isEmpty()) {
        updateBusy();
        emit solveFailed(solved->error);
        return;
    }
    m_solution = solved->set;
    m_latency = solved->latency;
    m_uplink = solved->uplink;
    double cloudOnly = std::nan("");
    for (const Candidate& c : m_solution->candidates)
        if (c.method == Method::CloudOnly) {
            cloudOnly = c.totalSeconds;
            break;
        }
    emit solutionReady(m_solution, cloudOnly);
    // A listener may have asked for another solve already; then this one is not evaluated.
    if (generation == m_solveGeneration && willEvaluate(*m_solution))
        startEvaluation(m_solution);
    updateBusy();
}

void SolveEngine::startEvaluation(const SolutionSetPtr& set) {
    m_evaluationCancel = CancellationToken();
    const quint64 generation = ++m_evaluationGeneration;
    const CancellationToken cancel = m_evaluationCancel;
    m_evaluating = true;
    updateBusy();
    emit progress(0, tr("Evaluating candidates"));
    m_pool.start([this, generation, cancel, set, solveSession = m_session, latency = m_latency,
                  uplink = m_uplink]() {
        if (cancel.isCancelled())
            return;
        Throttle throttle;
        auto progress = [&](double fraction, std::string_view) {
            const int permille = toPermille(fraction);
            if (!throttle.pass(permille, EvaluatingStage))
                return;
            QMetaObject::invokeMethod(
                this,
                [this, generation, permille] {
                    reportProgress(generation, true, permille, EvaluatingStage);
                },
                Qt::QueuedConnection);
        };
        auto measured = [&](const SolutionSet& current, int candidate) {
            auto snapshot = std::make_shared<const SolutionSet>(current);
            const double drop =
                candidate >= 0
                    ? current.candidates[static_cast<size_t>(candidate)].measuredDrop.value_or(0.0)
                    : 0.0;
            QMetaObject::invokeMethod(
                this,
                [this, generation, snapshot, candidate, drop] {
                    evaluationUpdate(generation, snapshot, candidate, drop);
                },
                Qt::QueuedConnection);
        };
        SolutionSet working = *set;
        auto status = session::evaluateSolution(*solveSession, *latency, uplink, working, progress,
                                                cancel, measured);
        if (cancel.isCancelled())
            return; // whoever cancelled has dropped this evaluation already
        SolutionSetPtr result;
        QString error;
        if (status)
            result = std::make_shared<const SolutionSet>(std::move(working));
        else
            error = qstr(status.error().message);
        QMetaObject::invokeMethod(
            this,
            [this, generation, result, error] { finishEvaluation(generation, result, error); },
            Qt::QueuedConnection);
    });
}

void SolveEngine::evaluationUpdate(quint64 generation, const SolutionSetPtr& set, int candidate,
                                   double drop) {
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation != m_evaluationGeneration)
        return;
    m_solution = set;
    if (candidate >= 0)
        emit candidateEvaluated(candidate, drop);
    emit solutionUpdated(set);
}

void SolveEngine::finishEvaluation(quint64 generation, const SolutionSetPtr& set,
                                   const QString& error) {
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation != m_evaluationGeneration)
        return;
    m_evaluating = false;
    updateBusy();
    if (!set) {
        emit evaluationFailed(error);
        return;
    }
    m_solution = set;
    emit solutionUpdated(set);
    emit evaluationFinished(set);
}

void SolveEngine::stopEvaluation() {
    m_evaluationCancel.cancel();
    ++m_evaluationGeneration; // whatever the worker still delivers is now stale
    m_evaluating = false;
}

void SolveEngine::reportProgress(quint64 generation, bool evaluation, int permille, int stage) {
    if (generation != (evaluation ? m_evaluationGeneration : m_prepareGeneration))
        return;
    QString text;
    switch (stage) {
    case LoadingSamplesStage:
        text = tr("Loading sample data");
        break;
    case CalibratingStage:
        text = tr("Calibrating");
        break;
    case WeightErrorsStage:
        text = tr("Computing weight errors");
        break;
    default:
        text = tr("Evaluating candidates");
        break;
    }
    emit progress(permille, text);
}

void SolveEngine::updateBusy() {
    const bool busy = m_preparing || m_evaluating;
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

} // namespace autosplit
