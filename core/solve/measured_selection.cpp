#include "core/solve/measured_selection.h"

#include "core/quant/wire_form.h"
#include "core/util/size_text.h"

#include <algorithm>
#include <bit>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace autosplit {

namespace {

const Error kCancelled{"evaluation cancelled", ErrorKind::Cancelled};

// Progress over a share [from, to] of the whole evaluation, one step per measured candidate.
class StepProgress {
public:
    StepProgress(ProgressCallback progress, double from, double to, const char* stage)
        : m_progress(std::move(progress)), m_from(from), m_to(to), m_stage(stage) {}
    void plan(size_t steps) {
        m_planned = std::max<size_t>(steps, 1);
        report();
    }
    void step() {
        m_done = std::min(m_done + 1, m_planned);
        report();
    }
    void finish() {
        m_done = m_planned;
        report();
    }

private:
    void report() const {
        reportProgress(m_progress, m_from + (m_to - m_from) * double(m_done) / double(m_planned),
                       m_stage);
    }
    ProgressCallback m_progress;
    double m_from, m_to;
    const char* m_stage;
    size_t m_planned = 1, m_done = 0;
};

Status frontSearch(SolutionSet& set, const SolveConstraints& limits, const MeasuredSelection& how,
                   const CancellationToken& cancel, const MeasuredCallback& measured,
                   StepProgress& steps) {
    std::vector<Candidate*> order;
    for (int index : set.paretoFront) {
        Candidate& c = set.candidates[static_cast<size_t>(index)];
        if (!c.feasible)
            continue;
        if (!isMeasurable(c))
            c.measuredDrop = 0.0; // nothing quantized, nothing rounded: nothing lost
        if (isMeasurable(c) || c.measuredDrop)
            order.push_back(&c);
        // nothing slower can be selected; a known drop over the limit says nothing about those
        if (c.measuredDrop && (!c.dropEvidence || c.dropEvidence->isFinal()) &&
            *c.measuredDrop <= *limits.maxAccuracyDrop)
            break;
    }
    const size_t linear = std::min(order.size(), static_cast<size_t>(std::max(how.linearCount, 0)));
    const size_t rest = order.size() - linear;
    steps.plan(linear + (rest > 0 ? static_cast<size_t>(std::bit_width(rest)) + 1 : 0));

    if (how.expect)
        how.expect(std::vector<const Candidate*>(order.begin(), order.end()));
    const double limit = *limits.maxAccuracyDrop;
    auto judge = [&](Candidate& c, std::optional<double> against) -> Status {
        if (cancel.isCancelled())
            return kCancelled;
        auto judgement = how.measure(c, against, cancel);
        if (!judgement)
            return cancel.isCancelled() ? kCancelled : judgement.error();
        applyJudgement(c, *judgement);
        if (measured) {
            updateSelection(set);
            measured(set, static_cast<int>(&c - set.candidates.data()));
        }
        return Status::success();
    };
    auto final = [](const Candidate& c) {
        return c.measuredDrop && (!c.dropEvidence || c.dropEvidence->isFinal());
    };
    // within the limit on every sample; judged only as far as that takes
    auto within = [&](Candidate& c) -> Result<bool> {
        if (!final(c)) {
            const bool decided =
                c.dropEvidence && verdictOf({c.dropEvidence->low, c.dropEvidence->high, true},
                                            limit) != DropVerdict::Undecided;
            if (!c.measuredDrop || !decided)
                if (auto s = judge(c, limit); !s)
                    return s.error();
            if (c.dropEvidence && !c.dropEvidence->isFinal() && c.dropEvidence->low > limit) {
                steps.step();
                return false;
            }
            // clearly within: a selection rests on every sample
            if (!final(c))
                if (auto s = judge(c, std::nullopt); !s)
                    return s.error();
        }
        steps.step();
        return *c.measuredDrop <= limit;
    };
    for (size_t i = 0; i < linear; ++i) {
        auto ok = within(*order[i]);
        if (!ok)
            return ok.error();
        if (*ok) {
            updateSelection(set);
            return Status::success();
        }
    }
    size_t lo = linear, hi = order.empty() ? 0 : order.size() - 1;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        auto ok = within(*order[mid]);
        if (!ok)
            return ok.error();
        if (*ok)
            hi = mid;
        else
            lo = mid + 1;
    }
    if (lo < order.size()) {
        auto ok = within(*order[lo]);
        if (!ok)
            return ok.error();
    }
    updateSelection(set);
    return Status::success();
}

// The selection rests on every sample: a candidate that qualifies on part of them (accepted early,
// or given a baseline's early judgement) is judged on all of them before it stays selected; one
// that then fails the limit gives way to the next.
Status confirmSelection(SolutionSet& set, const MeasuredSelection& how,
                        const CancellationToken& cancel, const MeasuredCallback& measured) {
    for (size_t tries = 0; tries <= set.candidates.size(); ++tries) {
        updateSelection(set);
        const int index = set.selected;
        Candidate& c = set.candidates[static_cast<size_t>(index)];
        if (!c.measuredDrop || !c.dropEvidence || c.dropEvidence->isFinal())
            return Status::success();
        if (cancel.isCancelled())
            return kCancelled;
        auto judgement = how.measure(c, std::nullopt, cancel);
        if (!judgement)
            return cancel.isCancelled() ? kCancelled : judgement.error();
        applyJudgement(c, *judgement);
        if (measured) {
            updateSelection(set);
            measured(set, index);
        }
    }
    return Status::success();
}

} // namespace

EvaluationRequest evaluationRequestOf(const Candidate& c, const RangeOptions& weightRange) {
    EvaluationRequest request;
    request.split = c.split;
    request.edgeLayers = c.edgeLayers;
    request.weightRange = weightRange;
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

void applyJudgement(Candidate& c, const DropJudgement& j) {
    c.measuredDrop = j.drop;
    if (j.isFinal())
        c.dropEvidence.reset();
    else
        c.dropEvidence =
            Candidate::DropEvidence{j.samples, j.total, j.interval.low, j.interval.high};
}

bool isMeasurable(const Candidate& c) {
    if (c.edgeLayerCount() > 0 && !c.floatEdge)
        return true;
    // nothing quantized on the edge: what crosses may still lose on the wire
    return wireFormLoses(inputWireForm(c.rawInputBits)) ||
           (c.edgeLayerCount() > 0 && wireFormLoses(floatWireForm(c.floatBits)));
}

size_t applyKnownDrops(SolutionSet& set, const DropCache& known) {
    auto apply = [&](Candidate& c) {
        if (c.measuredDrop)
            return;
        if (!isMeasurable(c)) {
            c.measuredDrop = 0.0; // nothing quantized, nothing rounded: nothing lost
        } else if (auto drop = known.findAny(c)) {
            c.measuredDrop = drop->drop;
            c.dropEvidence = drop->evidence;
        }
    };
    for (Candidate& c : set.candidates)
        apply(c);
    for (Baseline& b : set.baselines)
        if (b.candidate.feasible)
            apply(b.candidate);
    updateSelection(set);
    return static_cast<size_t>(std::count_if(set.candidates.begin(), set.candidates.end(),
                                             [](const Candidate& c) { return c.measuredDrop; }));
}

Status evaluateFront(SolutionSet& set, const SolveConstraints& limits, const MeasuredSelection& how,
                     const CancellationToken& cancel, const MeasuredCallback& measured) {
    if (!limits.maxAccuracyDrop)
        return Error{"evaluation: no accuracy-drop limit to judge the candidates by"};
    StepProgress steps({}, 0.0, 1.0, "");
    if (auto s = frontSearch(set, limits, how, cancel, measured, steps); !s)
        return s;
    return confirmSelection(set, how, cancel, measured);
}

Status evaluateSolution(const SolveProblem& problem, SolutionSet& set, const MeasuredSelection& how,
                        const ProgressCallback& progress, const CancellationToken& cancel,
                        const MeasuredCallback& measured) {
    if (!how.measure)
        return Error{"evaluation: no way to measure the candidates' drops"};
    const SolveConstraints limits = set.constraints;
    if (!limits.maxAccuracyDrop)
        return Error{"evaluation: no accuracy-drop limit to judge the candidates by"};
    StepProgress front(progress, 0.0, 0.5, "evaluating the Pareto front");
    if (auto s = frontSearch(set, limits, how, cancel, measured, front); !s)
        return s.error();

    // U8 is Auto-Split's search with B = {8} under the same rule, so it too is judged on measured
    // drops: solved again with that B and evaluated the same way.
    StepProgress u8Steps(progress, 0.5, 0.8, "evaluating U8");
    SolveConstraints eight = limits;
    eight.bits = {8};
    auto u8 = solve(problem, eight, {}, cancel);
    if (!u8)
        return cancel.isCancelled() ? kCancelled : u8.error();
    if (auto s = frontSearch(*u8, eight, how, cancel, {}, u8Steps); !s)
        return s.error();
    for (Baseline& b : set.baselines)
        if (b.name == "U8") {
            Candidate c = u8->selectedCandidate();
            c.method = Method::U8;
            b.candidate = std::move(c);
            b.note =
                "Auto-Split's search with B = {8}: fastest of " +
                countOf(static_cast<int64_t>(u8->candidates.size()), "candidate", "candidates") +
                " within the limits, drops measured on the samples";
        }
    if (measured)
        measured(set, -1);

    // the baselines too, so they are judged on the same measure
    StepProgress baselineSteps(progress, 0.8, 1.0, "evaluating the baselines");
    baselineSteps.plan(set.baselines.size());
    if (how.expect) { // quantized baselines may share first layers
        std::vector<const Candidate*> upcoming;
        for (const Baseline& b : set.baselines)
            if (b.candidate.feasible && !b.candidate.measuredDrop && isMeasurable(b.candidate))
                upcoming.push_back(&b.candidate);
        how.expect(upcoming);
    }
    for (Baseline& b : set.baselines) {
        Candidate& c = b.candidate;
        baselineSteps.step();
        if (!c.feasible)
            continue;
        if (!isMeasurable(c)) {
            c.measuredDrop = 0.0;
            continue;
        }
        if (c.measuredDrop)
            continue;
        if (cancel.isCancelled())
            return kCancelled;
        // judged as far as it takes to place it against the limit; the chart shows the interval
        auto judgement = how.measure(c, limits.maxAccuracyDrop, cancel);
        if (!judgement)
            return cancel.isCancelled() ? kCancelled : judgement.error();
        applyJudgement(c, *judgement);
        if (measured)
            measured(set, -1);
    }
    // A baseline's answer that is also one of the candidates (U8's 8-bit split is Auto-Split's
    // uniform 8-bit candidate of that split) counts for that candidate: Auto-Split, which
    // contains U8's search, is then never slower than U8 within the limits, and the chart never
    // shows a measured baseline faster than the selection with nothing to explain why.
    std::map<std::string, const Candidate*> measuredBaselines;
    for (const Baseline& b : set.baselines)
        if (b.candidate.feasible && b.candidate.measuredDrop && isMeasurable(b.candidate))
            measuredBaselines.emplace(DropCache::keyOf(b.candidate), &b.candidate);
    if (!measuredBaselines.empty())
        for (Candidate& c : set.candidates)
            if (!c.measuredDrop && isMeasurable(c))
                if (auto it = measuredBaselines.find(DropCache::keyOf(c));
                    it != measuredBaselines.end()) {
                    c.measuredDrop = it->second->measuredDrop;
                    c.dropEvidence = it->second->dropEvidence;
                }
    if (auto s = confirmSelection(set, how, cancel, measured); !s)
        return s;
    baselineSteps.finish();
    return Status::success();
}

} // namespace autosplit
