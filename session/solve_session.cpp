#include "session/solve_session.h"

#include "core/quant/evaluation.h"
#include "core/quant/evaluation_engine.h"

#include "session/calibration_cache.h"

#include <QFile>

namespace autosplit::session {

bool SolveSession::canMeasure() const {
    return evaluate && setup.executor && !setup.samples.empty() &&
           !calibration.activationRanges.empty();
}

SolveProblem problemFor(const SolveSession& session, const LatencyModel& latency,
                        const Uplink& uplink) {
    return problemFor(session, session.analysis, latency, uplink);
}

SolveProblem problemFor(const SolveSession& session, const SplitAnalysis& analysis,
                        const LatencyModel& latency, const Uplink& uplink) {
    return SolveProblem{*session.setup.graph, analysis, session.calibration.table, latency, uplink};
}

EvaluationRequest evaluationRequest(const SolveSession& session, const Candidate& c) {
    return evaluationRequestOf(c, session.setup.settings.weightRange);
}

Result<std::shared_ptr<EvaluationEngine>> SolveSession::evaluationEngine() const {
    std::lock_guard lock(m_engineMutex);
    if (m_engine)
        return m_engine;
    if (!setup.executor || !setup.graph)
        return Error{"evaluation: the model has no executor", ErrorKind::Internal};
    EvaluationEngineOptions options = engineOptions;
    if (setup.useCache && !setup.cacheKey.isEmpty() && options.referenceDirectory.empty())
        options.referenceDirectory =
            QFile::encodeName(referenceCacheDirectory(setup.cacheKey)).toStdString();
    auto engine = EvaluationEngine::create(setup.graph, calibration, setup.samples, metric,
                                           sampleTruth(setup), options);
    if (!engine)
        return engine.error();
    m_engine = *engine;
    return m_engine;
}

EvaluationEngineStats SolveSession::evaluationStats() const {
    std::lock_guard lock(m_engineMutex);
    if (fullEvaluation || !m_engine)
        return m_fullStats;
    EvaluationEngineStats s = m_engine->stats();
    // the float runs are whole-model runs too
    s.layersRun += s.referenceRuns * static_cast<int64_t>(setup.graph->nodeCount());
    return s;
}

Result<DropJudgement> judgeDrop(const SolveSession& session, const Candidate& c,
                                std::optional<double> limit, const CancellationToken& cancel) {
    const int total = static_cast<int>(session.setup.samples.size());
    if (auto known = session.drops.find(c))
        return DropJudgement{*known, {*known, *known, true}, total, total};
    if (session.fullEvaluation) {
        if (!session.setup.executor)
            return Error{"evaluation: the model has no executor", ErrorKind::Internal};
        auto result = evaluate(*session.setup.executor, session.calibration, session.setup.samples,
                               session.metric, sampleTruth(session.setup),
                               evaluationRequest(session, c), {}, cancel);
        if (!result)
            return result.error();
        session.drops.insert(c, result->accuracyDropPercent);
        session.noteFullEvaluation();
        const double d = result->accuracyDropPercent;
        return DropJudgement{d, {d, d, true}, total, total};
    }
    auto engine = session.evaluationEngine();
    if (!engine)
        return engine.error();
    auto judged = (*engine)->judge(evaluationRequest(session, c), limit, cancel);
    if (!judged)
        return judged.error();
    session.drops.insert(c, judged->drop,
                         Candidate::DropEvidence{judged->samples, judged->total,
                                                 judged->interval.low, judged->interval.high});
    return judged;
}

void SolveSession::noteFullEvaluation() const {
    // each sample through the float model and the quantized one
    std::lock_guard lock(m_engineMutex);
    const auto n = static_cast<int64_t>(setup.samples.size());
    m_fullStats.referenceRuns += n;
    m_fullStats.sampleRuns += n;
    m_fullStats.layersRun += 2 * n * static_cast<int64_t>(setup.graph->nodeCount());
    m_fullStats.samplesJudged += n;
    m_fullStats.samplesOfAll += n;
}

Result<double> measureDrop(const SolveSession& session, const Candidate& c,
                           const CancellationToken& cancel) {
    auto judged = judgeDrop(session, c, std::nullopt, cancel);
    if (!judged)
        return judged.error();
    return judged->drop;
}

MeasuredSelection measuredSelection(const SolveSession& session, int evaluateLimit) {
    MeasuredSelection how;
    how.measure = [&session](const Candidate& c, std::optional<double> limit,
                             const CancellationToken& cancel) {
        return judgeDrop(session, c, limit, cancel);
    };
    how.expect = [&session](const std::vector<const Candidate*>& upcoming) {
        auto engine = session.evaluationEngine();
        if (!engine)
            return; // judging will report it
        std::vector<EvaluationRequest> requests;
        for (const Candidate* c : upcoming)
            if (!session.drops.find(*c))
                requests.push_back(evaluationRequest(session, *c));
        (*engine)->expect(std::move(requests));
    };
    how.linearCount = evaluateLimit;
    return how;
}

Status evaluateOnSamples(const SolveSession& session, const SolveProblem& problem,
                         int evaluateLimit, SolutionSet& set, const ProgressCallback& progress,
                         const CancellationToken& cancel, const MeasuredCallback& measured) {
    return evaluateSolution(problem, set, measuredSelection(session, evaluateLimit), progress,
                            cancel, measured);
}

Result<SolutionSet> solveAndEvaluate(const SolveSession& session, const LatencyModel& latency,
                                     const Uplink& uplink, const SolveConstraints& limits,
                                     const ProgressCallback& progress,
                                     const CancellationToken& cancel) {
    const bool judge = session.canMeasure() && limits.maxAccuracyDrop.has_value();
    // The solve is milliseconds; measuring candidates is what takes time.
    const double solveShare = judge ? 0.1 : 1.0;
    auto set = solve(
        problemFor(session, latency, uplink), limits,
        [&](double f, std::string_view stage) { reportProgress(progress, solveShare * f, stage); },
        cancel);
    if (!set || !judge)
        return set;
    // drops this session measured for an earlier solve (a sweep's previous point) are known
    applyKnownDrops(*set, session.drops);
    auto evaluation = [&](double f, std::string_view stage) {
        reportProgress(progress, solveShare + (1.0 - solveShare) * f, stage);
    };
    if (auto s = evaluateOnSamples(session, problemFor(session, latency, uplink),
                                   session.evaluateLimit, *set, evaluation, cancel);
        !s)
        return s.error();
    return set;
}

Result<SolutionSet> solveAndEvaluate(const SolveSession& session, const Uplink& uplink,
                                     const SolveConstraints& constraints,
                                     const ProgressCallback& progress) {
    if (!session.latency)
        return Error{"solve: the session has no latency model", ErrorKind::Internal};
    return solveAndEvaluate(session, *session.latency, uplink, constraints, progress);
}

} // namespace autosplit::session
