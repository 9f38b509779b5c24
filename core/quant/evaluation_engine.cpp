#include "core/quant/evaluation_engine.h"

#include "core/quant/quantized_run.h"
#include "core/quant/reference_store.h"

#include "core/graph/live_values.h"

#include "core/runtime/kernels/parallel_for.h"

#include <algorithm>
#include <list>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <set>
#include <thread>
#include <tuple>

namespace autosplit {

namespace {

constexpr int kFloatBits = 32;

std::string requestKey(const EvaluationRequest& r) {
    std::string key = std::to_string(r.split) + "|" + std::to_string(r.rawInputBits) + "|" +
                      std::to_string(r.floatBits) + "|" +
                      std::to_string(static_cast<int>(r.weightRange.method)) + "/" +
                      std::to_string(r.weightRange.percentile) + "/" +
                      std::to_string(r.weightRange.mseCandidates) + "/" +
                      std::to_string(r.weightRange.mseRefineSteps) + "/" +
                      std::to_string(r.weightRange.mseSampleLimit) + "|";
    for (int layer : r.edgeLayers)
        key += std::to_string(layer) + ",";
    key += "|";
    for (size_t i = 0; i < r.weightBits.size(); ++i)
        key += std::to_string(r.weightBits[i]) + "/" + std::to_string(r.activationBits[i]) + ",";
    return key;
}

// hash[c]: the first c layers' widths and the weight ranges, for finding a state after them
std::vector<uint64_t> prefixHashes(const EvaluationRequest& r) {
    uint64_t h = std::hash<std::string>{}(std::to_string(static_cast<int>(r.weightRange.method)) +
                                          "/" + std::to_string(r.weightRange.percentile) + "/" +
                                          std::to_string(r.weightRange.mseCandidates) + "/" +
                                          std::to_string(r.weightRange.mseRefineSteps) + "/" +
                                          std::to_string(r.weightRange.mseSampleLimit));
    std::vector<uint64_t> hashes{h};
    for (size_t i = 0; i < r.weightBits.size(); ++i) {
        // a 64-bit mix (splitmix64's finaliser) of the running hash and this layer's widths
        uint64_t x = h ^ (uint64_t(r.weightBits[i]) << 8 | uint64_t(r.activationBits[i])) ^
                     (uint64_t(i) << 20);
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
        h = x ^ (x >> 31);
        hashes.push_back(h);
    }
    return hashes;
}

// How many first layers two prefix requests run alike: same widths, none of them float (a float
// edge layer's crossing tensors are rounded, for the edge's readers too, by where the split is,
// as the bundle's edge model does).
int sharedLayers(const EvaluationRequest& a, const EvaluationRequest& b) {
    if (!a.edgeLayers.empty() || !b.edgeLayers.empty() || a.split == 0 || b.split == 0)
        return 0;
    if (requestKey(a) == requestKey(b))
        return 0;
    const int n = std::min(a.split, b.split);
    int c = 0;
    while (c < n && a.weightBits[size_t(c)] == b.weightBits[size_t(c)] &&
           a.activationBits[size_t(c)] == b.activationBits[size_t(c)] &&
           a.weightBits[size_t(c)] != kFloatBits && a.activationBits[size_t(c)] != kFloatBits)
        ++c;
    return c;
}

int64_t bytesOf(const OutputMap& tensors) {
    int64_t bytes = 0;
    for (const auto& [name, t] : tensors)
        bytes += t.byteSize();
    return bytes;
}

} // namespace

struct EvaluationEngine::Impl {
    std::shared_ptr<const Graph> graph;
    CalibrationResult calibration;
    std::vector<std::vector<HostTensor>> samples;
    TaskMetric metric;
    SampleTruth truth;
    EvaluationEngineOptions options;
    int threads = 1;
    std::optional<Executor> whole;  // every core on one sample
    std::optional<Executor> single; // one core per sample, samples in parallel
    std::vector<size_t> order;

    std::optional<ReferenceStore> references; // the float outputs
    std::vector<SampleAnswer> answers;        // the float answers by sample, once referencesDone
    bool referencesDone = false;

    struct Judged {
        EvaluationRequest request;
        QuantizedRun run;
        std::vector<uint64_t> prefix;
        std::vector<SampleOutcome> outcomes;      // in judging order
        std::map<size_t, SampleOutcome> finished; // by sample: judged ahead of the order
    };
    std::map<std::string, std::unique_ptr<Judged>> judged;
    std::vector<EvaluationRequest> expected;

    // kept states: (cut, prefix hash of the layers before it, sample) -> the tensors live there
    using StateKey = std::tuple<int, uint64_t, size_t>;
    struct State {
        OutputMap tensors;
        int64_t bytes = 0;
        std::list<StateKey>::iterator age;
    };
    std::map<StateKey, State> states;
    std::list<StateKey> ages; // least recently used first
    int64_t stateBytes = 0;
    std::map<int, std::vector<std::string>> live; // tensor names live at a cut

    EvaluationEngineStats stats;
    std::mutex judging;     // one judgement at a time
    std::mutex bookkeeping; // states and stats, from the sample workers

    const std::vector<std::string>& liveAt(int cut) {
        auto it = live.find(cut);
        if (it != live.end())
            return it->second;
        std::vector<std::string> names;
        for (ValueId v : liveValuesAt(*graph, static_cast<NodeId>(cut)))
            names.push_back(graph->value(v).name);
        return live.emplace(cut, std::move(names)).first->second;
    }

    // The float model's outputs of sample s: kept, or computed (and kept) now.
    Result<OutputMap> referenceOf(size_t s, const Executor& executor,
                                  const CancellationToken& cancel) {
        if (auto kept = references->find(s))
            return std::move(*kept);
        RunRequest run;
        for (size_t k = 0; k < samples[s].size() && k < graph->inputs().size(); ++k)
            run.feeds[graph->value(graph->inputs()[k]).name] = samples[s][k];
        auto out = executor.run(run, cancel);
        if (!out)
            return out.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        references->keep(s, *out);
        std::lock_guard lock(bookkeeping);
        stats.referenceRuns += 1;
        return out;
    }

    Status ensureReferences(const CancellationToken& cancel) {
        if (referencesDone)
            return Status::success();
        const size_t n = samples.size();
        answers.assign(n, {});
        std::vector<Status> status(n, Status::success());
        const bool parallel = threads > 1 && n > 1;
        const Executor& executor = parallel ? *single : *whole;
        parallelFor(
            static_cast<int64_t>(n), parallel ? threads : 1,
            [&](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i) {
                    const size_t s = static_cast<size_t>(i);
                    auto out = referenceOf(s, executor, cancel);
                    if (!out) {
                        status[s] = out.error();
                        continue;
                    }
                    auto answer = answerOf(*graph, metric, *out);
                    if (!answer) {
                        status[s] = answer.error();
                        continue;
                    }
                    answers[s] = std::move(answer).value();
                }
            },
            1);
        for (const Status& s : status)
            if (!s)
                return s;
        referencesDone = true;
        return Status::success();
    }

    Result<Judged*> record(const EvaluationRequest& request) {
        const std::string key = requestKey(request);
        auto it = judged.find(key);
        if (it != judged.end())
            return it->second.get();
        auto run = QuantizedRun::plan(*graph, calibration, request);
        if (!run)
            return run.error();
        auto j = std::make_unique<Judged>(
            Judged{request, std::move(run).value(), prefixHashes(request), {}, {}});
        stats.samplesOfAll += static_cast<int64_t>(samples.size());
        return judged.emplace(key, std::move(j)).first->second.get();
    }

    // Cuts where the requests to come part from this one, deepest last.
    std::vector<int> checkpointsFor(const Judged& j) const {
        std::set<int> cuts;
        if (!j.run.prefixesShareable())
            return {};
        for (const EvaluationRequest& q : expected)
            if (const int c = sharedLayers(j.request, q); c > 0)
                cuts.insert(c);
        return {cuts.begin(), cuts.end()};
    }

    void keepState(const StateKey& key, OutputMap tensors) {
        std::lock_guard lock(bookkeeping);
        if (states.count(key))
            return;
        const int64_t bytes = bytesOf(tensors);
        if (bytes > options.stateBudgetBytes)
            return;
        while (stateBytes + bytes > options.stateBudgetBytes && !ages.empty()) {
            auto oldest = states.find(ages.front());
            stateBytes -= oldest->second.bytes;
            states.erase(oldest);
            ages.pop_front();
        }
        ages.push_back(key);
        states.emplace(key, State{std::move(tensors), bytes, std::prev(ages.end())});
        stateBytes += bytes;
    }

    // The deepest kept state of this request's prefix for sample s, at or before `last`.
    std::optional<std::pair<int, OutputMap>> findState(const Judged& j, size_t s, int last) {
        std::lock_guard lock(bookkeeping);
        for (int c = last; c >= 1; --c) {
            auto it = states.find({c, j.prefix[size_t(c)], s});
            if (it == states.end())
                continue;
            ages.splice(ages.end(), ages, it->second.age); // now the most recently used
            return std::make_pair(c, it->second.tensors);
        }
        return std::nullopt;
    }

    Result<SampleOutcome> judgeSample(const Judged& j, size_t s, const std::vector<int>& cuts,
                                      const Executor& executor, const CancellationToken& cancel) {
        auto feeds = j.run.feeds(*graph, samples[s]);
        if (!feeds)
            return feeds.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        OutputMap from = std::move(feeds).value();
        int start = 0;
        if (j.run.prefixesShareable() && j.request.edgeLayers.empty())
            if (auto state = findState(j, s, j.request.split)) {
                start = state->first;
                from = std::move(state->second);
            }
        const int nodes = static_cast<int>(graph->nodeCount());
        int64_t ran = 0;
        const int reused = start;
        for (int cut : cuts) {
            if (cut <= start || cut > j.request.split)
                continue;
            auto out = j.run.run(executor, std::move(from), start, cut, liveAt(cut), cancel);
            if (!out)
                return out.error().prefixed("sample " + std::to_string(s + 1) + ": ");
            ran += cut - start;
            keepState({cut, j.prefix[size_t(cut)], s}, *out);
            from = std::move(out).value();
            start = cut;
        }
        auto outputs = j.run.run(executor, std::move(from), start, kNone, {}, cancel);
        if (!outputs)
            return outputs.error().prefixed("sample " + std::to_string(s + 1) + ": ");
        ran += nodes - start;
        {
            std::lock_guard lock(bookkeeping);
            stats.sampleRuns += 1;
            stats.layersRun += ran;
            stats.layersReused += reused;
        }
        auto reference = referenceOf(s, executor, cancel);
        if (!reference)
            return reference.error();
        return outcomeOf(*graph, metric, s, *reference, answers[s], *outputs);
    }

    Result<DropJudgement> judge(const EvaluationRequest& request, std::optional<double> limit,
                                const CancellationToken& cancel) {
        if (auto s = ensureReferences(cancel); !s)
            return s.error();
        auto record = this->record(request);
        if (!record)
            return record.error();
        Judged& j = **record;
        const std::vector<int> cuts = checkpointsFor(j);
        const size_t total = samples.size();
        while (true) {
            const size_t k = j.outcomes.size();
            if (k > 0) {
                auto interval =
                    dropIntervalOf(*graph, j.outcomes, answers, metric, truth, options.confidence);
                if (!interval)
                    return interval.error();
                if (k == total ||
                    (limit && verdictOf(*interval, *limit) != DropVerdict::Undecided)) {
                    auto score = scoreOutcomes(j.outcomes, *graph, metric, truth);
                    if (!score)
                        return score.error();
                    return DropJudgement{score->accuracyDropPercent, *interval, int(k), int(total)};
                }
            }
            if (cancel.isCancelled())
                return Error{"evaluation cancelled", ErrorKind::Cancelled};
            const size_t batch = std::min(total - k, static_cast<size_t>(threads));
            std::vector<std::optional<Result<SampleOutcome>>> outcomes(batch);
            std::vector<size_t> toRun; // the batch's samples not finished ahead of the order
            for (size_t i = 0; i < batch; ++i)
                if (auto f = j.finished.find(order[k + i]); f != j.finished.end()) {
                    outcomes[i] = std::move(f->second);
                    j.finished.erase(f);
                } else {
                    toRun.push_back(i);
                }
            const bool parallel = toRun.size() > 1;
            const Executor& executor = parallel ? *single : *whole;
            parallelFor(
                static_cast<int64_t>(toRun.size()), parallel ? threads : 1,
                [&](int64_t begin, int64_t end) {
                    for (int64_t t = begin; t < end; ++t) {
                        const size_t i = toRun[size_t(t)];
                        outcomes[i] = judgeSample(j, order[k + i], cuts, executor, cancel);
                    }
                },
                1);
            // in the order, up to the first that failed; any judged after it is kept aside
            size_t judgedNow = 0;
            std::optional<Error> failure;
            for (size_t i = 0; i < batch; ++i) {
                Result<SampleOutcome>& o = *outcomes[i];
                if (!o) {
                    if (!failure)
                        failure = o.error();
                    continue;
                }
                if (failure)
                    j.finished.emplace(order[k + i], std::move(o).value());
                else {
                    j.outcomes.push_back(std::move(o).value());
                    ++judgedNow;
                }
            }
            {
                std::lock_guard lock(bookkeeping);
                stats.samplesJudged += static_cast<int64_t>(judgedNow);
            }
            if (failure)
                return cancel.isCancelled() ? Error{"evaluation cancelled", ErrorKind::Cancelled}
                                            : *failure;
        }
    }
};

EvaluationEngine::EvaluationEngine(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
EvaluationEngine::~EvaluationEngine() = default;

Result<std::shared_ptr<EvaluationEngine>>
EvaluationEngine::create(std::shared_ptr<const Graph> graph, CalibrationResult calibration,
                         std::vector<std::vector<HostTensor>> samples, TaskMetric metric,
                         SampleTruth truth, EvaluationEngineOptions options) {
    if (!graph)
        return Error{"evaluation: no model", ErrorKind::Internal};
    if (samples.empty())
        return Error{"evaluation needs at least one sample"};
    if (graph->outputs().empty())
        return Error{"the model has no outputs"};
    if (auto s = checkSampleTruth(truth, samples.size(), metric); !s)
        return s.error();
    if (!(options.confidence > 0.0 && options.confidence < 1.0))
        return Error{"evaluation: the confidence must be in (0, 1), got " +
                     std::to_string(options.confidence)};
    auto impl = std::make_unique<Impl>();
    impl->threads = options.threads > 0
                        ? options.threads
                        : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    ExecutorOptions whole;
    whole.threads = impl->threads;
    whole.integerKernels = false;
    auto w = Executor::create(graph, whole);
    if (!w)
        return w.error();
    ExecutorOptions single = whole;
    single.threads = 1;
    auto s = Executor::create(graph, single);
    if (!s)
        return s.error();
    impl->whole.emplace(std::move(w).value());
    impl->single.emplace(std::move(s).value());
    impl->order.resize(samples.size());
    std::iota(impl->order.begin(), impl->order.end(), size_t(0));
    std::mt19937 rng(options.orderSeed);
    std::shuffle(impl->order.begin(), impl->order.end(), rng);
    impl->graph = std::move(graph);
    impl->calibration = std::move(calibration);
    impl->samples = std::move(samples);
    impl->metric = std::move(metric);
    impl->truth = std::move(truth);
    impl->options = options;
    std::vector<std::string> outputs;
    for (ValueId v : impl->graph->outputs())
        outputs.push_back(impl->graph->value(v).name);
    ReferenceStoreOptions store;
    store.directory = options.referenceDirectory;
    store.memoryBudgetBytes = options.referenceBudgetBytes;
    impl->references.emplace(std::move(outputs), std::move(store));
    return std::shared_ptr<EvaluationEngine>(new EvaluationEngine(std::move(impl)));
}

Result<DropJudgement> EvaluationEngine::judge(const EvaluationRequest& request,
                                              std::optional<double> limit,
                                              const CancellationToken& cancel) {
    std::lock_guard lock(m_impl->judging);
    return m_impl->judge(request, limit, cancel);
}

Result<EvaluationResult> EvaluationEngine::evaluateAll(const EvaluationRequest& request,
                                                       const CancellationToken& cancel) {
    std::lock_guard lock(m_impl->judging);
    auto j = m_impl->judge(request, std::nullopt, cancel);
    if (!j)
        return j.error();
    auto record = m_impl->record(request);
    if (!record)
        return record.error();
    std::vector<SampleOutcome> bySample = (*record)->outcomes;
    std::sort(bySample.begin(), bySample.end(),
              [](const SampleOutcome& a, const SampleOutcome& b) { return a.sample < b.sample; });
    return scoreOutcomes(bySample, *m_impl->graph, m_impl->metric, m_impl->truth);
}

void EvaluationEngine::expect(std::vector<EvaluationRequest> upcoming) {
    std::lock_guard lock(m_impl->judging);
    m_impl->expected = std::move(upcoming);
}

int EvaluationEngine::sampleCount() const {
    return static_cast<int>(m_impl->samples.size());
}

EvaluationEngineStats EvaluationEngine::stats() const {
    EvaluationEngineStats s;
    {
        std::lock_guard lock(m_impl->bookkeeping);
        s = m_impl->stats;
    }
    s.referencesLoaded = m_impl->references->stats().diskLoads;
    return s;
}

} // namespace autosplit
