#include "core/solve/auto_split.h"

#include "core/solve/assignment_fingerprint.h"
#include "core/solve/bit_size.h"
#include "core/solve/candidate_sweep.h"
#include "core/solve/fenwick_tree.h"
#include "core/solve/prefix_state_search.h"
#include "core/solve/range_max_tree.h"
#include "core/util/size_text.h"

#include <algorithm>
#include <limits>
#include <string>

namespace autosplit {

namespace {

const Error kCancelled{"solve cancelled", ErrorKind::Cancelled};
constexpr int64_t kUnknown = std::numeric_limits<int64_t>::max();

// Weight bits of the prefix 1..n in a state of the weight path.
class WeightBitsTracker {
public:
    WeightBitsTracker(const AssignmentCost& cost, const LagrangianPath& path) : m_path(path) {
        for (int layer = 1; layer <= cost.layerCount(); ++layer)
            m_initial.push_back(path.hull(layer - 1).front().rate);
    }
    void reset() { m_tree.assign(m_initial); }
    void apply(int k) {
        const auto& s = m_path.step(k);
        const auto& h = m_path.hull(s.layer);
        m_tree.add(static_cast<size_t>(s.layer),
                   h[static_cast<size_t>(s.from) + 1].rate - h[static_cast<size_t>(s.from)].rate);
    }
    int64_t value(int n) const { return m_tree.prefix(static_cast<size_t>(n)); }

private:
    const LagrangianPath& m_path;
    std::vector<int64_t> m_initial;
    FenwickTree<int64_t> m_tree;
};

// Peak activation working set (bits) over steps 1..n in a state of the activation path.
class WorkingSetTracker {
public:
    WorkingSetTracker(const AssignmentCost& cost, const LagrangianPath& path)
        : m_cost(cost), m_path(path) {
        const SplitAnalysis& a = cost.analysis();
        const int n = cost.layerCount();
        std::vector<int64_t> delta(static_cast<size_t>(n) + 1, 0);
        for (size_t v = 0; v < a.values.size(); ++v) {
            const ValueFacts& f = a.values[v];
            if (f.constant || !f.elements || f.liveFrom > f.liveTo)
                continue;
            const int bits = f.producedAt > 0 ? path.hull(f.producedAt - 1).front().bits : 0;
            const int64_t b = cost.tensorBits(static_cast<ValueId>(v), bits);
            delta[static_cast<size_t>(f.liveFrom) - 1] += b;
            delta[static_cast<size_t>(f.liveTo)] -= b;
        }
        int64_t live = 0;
        for (int t = 0; t < n; ++t) {
            live += delta[static_cast<size_t>(t)];
            m_initial.push_back(live);
        }
    }
    void reset() { m_tree.assign(m_initial); }
    void apply(int k) {
        const auto& s = m_path.step(k);
        const auto& h = m_path.hull(s.layer);
        const int change =
            h[static_cast<size_t>(s.from) + 1].bits - h[static_cast<size_t>(s.from)].bits;
        for (ValueId v : m_cost.outputs(s.layer + 1)) {
            const ValueFacts& f = m_cost.analysis().values[static_cast<size_t>(v)];
            if (f.fixedBits == 0 && f.elements && f.liveFrom <= f.liveTo)
                m_tree.add(static_cast<size_t>(f.liveFrom) - 1, static_cast<size_t>(f.liveTo),
                           *f.elements * change);
        }
    }
    int64_t value(int n) const { return m_tree.prefixMax(static_cast<size_t>(n)); }

private:
    const AssignmentCost& m_cost;
    const LagrangianPath& m_path;
    std::vector<int64_t> m_initial;
    RangeMaxTree m_tree;
};

} // namespace

Result<AutoSplitResult> searchAutoSplit(const AssignmentCost& cost, std::vector<int> bits,
                                        const ProgressCallback& progress,
                                        const CancellationToken& cancel) {
    std::sort(bits.begin(), bits.end());
    bits.erase(std::unique(bits.begin(), bits.end()), bits.end());
    if (bits.empty())
        return Error{"solve: the bit-width set B is empty"};
    for (int b : bits)
        if (!cost.hasBits(b))
            return Error{"solve: bit-width " + std::to_string(b) + " is not in the error table"};
    const SplitAnalysis& a = cost.analysis();
    const int layers = cost.layerCount();
    const size_t nb = bits.size();
    const int64_t limit = cost.edgeMemoryLimit();

    AutoSplitResult result;
    result.bits = bits;
    reportProgress(progress, 0.0, "potential splits");
    result.potentialSplits = a.potentialSplits(limit, bits.front());
    const std::vector<int>& splits = result.potentialSplits;

    // Lagrangian paths, one per problem, shared by every split.
    std::vector<std::vector<RatePoint>> weightPoints(static_cast<size_t>(layers)),
        activationPoints(static_cast<size_t>(layers));
    for (int layer = 1; layer <= layers; ++layer)
        for (int b : bits) {
            weightPoints[static_cast<size_t>(layer) - 1].push_back(
                {b, cost.params(layer) * b, cost.weightError(layer, b)});
            activationPoints[static_cast<size_t>(layer) - 1].push_back(
                {b, cost.quantizedOutputElements(layer) * b, cost.activationError(layer, b)});
        }
    result.weightPath = std::make_shared<const LagrangianPath>(weightPoints);
    result.activationPath = std::make_shared<const LagrangianPath>(activationPoints);
    if (cancel.isCancelled())
        return kCancelled;

    // The grid: M_w(n, b) and M_a(n, b') in bits, from uniform assignments.
    std::vector<std::vector<int64_t>> peakUniform(
        nb, std::vector<int64_t>(static_cast<size_t>(layers) + 1, 0));
    for (size_t j = 0; j < nb; ++j) {
        int64_t peak = 0;
        for (int t = 1; t <= layers; ++t) {
            const auto& e = a.workingSetElements[static_cast<size_t>(t) - 1];
            if (!e || peak == kUnknown)
                peak = kUnknown;
            else
                peak = std::max(peak, *e * bits[j] +
                                          8 * a.workingSetRawBytes[static_cast<size_t>(t) - 1]);
            peakUniform[j][static_cast<size_t>(t)] = peak;
        }
    }
    auto weightBudget = [&](int n, size_t j) {
        return a.prefixParams[static_cast<size_t>(n)] * bits[j];
    };
    auto pairFits = [&](int n, size_t jw, size_t ja) {
        const int64_t peak = peakUniform[ja][static_cast<size_t>(n)];
        return peak != kUnknown && bitsToBytes(weightBudget(n, jw)) + bitsToBytes(peak) <= limit;
    };

    // Allocations of every (split, budget) pair the grid uses.
    std::vector<PrefixQuery> weightQueries, activationQueries;
    std::vector<std::vector<int>> weightQuery(splits.size(), std::vector<int>(nb, -1));
    std::vector<std::vector<int>> activationQuery(splits.size(), std::vector<int>(nb, -1));
    for (size_t s = 0; s < splits.size(); ++s)
        for (size_t jw = 0; jw < nb; ++jw)
            for (size_t ja = 0; ja < nb; ++ja) {
                if (!pairFits(splits[s], jw, ja))
                    continue;
                if (weightQuery[s][jw] < 0) {
                    weightQuery[s][jw] = static_cast<int>(weightQueries.size());
                    weightQueries.push_back({splits[s], weightBudget(splits[s], jw)});
                }
                if (activationQuery[s][ja] < 0) {
                    activationQuery[s][ja] = static_cast<int>(activationQueries.size());
                    activationQueries.push_back(
                        {splits[s], peakUniform[ja][static_cast<size_t>(splits[s])]});
                }
            }
    reportProgress(progress, 0.1, "weight allocation");
    WeightBitsTracker weightTracker(cost, *result.weightPath);
    auto weightStates =
        firstFittingStates(result.weightPath->stepCount(), weightQueries, weightTracker, cancel);
    if (!weightStates)
        return kCancelled;
    reportProgress(progress, 0.3, "activation allocation");
    WorkingSetTracker activationTracker(cost, *result.activationPath);
    auto activationStates = firstFittingStates(result.activationPath->stepCount(),
                                               activationQueries, activationTracker, cancel);
    if (!activationStates)
        return kCancelled;

    // One Lagrangian candidate per (split, budget pair), costed by the sweep.
    struct Pending {
        size_t jw, ja; // the budget pair
    };
    std::vector<SweepRequest> requests;
    std::vector<Pending> pending;
    for (size_t s = 0; s < splits.size(); ++s)
        for (size_t jw = 0; jw < nb; ++jw)
            for (size_t ja = 0; ja < nb; ++ja)
                if (pairFits(splits[s], jw, ja)) {
                    requests.push_back(
                        {splits[s], (*weightStates)[static_cast<size_t>(weightQuery[s][jw])],
                         (*activationStates)[static_cast<size_t>(activationQuery[s][ja])]});
                    pending.push_back({jw, ja});
                }
    reportProgress(progress, 0.5, "candidate costs");
    CandidateSweep sweep(cost, result.weightPath, result.activationPath);
    auto measured = sweep.run(requests, cancel);
    if (!measured)
        return kCancelled;
    result.sweepSteps = sweep.stepsWalked();

    auto finish = [&](Candidate& c, int n, double edgeSeconds, double error, int64_t weightBits,
                      int64_t peakBits, int64_t crossingBytes) {
        c.split = n;
        c.rawInputBits = cost.analysis().options.rawInputBits;
        c.floatBits = cost.floatBits();
        c.edgeSeconds = edgeSeconds;
        c.error = error;
        c.edgeWeightBytes = bitsToBytes(weightBits);
        c.peakActivationBytes = bitsToBytes(peakBits);
        c.edgeMemoryBytes = c.edgeWeightBytes + c.peakActivationBytes;
        c.transmittedBytes = crossingBytes;
        c.crossing = a.cuts[static_cast<size_t>(n)].crossing;
        c.transmissionSeconds = cost.uplink().seconds(crossingBytes);
        c.cloudSeconds = cost.cloudSuffixSeconds(n);
        c.totalSeconds = c.edgeSeconds + c.transmissionSeconds + c.cloudSeconds;
        c.feasible = c.edgeMemoryBytes <= limit;
        if (!c.feasible)
            c.reason = "edge memory " + exactSizeText(c.edgeMemoryBytes) +
                       " exceeds the limit of " + exactSizeText(limit);
    };

    // The grid's own uniform assignments, by prefix sums (the same sums, in the same order, as
    // AssignmentCost::evaluate): per (pair, split) edge seconds, error and fingerprint.
    reportProgress(progress, 0.8, "uniform candidates");
    struct UniformPrefix {
        double edgeSeconds = 0.0;
        double error = 0.0;
        uint64_t fingerprint = 0;
    };
    const int maxSplit = splits.empty() ? 0 : splits.back();
    std::vector<std::vector<UniformPrefix>> uniform(nb * nb,
                                                    std::vector<UniformPrefix>(splits.size()));
    for (size_t jw = 0; jw < nb; ++jw)
        for (size_t ja = 0; ja < nb; ++ja) {
            if (cancel.isCancelled())
                return kCancelled;
            const int bw = bits[jw], ba = bits[ja];
            auto activationOf = [ba](int p) { return p > 0 ? ba : 0; };
            UniformPrefix sum;
            size_t s = 0;
            for (int layer = 1; layer <= maxSplit && s < splits.size(); ++layer) {
                sum.edgeSeconds +=
                    cost.latency().edgeLayerSeconds(layer, cost.traffic(layer, bw, activationOf));
                sum.error += cost.weightError(layer, bw) + cost.activationError(layer, ba);
                sum.fingerprint +=
                    layerFingerprint(layer, cost.params(layer) > 0 ? bw : 0,
                                     cost.quantizedOutputElements(layer) > 0 ? ba : 0);
                if (layer == splits[s])
                    uniform[jw * nb + ja][s++] = sum;
            }
        }

    // Per split: the Lagrangian candidates, then the uniform ones, each distinct assignment once.
    result.candidates.reserve(requests.size() * 2);
    result.fingerprints.reserve(requests.size() * 2);
    std::vector<uint64_t> seen;
    auto add = [&](Candidate&& c, uint64_t fingerprint) {
        if (std::find(seen.begin(), seen.end(), fingerprint) != seen.end())
            return;
        seen.push_back(fingerprint);
        result.candidates.push_back(std::move(c));
        result.fingerprints.push_back(fingerprint);
    };
    size_t r = 0;
    for (size_t s = 0; s < splits.size(); ++s) {
        const int n = splits[s];
        seen.clear();
        for (; r < requests.size() && requests[r].n == n; ++r) {
            const SweepResult& m = (*measured)[r];
            Candidate c;
            c.method = Method::AutoSplit;
            c.bits = EdgeBits::fromPaths(n, result.weightPath, requests[r].weightState,
                                         result.activationPath, requests[r].activationState);
            c.budgetWeightBits = bits[pending[r].jw];
            c.budgetActivationBits = bits[pending[r].ja];
            finish(c, n, m.edgeSeconds, m.error, m.weightBits, m.peakBits, m.crossingBytes);
            add(std::move(c), m.fingerprint);
        }
        for (size_t jw = 0; jw < nb; ++jw)
            for (size_t ja = 0; ja < nb; ++ja) {
                if (!pairFits(n, jw, ja))
                    continue;
                const UniformPrefix& u = uniform[jw * nb + ja][s];
                Candidate c;
                c.method = Method::AutoSplitUniform;
                c.bits = EdgeBits::uniform(n, bits[jw], bits[ja]);
                c.budgetWeightBits = bits[jw];
                c.budgetActivationBits = bits[ja];
                finish(c, n, u.edgeSeconds, u.error, weightBudget(n, jw),
                       peakUniform[ja][static_cast<size_t>(n)],
                       a.crossingBytes(n, bits[ja]).value_or(0));
                add(std::move(c), u.fingerprint);
            }
    }
    reportProgress(progress, 1.0, "auto-split");
    return result;
}

} // namespace autosplit
