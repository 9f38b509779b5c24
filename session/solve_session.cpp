#include "session/solve_session.h"

#include "core/quant/evaluation.h"

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
    EvaluationRequest request;
    request.split = c.split;
    request.edgeLayers = c.edgeLayers;
    request.weightRange = session.setup.settings.weightRange;
    request.rawInputBits = c.rawInputBits;
    request.floatBits = c.floatBits;
    if (c.floatEdge) {
        request.weightBits.assign(static_cast<size_t>(c.split), 32);
        request.activationBits.assign(static_cast<size_t>(c.split), 32);
    } else {
        request.weightBits = c.bits.weights();
        request.activationBits = c.bits.activations();
    }
    return request;
}

Result<double> measureDrop(const SolveSession& session, const Candidate& c,
                           const CancellationToken& cancel) {
    if (auto cached = session.drops.find(c))
        return *cached;
    if (!session.setup.executor)
        return Error{"evaluation: the model has no executor", ErrorKind::Internal};
    auto result = evaluate(*session.setup.executor, session.calibration, session.setup.samples,
                           session.metric, sampleTruth(session.setup),
                           evaluationRequest(session, c), {}, cancel);
    if (!result)
        return result.error();
    session.drops.insert(c, result->accuracyDropPercent);
    return result->accuracyDropPercent;
}

MeasuredSelection measuredSelection(const SolveSession& session, int evaluateLimit) {
    MeasuredSelection how;
    how.measure = [&session](const Candidate& c, const CancellationToken& cancel) {
        return measureDrop(session, c, cancel);
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
