// The Auto-Split paper's study (KDD 2021, §5.3 and Fig. 6), reproduced on this product's models,
// cost models and solver. One command:
//
//   study [--markdown] [--verbose] [--samples N] [--threads T] [--outputs-on-edge]
//         [--models resnet18,resnet50,mobilenetv2,mnasnet,googlenet,resnext50,yolov3,yolov3tiny]
//
// For ResNet-18, ResNet-50, MobileNetV2, MNASNet1.0, GoogLeNet, ResNeXt50_32x4d (224 px) and
// YOLOv3, YOLOv3-tiny (416 px), built with random weights by tests/support/model_builder: import,
// default passes, split analysis, calibration (D_w from the weights by computeWeightErrors, D_a
// from N random-normal input samples of the real input size, min/max ranges), the analytical
// latency model for the paper's Table 1 (edge preset "eyeriss", cloud preset "tpu"), a 3 Mbps
// uplink (3 * 2^20 bit/s, no round trip or overhead, as the paper), the public proof of concept's
// memory budgets, B = {2, 4, 6, 8}, and solve(). Graph outputs are sent to the cloud (the
// analysis' default; as we read the paper's eq. (1), its transmission term is charged at every
// split n, n = N included); --outputs-on-edge consumes them on the device instead.
//
// The accuracy limit. The paper takes the fastest candidate whose measured accuracy drop of the
// trained model is within 5% (classification) or 10% (detection). With random weights an
// accuracy drop means nothing, so the limit is applied to a measured proxy (ProxyMeter below):
// the output noise of the split model relative to the float output, against the same 5% / 10%.
// It is measured with core/quant evaluate() on each outcome's (Edge-Only, SPLIT) Pareto front in
// (latency, E), walked in ascending latency up to the first point within the limit, so the
// fastest front point within it is found exactly; then solve()'s own selection
// (updateSelection with the measured values as drops and the limit as maxAccuracyDrop) picks the
// fastest candidate. Candidates off the fronts are not measured, as in DESIGN.md ("the error
// proxy E orders candidates").
// Long file: the study is one program (model list, calibration, every method, the table); a
// benchmark, not product code, read top to bottom.

#include "bench/bench_text.h"
#include "core/analysis/split_analysis.h"
#include "core/cost/analytical_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/quant/evaluation.h"
#include "core/runtime/executor.h"
#include "core/solve/assignment_cost.h"
#include "core/solve/pareto_front.h"
#include "core/solve/solver.h"
#include "session/opened_model.h"
#include "tests/support/model_builder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace autosplit;
using Clock = std::chrono::steady_clock;

namespace {

using bench::fmt;
using bench::Table;

constexpr int64_t kMiB = int64_t{1} << 20;

enum class Outcome { EdgeOnly, Split, CloudOnly };

const char* outcomeName(Outcome o) {
    switch (o) {
    case Outcome::EdgeOnly:
        return "Edge-Only";
    case Outcome::Split:
        return "SPLIT";
    case Outcome::CloudOnly:
        return "Cloud-Only";
    }
    return "?";
}

struct StudyModel {
    std::string key; // --models name
    std::string name;
    std::function<onnx::ModelProto()> build;
    int64_t memoryBytes; // the proof of concept's budget (DESIGN.md, "Cost models")
    bool detection;
    Outcome paper; // KDD 2021 §5.3 / Fig. 6
};

std::vector<StudyModel> studyModels() {
    using namespace autosplit::testing;
    return {
        {"resnet18", "ResNet-18", [] { return buildResNet18(); }, 1 * kMiB, false,
         Outcome::EdgeOnly},
        {"resnet50", "ResNet-50", [] { return buildResNet50(); }, 4 * kMiB, false, Outcome::Split},
        {"mobilenetv2", "MobileNetV2", [] { return buildMobileNetV2(); }, 1 * kMiB, false,
         Outcome::EdgeOnly},
        {"mnasnet", "MNASNet1.0", [] { return buildMnasNet1_0(); }, 4 * kMiB, false,
         Outcome::EdgeOnly},
        {"googlenet", "GoogLeNet", [] { return buildGoogLeNet(); }, 8 * kMiB, false,
         Outcome::Split},
        {"resnext50", "ResNeXt50_32x4d", [] { return buildResNeXt50_32x4d(); }, 4 * kMiB, false,
         Outcome::CloudOnly},
        {"yolov3", "YOLOv3 (416)", [] { return buildYoloV3(); }, 128 * kMiB, true, Outcome::Split},
        {"yolov3tiny", "YOLOv3-tiny (416)", [] { return buildYoloV3Tiny(); }, 32 * kMiB, true,
         Outcome::Split},
    };
}

std::string mb(int64_t bytes) {
    return fmt("%.2f MB", static_cast<double>(bytes) / kMiB);
}

// The accuracy proxies of one candidate, from evaluate() on the sample inputs (edge layers
// fake-quantized at their bit-widths, cloud layers in float), each the worst graph output (a
// detector's three heads), in percent:
//  - output: quantization noise relative to the float output's energy,
//    100 * sum_s |y_q(s) - y(s)|^2 / sum_s |y(s)|^2 = 100 * 10^(-SQNR / 10), evaluate()'s output
//    SQNR: the product's own measure for unlabelled samples (DESIGN.md, "Accuracy");
//  - varying: the same noise relative to the part of the float output that depends on the
//    input, sum_s |y(s) - mean_s y(s)|^2. Random-weight networks fed i.i.d. noise images map every
//    input to nearly the same output (global pooling averages the noise away: on ResNet-50 the
//    input-dependent part is ~0.02% of the output energy), so this one is very strict.
struct Proxy {
    double output = 0;
    double varying = 0;
};

class ProxyMeter {
public:
    static Result<ProxyMeter> create(const Executor& executor, const CalibrationResult& calibration,
                                     const std::vector<std::vector<HostTensor>>& samples) {
        ProxyMeter meter(executor, calibration, samples);
        const Graph& g = executor.graph();
        std::vector<std::map<std::string, HostTensor>> outputs;
        for (const auto& sample : samples) {
            RunRequest run;
            for (size_t i = 0; i < sample.size() && i < g.inputs().size(); ++i)
                run.feeds[g.value(g.inputs()[i]).name] = sample[i];
            auto out = executor.run(run);
            if (!out)
                return out.error();
            outputs.push_back(std::move(*out));
        }
        for (ValueId o : g.outputs()) {
            const std::string& name = g.value(o).name;
            if (outputs.front().at(name).dtype() != DataType::Float)
                continue;
            Energies e;
            const int64_t n = outputs.front().at(name).elementCount();
            for (int64_t k = 0; k < n; ++k) {
                double mean = 0;
                for (const auto& out : outputs)
                    mean += out.at(name).data<float>()[k];
                mean /= static_cast<double>(outputs.size());
                for (const auto& out : outputs) {
                    const double v = out.at(name).data<float>()[k];
                    e.energy += v * v;
                    e.varying += (v - mean) * (v - mean);
                }
            }
            meter.m_outputs[name] = e;
        }
        return meter;
    }

    Result<Proxy> measure(const Candidate& c) {
        if (!c.isPrefix())
            return Error{"the proxy is measured for prefix cuts only"};
        if (c.floatEdge || c.split == 0)
            return Proxy{};
        EvaluationRequest request;
        request.split = c.split;
        request.weightBits = c.bits.weights();
        request.activationBits = c.bits.activations();
        request.weightBits.resize(static_cast<size_t>(c.split));
        request.activationBits.resize(static_cast<size_t>(c.split));
        std::string key = std::to_string(c.split) + ":";
        for (size_t i = 0; i < request.weightBits.size(); ++i)
            key += std::to_string(request.weightBits[i]) + "/" +
                   std::to_string(request.activationBits[i]) + ",";
        if (auto it = m_cache.find(key); it != m_cache.end())
            return it->second;
        auto result = evaluate(m_executor, m_calibration, m_samples, {}, request);
        if (!result)
            return result.error();
        ++m_evaluations;
        Proxy p;
        for (const auto& [name, sqnr] : result->outputSqnrDb) {
            const auto it = m_outputs.find(name);
            if (it == m_outputs.end() || std::isinf(sqnr))
                continue;
            const double share = std::pow(10.0, -sqnr / 10.0); // noise / energy
            p.output = std::max(p.output, 100.0 * share);
            p.varying =
                std::max(p.varying, it->second.varying > 0
                                        ? 100.0 * share * it->second.energy / it->second.varying
                                        : std::numeric_limits<double>::infinity());
        }
        m_cache[key] = p;
        return p;
    }
    int evaluations() const { return m_evaluations; }
    // Share of the float output energy that depends on the input, in percent (the smallest).
    double varyingSharePercent() const {
        double share = 100.0;
        for (const auto& [name, e] : m_outputs)
            if (e.energy > 0)
                share = std::min(share, 100.0 * e.varying / e.energy);
        return share;
    }

private:
    ProxyMeter(const Executor& executor, const CalibrationResult& calibration,
               const std::vector<std::vector<HostTensor>>& samples)
        : m_executor(executor), m_calibration(calibration), m_samples(samples) {}

    struct Energies {
        double energy = 0;  // sum_s |y(s)|^2
        double varying = 0; // sum_s |y(s) - mean y|^2
    };
    const Executor& m_executor;
    const CalibrationResult& m_calibration;
    const std::vector<std::vector<HostTensor>>& m_samples;
    std::map<std::string, Energies> m_outputs;
    std::map<std::string, Proxy> m_cache;
    int m_evaluations = 0;
};

// Edge time of a prefix candidate split into its MAC-only and memory-only parts (each layer takes
// the larger of the two on the device model).
struct EdgeBreakdown {
    double seconds = 0, macSeconds = 0, memorySeconds = 0;
};

EdgeBreakdown edgeBreakdown(const AssignmentCost& cost, const AnalyticalLatencyModel& latency,
                            const Candidate& c) {
    EdgeBreakdown b; // float edges carry uniform widths at the float bits
    if (!c.isPrefix())
        return b;
    auto activationOf = [&](int producer) {
        return producer > 0 ? c.bits.activation(producer) : 0;
    };
    for (int layer = 1; layer <= c.split; ++layer) {
        const LayerTime t =
            latency.edgeLayerTime(layer, cost.traffic(layer, c.bits.weight(layer), activationOf));
        b.seconds += t.seconds;
        b.macSeconds += t.computeSeconds;
        b.memorySeconds += t.memorySeconds;
    }
    return b;
}

std::string bitsSummary(const Candidate& c, const AssignmentCost& cost) {
    if (c.split == 0)
        return "—";
    if (c.floatEdge)
        return "float";
    std::map<int, int64_t> weights; // bits -> params
    std::map<int, int> activations; // bits -> layers
    for (int layer = 1; layer <= c.split; ++layer) {
        if (cost.params(layer) > 0)
            weights[c.bits.weight(layer)] += cost.params(layer);
        if (cost.quantizedOutputElements(layer) > 0)
            ++activations[c.bits.activation(layer)];
    }
    int64_t totalParams = 0;
    for (const auto& [b, p] : weights)
        totalParams += p;
    double meanW = 0;
    for (const auto& [b, p] : weights)
        meanW += b * static_cast<double>(p) / std::max<int64_t>(1, totalParams);
    std::string acts;
    for (const auto& [b, n] : activations)
        acts += (acts.empty() ? "" : " ") + fmt("%db×%d", b, n);
    // Mean weight bits over the edge parameters; activation bits as "bits×layers".
    return fmt("w %.2f (mean); a %s", meanW, acts.c_str());
}

struct Row {
    std::vector<std::string> main;
    std::vector<std::string> detail;
};

struct Profiles {
    profiles::DeviceProfile edge, cloud;
};

std::string norm(const Candidate& c, double cloud) {
    // An infeasible baseline's latency is still shown (the paper plots QDMP whether or not the
    // model fits), marked; "n/f" only when it has no answer at all.
    if (!c.feasible)
        return std::isfinite(c.totalSeconds) && c.totalSeconds > 0
                   ? fmt("%.2f†", c.totalSeconds / cloud)
                   : std::string("n/f");
    return fmt("%.2f", c.totalSeconds / cloud);
}

std::string cutText(const Candidate& c, int layers) {
    if (!c.isPrefix())
        return fmt("%d layers (not a prefix)", c.edgeLayerCount());
    return fmt("%d of %d", c.split, layers);
}

Outcome outcomeOf(const Candidate& c, int layers) {
    if (c.edgeLayerCount() == 0)
        return Outcome::CloudOnly;
    return c.edgeLayerCount() == layers ? Outcome::EdgeOnly : Outcome::Split;
}

std::string kb(int64_t bytes) {
    const double k = static_cast<double>(bytes) / 1024.0;
    return k < 10 ? fmt("%.1f KB", k) : fmt("%.0f KB", k);
}

std::string parts(const Candidate& c) {
    return fmt("edge %.3f + tx %.3f (%s) + cloud %.3f = %.3f s", c.edgeSeconds,
               c.transmissionSeconds, kb(c.transmittedBytes).c_str(), c.cloudSeconds,
               c.totalSeconds);
}

struct Options {
    bool markdown = false;
    bool verbose = false;
    bool outputsOnEdge = false;
    int samples = 4;
    int threads = 2;
};

// One model taken through the product's pipeline up to solve(). Held by pointer: the cost
// object refers to the graph, analysis, error table and latency model in place.
struct Study {
    const StudyModel* model = nullptr;
    std::shared_ptr<const Graph> graph; // optimized
    SplitAnalysis analysis;
    std::optional<Executor> executor;
    std::vector<std::vector<HostTensor>> samples;
    CalibrationResult calibration;
    std::unique_ptr<AnalyticalLatencyModel> latency;
    Uplink uplink;
    SolutionSet set;
    std::optional<AssignmentCost> cost;
    double prepareSeconds = 0; // import, passes, analysis, calibration
    double solveMilliseconds = 0;

    int layers() const { return analysis.layerCount(); }
    const Candidate& candidate(int i) const { return set.candidates[static_cast<size_t>(i)]; }
};

Result<std::unique_ptr<Study>> prepare(const StudyModel& m, const Profiles& profiles,
                                       const Options& options) {
    auto study = std::make_unique<Study>();
    study->model = &m;
    const auto t0 = Clock::now();
    const std::string bytes = m.build().SerializeAsString();
    session::OpenOptions openOptions;
    openOptions.keepRawGraph = false;
    openOptions.analysis.outputsConsumedOnEdge = options.outputsOnEdge;
    auto opened = session::openModel(
        session::ModelSource::memory(QByteArray(bytes.data(), qsizetype(bytes.size())),
                                     QString::fromStdString(m.key)),
        openOptions);
    if (!opened)
        return opened.error();
    study->graph = session::sharedGraph(*opened);
    study->analysis = (*opened)->analysis;

    // Calibration on random-normal samples of the real input size.
    ExecutorOptions executorOptions;
    executorOptions.threads = options.threads;
    auto executor = Executor::create(study->graph, executorOptions);
    if (!executor)
        return executor.error();
    study->executor.emplace(std::move(*executor));
    std::mt19937 rng(2021);
    std::normal_distribution<float> normal(0.f, 1.f);
    for (int s = 0; s < options.samples; ++s) {
        std::vector<HostTensor> sample;
        for (ValueId input : study->graph->inputs()) {
            const Value& v = study->graph->value(input);
            if (!v.shape.isFullyKnown())
                return Error{m.name + ": input '" + v.name + "' has no fixed shape"};
            HostTensor t(DataType::Float, v.shape.dims);
            for (float& x : t.mutableSpan<float>())
                x = normal(rng);
            sample.push_back(std::move(t));
        }
        study->samples.push_back(std::move(sample));
    }
    CalibrationSettings settings; // B = {2, 4, 6, 8}, min/max ranges
    auto calibration = calibrate(*study->executor, study->samples, settings);
    if (!calibration)
        return calibration.error();
    study->calibration = std::move(*calibration);
    study->prepareSeconds = std::chrono::duration<double>(Clock::now() - t0).count();

    auto latency = makeLatencyModel(*study->graph, study->analysis, profiles.edge, profiles.cloud);
    if (!latency)
        return latency.error();
    study->latency = std::move(*latency);
    study->uplink.bitsPerSecond = 3.0 * 1048576.0; // the paper's 3 Mbps, binary
    study->uplink.roundTripSeconds = 0.0;
    study->uplink.overheadBytesPerMessage = 0;
    SolveProblem problem{*study->graph, study->analysis, study->calibration.table, *study->latency,
                         study->uplink};
    SolveConstraints constraints;
    constraints.edgeMemoryBytes = m.memoryBytes;
    constraints.bits = {2, 4, 6, 8};
    const auto t1 = Clock::now();
    auto solved = solve(problem, constraints);
    if (!solved)
        return solved.error();
    study->solveMilliseconds = std::chrono::duration<double, std::milli>(Clock::now() - t1).count();
    study->set = std::move(*solved);
    auto cost = AssignmentCost::create(*study->graph, study->analysis, study->calibration.table,
                                       *study->latency, study->uplink, m.memoryBytes,
                                       constraints.floatBits);
    if (!cost)
        return cost.error();
    study->cost.emplace(std::move(*cost));
    return study;
}

// The selection under the accuracy limit, with the proxies measured on the way.
struct ProxySelection {
    double limit = 0;
    std::map<int, Proxy> measured;                  // candidate index -> proxies
    std::optional<int> edgeOnly, split;             // fastest front point within the limit (proxy)
    std::optional<int> strictEdgeOnly, strictSplit; // the same under the strict proxy
    int strictSelected = 0;
};

Result<ProxySelection> selectWithProxies(Study& study, ProxyMeter& meter) {
    ProxySelection result;
    result.limit = study.model->detection ? 10.0 : 5.0;
    SolutionSet& set = study.set;
    // Each outcome's front in ascending latency (descending E), walked until a point is within
    // the strict proxy's limit (it is never below the output proxy: removing the mean only
    // lowers the energy), so the first point within each proxy's limit is found exactly.
    auto walk = [&](Outcome outcome, std::optional<int>& first,
                    std::optional<int>& firstStrict) -> Status {
        std::vector<Candidate> subset;
        std::vector<int> index;
        for (size_t i = 0; i < set.candidates.size(); ++i) {
            const Candidate& c = set.candidates[i];
            if (c.feasible && c.isPrefix() && outcomeOf(c, study.layers()) == outcome) {
                subset.push_back(c);
                index.push_back(static_cast<int>(i));
            }
        }
        for (int k : paretoFront(subset)) {
            const int i = index[static_cast<size_t>(k)];
            auto p = meter.measure(set.candidates[static_cast<size_t>(i)]);
            if (!p)
                return p.error();
            result.measured[i] = *p;
            if (!first && p->output <= result.limit)
                first = i;
            if (p->varying <= result.limit) {
                firstStrict = i;
                break;
            }
        }
        return {};
    };
    if (auto s = walk(Outcome::EdgeOnly, result.edgeOnly, result.strictEdgeOnly); !s)
        return s.error();
    if (auto s = walk(Outcome::Split, result.split, result.strictSplit); !s)
        return s.error();
    // solve()'s own selection with one proxy's values as the measured drops; the output proxy
    // last, so that the set stays selected with it.
    auto selectWith = [&](double Proxy::*metric) {
        for (const auto& [i, p] : result.measured)
            set.candidates[static_cast<size_t>(i)].measuredDrop = p.*metric;
        set.constraints.maxAccuracyDrop = result.limit;
        updateSelection(set);
        return set.selected;
    };
    result.strictSelected = selectWith(&Proxy::varying);
    selectWith(&Proxy::output);
    return result;
}

// Why our outcome differs from the paper's, from the numbers; "—" when it does not.
std::string whyDiffers(const Study& study, const ProxySelection& sel) {
    const StudyModel& m = *study.model;
    const SolutionSet& set = study.set;
    const Candidate& selected = set.selectedCandidate();
    const Candidate& cloudOnly = set.candidates.front();
    const Outcome ours = outcomeOf(selected, study.layers());
    if (ours == m.paper)
        return "—";
    const double budgetMb = static_cast<double>(m.memoryBytes) / kMiB;
    auto describe = [&](const Candidate& c) {
        std::string text = fmt("%s n = %d: %s", outcomeName(outcomeOf(c, study.layers())), c.split,
                               parts(c).c_str());
        const EdgeBreakdown b = edgeBreakdown(*study.cost, *study.latency, c);
        if (b.memorySeconds > b.macSeconds)
            text += fmt(", Eyeriss memory time dominates (%.3f s vs MAC %.3f s)", b.memorySeconds,
                        b.macSeconds);
        return text;
    };
    std::vector<std::string> reasons;
    if (m.paper == Outcome::EdgeOnly) {
        const int64_t edgeOnlyAt2 =
            study.analysis.edgeMemoryBytes(study.layers(), 2).value_or(int64_t{1} << 62);
        if (edgeOnlyAt2 > m.memoryBytes)
            reasons.push_back(fmt("Edge-Only does not fit: %s at 2 bits > %g MB",
                                  mb(edgeOnlyAt2).c_str(), budgetMb));
        else if (!sel.edgeOnly)
            reasons.push_back("no Edge-Only candidate within the proxy limit");
        else
            reasons.push_back("fastest Edge-Only within the proxy: " +
                              describe(study.candidate(*sel.edgeOnly)));
        reasons.push_back(ours == Outcome::CloudOnly
                              ? fmt("Cloud-Only %.3f s", cloudOnly.totalSeconds)
                              : "ours: " + describe(selected));
    } else if (m.paper == Outcome::Split) {
        if (ours == Outcome::EdgeOnly)
            reasons.push_back(fmt("Edge-Only fits (%s at its bits, limit %g MB) and is fastest: ",
                                  mb(selected.edgeMemoryBytes).c_str(), budgetMb) +
                              describe(selected));
        if (sel.split) {
            reasons.push_back("fastest SPLIT within the proxy: " +
                              describe(study.candidate(*sel.split)));
        } else {
            int splits = 0;
            for (int n : set.potentialSplits)
                splits += n < study.layers();
            reasons.push_back(splits == 0 ? fmt("no potential SPLIT (eq. 6) within %g MB", budgetMb)
                                          : fmt("none of the %d potential splits has a candidate "
                                                "within the proxy limit",
                                                splits));
        }
        if (ours == Outcome::CloudOnly)
            reasons.push_back(fmt("Cloud-Only %.3f s", cloudOnly.totalSeconds));
    } else { // the paper: Cloud-Only
        reasons.push_back(fmt("ours %s < Cloud-Only %.3f s (raw input %s, %.3f s)",
                              describe(selected).c_str(), cloudOnly.totalSeconds,
                              kb(cloudOnly.transmittedBytes).c_str(),
                              cloudOnly.transmissionSeconds));
    }
    std::string why;
    for (const auto& r : reasons)
        why += (why.empty() ? "" : "; ") + r;
    return why;
}

void printVerbose(const Study& study, const ProxySelection& sel, const ProxyMeter& meter) {
    std::fprintf(stderr, "  input-dependent share of the float output energy: %.4g%%\n",
                 meter.varyingSharePercent());
    for (const Baseline& b : study.set.baselines) {
        const EdgeBreakdown e = edgeBreakdown(*study.cost, *study.latency, b.candidate);
        std::fprintf(stderr, "  %-24s n=%d %s %.3f s%s (edge MAC %.3f s, memory %.3f s)%s | %s\n",
                     b.name.c_str(), b.candidate.split,
                     b.candidate.feasible ? "feasible" : "infeasible", b.candidate.totalSeconds,
                     b.believedSeconds ? fmt(" (believed %.3f s)", *b.believedSeconds).c_str() : "",
                     e.macSeconds, e.memorySeconds,
                     b.candidate.reason.empty() ? "" : (" " + b.candidate.reason).c_str(),
                     b.note.c_str());
    }
    for (const auto& [i, p] : sel.measured) {
        const Candidate& c = study.candidate(i);
        std::fprintf(stderr,
                     "  candidate %d (%s) n=%d %.3f s E=%.4g proxy %.3g%% strict %.3g%%: %s\n", i,
                     std::string(methodName(c.method)).c_str(), c.split, c.totalSeconds, c.error,
                     p.output, p.varying, bitsSummary(c, *study.cost).c_str());
    }
}

Result<Row> studyOne(const StudyModel& m, const Profiles& profiles, const Options& options) {
    auto prepared = prepare(m, profiles, options);
    if (!prepared)
        return prepared.error();
    Study& study = **prepared;
    const auto t0 = Clock::now();
    auto meter = ProxyMeter::create(*study.executor, study.calibration, study.samples);
    if (!meter)
        return meter.error();
    auto sel = selectWithProxies(study, *meter);
    if (!sel)
        return sel.error();
    // The baselines' own proxies, for the report (the float ones lose nothing).
    auto baselineProxy = [&](const char* name) -> Result<std::optional<Proxy>> {
        const Baseline* b = study.set.baseline(name);
        if (!b || !b->candidate.feasible || !b->candidate.isPrefix() || b->candidate.split == 0)
            return std::optional<Proxy>{};
        auto r = meter->measure(b->candidate);
        if (!r)
            return r.error();
        return std::optional<Proxy>{*r};
    };
    auto u8Proxy = baselineProxy("U8");
    if (!u8Proxy)
        return u8Proxy.error();
    auto edgeU8Proxy = baselineProxy("Edge-Only U8");
    if (!edgeU8Proxy)
        return edgeU8Proxy.error();
    const double proxySeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (options.verbose)
        printVerbose(study, *sel, *meter);

    const SolutionSet& set = study.set;
    const int layers = study.layers();
    const Candidate& selected = set.selectedCandidate();
    const Candidate& strictSelected = study.candidate(sel->strictSelected);
    const double cloud = set.candidates.front().totalSeconds;
    auto baselineText = [&](const char* name) {
        const Baseline* b = set.baseline(name);
        return b ? norm(b->candidate, cloud) : std::string("—");
    };
    auto proxyText = [](const std::optional<Proxy>& p) {
        return p ? fmt("%.3g%% / %.3g%%", p->output, p->varying) : std::string("—");
    };
    std::optional<Proxy> selectedProxy;
    if (auto it = sel->measured.find(set.selected); it != sel->measured.end())
        selectedProxy = it->second;
    const int64_t edgeOnlyAt2 = study.analysis.edgeMemoryBytes(layers, 2).value_or(-1);
    const int64_t edgeOnlyAt8 = study.analysis.edgeMemoryBytes(layers, 8).value_or(-1);

    Row row;
    row.main = {m.name,
                fmt("%d", layers),
                fmt("%g MB", static_cast<double>(m.memoryBytes) / kMiB),
                outcomeName(outcomeOf(selected, layers)),
                cutText(selected, layers),
                fmt("%.2f", selected.totalSeconds / cloud),
                baselineText("Neurosurgeon"),
                baselineText("DADS/QDMP"),
                baselineText("QDMP_E"),
                baselineText("U8"),
                baselineText("Edge-Only U8"),
                baselineText("Li et al. (fastest)"),
                strictSelected.split == 0
                    ? std::string("Cloud-Only")
                    : fmt("%s n = %d (%.2f)", outcomeName(outcomeOf(strictSelected, layers)),
                          strictSelected.split, strictSelected.totalSeconds / cloud),
                outcomeName(m.paper),
                whyDiffers(study, *sel)};
    row.detail = {m.name,
                  fmt("%.3f", cloud),
                  selected.split == 0 ? std::string("—") : parts(selected),
                  selected.split == 0 ? std::string("—") : mb(selected.edgeMemoryBytes),
                  bitsSummary(selected, *study.cost),
                  (selected.split == 0 ? std::string("0 (float)") : proxyText(selectedProxy)) +
                      fmt(" (≤ %g%%)", sel->limit),
                  proxyText(*u8Proxy),
                  proxyText(*edgeU8Proxy),
                  fmt("%s / %s", mb(edgeOnlyAt2).c_str(), mb(edgeOnlyAt8).c_str()),
                  fmt("%zu / %zu / %zu", set.potentialSplits.size(), set.candidates.size(),
                      set.paretoFront.size()),
                  fmt("%d", meter->evaluations()),
                  fmt("%.1f s / %.1f ms / %.1f s", study.prepareSeconds, study.solveMilliseconds,
                      proxySeconds)};
    return row;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream s(text);
    std::string item;
    while (std::getline(s, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    std::vector<std::string> only;
    const std::string usage =
        "usage: study [--markdown] [--verbose] [--samples N] [--threads T] [--outputs-on-edge]\n"
        "             [--models resnet18,resnet50,mobilenetv2,mnasnet,googlenet,resnext50,yolov3,"
        "yolov3tiny]\n";
    auto positive = [&](const char* flag, const char* text, int& out) {
        char* end = nullptr;
        const long v = std::strtol(text, &end, 10);
        if (end == text || *end != '\0' || v < 1 || v > 1024) {
            std::cerr << "study: " << flag << " needs a positive integer, not '" << text << "'\n";
            return false;
        }
        out = static_cast<int>(v);
        return true;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--markdown")
            options.markdown = true;
        else if (arg == "--verbose")
            options.verbose = true;
        else if (arg == "--outputs-on-edge")
            options.outputsOnEdge = true;
        else if (arg == "--samples" && i + 1 < argc) {
            if (!positive("--samples", argv[++i], options.samples))
                return 2;
        } else if (arg == "--threads" && i + 1 < argc) {
            if (!positive("--threads", argv[++i], options.threads))
                return 2;
        } else if (arg == "--models" && i + 1 < argc)
            only = splitList(argv[++i]);
        else {
            std::cerr << usage;
            return 2;
        }
    }
    std::vector<StudyModel> models;
    for (StudyModel& m : studyModels())
        if (only.empty() || std::find(only.begin(), only.end(), m.key) != only.end())
            models.push_back(std::move(m));
    for (const std::string& key : only)
        if (std::none_of(models.begin(), models.end(),
                         [&](const StudyModel& m) { return m.key == key; })) {
            std::cerr << "study: --models: unknown model '" << key << "'\n" << usage;
            return 2;
        }
    Profiles profiles;
    {
        auto edge = loadDevicePreset("eyeriss");
        auto cloud = loadDevicePreset("tpu");
        if (!edge || !cloud) {
            std::cerr << "study: " << (!edge ? edge.error().message : cloud.error().message)
                      << "\n";
            return 1;
        }
        profiles.edge = *edge;
        profiles.cloud = *cloud;
    }

    const auto t0 = Clock::now();
    Table main({"model", "layers", "M_edge", "ours", "split n", "Auto-Split", "Neurosurgeon",
                "QDMP", "QDMP_E", "U8", "Edge-Only U8", "Li (fastest)", "ours, strict proxy",
                "paper (Fig. 6)", "where ours differs: why"});
    Table detail({"model", "Cloud-Only (s)", "ours: latency", "edge memory", "edge bits",
                  "proxy / strict (limit)", "U8 proxy / strict", "Edge-Only U8 proxy / strict",
                  "Edge-Only memory at 2 / 8 bits", "splits / candidates / front", "evaluations",
                  "prepare / solve / proxy"});
    for (const StudyModel& m : models) {
        std::cerr << "study: " << m.name << "...\n";
        auto row = studyOne(m, profiles, options);
        if (!row) {
            std::cerr << "study: " << m.name << ": " << row.error().message << "\n";
            return 1;
        }
        main.add(row->main);
        detail.add(row->detail);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();

    std::printf("The Auto-Split study (KDD 2021 §5.3, Fig. 6) on this product's cost models: edge "
                "'eyeriss', cloud 'tpu' (Table 1),\nuplink 3 Mbps (3 * 2^20 bit/s, no round trip), "
                "B = {2,4,6,8}, the proof of concept's memory budgets M_edge, graph outputs %s.\n"
                "Random weights (tests/support/model_builder); D_w from the weights, D_a from %d "
                "random-normal input sample(s) of the real size (min/max ranges).\n"
                "Latency normalised to Cloud-Only (lower is better); †: the baseline's answer "
                "exceeds M_edge (infeasible, shown at its cost).\n\n",
                options.outputsOnEdge ? "consumed on the edge" : "sent to the cloud",
                options.samples);
    main.print(options.markdown);
    std::printf(
        "\nAccuracy limit. The paper takes the fastest candidate whose measured accuracy drop is "
        "within 5%% (classification)\nor 10%% (detection); with random weights a measured drop "
        "means nothing. Proxy: the output noise of the split\nmodel on the samples relative to the "
        "float output energy, 100 * |y_q - y|^2 / |y|^2 = 100 * 10^(-SQNR/10), worst graph\n"
        "output, within the same 5%% / 10%% (output SQNR >= 13 / 10 dB). Strict proxy: the same "
        "noise relative to the input-dependent\npart of the float output, "
        "|y - mean over samples of y|^2. Both measured with core/quant evaluate() (edge "
        "fake-quantized,\ncloud float) on each outcome's (latency, E) Pareto front in latency "
        "order up to the first point within the limit,\nthen solve()'s selection with the values "
        "as measured drops.\n\n");
    detail.print(options.markdown);
    std::printf(
        "\n—: not measured (the baseline is Cloud-Only or infeasible). Edge bits: mean weight "
        "bits over the edge parameters;\nactivation bits as bits×layers. Evaluations: "
        "distinct assignments run through evaluate().\n");
    std::printf("\nTotal run time %.1f s (%d thread(s)).\n", seconds, options.threads);
    return 0;
}
