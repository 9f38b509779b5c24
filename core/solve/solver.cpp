#include "core/solve/solver.h"

#include "core/solve/assignment_cost.h"
#include "core/solve/assignment_fingerprint.h"
#include "core/solve/auto_split.h"
#include "core/solve/baselines.h"
#include "core/util/size_text.h"

#include <algorithm>
#include <optional>
#include <string>

namespace autosplit {

namespace {

// Progress of a sub-step mapped into [from, to] of the whole solve.
ProgressCallback scaled(const ProgressCallback& progress, double from, double to) {
    if (!progress)
        return {};
    return [progress, from, to](double f, std::string_view stage) {
        progress(from + (to - from) * f, stage);
    };
}

uint64_t fingerprintOf(const AssignmentCost& cost, const Candidate& c) {
    uint64_t sum = 0;
    for (int layer = 1; layer <= c.split; ++layer)
        sum += layerFingerprint(layer, cost.params(layer) > 0 ? c.bits.weight(layer) : 0,
                                cost.quantizedOutputElements(layer) > 0 ? c.bits.activation(layer)
                                                                        : 0);
    return sum;
}

} // namespace

Result<SolutionSet> solve(const SolveProblem& problem, const SolveConstraints& constraints,
                          const ProgressCallback& progress, const CancellationToken& cancel) {
    if (Status s = constraints.validate(); !s)
        return s.error();
    const Error cancelled{"solve cancelled", ErrorKind::Cancelled};

    // The analysis under the constraints' raw-input and output options.
    const SplitAnalysis* analysis = &problem.analysis;
    std::optional<SplitAnalysis> redone;
    AnalysisOptions options = problem.analysis.options;
    if (constraints.rawInputBits)
        options.rawInputBits = *constraints.rawInputBits;
    if (constraints.outputsConsumedOnEdge)
        options.outputsConsumedOnEdge = *constraints.outputsConsumedOnEdge;
    if (options.rawInputBits != problem.analysis.options.rawInputBits ||
        options.outputsConsumedOnEdge != problem.analysis.options.outputsConsumedOnEdge) {
        auto a = analyzeSplits(problem.graph, options, {}, cancel);
        if (!a)
            return a.error();
        redone = std::move(*a);
        analysis = &*redone;
    }
    std::vector<std::string> notes;
    if (redone)
        notes.push_back("split analysis redone for raw input bits " +
                        std::to_string(options.rawInputBits) +
                        (options.outputsConsumedOnEdge ? ", outputs consumed on the edge"
                                                       : ", outputs gathered on the cloud"));

    auto cost =
        AssignmentCost::create(problem.graph, *analysis, problem.errors, problem.latency,
                               problem.uplink, constraints.edgeMemoryBytes, constraints.floatBits);
    if (!cost)
        return cost.error();

    SolutionSet set;
    set.constraints = constraints;
    set.warnings = std::move(notes);
    std::vector<int> bits = constraints.bits.empty() ? problem.errors.bits : constraints.bits;
    for (int b : bits)
        if (!cost->hasBits(b))
            return Error{"solve: bit-width " + std::to_string(b) +
                         " is not in the error table (it has " +
                         std::to_string(problem.errors.bits.size()) + " bit-widths)"};
    if (!cost->activationErrorsMeasured())
        set.warnings.push_back(
            "activation errors D_a are not calibrated: they count as 0 in E and activation "
            "bit-widths follow the memory budgets only");

    // Cloud-Only and Edge-Only U8 first, then Auto-Split's candidates (listed once each).
    Candidate cloudOnly = cost->evaluate(0, EdgeBits()).value();
    cloudOnly.method = Method::CloudOnly;
    set.candidates.push_back(cloudOnly);
    std::optional<uint64_t> edgeOnlyPrint;
    if (cost->hasBits(8)) {
        const int n = cost->layerCount();
        Candidate edgeOnly = cost->evaluate(n, EdgeBits::uniform(n, 8, 8)).value();
        edgeOnly.method = Method::EdgeOnlyU8;
        edgeOnlyPrint = fingerprintOf(*cost, edgeOnly);
        set.candidates.push_back(std::move(edgeOnly));
    }
    auto search = searchAutoSplit(*cost, bits, scaled(progress, 0.0, 0.7), cancel);
    if (!search)
        return search.error();
    set.bits = search->bits;
    set.potentialSplits = search->potentialSplits;
    for (size_t i = 0; i < search->candidates.size(); ++i) {
        Candidate& c = search->candidates[i];
        if (edgeOnlyPrint && c.split == cost->layerCount() &&
            search->fingerprints[i] == *edgeOnlyPrint)
            continue;
        set.candidates.push_back(std::move(c));
    }
    if (set.potentialSplits.empty())
        set.warnings.push_back("no potential split (eq. 6): no cut fits " +
                               exactSizeText(constraints.edgeMemoryBytes) + " at " +
                               std::to_string(set.bits.front()) +
                               " bits while sending less than the raw input");
    if (cancel.isCancelled())
        return cancelled;

    auto baselines = computeBaselines(*cost, constraints, scaled(progress, 0.7, 0.95), cancel);
    if (!baselines)
        return baselines.error();
    set.baselines = std::move(*baselines);

    updateSelection(set);
    reportProgress(progress, 1.0, "solved");
    return set;
}

} // namespace autosplit
