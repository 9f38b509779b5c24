// Integer against float execution of a split's edge part, side by side with ONNX Runtime, in one
// run: ResNet-50 and MobileNetV2 (224 px, random weights, tests/support/model_builder) cut after a
// layer about a third and two thirds of the way down, the edge part at 8 and at 4 bits (weights
// and activations), exported as the deployment bundle's edge.onnx (QDQ). Timed per edge part:
//   - ours, float: the float edge part (the optimized graph's layers with their fused activations
//     and residual Adds, no quantization), as the explorer runs it;
//   - ours, integer: edge.onnx as the bundle's edge runtime runs it (integer kernels);
//   - ours, simulated: edge.onnx run as written, QDQ in float (the fake-quantized simulation);
//   - ONNX Runtime: the same edge.onnx (npm onnxruntime-node, bench/ort/run.mjs, all graph
//     optimizations: its QDQ fusion into int8 kernels), same thread count; with AUTOSPLIT_CPU
//     forcing a lower path, ONNX Runtime sees only that path's instruction sets (cpuid_mask).
// Goal (issue): integer >= 1.5x faster than our float, and within 1.5x of ONNX Runtime's QDQ run.
//
//   bench_integer [--runs N] [--threads N] [--node PATH] [--keep DIR] [--profile] [--layers]
//
// --profile adds the time per op type of the integer and the float runs, --layers the time of
// each layer in both.

#include "bench/bench_support.h"
#include "core/bundle/split_models.h"
#include "core/bundle/split_plan.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/runtime/cpu/cpu_path.h"
#include "core/runtime/executor.h"
#include "tests/support/model_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace autosplit;
using namespace autosplit::testing;

namespace {

struct Options {
    int runs = 20, threads = 2;
    std::string node = "node", keep;
    bool profile = false, layers = false;
    std::string model; // only this one (resnet50, mobilenetv2); empty = both
};

// Milliseconds per op type of the integer run (with --profile), largest first.
std::string opProfile(const Executor& e, const std::map<std::string, HostTensor>& feeds, int runs) {
    std::map<std::string, double> byOp;
    RunRequest r;
    r.feeds = feeds;
    r.hooks.onNodeTimed = [&](NodeId node, double seconds) {
        const Node& n = e.graph().node(node);
        byOp[n.opType + (n.attrInt("group", 1) > 1 ? "(depthwise)" : "")] += seconds * 1e3 / runs;
    };
    for (int i = 0; i < runs; ++i)
        (void)e.run(r);
    std::vector<std::pair<double, std::string>> sorted;
    for (const auto& [op, ms] : byOp)
        sorted.push_back({ms, op});
    std::sort(sorted.rbegin(), sorted.rend());
    std::string text;
    for (const auto& [ms, op] : sorted)
        text += "  " + op + " " + std::to_string(ms).substr(0, 5) + " ms";
    return text;
}

// Milliseconds per node name (IntegerConv keeps its Conv's name), with --layers.
std::map<std::string, double> nodeTimes(const Executor& e,
                                        const std::map<std::string, HostTensor>& feeds, int runs) {
    std::map<std::string, double> byName;
    RunRequest r;
    r.feeds = feeds;
    r.hooks.onNodeTimed = [&](NodeId node, double seconds) {
        byName[e.graph().node(node).name] += seconds * 1e3 / runs;
    };
    for (int i = 0; i < runs; ++i)
        (void)e.run(r);
    return byName;
}

// The layers of both runs side by side: what each Conv costs in float and in integer.
void printLayers(const Executor& integer, const Executor& floating,
                 const std::map<std::string, HostTensor>& feeds, int runs) {
    const auto i = nodeTimes(integer, feeds, runs), f = nodeTimes(floating, feeds, runs);
    for (const Node& n : floating.graph().nodes()) {
        const auto fi = f.find(n.name), ii = i.find(n.name);
        if (fi == f.end() || ii == i.end() || n.inputs.size() < 2)
            continue;
        const auto& x = floating.graph().value(n.inputs[0]).shape.dims;
        const auto& w = floating.graph().value(n.inputs[1]).shape.dims;
        std::printf(
            "    %-28s in %s out %lld group %lld k %lld  float %.3f  int %.3f ms\n", n.name.c_str(),
            x.size() == 4
                ? (std::to_string(x[1]) + "x" + std::to_string(x[2]) + "x" + std::to_string(x[3]))
                      .c_str()
                : "?",
            static_cast<long long>(w.empty() ? 0 : w[0]),
            static_cast<long long>(n.attrInt("group", 1)),
            static_cast<long long>(w.size() == 4 ? w[2] : 1), fi->second, ii->second);
    }
}

std::map<std::string, HostTensor> randomFeeds(const Graph& g) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> d(-1.f, 1.f);
    std::map<std::string, HostTensor> feeds;
    for (ValueId id : g.inputs()) {
        const Value& v = g.value(id);
        std::vector<int64_t> dims = v.shape.dims;
        for (int64_t& x : dims)
            x = std::max<int64_t>(x, 1);
        HostTensor t(DataType::Float, dims);
        for (float& x : t.mutableSpan<float>())
            x = d(rng);
        feeds[v.name] = t;
    }
    return feeds;
}

// Median milliseconds of `runs` runs after two warm-ups (bench_support's timing).
double timeRuns(const Executor& e, const std::map<std::string, HostTensor>& feeds, int runs) {
    RunRequest r;
    r.feeds = feeds;
    return bench::timeRepeats(2, runs,
                              [&] {
                                  if (auto out = e.run(r); !out) {
                                      std::cerr << "run failed: " << out.error().message << "\n";
                                      std::exit(1);
                                  }
                              })
               .median *
           1e3;
}

// ONNX Runtime on the instruction sets of the CPU path this process runs: with a lower path
// forced (AUTOSPLIT_CPU), it sees a CPU that has only that path's sets, through
// bench/cpuid/cpuid_mask.cpp, as bench_executor times it.
std::string cpuidMask() {
    const CpuPath path = activeCpuPath();
    if (path == bestCpuPath())
        return {};
    return std::string("AUTOSPLIT_CPUID_MASK=") + std::string(cpuPathName(path)) +
           " LD_PRELOAD='" AUTOSPLIT_CPUID_MASK_LIBRARY "' ";
}

double timeOnnxRuntime(const Options& o, const std::string& model) {
    const std::string mask = cpuidMask();
    const std::string command = mask + o.node + " '" AUTOSPLIT_BENCH_DIR "/ort/run.mjs' '" + model +
                                "' " + std::to_string(o.runs) + " " + std::to_string(o.threads) +
                                " 2 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return -1;
    char line[512];
    double median = -1, best = 0;
    std::string output;
    bool masked = mask.empty();
    while (std::fgets(line, sizeof line, pipe)) {
        output += line;
        std::sscanf(line, "ort_median_ms=%lf ort_best_ms=%lf", &median, &best);
        masked = masked || std::string(line).starts_with("cpuid_mask: this process sees");
    }
    const int status = ::pclose(pipe);
    if (!masked) { // its time would be of other instruction sets
        std::cerr << "ONNX Runtime could not be limited to this path: " << output.substr(0, 300)
                  << "\n";
        return -1;
    }
    if (status != 0 || median < 0) {
        std::cerr << "ONNX Runtime failed on " << model << ": " << output.substr(0, 300) << "\n";
        return -1;
    }
    return median;
}

std::shared_ptr<const Graph> optimized(const onnx::ModelProto& model) {
    auto imported = importOnnxBytes(model.SerializeAsString(), "model", {});
    if (!imported) {
        std::cerr << imported.error().message << "\n";
        std::exit(1);
    }
    Graph g = std::move(imported.value().graph);
    (void)optimizeGraph(g, defaultPassNames());
    return std::make_shared<const Graph>(std::move(g));
}

// Activation ranges of every layer output from one float run, at each width.
CalibrationResult rangesOf(const Graph& g, const Executor& e,
                           const std::map<std::string, HostTensor>& feeds) {
    CalibrationResult c;
    c.table.bits = {4, 8};
    RunRequest r;
    r.feeds = feeds;
    r.hooks.onOutput = [&](NodeId node, ValueId value, HostTensor& t) {
        if (t.dtype() != DataType::Float || g.node(node).outputs.front() != value)
            return;
        Range range{0.f, 0.f};
        for (float x : t.span<float>())
            if (std::isfinite(x)) {
                range.lo = std::min(range.lo, x);
                range.hi = std::max(range.hi, x);
            }
        if (!(range.hi > range.lo))
            range.hi = range.lo + 1.f;
        c.activationRanges[g.value(value).name] = {range, range};
    };
    (void)e.run(r);
    return c;
}

std::shared_ptr<const Graph> importedPart(const Graph& part, const std::string& file) {
    auto model = checkedModel(part, file);
    if (!model) {
        std::cerr << model.error().message << "\n";
        std::exit(1);
    }
    std::ofstream(file, std::ios::binary) << model->SerializeAsString();
    ImportOptions io;
    io.assumeBatchOne = false;
    auto imported = importOnnxBytes(model->SerializeAsString(), file, {}, io);
    if (!imported) {
        std::cerr << imported.error().message << "\n";
        std::exit(1);
    }
    return std::make_shared<const Graph>(std::move(imported.value().graph));
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--runs")
            o.runs = std::max(3, std::atoi(next().c_str()));
        else if (a == "--threads")
            o.threads = std::max(1, std::atoi(next().c_str()));
        else if (a == "--node")
            o.node = next();
        else if (a == "--keep")
            o.keep = next();
        else if (a == "--profile")
            o.profile = true;
        else if (a == "--layers")
            o.layers = true;
        else if (a == "--model")
            o.model = next();
        else {
            std::cerr << "usage: bench_integer [--runs N] [--threads N] [--node PATH] "
                         "[--keep DIR] [--profile] [--layers] [--model NAME]\n";
            return 2;
        }
    }
    if (!o.model.empty() && o.model != "resnet50" && o.model != "mobilenetv2") {
        std::cerr << "bench_integer: --model must be resnet50 or mobilenetv2, not '" << o.model
                  << "'\n";
        return 2;
    }
    const fs::path dir =
        o.keep.empty() ? fs::temp_directory_path() / "autosplit-bench-integer" : fs::path(o.keep);
    fs::create_directories(dir);
    std::cout << "Edge parts at 224 px, batch 1, " << o.threads << " threads, median of " << o.runs
              << " runs; CPU path " << cpuPathSummary() << "\n\n";
    std::printf("| %-12s | %-6s | %4s | %10s | %12s | %14s | %9s | %13s | %12s |\n", "model",
                "layers", "bits", "float ms", "integer ms", "simulated ms", "int/float",
                "ORT QDQ ms", "int vs ORT");
    std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", "--------------", "--------", "------",
                "------------", "--------------", "----------------", "-----------",
                "---------------", "--------------");
    struct Net {
        const char* name;
        onnx::ModelProto model;
    };
    const Net nets[] = {{"resnet50", buildResNet50(13, 224)},
                        {"mobilenetv2", buildMobileNetV2(13, 224)}};
    for (const Net& net : nets) {
        if (!o.model.empty() && o.model != net.name)
            continue;
        const auto graph = optimized(net.model);
        const int n = static_cast<int>(graph->nodeCount());
        ExecutorOptions eo;
        eo.threads = o.threads;
        auto whole = Executor::create(graph, eo).value();
        const auto feeds = randomFeeds(*graph);
        const CalibrationResult ranges = rangesOf(*graph, whole, feeds);
        for (int split : {n / 3, (2 * n) / 3}) {
            SplitRequest floatRequest;
            floatRequest.split = split;
            floatRequest.weightBits.assign(size_t(split), kFloatBits);
            floatRequest.activationBits.assign(size_t(split), kFloatBits);
            auto floatPlan = makeSplitPlan(*graph, ranges, floatRequest).value();
            // the float part as the explorer runs it: the optimized graph's layers (activations
            // and residual Adds fused), not re-imported from ONNX
            const auto floatPart =
                std::make_shared<const Graph>(edgeGraph(*graph, floatPlan, {}).value());
            auto floatExec = Executor::create(floatPart, eo).value();
            const auto edgeFeeds = randomFeeds(*floatPart);
            const double floatMs = timeRuns(floatExec, edgeFeeds, o.runs);
            for (int bits : {8, 4}) {
                SplitRequest request;
                request.split = split;
                request.weightBits.assign(size_t(split), bits);
                request.activationBits.assign(size_t(split), bits);
                auto plan = makeSplitPlan(*graph, ranges, request).value();
                const std::string file =
                    (dir / (std::string(net.name) + "_" + std::to_string(split) + "_" +
                            std::to_string(bits) + "bit_edge.onnx"))
                        .string();
                const auto part =
                    importedPart(edgeGraph(*graph, plan, request.weightRange).value(), file);
                auto integer = Executor::create(part, eo).value();
                ExecutorOptions asWritten = eo;
                asWritten.integerKernels = false;
                auto simulated = Executor::create(part, asWritten).value();
                const double intMs = timeRuns(integer, edgeFeeds, o.runs);
                const double simMs = timeRuns(simulated, edgeFeeds, o.runs);
                const double ortMs = timeOnnxRuntime(o, file);
                char ort[32] = "n/a", ratio[32] = "n/a";
                if (ortMs > 0) {
                    std::snprintf(ort, sizeof ort, "%.2f", ortMs);
                    std::snprintf(ratio, sizeof ratio, "%.2fx", intMs / ortMs);
                }
                std::printf("| %-12s | %6d | %4d | %10.2f | %12.2f | %14.2f | %8.2fx | %13s | "
                            "%12s |\n",
                            net.name, split, bits, floatMs, intMs, simMs, floatMs / intMs, ort,
                            ratio);
                if (o.profile)
                    std::printf("    integer: %s\n    float:  %s\n",
                                opProfile(integer, edgeFeeds, o.runs).c_str(),
                                opProfile(floatExec, edgeFeeds, o.runs).c_str());
                if (o.layers)
                    printLayers(integer, floatExec, edgeFeeds, o.runs);
                std::fflush(stdout);
            }
        }
    }
    std::cout << "\nint/float: how many times faster the integer edge part runs than the float "
                 "one (goal >= 1.5x); int vs ORT: our integer time over ONNX Runtime's on the "
                 "same edge.onnx (goal <= 1.5x).\n";
    return 0;
}
