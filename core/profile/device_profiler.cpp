#include "core/profile/device_profiler.h"

#include "core/profile/layer_attribution.h"
#include "core/profile/machine_facts.h"
#include "core/profile/timing_stats.h"

#include "core/bundle/split_models.h"
#include "core/bundle/split_plan.h"
#include "core/cost/measured_profile_latency_model.h"
#include "core/onnx/onnx_importer.h"
#include "core/runtime/cpu/cpu_path.h"
#include "core/runtime/executor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <set>

namespace autosplit {

namespace {

thread_local int g_unattributed = 0;

// One tensor per graph input, from a fixed seed.
Result<std::map<std::string, HostTensor>> syntheticFeeds(const Graph& graph) {
    std::map<std::string, HostTensor> feeds;
    std::mt19937 random(20211);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    for (ValueId id : graph.inputs()) {
        const Value& v = graph.value(id);
        if (v.isConstant())
            continue;
        if (!v.shape.isFullyKnown())
            return Error{"input '" + v.name + "' has shape " + v.shape.toString() +
                         "; fix it (e.g. --input-shape " + v.name + "=1x3x224x224) to profile"};
        HostTensor t(v.dtype, v.shape.dims);
        if (v.dtype == DataType::Float)
            for (float& x : t.mutableSpan<float>())
                x = uniform(random);
        else if (v.dtype != DataType::Int64 && v.dtype != DataType::Int32 &&
                 v.dtype != DataType::Bool && v.dtype != DataType::UInt8)
            return Error{"input '" + v.name + "' is " + std::string(nameOf(v.dtype)) +
                             "; profiling feeds float inputs (and zeros for integer ones)",
                         ErrorKind::Unsupported};
        feeds.emplace(v.name, std::move(t));
    }
    return feeds;
}

// Times `runs` runs after `warmup` ones; per layer (by `layerOf` of each node), the seconds of
// every timed run.
class LayerTimer {
public:
    LayerTimer(const Executor& executor, std::vector<int> layerOf, size_t layers)
        : m_executor(executor), m_layerOf(std::move(layerOf)), m_samples(layers) {}

    Status run(const std::map<std::string, HostTensor>& feeds, int warmup, int repeats,
               const std::function<void(int)>& afterRun, const CancellationToken& cancel,
               const std::function<void(NodeId, ValueId, HostTensor&)>& onWarmupOutput = {}) {
        RunRequest request;
        for (ValueId id : m_executor.graph().inputs()) {
            const Value& v = m_executor.graph().value(id);
            if (v.isConstant())
                continue;
            auto it = feeds.find(v.name);
            if (it == feeds.end())
                return Error{"input '" + v.name + "' of the profiled model has no feed",
                             ErrorKind::Internal};
            request.feeds.emplace(v.name, it->second);
        }
        std::vector<double> perLayer(m_samples.size());
        for (int r = 0; r < warmup + repeats; ++r) {
            RunRequest one = request;
            const bool timed = r >= warmup;
            if (timed) {
                std::fill(perLayer.begin(), perLayer.end(), 0.0);
                one.hooks.onNodeTimed = [&](NodeId node, double seconds) {
                    perLayer[static_cast<size_t>(m_layerOf[static_cast<size_t>(node)])] += seconds;
                };
            } else if (onWarmupOutput) {
                one.hooks.onOutput = onWarmupOutput;
            }
            const auto started = std::chrono::steady_clock::now();
            auto outputs = m_executor.run(one, cancel);
            if (!outputs)
                return outputs.error();
            if (timed) {
                // The node timings leave out what the run spends between nodes (handing tensors
                // on, releasing them, waking threads): about a sixth of a ResNet-50 run, which a
                // deployment pays too. Each layer carries its share, so the layers of a run sum
                // to the run's wall time.
                const double wall =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                        .count();
                double nodes = 0.0;
                for (double t : perLayer)
                    nodes += t;
                const double share = nodes > 0.0 && wall > nodes ? wall / nodes : 1.0;
                for (size_t i = 0; i < perLayer.size(); ++i)
                    m_samples[i].push_back(perLayer[i] * share);
            }
            afterRun(r + 1);
        }
        return Status::success();
    }

    void store(std::vector<profiles::LayerTiming*> timings) const {
        for (size_t i = 0; i < m_samples.size(); ++i) {
            const TimingStats s = timingStats(m_samples[i]);
            timings[i]->set_median_s(s.median);
            timings[i]->set_p10_s(s.p10);
            timings[i]->set_p90_s(s.p90);
        }
    }

private:
    const Executor& m_executor;
    std::vector<int> m_layerOf;
    std::vector<std::vector<double>> m_samples;
};

// The whole model as the edge model of a deployment at a uniform width, as the edge runtime
// loads it.
Result<Executor> integerModel(const Graph& graph, const CalibrationResult& ranges, int bits,
                              int threads) {
    const auto layers = static_cast<int>(graph.nodeCount());
    SplitRequest request;
    request.split = layers;
    request.weightBits.assign(static_cast<size_t>(layers), bits);
    request.activationBits.assign(static_cast<size_t>(layers), bits);
    request.outputsConsumedOnEdge = true;
    const std::string label = "the " + std::to_string(bits) + "-bit edge model";
    auto plan = makeSplitPlan(graph, ranges, request);
    if (!plan)
        return plan.error().prefixed(label + ": ");
    auto part = edgeGraph(graph, *plan, request.weightRange);
    if (!part)
        return part.error().prefixed(label + ": ");
    auto model = checkedModel(*part, label);
    if (!model)
        return model.error();
    ImportOptions options;
    options.assumeBatchOne = false;
    options.runChecker = false; // checkedModel just ran it
    auto imported = importOnnxData(model->SerializeAsString(), label, {}, options);
    if (!imported)
        return imported.error();
    ExecutorOptions executorOptions;
    executorOptions.threads = threads;
    auto executor = Executor::create(
        std::make_shared<const Graph>(std::move(imported.value().graph)), executorOptions);
    if (!executor)
        return executor.error().prefixed(label + ": ");
    return executor;
}

} // namespace

Status validateProfileOptions(const ProfileOptions& options) {
    std::set<int> seen;
    for (int b : options.bits) {
        if (b < 2 || b > 8)
            return Error{"--bits: " + std::to_string(b) +
                             " is not a width the integer edge model has (2..8)",
                         ErrorKind::Usage};
        if (!seen.insert(b).second)
            return Error{"--bits: " + std::to_string(b) + " is given twice", ErrorKind::Usage};
    }
    if (options.threads < 0)
        return Error{"--threads: " + std::to_string(options.threads) + ": expected 0 or more",
                     ErrorKind::Usage};
    if (options.repeats < 1)
        return Error{"--repeats: " + std::to_string(options.repeats) + ": expected 1 or more",
                     ErrorKind::Usage};
    if (options.warmupRuns < 0)
        return Error{"warm-up runs must be 0 or more", ErrorKind::Usage};
    if (options.kind != "edge" && options.kind != "cloud")
        return Error{"a device is \"edge\" or \"cloud\", not \"" + options.kind + "\"",
                     ErrorKind::Usage};
    return Status::success();
}

Result<profiles::DeviceProfile> measureDevice(std::shared_ptr<const Graph> graph,
                                              const ProfileOptions& options,
                                              const ProgressCallback& progress,
                                              const CancellationToken& cancel) {
    g_unattributed = 0;
    if (!graph)
        return Error{"no model to profile", ErrorKind::Internal};
    if (auto s = validateProfileOptions(options); !s)
        return s.error();
    std::vector<int> bits = options.bits;
    std::sort(bits.begin(), bits.end());
    const size_t layers = graph->nodeCount();
    if (layers == 0)
        return Error{"the model has no layers to profile"};
    auto feeds = syntheticFeeds(*graph);
    if (!feeds)
        return feeds.error();

    const int runsPerPrecision = options.warmupRuns + options.repeats;
    const double totalRuns = static_cast<double>(runsPerPrecision) * double(bits.size() + 1);
    auto runDone = [&](size_t precision, const char* stage) {
        return [&, precision, stage](int run) {
            reportProgress(progress,
                           (double(precision * size_t(runsPerPrecision)) + run) / totalRuns, stage);
        };
    };

    profiles::DeviceProfile profile;
    profile.set_name(options.deviceName);
    profile.set_kind(options.kind);
    profile.set_title("This computer (measured)");
    profiles::MeasuredDevice& m = *profile.mutable_measured();
    m.set_model_name(options.modelName);
    m.set_model_fingerprint(layerFingerprint(*graph));
    m.set_layer_count(static_cast<int>(layers));
    for (int b : bits)
        m.add_bits(b);
    m.set_repeats(options.repeats);
    m.set_warmup_runs(options.warmupRuns);
    m.set_threads(effectiveThreads(options.threads));
    m.set_cpu_model(cpuModelName());
    m.set_cpu_path(cpuPathSummary());
    m.set_measured_at(utcTimestamp());
    for (size_t i = 0; i < layers; ++i) {
        profiles::MeasuredLayer* l = m.add_layers();
        l->set_name(graph->node(static_cast<NodeId>(i)).name);
        l->set_op_type(graph->node(static_cast<NodeId>(i)).opType);
    }
    profile.set_description("Measured by autosplit profile on " + m.cpu_model() + " (" +
                            m.cpu_path() + "), " + std::to_string(m.threads()) + " threads, " +
                            m.measured_at() + ", for " + options.modelName);
    profile.set_mac_precision_bits(32);
    if (const int64_t memory = physicalMemoryBytes(); memory > 0)
        profile.set_offchip_bytes(memory);
    else
        profile.set_offchip_bytes(int64_t(1) << 30);
    for (int b : bits)
        profile.add_supported_bits(b);

    // Float: the optimized graph itself; its warm-up run also gives the activation ranges the
    // integer models quantize with.
    ExecutorOptions executorOptions;
    executorOptions.threads = options.threads;
    auto floatExecutor = Executor::create(graph, executorOptions);
    if (!floatExecutor)
        return floatExecutor.error();
    CalibrationResult ranges;
    ranges.table.bits = bits;
    std::map<std::string, Range> observed;
    auto observe = [&](NodeId node, ValueId value, HostTensor& t) {
        if (t.dtype() != DataType::Float || graph->node(node).outputs.front() != value)
            return;
        Range r{0.0f, 0.0f}; // zero always representable, as the quantizers need
        for (float x : t.span<float>())
            if (std::isfinite(x)) {
                r.lo = std::min(r.lo, x);
                r.hi = std::max(r.hi, x);
            }
        if (!(r.hi > r.lo))
            r.hi = r.lo + 1.0f;
        observed[graph->value(value).name] = r;
    };
    std::vector<int> identity(layers);
    for (size_t i = 0; i < layers; ++i)
        identity[i] = static_cast<int>(i);
    {
        LayerTimer timer(*floatExecutor, identity, layers);
        if (auto s = timer.run(*feeds, std::max(1, options.warmupRuns), options.repeats,
                               runDone(0, "float"), cancel, observe);
            !s)
            return s.error().prefixed("float model: ");
        std::vector<profiles::LayerTiming*> timings;
        for (auto& l : *m.mutable_layers())
            timings.push_back(l.mutable_float_time());
        timer.store(timings);
    }
    for (const auto& [name, range] : observed)
        ranges.activationRanges[name] = std::vector<Range>(bits.size(), range);

    for (size_t j = 0; j < bits.size(); ++j) {
        if (cancel.isCancelled())
            return Error{"profiling cancelled", ErrorKind::Cancelled};
        const std::string stage = std::to_string(bits[j]) + "-bit";
        reportProgress(progress, double((j + 1) * size_t(runsPerPrecision)) / totalRuns, stage);
        auto executor = integerModel(*graph, ranges, bits[j], options.threads);
        if (!executor)
            return executor.error();
        LayerAttribution attribution = attributeToLayers(*graph, executor->graph());
        g_unattributed += attribution.unmatched;
        LayerTimer timer(*executor, std::move(attribution.layerOf), layers);
        if (auto s = timer.run(*feeds, options.warmupRuns, options.repeats,
                               runDone(j + 1, stage.c_str()), cancel);
            !s)
            return s.error().prefixed(stage + " model: ");
        std::vector<profiles::LayerTiming*> timings;
        for (auto& l : *m.mutable_layers()) {
            profiles::LayerTiming* t = l.add_integer_times();
            t->set_bits(bits[j]);
            timings.push_back(t);
        }
        timer.store(timings);
    }
    reportProgress(progress, 1.0, "done");
    return profile;
}

int lastUnattributedNodes() {
    return g_unattributed;
}

} // namespace autosplit
