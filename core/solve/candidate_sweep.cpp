#include "core/solve/candidate_sweep.h"

#include "core/solve/assignment_fingerprint.h"
#include "core/solve/bit_size.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace autosplit {

namespace {

// Position of (x, y) on a Hilbert curve filling a side x side square (side a power of two).
uint64_t hilbertIndex(uint64_t side, uint64_t x, uint64_t y) {
    uint64_t d = 0;
    for (uint64_t s = side / 2; s > 0; s /= 2) {
        const uint64_t rx = (x & s) > 0 ? 1 : 0;
        const uint64_t ry = (y & s) > 0 ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = side - 1 - x;
                y = side - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

constexpr int64_t kCancelCheckEvery = 4096;

} // namespace

CandidateSweep::CandidateSweep(const AssignmentCost& cost,
                               std::shared_ptr<const LagrangianPath> weights,
                               std::shared_ptr<const LagrangianPath> activations)
    : m_cost(cost), m_weights(std::move(weights)), m_activations(std::move(activations)),
      m_layers(cost.layerCount()) {}

void CandidateSweep::reset() {
    const int n = m_layers;
    const SplitAnalysis& a = m_cost.analysis();
    m_weightState = 0;
    m_activationState = 0;
    m_bw.assign(static_cast<size_t>(n) + 1, 0);
    m_ba.assign(static_cast<size_t>(n) + 1, 0);
    for (int layer = 1; layer <= n; ++layer) {
        m_bw[static_cast<size_t>(layer)] = m_weights->at(layer - 1, 0).bits;
        m_ba[static_cast<size_t>(layer)] = m_activations->at(layer - 1, 0).bits;
    }
    auto activationOf = [this](int p) { return m_ba[static_cast<size_t>(p)]; };
    std::vector<double> latency(static_cast<size_t>(n)), error(static_cast<size_t>(n));
    std::vector<int64_t> weightBits(static_cast<size_t>(n));
    std::vector<uint64_t> fingerprint(static_cast<size_t>(n));
    m_latency.assign(static_cast<size_t>(n) + 1, 0.0);
    for (int layer = 1; layer <= n; ++layer) {
        const auto i = static_cast<size_t>(layer) - 1;
        const int bw = m_bw[i + 1], ba = m_ba[i + 1];
        m_latency[i + 1] =
            m_cost.latency().edgeLayerSeconds(layer, m_cost.traffic(layer, bw, activationOf));
        latency[i] = m_latency[i + 1];
        error[i] = m_cost.weightError(layer, bw) + m_cost.activationError(layer, ba);
        weightBits[i] = m_cost.params(layer) * bw;
        fingerprint[i] = layerFingerprint(layer, m_cost.params(layer) > 0 ? bw : 0,
                                          m_cost.quantizedOutputElements(layer) > 0 ? ba : 0);
    }
    m_latencyTree.assign(latency);
    m_errorTree.assign(error);
    m_weightBitsTree.assign(weightBits);
    m_fingerprintTree.assign(fingerprint);

    // Working set per step and crossing bytes per cut from every tensor's intervals.
    std::vector<int64_t> wsDelta(static_cast<size_t>(n) + 1, 0);
    std::vector<int64_t> crossDelta(static_cast<size_t>(n) + 2, 0);
    m_fixedCrossing.assign(static_cast<size_t>(n) + 1, 0);
    for (int cut = 0; cut <= n; ++cut) {
        const CutInfo& info = a.cuts[static_cast<size_t>(cut)];
        m_fixedCrossing[static_cast<size_t>(cut)] = info.rawInputBytes + info.fixedActivationBytes;
    }
    for (size_t v = 0; v < a.values.size(); ++v) {
        const ValueFacts& f = a.values[v];
        if (f.constant || !f.elements)
            continue;
        const int bits = f.producedAt > 0 ? m_ba[static_cast<size_t>(f.producedAt)] : 0;
        if (f.liveFrom <= f.liveTo) {
            const int64_t b = m_cost.tensorBits(static_cast<ValueId>(v), bits);
            wsDelta[static_cast<size_t>(f.liveFrom) - 1] += b;
            wsDelta[static_cast<size_t>(f.liveTo)] -= b;
        }
        if (f.fixedBits == 0 && f.firstCut <= f.lastCut) {
            const int64_t bytes = packedBytes(*f.elements, bits);
            crossDelta[static_cast<size_t>(f.firstCut)] += bytes;
            crossDelta[static_cast<size_t>(f.lastCut) + 1] -= bytes;
        }
    }
    std::vector<int64_t> ws(static_cast<size_t>(n), 0);
    int64_t live = 0;
    for (int t = 0; t < n; ++t) {
        live += wsDelta[static_cast<size_t>(t)];
        ws[static_cast<size_t>(t)] = live;
    }
    m_workingSet.assign(ws);
    m_crossingTree.assign(crossDelta);
}

void CandidateSweep::relayer(int layer) {
    auto activationOf = [this](int p) { return m_ba[static_cast<size_t>(p)]; };
    const double s = m_cost.latency().edgeLayerSeconds(
        layer, m_cost.traffic(layer, m_bw[static_cast<size_t>(layer)], activationOf));
    m_latencyTree.add(static_cast<size_t>(layer) - 1, s - m_latency[static_cast<size_t>(layer)]);
    m_latency[static_cast<size_t>(layer)] = s;
}

void CandidateSweep::setWeight(int layer, int bits) {
    const auto i = static_cast<size_t>(layer);
    const int old = m_bw[i];
    if (old == bits)
        return;
    const int64_t params = m_cost.params(layer);
    m_weightBitsTree.add(i - 1, params * (bits - old));
    m_errorTree.add(i - 1, m_cost.weightError(layer, bits) - m_cost.weightError(layer, old));
    if (params > 0) {
        const int ba = m_cost.quantizedOutputElements(layer) > 0 ? m_ba[i] : 0;
        m_fingerprintTree.add(i - 1,
                              layerFingerprint(layer, bits, ba) - layerFingerprint(layer, old, ba));
    }
    m_bw[i] = bits;
    relayer(layer);
}

void CandidateSweep::setActivation(int layer, int bits) {
    const auto i = static_cast<size_t>(layer);
    const int old = m_ba[i];
    if (old == bits)
        return;
    const SplitAnalysis& a = m_cost.analysis();
    m_errorTree.add(i - 1,
                    m_cost.activationError(layer, bits) - m_cost.activationError(layer, old));
    if (m_cost.quantizedOutputElements(layer) > 0) {
        const int bw = m_cost.params(layer) > 0 ? m_bw[i] : 0;
        m_fingerprintTree.add(i - 1,
                              layerFingerprint(layer, bw, bits) - layerFingerprint(layer, bw, old));
    }
    for (ValueId v : m_cost.outputs(layer)) {
        const ValueFacts& f = a.values[static_cast<size_t>(v)];
        if (f.fixedBits != 0 || !f.elements)
            continue;
        if (f.liveFrom <= f.liveTo)
            m_workingSet.add(static_cast<size_t>(f.liveFrom) - 1, static_cast<size_t>(f.liveTo),
                             *f.elements * (bits - old));
        if (f.firstCut <= f.lastCut) {
            const int64_t d = packedBytes(*f.elements, bits) - packedBytes(*f.elements, old);
            m_crossingTree.add(static_cast<size_t>(f.firstCut), d);
            m_crossingTree.add(static_cast<size_t>(f.lastCut) + 1, -d);
        }
    }
    m_ba[i] = bits;
    relayer(layer);
    for (int d : m_cost.dependents(layer))
        relayer(d);
}

void CandidateSweep::moveWeight(int target) {
    while (m_weightState < target) {
        const auto& s = m_weights->step(m_weightState);
        setWeight(s.layer + 1, m_weights->hull(s.layer)[static_cast<size_t>(s.from) + 1].bits);
        ++m_weightState;
        ++m_steps;
    }
    while (m_weightState > target) {
        const auto& s = m_weights->step(m_weightState - 1);
        setWeight(s.layer + 1, m_weights->hull(s.layer)[static_cast<size_t>(s.from)].bits);
        --m_weightState;
        ++m_steps;
    }
}

void CandidateSweep::moveActivation(int target) {
    while (m_activationState < target) {
        const auto& s = m_activations->step(m_activationState);
        setActivation(s.layer + 1,
                      m_activations->hull(s.layer)[static_cast<size_t>(s.from) + 1].bits);
        ++m_activationState;
        ++m_steps;
    }
    while (m_activationState > target) {
        const auto& s = m_activations->step(m_activationState - 1);
        setActivation(s.layer + 1, m_activations->hull(s.layer)[static_cast<size_t>(s.from)].bits);
        --m_activationState;
        ++m_steps;
    }
}

SweepResult CandidateSweep::query(int n) const {
    SweepResult r;
    const auto count = static_cast<size_t>(n);
    r.edgeSeconds = m_latencyTree.prefix(count);
    r.error = m_errorTree.prefix(count);
    r.weightBits = m_weightBitsTree.prefix(count);
    r.peakBits = m_workingSet.prefixMax(count);
    r.crossingBytes = m_crossingTree.prefix(count + 1) + m_fixedCrossing[count];
    r.fingerprint = m_fingerprintTree.prefix(count);
    return r;
}

std::optional<std::vector<SweepResult>>
CandidateSweep::run(const std::vector<SweepRequest>& requests, const CancellationToken& cancel) {
    m_steps = 0;
    std::vector<SweepResult> results(requests.size());
    if (requests.empty())
        return results;
    reset();
    uint64_t side = 1;
    while (side <=
           static_cast<uint64_t>(std::max(m_weights->stepCount(), m_activations->stepCount())))
        side <<= 1;
    std::vector<std::pair<uint64_t, size_t>> order(requests.size());
    for (size_t r = 0; r < requests.size(); ++r)
        order[r] = {hilbertIndex(side, static_cast<uint64_t>(requests[r].weightState),
                                 static_cast<uint64_t>(requests[r].activationState)),
                    r};
    std::sort(order.begin(), order.end());
    int64_t nextCheck = kCancelCheckEvery;
    for (const auto& [key, r] : order) {
        const SweepRequest& q = requests[r];
        moveWeight(q.weightState);
        moveActivation(q.activationState);
        if (m_steps >= nextCheck) {
            nextCheck = m_steps + kCancelCheckEvery;
            if (cancel.isCancelled())
                return std::nullopt;
        }
        results[r] = query(q.n);
    }
    return results;
}

} // namespace autosplit
