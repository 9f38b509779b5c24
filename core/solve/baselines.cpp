#include "core/solve/baselines.h"

#include "core/solve/auto_split.h"
#include "core/solve/bit_size.h"
#include "core/solve/selection.h"
#include "core/util/size_text.h"

#include <algorithm>
#include <optional>
#include <string>

namespace autosplit {

namespace {

Candidate unavailable(Method method, std::string reason) {
    Candidate c;
    c.method = method;
    c.feasible = false;
    c.reason = std::move(reason);
    return c;
}

Candidate withMethod(Candidate c, Method method) {
    c.method = method;
    return c;
}

std::string layerList(const std::vector<int>& layers) {
    constexpr size_t kShown = 8;
    std::string text;
    for (size_t i = 0; i < layers.size() && i < kShown; ++i)
        text += (i ? "," : "") + std::to_string(layers[i]);
    if (layers.size() > kShown)
        text += ",... (" + std::to_string(layers.size()) + " layers)";
    return "{" + text + "}";
}

} // namespace

Baseline cloudOnlyBaseline(const AssignmentCost& cost) {
    Baseline b;
    b.name = "Cloud-Only";
    b.candidate = withMethod(cost.evaluate(0, EdgeBits()).value(), Method::CloudOnly);
    b.note = "raw input sent, every layer on the cloud";
    return b;
}

Baseline edgeOnlyU8Baseline(const AssignmentCost& cost) {
    Baseline b;
    b.name = "Edge-Only U8";
    const int n = cost.layerCount();
    auto c = cost.evaluate(n, EdgeBits::uniform(n, 8, 8));
    b.candidate = c ? withMethod(std::move(*c), Method::EdgeOnlyU8)
                    : unavailable(Method::EdgeOnlyU8, "the error table has no 8-bit column");
    b.note = "every layer on the edge, weights and activations 8-bit";
    return b;
}

Result<Baseline> u8Baseline(const AssignmentCost& cost, const SolveConstraints& limits,
                            const CancellationToken& cancel) {
    Baseline b;
    b.name = "U8";
    if (!cost.hasBits(8)) {
        b.candidate = unavailable(Method::U8, "the error table has no 8-bit column");
        return b;
    }
    auto search = searchAutoSplit(cost, {8}, {}, cancel);
    if (!search)
        return search.error();
    std::vector<Candidate> candidates;
    candidates.push_back(withMethod(cost.evaluate(0, EdgeBits()).value(), Method::CloudOnly));
    for (Candidate& c : search->candidates)
        candidates.push_back(std::move(c));
    const int best = selectFastest(candidates, limits);
    b.candidate = withMethod(candidates[static_cast<size_t>(std::max(best, 0))], Method::U8);
    b.note = "Auto-Split's search with B = {8}: fastest of " +
             countOf(static_cast<int64_t>(candidates.size()), "candidate", "candidates") +
             " (Cloud-Only and " +
             countOf(static_cast<int64_t>(search->potentialSplits.size()), "potential split",
                     "potential splits") +
             ") within the limits";
    return b;
}

Baseline neurosurgeonBaseline(const AssignmentCost& cost) {
    const SplitAnalysis& a = cost.analysis();
    const int layers = cost.layerCount();
    const int fb = cost.floatBits();
    auto floatOf = [fb](int p) { return p > 0 ? fb : 0; };
    // Its belief: the chain's cut n sends layer n's output only.
    double edge = 0.0;
    double best = cost.uplink().seconds(a.rawInputBytes) + cost.cloudSuffixSeconds(0);
    int bestN = 0;
    int64_t bestBytes = a.rawInputBytes;
    for (int n = 1; n <= layers; ++n) {
        edge += cost.latency().edgeLayerSeconds(n, cost.traffic(n, fb, floatOf));
        int64_t bytes = 0;
        if (!(n == layers && a.options.outputsConsumedOnEdge))
            for (ValueId v : cost.outputs(n))
                bytes += cost.tensorBytes(v, fb);
        const double believed = edge + cost.uplink().seconds(bytes) + cost.cloudSuffixSeconds(n);
        if (believed < best) {
            best = believed;
            bestN = n;
            bestBytes = bytes;
        }
    }
    Baseline b;
    b.name = "Neurosurgeon";
    b.candidate = withMethod(cost.evaluateFloat(bestN), Method::Neurosurgeon);
    b.believedSeconds = best;
    b.note = "chain belief: cut " + std::to_string(bestN) + " sends " +
             sizeText(double(bestBytes)) + " (layer " + std::to_string(bestN) +
             "'s output); really " +
             countOf(static_cast<int64_t>(b.candidate.crossing.size()), "tensor", "tensors") +
             " of " + sizeText(double(b.candidate.transmittedBytes)) + " cross; float edge at " +
             std::to_string(fb) + " bits";
    return b;
}

CutProblem floatCutProblem(const AssignmentCost& cost) {
    const SplitAnalysis& a = cost.analysis();
    const Graph& g = cost.graph();
    const int layers = cost.layerCount();
    const int fb = cost.floatBits();
    auto floatOf = [fb](int p) { return p > 0 ? fb : 0; };
    CutProblem p;
    for (int layer = 1; layer <= layers; ++layer) {
        p.edgeSeconds.push_back(
            cost.latency().edgeLayerSeconds(layer, cost.traffic(layer, fb, floatOf)));
        p.cloudSeconds.push_back(cost.latency().cloudLayerSeconds(layer));
    }
    for (size_t v = 0; v < g.values().size(); ++v) {
        const Value& value = g.values()[v];
        const ValueFacts& f = a.values[v];
        if (f.constant || (value.producer == kNone && !value.isGraphInput))
            continue;
        CutTensor t;
        t.producer = f.producedAt;
        for (NodeId c : value.consumers)
            t.consumers.push_back(c + 1);
        t.gathered = value.isGraphOutput && !a.options.outputsConsumedOnEdge;
        if (t.consumers.empty() && !t.gathered)
            continue;
        t.seconds = static_cast<double>(cost.tensorBytes(static_cast<ValueId>(v), fb)) * 8.0 /
                    cost.uplink().bitsPerSecond;
        p.tensors.push_back(std::move(t));
    }
    return p;
}

QdmpBaselines qdmpBaselines(const AssignmentCost& cost) {
    const CutPartition cut = minCutPartition(floatCutProblem(cost));
    const int fb = cost.floatBits();
    QdmpBaselines r;
    // A min-cut set is closed under producers, so evaluating it cannot fail.
    Candidate edgePart = cost.evaluateFloat(cut.edgeLayers).value();
    const std::string where =
        edgePart.isPrefix()
            ? "min-cut of the float DAG: " + std::to_string(cut.edgeLayers.size()) +
                  " edge layers, the prefix of cut " + std::to_string(edgePart.split)
            : "min-cut of the float DAG: edge set " + layerList(cut.edgeLayers) +
                  " is not a prefix of the topological order; reported as that set";

    r.qdmpE.name = "QDMP_E";
    r.qdmpE.candidate = withMethod(edgePart, Method::QdmpE);
    r.qdmpE.believedSeconds = cut.seconds;
    r.qdmpE.note = where + "; only the edge part stored, at " + std::to_string(fb) + " bits";

    r.qdmp.name = "DADS/QDMP";
    Candidate whole = withMethod(edgePart, Method::Qdmp);
    whole.edgeWeightBytes = bitsToBytes(cost.analysis().totalParams() * fb);
    whole.edgeMemoryBytes = whole.edgeWeightBytes + whole.peakActivationBytes;
    const bool sizeUnknown =
        !edgePart.feasible && edgePart.edgeMemoryBytes <= cost.edgeMemoryLimit();
    if (!sizeUnknown) {
        whole.feasible = whole.edgeMemoryBytes <= cost.edgeMemoryLimit();
        whole.reason = whole.feasible
                           ? std::string()
                           : "QDMP keeps the whole model on the edge: " +
                                 exactSizeText(whole.edgeMemoryBytes) + " exceeds the limit of " +
                                 exactSizeText(cost.edgeMemoryLimit());
    }
    r.qdmp.candidate = std::move(whole);
    r.qdmp.believedSeconds = cut.seconds;
    r.qdmp.note = where + "; the whole model stored on the edge at " + std::to_string(fb) + " bits";

    r.qdmpEU4.name = "QDMP_E + U4";
    auto u4 = cost.evaluate(cut.edgeLayers, EdgeBits::uniform(edgePart.split, 4, 4));
    r.qdmpEU4.candidate = u4 ? withMethod(std::move(*u4), Method::QdmpEU4)
                             : unavailable(Method::QdmpEU4, "the error table has no 4-bit column");
    r.qdmpEU4.note = where + "; edge weights and activations uniformly 4-bit";
    return r;
}

LiBaselines liBaselines(const AssignmentCost& cost) {
    LiBaselines r;
    r.fastest.name = "Li et al. (fastest)";
    r.mostPrivate.name = "Li et al. (most private)";
    if (!cost.hasBits(8)) {
        r.fastest.candidate = unavailable(Method::LiFastest, "the error table has no 8-bit column");
        r.mostPrivate.candidate =
            unavailable(Method::LiPrivate, "the error table has no 8-bit column");
        return r;
    }
    // Every candidate cut at INT8 by prefix sums (the same sums as AssignmentCost::evaluate);
    // only the two picks are evaluated in full.
    const SplitAnalysis& a = cost.analysis();
    const std::vector<int> cuts = a.liCandidates();
    const auto memory = a.edgeMemoryProfile(8);
    auto int8 = [](int p) { return p > 0 ? 8 : 0; };
    const Candidate cloudOnly = cost.evaluate(0, EdgeBits()).value();
    int fastestN = 0, privateN = -1;
    double fastestSeconds = cloudOnly.totalSeconds, privateSeconds = 0.0;
    int feasibleCuts = 0;
    double edge = 0.0;
    int layer = 0;
    for (int n : cuts) {
        for (; layer < n; ++layer)
            edge += cost.latency().edgeLayerSeconds(layer + 1, cost.traffic(layer + 1, 8, int8));
        const auto& m = memory[static_cast<size_t>(n)];
        const auto crossing = a.crossingBytes(n, 8);
        if (!m || *m > cost.edgeMemoryLimit() || !crossing)
            continue;
        ++feasibleCuts;
        const double total = edge + cost.uplink().seconds(*crossing) + cost.cloudSuffixSeconds(n);
        if (total < fastestSeconds) {
            fastestSeconds = total;
            fastestN = n;
        }
        if (privateN < 0 || total < privateSeconds) {
            privateSeconds = total;
            privateN = n;
        }
    }
    const Candidate fastest =
        fastestN == 0 ? cloudOnly
                      : cost.evaluate(fastestN, EdgeBits::uniform(fastestN, 8, 8)).value();
    std::optional<Candidate> mostPrivate;
    if (privateN > 0)
        mostPrivate = cost.evaluate(privateN, EdgeBits::uniform(privateN, 8, 8)).value();
    const std::string scope = std::to_string(cuts.size()) + " candidate-rule cuts, " +
                              std::to_string(feasibleCuts) + " fit the edge memory at INT8";
    r.fastest.candidate = withMethod(fastest, Method::LiFastest);
    r.fastest.note = "fastest of Cloud-Only and the " + scope + "; cloud at its native precision";
    if (mostPrivate)
        r.mostPrivate.candidate = withMethod(*mostPrivate, Method::LiPrivate);
    else
        r.mostPrivate.candidate =
            unavailable(Method::LiPrivate, "no candidate-rule cut fits the edge memory at INT8");
    r.mostPrivate.note =
        "fastest of the " + scope + " (n >= 1: the raw input never leaves the device)";
    return r;
}

Result<std::vector<Baseline>> computeBaselines(const AssignmentCost& cost,
                                               const SolveConstraints& limits,
                                               const ProgressCallback& progress,
                                               const CancellationToken& cancel) {
    const Error cancelled{"solve cancelled", ErrorKind::Cancelled};
    std::vector<Baseline> out;
    reportProgress(progress, 0.0, "baselines");
    out.push_back(cloudOnlyBaseline(cost));
    out.push_back(edgeOnlyU8Baseline(cost));
    auto u8 = u8Baseline(cost, limits, cancel);
    if (!u8)
        return u8.error();
    out.push_back(std::move(*u8));
    reportProgress(progress, 0.3, "baselines");
    if (cancel.isCancelled())
        return cancelled;
    out.push_back(neurosurgeonBaseline(cost));
    reportProgress(progress, 0.5, "baselines");
    if (cancel.isCancelled())
        return cancelled;
    QdmpBaselines qdmp = qdmpBaselines(cost);
    out.push_back(std::move(qdmp.qdmp));
    out.push_back(std::move(qdmp.qdmpE));
    out.push_back(std::move(qdmp.qdmpEU4));
    reportProgress(progress, 0.8, "baselines");
    if (cancel.isCancelled())
        return cancelled;
    LiBaselines li = liBaselines(cost);
    out.push_back(std::move(li.fastest));
    out.push_back(std::move(li.mostPrivate));
    reportProgress(progress, 1.0, "baselines");
    return out;
}

} // namespace autosplit
