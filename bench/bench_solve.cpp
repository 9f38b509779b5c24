// Benchmark: one full solve (Auto-Split's candidates, Cloud-Only, Edge-Only U8, the
// Pareto front, the selection and every baseline) on a ResNet-50-shaped graph (goal < 20 ms), a
// YOLOv3-shaped graph (416 px, goal < 50 ms), a YOLOv3-tiny-shaped graph (no goal of its own) and
// synthetic DAGs of 100..5,000 layers (5,000: goal < 1 s), and how solve time grows with layers.
//
//   bench_solve [--runs N] [--layers 100,500,...] [--bits 2,4,6,8]
//
// Inputs, stated in the output: D_w from computeWeightErrors on the model's random weights
// (min/max ranges); D_a synthetic (no sample data here, and calibrating YOLOv3 at 416 px costs
// more than the benchmark is worth): sigma_i^2 * 4^-b / 3 per layer with sigma_i^2 log-uniform in
// [0.01, 10], the noise of a uniform quantizer over a range ~ sigma_i. The solve's cost does not
// depend on the D_a values beyond which allocations the Lagrangian walk visits.
// Latency: the product's cost model, makeLatencyModel with the "eyeriss" edge and "tpu" cloud
// presets (SCALE-Sim-style systolic arrays, the paper's Table 1), uplink 3 Mbps (3 * 2^20 bit/s,
// no round trip, no overhead). Building the model is timed separately ("model" column); the solve
// time includes every edge-latency query the search makes. Memory limits: ResNet-50 4 MB,
// YOLOv3-tiny 32 MB, YOLOv3 128 MB (the proof of concept's budgets, DESIGN.md); synthetic DAGs:
// the whole model at 8 bits, so that every cut is a potential split (the worst case for the
// search). A goal is "met" when the median solve time is under it.

#include "core/analysis/split_analysis.h"
#include "core/cost/analytical_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/quant_error_table.h"
#include "core/solve/solver.h"
#include "session/opened_model.h"
#include "tests/support/model_builder.h"
#include "tests/support/synthetic_dag.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace autosplit;
using Clock = std::chrono::steady_clock;

namespace {

struct Prepared {
    Graph graph;
    SplitAnalysis analysis;
    QuantErrorTable errors;
    std::unique_ptr<AnalyticalLatencyModel> latency;
    double modelMs = 0.0; // building the latency model (per-layer geometry, cloud times)
};

struct Devices {
    profiles::DeviceProfile edge;
    profiles::DeviceProfile cloud;
};

bool prepare(const onnx::ModelProto& model, const std::string& name, const std::vector<int>& bits,
             const Devices& devices, Prepared& out) {
    const std::string bytes = model.SerializeAsString();
    session::OpenOptions options;
    options.keepRawGraph = false;
    auto opened = session::openModel(
        session::ModelSource::memory(QByteArray(bytes.data(), qsizetype(bytes.size())),
                                     QString::fromStdString(name)),
        options);
    if (!opened) {
        std::cerr << opened.error().message << "\n";
        return false;
    }
    out.graph = (*opened)->graph;
    out.analysis = (*opened)->analysis;
    const auto m0 = Clock::now();
    auto latency = makeLatencyModel(out.graph, out.analysis, devices.edge, devices.cloud);
    out.modelMs = std::chrono::duration<double, std::milli>(Clock::now() - m0).count();
    if (!latency) {
        std::cerr << name << ": " << latency.error().message << "\n";
        return false;
    }
    out.latency = std::move(*latency);
    auto errors = computeWeightErrors(out.graph, bits);
    if (!errors) {
        std::cerr << errors.error().message << "\n";
        return false;
    }
    out.errors = std::move(*errors);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> logSigma2(std::log(0.01), std::log(10.0));
    for (auto& row : out.errors.layers) {
        const double sigma2 = std::exp(logSigma2(rng));
        row.activationMse.clear();
        for (int b : out.errors.bits)
            row.activationMse.push_back(sigma2 * std::pow(4.0, -b) / 3.0);
    }
    out.errors.activationRangeMethod = "synthetic";
    return true;
}

struct Timing {
    double best = 0, median = 0;
    SolutionSet last;
};

bool timeSolve(const Prepared& p, int64_t memory, const std::vector<int>& bits, int runs,
               Timing& t) {
    // The paper's 3 Mbps in binary megabits, no round trip, no per-message overhead.
    const SolveProblem problem{p.graph, p.analysis, p.errors, *p.latency,
                               Uplink{3.0 * 1048576.0, 0.0, 0}};
    SolveConstraints constraints;
    constraints.edgeMemoryBytes = memory;
    constraints.bits = bits;
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = Clock::now();
        auto set = solve(problem, constraints);
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!set) {
            std::cerr << set.error().message << "\n";
            return false;
        }
        t.last = std::move(*set);
    }
    std::sort(times.begin(), times.end());
    t.best = times.front();
    t.median = times[times.size() / 2];
    return true;
}

// goalMs <= 0: no goal for this row.
void printRow(const std::string& name, const Prepared& p, int64_t memory, const Timing& t,
              double goalMs) {
    const Candidate& s = t.last.selectedCandidate();
    const Candidate& cloudOnly = t.last.candidates.front();
    char goal[32] = "";
    char met[16] = "";
    if (goalMs > 0) {
        std::snprintf(goal, sizeof goal, "< %.0f ms", goalMs);
        std::snprintf(met, sizeof met, "%s", t.median < goalMs ? "met" : "NOT met");
    }
    char selected[128];
    std::snprintf(selected, sizeof selected, "%s n=%d, %.1f ms (CO %.1f)",
                  std::string(methodName(s.method)).c_str(), s.split, s.totalSeconds * 1e3,
                  cloudOnly.totalSeconds * 1e3);
    std::printf("| %-22s | %6d | %8.1f | %6zu | %7zu | %7.2f | %9.2f | %9.2f | %-9s | %-7s | "
                "%-46s |\n",
                name.c_str(), p.analysis.layerCount(), static_cast<double>(memory) / 1048576.0,
                t.last.potentialSplits.size(), t.last.candidates.size(), p.modelMs, t.best,
                t.median, goal, met, selected);
    std::fflush(stdout);
}

std::vector<int> parseList(const std::string& text) {
    std::vector<int> out;
    std::stringstream s(text);
    std::string item;
    while (std::getline(s, item, ','))
        out.push_back(std::atoi(item.c_str()));
    return out;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 7;
    std::vector<int> sizes = {100, 250, 500, 1000, 2000, 5000};
    std::vector<int> bits = {2, 4, 6, 8};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--layers" && i + 1 < argc)
            sizes = parseList(argv[++i]);
        else if (arg == "--bits" && i + 1 < argc)
            bits = parseList(argv[++i]);
        else {
            std::cerr << "usage: bench_solve [--runs N] [--layers 100,500,...] [--bits 2,4,6,8]\n";
            return 2;
        }
    }
    auto edge = loadDevicePreset("eyeriss");
    auto cloud = loadDevicePreset("tpu");
    if (!edge || !cloud) {
        std::cerr << (edge ? cloud.error().message : edge.error().message) << "\n";
        return 1;
    }
    const Devices devices{std::move(*edge), std::move(*cloud)};

    std::printf("Full solve (Auto-Split + Cloud-Only + Edge-Only U8 + Pareto front + selection + "
                "all baselines),\n"
                "B = {");
    for (size_t i = 0; i < bits.size(); ++i)
        std::printf("%s%d", i ? "," : "", bits[i]);
    std::printf(
        "}, uplink 3 Mbps (3 * 2^20 bit/s), no accuracy limit, %d runs each (best and median, "
        "ms;\nsynthetic DAGs of 2,000+ layers: half as many).\n"
        "Latency: makeLatencyModel, edge preset \"eyeriss\", cloud preset \"tpu\" (\"model\": time "
        "to build it, once).\n"
        "D_w: computeWeightErrors (min/max); D_a: synthetic sigma^2 4^-b / 3 (no sample data, not "
        "calibrated).\n"
        "Goal met: median under the goal. CO: Cloud-Only latency.\n\n",
        runs);
    std::printf(
        "| model                  | layers | mem (MB) | splits | cands   | model   | best "
        "(ms) | med (ms)  | goal      | met     | selected                                       "
        "|\n"
        "|------------------------|--------|----------|--------|---------|---------|------"
        "-----|-----------|-----------|---------|------------------------------------------------"
        "|\n");

    struct Named {
        std::string name;
        onnx::ModelProto (*build)();
        int64_t memory;
        double goalMs;
    };
    const std::vector<Named> models = {
        {"ResNet-50 (224 px)", [] { return testing::buildResNet50(); }, int64_t{4} << 20, 20.0},
        {"YOLOv3 (416 px)", [] { return testing::buildYoloV3(13, 416); }, int64_t{128} << 20, 50.0},
        {"YOLOv3-tiny (416 px)", [] { return testing::buildYoloV3Tiny(13, 416); },
         int64_t{32} << 20, 0.0}};
    for (const Named& m : models) {
        Prepared p;
        if (!prepare(m.build(), m.name, bits, devices, p))
            return 1;
        Timing t;
        if (!timeSolve(p, m.memory, bits, runs, t))
            return 1;
        printRow(m.name, p, m.memory, t, m.goalMs);
    }
    // (layers, median ms) of the synthetic rows, for the growth fit.
    std::vector<std::pair<double, double>> growth;
    for (int n : sizes) {
        // buildSyntheticDag(n) counts layers before residual-add fusion folds each residual Add
        // into its conv, so the optimized graph comes out smaller: scale the request until the
        // layer count is within 2% of n.
        Prepared p;
        int request = n;
        for (int attempt = 0; attempt < 5; ++attempt) {
            if (!prepare(testing::buildSyntheticDag(request), "synthetic", bits, devices, p))
                return 1;
            const int layers = p.analysis.layerCount();
            if (std::abs(layers - n) * 50 <= n)
                break;
            request = std::max(1, static_cast<int>(std::lround(static_cast<double>(request) * n /
                                                               std::max(1, layers))));
        }
        const int64_t memory =
            p.analysis.edgeMemoryBytes(p.analysis.layerCount(), 8).value_or(int64_t{1} << 40);
        Timing t;
        if (!timeSolve(p, memory, bits, n >= 2000 ? std::max(1, runs / 2) : runs, t))
            return 1;
        printRow("synthetic DAG", p, memory, t, n == 5000 ? 1000.0 : 0.0);
        growth.emplace_back(p.analysis.layerCount(), t.median);
    }
    // Least-squares slope of log(median) against log(layers): time ~ N^k.
    if (growth.size() >= 2) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (const auto& [n, ms] : growth) {
            const double x = std::log(n), y = std::log(ms);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        const double k = static_cast<double>(growth.size());
        const double slope = (k * sxy - sx * sy) / (k * sxx - sx * sx);
        std::printf("\nSynthetic DAGs: median solve time grows about as N^%.2f over %.0f..%.0f "
                    "layers (least-squares fit of log time on log layers).\n",
                    slope, growth.front().first, growth.back().first);
    }
    return 0;
}
