// Long file: every background job of the solve engine (calibration, solve, evaluation,
// sensitivity) is here beside the state and the generation counters that order them; split
// apart, the rules for which result may still be applied would be spread over files.

#include "widgets/engine/solve_engine.h"

#include "widgets/engine/error_message.h"

#include "resources/embedded_resources.h"

#include "core/solve/measured_selection.h"
#include "session/drop_store.h"
#include "session/model_setup.h"
#include "session/solve_session.h"
#include "session/task_metric_setup.h"

#include "core/cost/analytical_latency_model.h"
#include "core/data/sample_set.h"
#include "core/passes/pass_manager.h"
#include "core/quant/quant_error_table.h"
#include "core/solve/solver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>

namespace autosplit {

namespace {

// What every edge preset supports; calibrated up front so a device change rarely recalibrates.
const std::vector<int> kDefaultBits = {2, 4, 6, 8};

enum Stage {
    LoadingSamplesStage,
    EqualizingStage,
    CalibratingStage,
    WeightErrorsStage,
    EvaluatingStage,
    SensitivityStage
};

QString qstr(const std::string& s) {
    return QString::fromStdString(s);
}

using StageProgress = std::function<void(double fraction, int stage)>;

// Calibrates `session` on the model's samples: the user's, or an embedded sample's own data
// with its metric. An empty return is success; otherwise why it could not (one line).
// `fromCache` tells where the result came from.
QString calibrateSession(session::SolveSession& session, const session::OpenedModel& model,
                         const SampleSource& source, const CancellationToken& cancel,
                         const StageProgress& progress, bool& fromCache) {
    const resources::EmbeddedSample* embedded = source.path.isEmpty() && model.isSample
                                                    ? resources::embeddedSample(model.sampleId)
                                                    : nullptr;
    if (source.path.isEmpty() && !embedded)
        return SolveEngine::tr("No sample data: accuracy drops cannot be measured.");
    const QString specText = !source.preprocessSpec.isEmpty() ? source.preprocessSpec
                             : embedded                       ? embedded->preprocessSpec
                                                              : QString();
    MetricKind metricKind = source.metric;
    QString dictionary = source.dictionary;
    bool equalize = source.equalize;
    if (embedded) {
        metricKind = parseMetric(embedded->metric.toStdString()).value_or(metricKind);
        dictionary = embedded->dictionaryPath;
        equalize = true;
        session.setup.settings.activationRange.method =
            parseRangeMethod(embedded->activationRange.toStdString())
                .value_or(session.setup.settings.activationRange.method);
        session.setup.settings.weightRounding =
            parseWeightRounding(embedded->weightRounding.toStdString())
                .value_or(session.setup.settings.weightRounding);
    }

    const Graph& graph = *session.setup.graph;
    // checked before any sample is read: a wrong metric or dictionary is the user's to fix
    auto metric = session::taskMetricFor(metricKind, graph, dictionary);
    if (!metric)
        return SolveEngine::tr("%1: %2").arg(QString::fromLatin1(metricName(metricKind).data()),
                                             errorMessage(metric.error()));
    metric->lines.ignoreSpaces = !source.countSpaces;

    SampleSetOptions options;
    // a recogniser's labels are the lines' texts, a detector's the lines' boxes
    options.textLabels = metricKind == MetricKind::TextRecognition;
    options.textBoxes = metricKind == MetricKind::TextDetection;
    if (specText.isEmpty()) {
        options.preprocess = session::defaultPreprocessSpec(graph);
    } else {
        auto spec = parsePreprocessSpec(specText.toStdString());
        if (!spec)
            return SolveEngine::tr("Preprocessing: %1").arg(qstr(spec.error().message));
        options.preprocess = *spec;
    }
    Result<SampleSet> set =
        embedded
            ? SampleSet::fromFiles("sample data", resources::sampleDataFiles(*embedded), options)
            : SampleSet::open(QFile::encodeName(source.path).toStdString(), options);
    if (!set)
        return errorMessage(set.error());
    if (metricKind == MetricKind::TextRecognition && !set->hasTextLabels())
        return SolveEngine::tr("Text recognition needs the lines' texts: a labels.csv of file "
                               "name and text beside the images.");
    if (metricKind == MetricKind::TextDetection && !set->hasBoxes())
        return SolveEngine::tr("Text detection needs the text boxes: a boxes.csv beside the "
                               "images.");
    auto executor = Executor::create(session.setup.graph);
    if (!executor)
        return SolveEngine::tr("%1 cannot run on the samples: %2")
            .arg(model.displayName, errorMessage(executor.error()));
    session.setup.executor.emplace(std::move(executor).value());

    auto inputs = session::loadSampleInputs(
        *set, graph, [&](double f, std::string_view) { progress(f, LoadingSamplesStage); }, cancel);
    if (!inputs)
        return errorMessage(inputs.error());
    session.setup.samples = std::move(inputs->samples);
    session.setup.labels = std::move(inputs->labels);
    session.setup.texts = std::move(inputs->texts);
    session.setup.boxes = std::move(inputs->boxes);
    session.metric = std::move(metric).value();
    if (equalize) {
        auto equalized = session::equalizeSetup(
            session.setup, {}, [&](double f, std::string_view) { progress(f, EqualizingStage); },
            cancel);
        if (!equalized)
            return errorMessage(equalized.error());
    }
    session.setup.cacheKey = session::calibrationCacheKey(
        model.fileBytes(), model.optimizationLabel(), *session.setup.graph, model.inputShapes,
        session.setup.samples, session.setup.settings);
    auto calibration = session::calibrateCached(
        session.setup, [&](double f, std::string_view) { progress(f, CalibratingStage); }, cancel);
    if (!calibration)
        return errorMessage(calibration.error());
    fromCache = calibration->fromCache;
    session.calibration = std::move(calibration->result);
    // the drops measured when these samples were judged before show at once
    if (session.setup.useCache)
        session::loadStoredDrops(session);
    return {};
}

} // namespace

struct SolveEngine::LatencyCache {
    // edge, cloud, measured-latency CSV, analysis (raw input bits, outputs on the edge)
    using Key = std::tuple<QString, QString, QString, std::pair<int, bool>>;
    std::mutex mutex;
    std::map<std::pair<int, bool>, std::shared_ptr<const SplitAnalysis>> analyses;
    std::map<Key, std::shared_ptr<const LatencyModel>> models;
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
    std::shared_ptr<const SplitAnalysis> analysis;
    std::shared_ptr<const LatencyModel> latency;
    Uplink uplink;
    QString error;
    std::vector<int> recalibrateBits; // the bits to calibrate when B asks for ones the table lacks
};

SolveEngine::SolveEngine(QObject* parent)
    : QObject(parent), m_prepareJobs(this), m_solveJobs(this), m_evaluationJobs(this),
      m_sensitivityJobs(this), m_pickJobs(this), m_calibrationBits(kDefaultBits) {
    m_prepareJobs.setProgressHandler(
        [this](int permille, int stage) { emit progress(permille, stageText(stage)); });
    m_evaluationJobs.setProgressHandler(
        [this](int permille, int stage) { emit progress(permille, stageText(stage)); });
    m_sensitivityJobs.setProgressHandler(
        [this](int permille, int stage) { emit progress(permille, stageText(stage)); });
}

SolveEngine::~SolveEngine() = default;

bool SolveEngine::canMeasureDrops() const {
    return m_session && m_session->canMeasure() && m_settings.evaluate;
}

bool SolveEngine::willEvaluate(const SolutionSet& set) const {
    return canMeasureDrops() && set.constraints.maxAccuracyDrop.has_value();
}

bool SolveEngine::waitForWorkers(int msecs) {
    QDeadlineTimer deadline(msecs < 0 ? QDeadlineTimer::Forever : QDeadlineTimer(msecs));
    auto left = [&] {
        return deadline.isForever() ? -1 : int(std::max<qint64>(deadline.remainingTime(), 0));
    };
    return m_prepareJobs.waitForDone(left()) && m_solveJobs.waitForDone(left()) &&
           m_evaluationJobs.waitForDone(left()) && m_sensitivityJobs.waitForDone(left()) &&
           m_pickJobs.waitForDone(left());
}

void SolveEngine::setModel(session::OpenedModelPtr model, const SampleSource& samples) {
    Q_ASSERT(QThread::currentThread() == thread());
    stopEvaluation();
    m_prepareJobs.supersede();
    m_solveJobs.supersede(); // a solve of the previous model still running is stale
    m_sensitivityJobs.supersede();
    m_pickJobs.supersede();
    m_measuringCandidate = false;
    m_extraDrops = false;
    m_measuringSensitivity = false;
    m_sensitivity.reset();
    m_preparing = false;
    m_model = std::move(model);
    m_samples = samples;
    m_session.reset();
    m_solution.reset();
    m_analysis.reset();
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

void SolveEngine::restoreDrops(const QString& storeKey, std::map<std::string, double> drops) {
    Q_ASSERT(QThread::currentThread() == thread());
    m_restoredDropsKey = storeKey;
    m_restoredDrops = std::move(drops);
}

void SolveEngine::setConstraints(const session::SolveSettings& settings) {
    Q_ASSERT(QThread::currentThread() == thread());
    // The evaluation engine judges at the confidence its session was made with: another one
    // needs the session made again, unless none judges drops (or none is being made to).
    const bool remake = settings.dropConfidence != m_settings.dropConfidence && m_model &&
                        (m_preparing ? m_prepareMode == PrepareMode::Calibrate
                                     : m_session && m_session->canMeasure());
    m_settings = settings;
    m_solveJobs.supersede();
    stopEvaluation();
    if (remake) {
        remakeSession();
        return;
    }
    if (!m_session)
        updateBusy();
    // else busy stays as it is until the solve is back and its evaluation starts, not flicker
    scheduleSolve();
}

void SolveEngine::remakeSession() {
    if (m_session) {
        // drops on every sample hold at any confidence: the new session starts with them
        m_restoredDropsKey = session::dropStoreKey(*m_session);
        m_restoredDrops = m_session->drops.entries();
    }
    m_session.reset();
    m_pickJobs.supersede();
    m_measuringCandidate = false;
    m_extraDrops = false;
    // the shown solution stays until the new session's first solve replaces it
    startPreparation(PrepareMode::Calibrate);
}

void SolveEngine::cancel() {
    Q_ASSERT(QThread::currentThread() == thread());
    bool any = false;
    if (m_evaluating) {
        stopEvaluation();
        any = true;
    }
    if (m_measuringSensitivity) {
        m_sensitivityJobs.supersede();
        m_measuringSensitivity = false;
        any = true;
    }
    if (m_measuringCandidate) {
        m_pickJobs.supersede();
        m_measuringCandidate = false;
        any = true;
    }
    if (m_preparing) {
        any = true;
        if (m_prepareMode == PrepareMode::Calibrate) {
            startPreparation(PrepareMode::WeightsOnly, tr("Calibration cancelled."));
        } else {
            m_prepareJobs.supersede();
            m_preparing = false;
        }
    }
    updateBusy();
    if (any)
        emit cancelled();
}

void SolveEngine::startPreparation(PrepareMode mode, const QString& reason) {
    m_prepareMode = mode;
    m_preparing = true;
    updateBusy();
    if (mode == PrepareMode::Calibrate) {
        emit calibrationStarted();
        emit progress(0, tr("Calibrating"));
    } else {
        emit progress(0, tr("Computing weight errors"));
    }

    auto work = [mode, reason, model = m_model, samples = m_samples, bits = m_calibrationBits,
                 evaluateLimit = m_evaluateLimit,
                 confidence = m_settings.dropConfidence](session::JobContext& job) {
        auto progress = [&job](double fraction, int stage) {
            // loading samples is the first tenth, equalizing the second, calibration the rest
            job.progress(stage == LoadingSamplesStage ? 0.1 * fraction
                         : stage == EqualizingStage   ? 0.1 + 0.1 * fraction
                         : stage == CalibratingStage  ? 0.2 + 0.8 * fraction
                                                      : fraction,
                         stage);
        };
        const CancellationToken& cancel = job.cancel();
        auto prepared = std::make_shared<Prepared>();
        auto s = std::make_shared<session::SolveSession>();
        s->setup.graph = session::sharedGraph(model);
        s->setup.settings.bits = bits;
        s->setup.settings.weightRange.method = samples.weightRange;
        s->setup.settings.activationRange.method = samples.activationRange;
        s->setup.settings.weightRange.percentile = samples.percentile;
        s->setup.settings.activationRange.percentile = samples.percentile;
        s->setup.settings.weightRounding = samples.weightRounding;
        s->setup.useCache = samples.useCache;
        s->analysis = model->analysis;
        s->evaluateLimit = evaluateLimit;
        s->engineOptions.confidence = confidence;
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
            s->setup.texts.clear();
            s->setup.boxes.clear();
            s->setup.graph = session::sharedGraph(model); // not a half-done equalization's
            s->evaluate = false;
            auto table = computeWeightErrors(
                model->graph, bits, s->setup.settings.weightRange,
                [&](double f, std::string_view) { progress(f, WeightErrorsStage); }, cancel);
            if (!table) {
                prepared->cancelled = cancel.isCancelled();
                prepared->note = errorMessage(table.error());
                s.reset();
            } else {
                s->calibration = CalibrationResult{};
                s->calibration.table = std::move(table).value();
            }
        }
        if (s && !prepared->cancelled)
            prepared->session = std::move(s);
        return prepared;
    };
    m_prepareJobs.restart(std::move(work), [this](const std::shared_ptr<Prepared>& prepared) {
        finishPreparation(prepared);
    });
}

void SolveEngine::finishPreparation(const std::shared_ptr<Prepared>& prepared) {
    Q_ASSERT(QThread::currentThread() == thread());
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
    if (!m_restoredDrops.empty() && session::dropStoreKey(*m_session) == m_restoredDropsKey) {
        for (const auto& [key, drop] : m_restoredDrops)
            m_session->drops.insertKey(key, drop);
        const int count = static_cast<int>(m_restoredDrops.size());
        m_restoredDrops.clear();
        emit dropsRestored(count);
    }
    if (prepared->calibrated)
        emit calibrationFinished(prepared->fromCache);
    else
        emit calibrationSkipped(prepared->note);
    m_solveJobs.supersede();
    scheduleSolve();
    updateBusy();
}

void SolveEngine::scheduleSolve() {
    if (!m_session || m_solveQueued)
        return; // not calibrated yet, or a solve is queued already
    m_solveQueued = true;
    // One solve per event-loop turn, with whatever settings are newest by then; a solve still
    // running is superseded by it.
    QTimer::singleShot(0, this, [this] {
        m_solveQueued = false;
        startSolve();
    });
}

void SolveEngine::startSolve() {
    if (!m_session)
        return;
    session::SolveSettings settings = m_settings;
    // A drop limit judges measured drops; without samples none can be measured, and every
    // quantized candidate would fail it, leaving Cloud-Only whatever the memory and uplink. The
    // limit then does not apply (the views say so) and the selection is the fastest in memory.
    if (!canMeasureDrops())
        settings.maxAccuracyDrop.reset();
    auto work = [solveSession = m_session, settings = std::move(settings), cache = m_latencyCache,
                 profiles = m_profiles, model = m_model](session::JobContext& job) {
        auto solved = std::make_shared<Solved>();
        session::SettingProblem problem{};
        auto resolved = session::resolveSettings(settings, profiles.get(), problem);
        if (!resolved) {
            solved->error =
                settingLabel(problem.setting) + QStringLiteral(": ") + qstr(problem.error.message);
            return solved;
        }
        solved->uplink = resolved->uplink;
        const SolveConstraints& limits = resolved->constraints;
        const QuantErrorTable& table = solveSession->calibration.table;
        if (std::any_of(limits.bits.begin(), limits.bits.end(),
                        [&](int b) { return !table.bitIndex(b); })) {
            std::vector<int> bits = table.bits;
            bits.insert(bits.end(), limits.bits.begin(), limits.bits.end());
            solved->recalibrateBits = session::calibrationBitsFor(bits);
            return solved;
        }
        {
            // The model's own analysis unless the settings cut the graph another way; each
            // analysis and latency model is made once per model and kept.
            std::lock_guard lock(cache->mutex);
            const AnalysisOptions options = settings.analysisOptions();
            const auto analysisKey =
                std::make_pair(options.rawInputBits, options.outputsConsumedOnEdge);
            auto& analysis = cache->analyses[analysisKey];
            if (!analysis) {
                if (options.rawInputBits == model->analysisOptions.rawInputBits &&
                    options.outputsConsumedOnEdge == model->analysisOptions.outputsConsumedOnEdge) {
                    analysis = std::shared_ptr<const SplitAnalysis>(model, &model->analysis);
                } else {
                    auto made = analyzeSplits(model->graph, options, {}, job.cancel());
                    if (!made) {
                        solved->error = qstr(made.error().message);
                        cache->analyses.erase(analysisKey);
                        return solved;
                    }
                    analysis = std::make_shared<const SplitAnalysis>(std::move(made).value());
                }
            }
            solved->analysis = analysis;
            const LatencyCache::Key key{settings.edgeDevice, settings.cloudDevice,
                                        settings.measuredLatencies, analysisKey};
            auto& latency = cache->models[key];
            if (!latency) {
                auto built =
                    session::latencyModelFor(settings, *resolved, model->graph, *analysis, problem);
                if (!built) {
                    solved->error =
                        settings.measuredLatencies.isEmpty() ||
                                problem.setting != session::SolveSetting::MeasuredLatencies
                            ? qstr(built.error().message)
                            : settingLabel(problem.setting) + QStringLiteral(": ") +
                                  qstr(built.error().message);
                    cache->models.erase(key);
                    return solved;
                }
                latency = std::move(built).value();
            }
            solved->latency = latency;
        }
        auto set = solve(
            session::problemFor(*solveSession, *solved->analysis, *solved->latency, solved->uplink),
            limits, {}, job.cancel());
        if (!set) {
            solved->error = qstr(set.error().message);
            return solved;
        }
        // every drop measured before for these samples, whichever solve it was measured for
        if (solveSession->canMeasure())
            applyKnownDrops(*set, solveSession->drops);
        solved->set = std::make_shared<const SolutionSet>(std::move(set).value());
        return solved;
    };
    m_solveJobs.restart(std::move(work),
                        [this](const std::shared_ptr<Solved>& solved) { finishSolve(solved); });
}

void SolveEngine::finishSolve(const std::shared_ptr<Solved>& solved) {
    Q_ASSERT(QThread::currentThread() == thread());
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
    const quint64 generation = m_solveJobs.generation();
    m_extraDrops = false;
    m_pickJobs.supersede(); // a pick of the old solution; its drop stays in the cache
    m_measuringCandidate = false;
    m_solution = solved->set;
    m_analysis = solved->analysis;
    m_latency = solved->latency;
    m_uplink = solved->uplink;
    emit solutionReady(m_solution, cloudOnlySeconds(*m_solution));
    // A listener may have asked for another solve already; then this one is not evaluated.
    if (generation == m_solveJobs.generation() && willEvaluate(*m_solution))
        startEvaluation(m_solution);
    updateBusy();
}

void SolveEngine::startEvaluation(const SolutionSetPtr& set) {
    m_evaluating = true;
    updateBusy();
    emit progress(0, tr("Evaluating candidates"));
    struct Evaluated {
        SolutionSetPtr set;
        QString error;
        bool cancelled = false;
    };
    auto work = [this, set, solveSession = m_session, analysis = m_analysis, latency = m_latency,
                 uplink = m_uplink,
                 evaluateLimit = m_settings.evaluateLimit](session::JobContext& job) {
        auto measured = [this, &job](const SolutionSet& current, int candidate) {
            auto snapshot = std::make_shared<const SolutionSet>(current);
            const double drop =
                candidate >= 0
                    ? current.candidates[static_cast<size_t>(candidate)].measuredDrop.value_or(0.0)
                    : 0.0;
            // runs on the GUI thread, and only while this evaluation is the current one
            job.post(
                [this, snapshot, candidate, drop] { evaluationUpdate(snapshot, candidate, drop); });
        };
        Evaluated out;
        SolutionSet working = *set;
        auto status = session::evaluateOnSamples(
            *solveSession, session::problemFor(*solveSession, *analysis, *latency, uplink),
            evaluateLimit, working, job.progressCallback(EvaluatingStage), job.cancel(), measured);
        out.cancelled = job.isCancelled();
        if (status)
            out.set = std::make_shared<const SolutionSet>(std::move(working));
        else
            out.error = errorMessage(status.error());
        return out;
    };
    m_evaluationJobs.restart(std::move(work), [this](const Evaluated& out) {
        if (!out.cancelled) // whoever cancelled has dropped this evaluation already
            finishEvaluation(out.set, out.error);
    });
}

bool SolveEngine::measureSensitivity(int bits) {
    Q_ASSERT(QThread::currentThread() == thread());
    const auto solveSession = m_session;
    if (!solveSession || !solveSession->canMeasure() ||
        !solveSession->calibration.table.bitIndex(bits))
        return false;
    m_measuringSensitivity = true;
    updateBusy();
    emit progress(0, tr("Measuring layer sensitivity"));
    using Measured = Result<SensitivityResult>;
    auto work = [solveSession, bits](session::JobContext& job) -> Measured {
        const session::ModelSetup& s = solveSession->setup;
        LayerSensitivityRequest request;
        request.bits = bits;
        request.weightRange = s.settings.weightRange;
        return layerSensitivity(*s.executor, solveSession->calibration, s.samples,
                                solveSession->metric, session::sampleTruth(s), request,
                                job.progressCallback(SensitivityStage), job.cancel());
    };
    m_sensitivityJobs.restart(std::move(work), [this](const Measured& measured) {
        m_measuringSensitivity = false;
        updateBusy();
        if (!measured) {
            emit sensitivityFailed(errorMessage(measured.error()));
            return;
        }
        m_sensitivity = std::make_shared<const SensitivityResult>(*measured);
        emit sensitivityMeasured(m_sensitivity);
    });
    return true;
}

bool SolveEngine::measureCandidate(int index) {
    Q_ASSERT(QThread::currentThread() == thread());
    const auto solveSession = m_session;
    const SolutionSetPtr set = m_solution;
    if (!solveSession || !canMeasureDrops() || !set || index < 0 ||
        index >= static_cast<int>(set->candidates.size()))
        return false;
    const Candidate candidate = set->candidates[static_cast<size_t>(index)];
    const bool partly = candidate.dropEvidence && !candidate.dropEvidence->isFinal();
    if ((candidate.measuredDrop && !partly) || !isMeasurable(candidate) || !candidate.feasible)
        return false;
    m_measuringCandidate = true;
    const quint64 solve = m_solveJobs.generation();
    auto work = [solveSession, candidate](session::JobContext& job) {
        return session::measureDrop(*solveSession, candidate, job.cancel());
    };
    m_pickJobs.restart(std::move(work), [this, solve](const Result<double>& drop) {
        m_measuringCandidate = false;
        if (!drop) {
            if (drop.error().kind != ErrorKind::Cancelled)
                emit evaluationFailed(errorMessage(drop.error()));
            return;
        }
        // the drop is in the session's cache now; a newer solve picks it up by itself
        if (solve != m_solveJobs.generation() || !m_solution)
            return;
        m_extraDrops = true;
        m_solution = withKnownDrops(m_solution);
        if (m_session && m_session->setup.useCache)
            session::storeDrops(*m_session);
        emit solutionUpdated(m_solution);
    });
    return true;
}

SolutionSetPtr SolveEngine::withKnownDrops(const SolutionSetPtr& set) const {
    if (!set || !m_session)
        return set;
    auto copy = std::make_shared<SolutionSet>(*set);
    // a drop on every sample, measured since, replaces one on part of them
    auto forget = [this](Candidate& c) {
        if (c.dropEvidence && !c.dropEvidence->isFinal() && m_session->drops.find(c)) {
            c.measuredDrop.reset();
            c.dropEvidence.reset();
        }
    };
    for (Candidate& c : copy->candidates)
        forget(c);
    for (Baseline& b : copy->baselines)
        forget(b.candidate);
    applyKnownDrops(*copy, m_session->drops);
    return copy;
}

void SolveEngine::evaluationUpdate(const SolutionSetPtr& update, int candidate, double drop) {
    Q_ASSERT(QThread::currentThread() == thread());
    const SolutionSetPtr set = m_extraDrops ? withKnownDrops(update) : update;
    m_solution = set;
    if (candidate >= 0)
        emit candidateEvaluated(candidate, drop);
    emit solutionUpdated(set);
}

void SolveEngine::finishEvaluation(const SolutionSetPtr& evaluated, const QString& error) {
    Q_ASSERT(QThread::currentThread() == thread());
    m_evaluating = false;
    updateBusy();
    if (!evaluated) {
        emit evaluationFailed(error);
        return;
    }
    const SolutionSetPtr set = m_extraDrops ? withKnownDrops(evaluated) : evaluated;
    m_solution = set;
    if (m_session && m_session->setup.useCache)
        session::storeDrops(*m_session); // a failed write only costs the next open some time
    emit solutionUpdated(set);
    emit evaluationFinished(set);
}

void SolveEngine::stopEvaluation() {
    m_evaluationJobs.supersede(); // whatever the worker still delivers is now stale
    m_evaluating = false;
}

QString SolveEngine::settingLabel(session::SolveSetting setting) {
    using S = session::SolveSetting;
    switch (setting) {
    case S::EdgeDevice:
        return tr("Edge device");
    case S::CloudDevice:
        return tr("Cloud device");
    case S::Network:
        return tr("Network");
    case S::Uplink:
        return tr("Uplink");
    case S::RoundTrip:
        return tr("Round trip");
    case S::Overhead:
        return tr("Per-message overhead");
    case S::Memory:
        return tr("Edge memory");
    case S::MaxDrop:
        return tr("Accuracy drop");
    case S::MaxError:
        return tr("Error limit");
    case S::Bits:
        return tr("Bit-widths");
    case S::MeasuredLatencies:
        return tr("Measured latencies");
    case S::RawInputBits:
        return tr("Raw input bits");
    case S::EvaluateLimit:
        return tr("Measured one by one");
    case S::DropConfidence:
        return tr("Confidence of early decisions");
    }
    return {};
}

QString SolveEngine::stageText(int stage) {
    switch (stage) {
    case LoadingSamplesStage:
        return tr("Loading sample data");
    case EqualizingStage:
        return tr("Equalizing channel ranges");
    case CalibratingStage:
        return tr("Calibrating");
    case WeightErrorsStage:
        return tr("Computing weight errors");
    case SensitivityStage:
        return tr("Measuring layer sensitivity");
    default:
        return tr("Evaluating candidates");
    }
}

void SolveEngine::updateBusy() {
    const bool busy = m_preparing || m_evaluating || m_measuringSensitivity;
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

} // namespace autosplit
