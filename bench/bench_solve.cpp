// Benchmark for issue #4: one full solve (Auto-Split's candidates, Cloud-Only, Edge-Only U8, the
// Pareto front, the selection and every baseline) on a ResNet-50-shaped graph (goal < 20 ms), a
// YOLOv3-tiny-shaped graph (the YOLOv3-shaped goal is < 50 ms) and synthetic DAGs of 100..5,000
// layers (5,000: goal < 1 s), and how solve time grows with layers.
//
//   bench_solve [--runs N] [--layers 100,500,...] [--bits 2,4,6,8]
//
// Inputs, stated in the output: D_w from computeWeightErrors on the model's random weights
// (min/max ranges); D_a synthetic (no sample data here): sigma_i^2 * 4^-b / 3 per layer with
// sigma_i^2 log-uniform in [0.01, 10], the noise of a uniform quantizer over a range ~ sigma_i.
// Latency: a placeholder roofline written here (edge 34 GMAC/s and 1 GB/s, cloud 96 TMAC/s and
// 13 GB/s at 16-bit), not the product's cost models; the solve cost does not depend on which
// model is plugged in beyond its per-call time. Uplink 3 Mbps. Memory limits: ResNet-50 4 MB,
// YOLOv3-tiny 32 MB (the proof of concept's budgets); synthetic DAGs: the whole model at 8 bits,
// so that every cut is a potential split (the worst case for the search).

#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/quant_error_table.h"
#include "core/solve/solver.h"
#include "tests/support/model_builder.h"
#include "tests/support/synthetic_dag.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace autosplit;
using Clock = std::chrono::steady_clock;

namespace {

class BenchRoofline : public LatencyModel {
public:
    explicit BenchRoofline(const SplitAnalysis& a) : m_analysis(a) {}
    int layerCount() const override { return m_analysis.layerCount(); }
    double edgeLayerSeconds(int layer, const LayerTraffic& t) const override {
        const double macs = static_cast<double>(info(layer).macs.value_or(0));
        const double bytes = static_cast<double>(t.weightBytes + t.inputBytes + t.outputBytes);
        return std::max(macs / 34e9, bytes / 1e9);
    }
    double cloudLayerSeconds(int layer) const override {
        const LayerInfo& l = info(layer);
        const double macs = static_cast<double>(l.macs.value_or(0));
        const double bytes = 2.0 * static_cast<double>(l.params + 2 * l.outputElements.value_or(0));
        return std::max(macs / 96e12, bytes / 13e9);
    }

private:
    const LayerInfo& info(int layer) const {
        return m_analysis.layers[static_cast<size_t>(layer) - 1];
    }
    const SplitAnalysis& m_analysis;
};

struct Prepared {
    Graph graph;
    SplitAnalysis analysis;
    QuantErrorTable errors;
};

bool prepare(const onnx::ModelProto& model, const std::string& name, const std::vector<int>& bits,
             Prepared& out) {
    auto imported = importOnnxBytes(model.SerializeAsString(), name, {});
    if (!imported) {
        std::cerr << imported.error().message << "\n";
        return false;
    }
    out.graph = std::move(imported->graph);
    if (auto r = optimizeGraph(out.graph, defaultPassNames()); !r) {
        std::cerr << r.error().message << "\n";
        return false;
    }
    auto analysis = analyzeSplits(out.graph);
    if (!analysis) {
        std::cerr << analysis.error().message << "\n";
        return false;
    }
    out.analysis = std::move(*analysis);
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
    BenchRoofline latency(p.analysis);
    SolveProblem problem{p.graph, p.analysis, p.errors, latency, Uplink{}};
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

void printRow(const std::string& name, const Prepared& p, int64_t memory, const Timing& t,
              const char* goal) {
    const Candidate& s = t.last.selectedCandidate();
    std::printf("| %-22s | %6d | %8.1f | %6zu | %6zu | %9.2f | %9.2f | %-8s | %-18s |\n",
                name.c_str(), p.analysis.layerCount(), static_cast<double>(memory) / 1048576.0,
                t.last.potentialSplits.size(), t.last.candidates.size(), t.best, t.median, goal,
                (std::string(methodName(s.method)) + " n=" + std::to_string(s.split)).c_str());
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
    std::printf("Full solve (Auto-Split + Cloud-Only + Edge-Only U8 + Pareto front + selection + "
                "all baselines),\n"
                "B = {");
    for (size_t i = 0; i < bits.size(); ++i)
        std::printf("%s%d", i ? "," : "", bits[i]);
    std::printf(
        "}, uplink 3 Mbps, no accuracy limit, %d runs each (best and median, ms).\n"
        "D_w: computeWeightErrors (min/max); D_a: synthetic sigma^2 4^-b / 3 (no sample data).\n"
        "Latency: a placeholder roofline (edge 34 GMAC/s, 1 GB/s; cloud 96 TMAC/s, 13 GB/s).\n\n",
        runs);
    std::printf("| model                  | layers | mem (MB) | splits | cands  | best (ms) | med "
                "(ms)  | goal     | selected           |\n"
                "|------------------------|--------|----------|--------|--------|-----------|------"
                "-----|----------|--------------------|\n");

    struct Named {
        std::string name;
        onnx::ModelProto model;
        int64_t memory;
        const char* goal;
    };
    std::vector<Named> models = {
        {"ResNet-50", testing::buildResNet50(), 4 << 20, "< 20 ms"},
        {"YOLOv3-tiny (416 px)", testing::buildYoloV3Tiny(), 32 << 20, "(< 50)"}};
    for (const Named& m : models) {
        Prepared p;
        if (!prepare(m.model, m.name, bits, p))
            return 1;
        Timing t;
        if (!timeSolve(p, m.memory, bits, runs, t))
            return 1;
        printRow(m.name, p, m.memory, t, m.goal);
    }
    for (int n : sizes) {
        Prepared p;
        if (!prepare(testing::buildSyntheticDag(n), "synthetic", bits, p))
            return 1;
        const int64_t memory =
            p.analysis.edgeMemoryBytes(p.analysis.layerCount(), 8).value_or(int64_t{1} << 40);
        Timing t;
        if (!timeSolve(p, memory, bits, n >= 2000 ? std::max(1, runs / 2) : runs, t))
            return 1;
        printRow("synthetic DAG", p, memory, t, n == 5000 ? "< 1000 ms" : "");
    }
    return 0;
}
