// Benchmark for issues #3 and #10: batch-1 float32 forward time of the executor on ResNet-50- and
// MobileNetV2-shaped models (random weights, tests/support/model_builder), for the raw imported
// graph and the optimized one (default passes: BatchNorm folded, activations fused), on every CPU
// path this CPU runs (core/runtime/cpu: baseline, avx2, avx512), side by side with ONNX Runtime
// (npm onnxruntime-node, bench/ort/run.mjs) on the same files with the same thread count, in one
// run. Goal: at most 1.5x ONNX Runtime's time.
//
// The CPU path is chosen once per process, so each path is timed in a child process of this
// program (`--worker FILE` with AUTOSPLIT_CPU set). ONNX Runtime picks its kernels from CPUID
// and cannot be told otherwise; with bench/cpuid/cpuid_mask.cpp preloaded it is timed on each
// lower path too, seeing a CPU that has only that path's instruction sets, so every row compares
// the same instruction sets.
//
//   bench_executor [--runs N] [--rounds N] [--warmup N] [--threads N] [--keep DIR] [--node PATH]
//                  [--other LABEL=BENCH_EXECUTOR]... [--profile]
//
// --other times another build of this commit (e.g. one configured with
// -DAUTOSPLIT_NATIVE_ARCH=ON) in the same rounds, on the same paths: a column LABEL each.
//
// Besides the two networks it times their "conv trunks": every Conv, BatchNormalization,
// activation and pool of the network in order, without the residual Adds and the classifier
// (downsampling shortcuts become extra outputs, so no convolution is dropped). They show the
// convolution share on its own.

#include "bench/bench_support.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/runtime/cpu/cpu_path.h"
#include "core/runtime/executor.h"
#include "session/opened_model.h"
#include "tests/support/model_builder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace autosplit;
using namespace autosplit::testing;

namespace {

onnx::ModelProto resnet50Trunk() {
    ModelBuilder b(13);
    std::string x = b.input("input", {1, 3, 224, 224});
    x = b.relu(b.batchNorm(b.conv(x, 64, 7, 2, 3, 1, false, 1, "conv1")));
    x = b.maxPool(x, 3, 2, 1);
    const int blocks[4] = {3, 4, 6, 3};
    const int64_t widths[4] = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; ++stage)
        for (int block = 0; block < blocks[stage]; ++block) {
            const std::string prefix =
                "layer" + std::to_string(stage + 1) + "." + std::to_string(block);
            const int64_t width = widths[stage], stride = (block == 0 && stage > 0) ? 2 : 1;
            if (block == 0)
                b.output(b.batchNorm(
                    b.conv(x, width * 4, 1, stride, 0, 1, false, 1, prefix + ".downsample")));
            x = b.relu(b.batchNorm(b.conv(x, width, 1, 1, 0, 1, false, 1, prefix + ".conv1")));
            x = b.relu(b.batchNorm(b.conv(x, width, 3, stride, 1, 1, false, 1, prefix + ".conv2")));
            x = b.relu(b.batchNorm(b.conv(x, width * 4, 1, 1, 0, 1, false, 1, prefix + ".conv3")));
        }
    b.output(b.globalAveragePool(x));
    return b.model();
}

onnx::ModelProto mobileNetV2Trunk() {
    ModelBuilder b(13);
    auto convBn = [&](const std::string& x, int64_t out, int64_t kernel, int64_t stride,
                      int64_t group, const std::string& name, bool relu6) {
        std::string y =
            b.batchNorm(b.conv(x, out, kernel, stride, -1, group, false, 1, name), name + ".bn");
        return relu6 ? b.clip(y, 0.f, 6.f, name + ".relu6") : y;
    };
    std::string x = b.input("input", {1, 3, 224, 224});
    x = convBn(x, 32, 3, 2, 1, "features.0", true);
    const int64_t settings[7][4] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                    {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    int block = 1;
    for (const auto& [t, c, n, s] : settings)
        for (int64_t i = 0; i < n; ++i, ++block) {
            const std::string prefix = "features." + std::to_string(block);
            const int64_t hidden = b.dims(x)[1] * t;
            if (t != 1)
                x = convBn(x, hidden, 1, 1, 1, prefix + ".expand", true);
            x = convBn(x, hidden, 3, i == 0 ? s : 1, hidden, prefix + ".depthwise", true);
            x = convBn(x, c, 1, 1, 1, prefix + ".project", false);
        }
    x = convBn(x, 1280, 1, 1, 1, "features.18", true);
    b.output(b.globalAveragePool(x));
    return b.model();
}

struct Timing {
    std::string error; // why it could not run
    double median = 0, best = 0;
};

// Per op type: total milliseconds of the median run, from the time between consecutive outputs.
std::map<std::string, double> g_profile;
bool g_profileOn = false;

Timing timeExecutor(std::shared_ptr<const Graph> graph, int threads, int warmup, int runs) {
    Timing t;
    ExecutorOptions options;
    options.threads = threads;
    auto executor = Executor::create(graph, options);
    if (!executor) {
        t.error = executor.error().message;
        return t;
    }
    RunRequest request;
    std::mt19937 rng(1);
    std::normal_distribution<float> normal(0.f, 1.f);
    for (ValueId id : graph->inputs()) {
        const Value& v = graph->value(id);
        if (v.isConstant())
            continue;
        std::vector<float> data(static_cast<size_t>(v.shape.elementCount().value_or(0)));
        for (float& x : data)
            x = normal(rng);
        request.feeds[v.name] = HostTensor::fromFloats(v.shape.dims, data);
    }
    std::vector<double> samples;
    std::vector<std::map<std::string, double>> profiles;
    Clock::time_point last;
    NodeId lastNode = kNone;
    std::map<std::string, double> profile;
    if (g_profileOn)
        request.hooks.onOutput = [&](NodeId n, ValueId, HostTensor&) {
            if (n == lastNode)
                return;
            const auto now = Clock::now();
            profile[std::getenv("AUTOSPLIT_PROFILE_NODES") ? graph->node(n).name
                                                           : graph->node(n).opType] +=
                std::chrono::duration<double, std::milli>(now - last).count();
            last = now;
            lastNode = n;
        };
    for (int i = 0; i < warmup + runs; ++i) {
        const auto start = Clock::now();
        last = start;
        lastNode = kNone;
        profile.clear();
        auto out = executor->run(request);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (!out) {
            t.error = out.error().message;
            return t;
        }
        if (i >= warmup) {
            samples.push_back(ms);
            profile["(total)"] = ms;
            profiles.push_back(profile);
        }
    }
    if (g_profileOn) {
        std::sort(profiles.begin(), profiles.end(),
                  [](const auto& a, const auto& b) { return a.at("(total)") < b.at("(total)"); });
        g_profile = profiles[profiles.size() / 2];
        for (const auto& [op, ms] : g_profile)
            std::cerr << "  " << op << ": " << ms << " ms\n";
    }
    std::sort(samples.begin(), samples.end());
    t.median = samples[samples.size() / 2];
    t.best = samples.front();
    return t;
}

// ONNX Runtime as it runs on this CPU (path empty), or seeing only a lower path's instruction
// sets ("avx2", "baseline") through the CPUID mask.
Timing timeOnnxRuntime(const std::string& node, const std::string& model, int threads, int warmup,
                       int runs, const std::string& maskPath = {}) {
    Timing t;
    const std::string script = AUTOSPLIT_BENCH_DIR "/ort/run.mjs";
    if (!fs::exists(AUTOSPLIT_BENCH_DIR "/ort/node_modules/onnxruntime-node")) {
        t.error = "onnxruntime-node is not installed: run `npm ci --prefix bench/ort` "
                  "(scripts/bench.sh does)";
        return t;
    }
    const std::string mask = maskPath.empty() ? ""
                                              : "AUTOSPLIT_CPUID_MASK=" + maskPath +
                                                    " LD_PRELOAD='" AUTOSPLIT_CPUID_MASK_LIBRARY
                                                    "' ";
    const std::string command = mask + node + " '" + script + "' '" + model + "' " +
                                std::to_string(runs) + " " + std::to_string(threads) + " " +
                                std::to_string(warmup) + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) {
        t.error = "cannot run " + command;
        return t;
    }
    std::string output;
    char line[512];
    bool parsed = false;
    bool masked = maskPath.empty();
    while (std::fgets(line, sizeof line, pipe)) {
        output += line;
        if (std::sscanf(line, "ort_median_ms=%lf ort_best_ms=%lf", &t.median, &t.best) == 2)
            parsed = true;
        if (std::string(line).starts_with("cpuid_mask: this process sees"))
            masked = true;
    }
    const int status = ::pclose(pipe);
    if (status != 0 || !parsed)
        t.error = "onnxruntime-node failed: " + output.substr(0, 300);
    else if (!masked) // the mask did not take: the time would be of another instruction set
        t.error = "ONNX Runtime could not be limited to " + maskPath + ": " + output.substr(0, 300);
    return t;
}

// The executor on one CPU path, timed by `binary --worker FILE` in a child process.
struct PathTiming {
    Timing raw, optimized;
};

PathTiming timeExecutorOnPath(const std::string& binary, CpuPath path, const std::string& model,
                              int threads, int warmup, int runs) {
    PathTiming t;
    const std::string command = "AUTOSPLIT_CPU=" + std::string(cpuPathName(path)) + " '" + binary +
                                "' --worker '" + model + "' --runs " + std::to_string(runs) +
                                " --warmup " + std::to_string(warmup) + " --threads " +
                                std::to_string(threads) + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) {
        t.raw.error = t.optimized.error = "cannot run " + command;
        return t;
    }
    std::string output;
    char line[512];
    bool parsed = false;
    while (std::fgets(line, sizeof line, pipe)) {
        output += line;
        if (std::sscanf(line, "worker raw=%lf,%lf optimized=%lf,%lf", &t.raw.median, &t.raw.best,
                        &t.optimized.median, &t.optimized.best) == 4)
            parsed = true;
    }
    const int status = ::pclose(pipe);
    if (status != 0 || !parsed)
        t.raw.error = t.optimized.error = command + ": " + output.substr(0, 300);
    return t;
}

// --worker: raw and optimized graph of one file on this process's CPU path, one line out.
int runWorker(const std::string& file, int threads, int warmup, int runs) {
    session::OpenOptions options;
    options.analyze = false;
    auto model =
        session::openModel(session::ModelSource::file(QString::fromStdString(file)), options);
    if (!model) {
        std::cout << "worker error: " << model.error().message << "\n";
        return 1;
    }
    auto raw = std::shared_ptr<const Graph>(*model, &(*model)->rawGraph);
    auto optimized = session::sharedGraph(*model);
    const Timing tRaw = timeExecutor(raw, threads, warmup, runs);
    const Timing tOpt = timeExecutor(optimized, threads, warmup, runs);
    if (!tRaw.error.empty() || !tOpt.error.empty()) {
        std::cout << "worker error: " << tRaw.error << tOpt.error << "\n";
        return 1;
    }
    std::printf("worker raw=%.3f,%.3f optimized=%.3f,%.3f path=%s\n", tRaw.median, tRaw.best,
                tOpt.median, tOpt.best, std::string(cpuPathName(activeCpuPath())).c_str());
    return 0;
}

// The round with the lower median (an error in any round is kept).
void keepBest(Timing& best, const Timing& t, int round) {
    if (round == 0 || !t.error.empty() || (best.error.empty() && t.median < best.median))
        best = t;
}

void keepBest(PathTiming& best, const PathTiming& t, int round) {
    keepBest(best.raw, t.raw, round);
    keepBest(best.optimized, t.optimized, round);
}

std::string cell(const Timing& t) {
    if (!t.error.empty())
        return "n/a";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%7.1f (%6.1f)", t.median, t.best);
    return buf;
}

std::string pad(std::string s, size_t width) {
    s.resize(std::max(width, s.size()), ' ');
    return s;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 20, warmup = 3, threads = 2, rounds = 3;
    std::string keep, node = "node", worker;
    std::vector<std::pair<std::string, std::string>> others; // label, bench_executor
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
        if (arg == "--runs")
            runs = std::max(1, std::atoi(next().c_str()));
        else if (arg == "--warmup")
            warmup = std::max(0, std::atoi(next().c_str()));
        else if (arg == "--rounds")
            rounds = std::max(1, std::atoi(next().c_str()));
        else if (arg == "--threads")
            threads = std::max(1, std::atoi(next().c_str()));
        else if (arg == "--keep")
            keep = next();
        else if (arg == "--profile")
            g_profileOn = true;
        else if (arg == "--node")
            node = next();
        else if (arg == "--other") {
            const std::string value = next();
            const size_t eq = value.find('=');
            if (eq == std::string::npos || eq == 0 || !fs::exists(value.substr(eq + 1))) {
                std::cerr << "bench_executor: --other '" << value
                          << "': expected LABEL=PATH of a bench_executor\n";
                return 2;
            }
            others.emplace_back(value.substr(0, eq), value.substr(eq + 1));
        } else if (arg == "--worker")
            worker = next();
        else {
            std::cerr << "usage: bench_executor [--runs N] [--rounds N] [--warmup N] [--threads N] "
                         "[--keep DIR] "
                         "[--node PATH] [--other LABEL=BENCH_EXECUTOR]... [--profile]\n";
            return 2;
        }
    }
    if (!worker.empty())
        return runWorker(worker, threads, warmup, runs);
    if (const CpuPathChoice& cpu = cpuPathChoice(); !cpu.problem.empty()) {
        std::cerr << "bench_executor: " << cpu.problem << "\n";
        return 2;
    }
    const std::string self = fs::canonical("/proc/self/exe").string();
    std::vector<CpuPath> paths;
    std::string notRun;
    for (CpuPath p : kCpuPaths) {
        if (cpuSupports(p))
            paths.push_back(p);
        else
            notRun += "\nCPU path " + std::string(cpuPathName(p)) + ": not run, this CPU lacks " +
                      cpuMissingFeatures(p);
    }
    const fs::path dir = keep.empty() ? fs::temp_directory_path() /
                                            ("autosplit-bench-exec-" + std::to_string(::getpid()))
                                      : fs::path(keep);
    fs::create_directories(dir);
    struct Model {
        std::string name;
        onnx::ModelProto proto;
    };
    std::vector<Model> models;
    models.push_back({"resnet50", buildResNet50()});
    models.push_back({"mobilenetv2", buildMobileNetV2()});
    models.push_back({"resnet50-conv-trunk", resnet50Trunk()});
    models.push_back({"mobilenetv2-conv-trunk", mobileNetV2Trunk()});

    std::cout << "Batch-1 float32 forward on " << bench::cpuModel() << ", " << threads
              << " threads, median (best) of " << runs << " runs after " << warmup
              << " warm-up runs, best of " << rounds
              << " alternating rounds, in ms. ONNX Runtime on the row's path: on the best path "
                 "with the CPU as it is, "
                 "on lower paths seeing only their instruction sets (bench/cpuid).\n\n";
    std::cout << "| model                  | path     | autosplit raw      | autosplit optimized |";
    for (const auto& o : others)
        std::cout << " " << pad(o.first + " optimized", 18) << " |";
    std::cout << " ONNX Runtime       | optimized / ORT |\n"
              << "|------------------------|----------|--------------------|---------------------|";
    for (const auto& o : others)
        std::cout << std::string(std::max<size_t>(20, o.first.size() + 12), '-') << "|";
    std::cout << "--------------------|-----------------|\n";
    std::vector<std::string> notes;
    bool anyCompared = false; // a model both runtimes ran
    for (const Model& m : models) {
        const fs::path file = dir / (m.name + ".onnx");
        std::ofstream(file, std::ios::binary) << m.proto.SerializeAsString();
        // Rounds alternate between the runtimes and the paths and each keeps its best round, so a
        // burst of load from another process on a shared machine does not decide the comparison.
        std::map<CpuPath, PathTiming> ours;
        std::vector<std::map<CpuPath, PathTiming>> theirs(others.size());
        std::map<CpuPath, Timing> ort;
        for (int round = 0; round < rounds; ++round)
            for (CpuPath p : paths) {
                keepBest(ours[p], timeExecutorOnPath(self, p, file.string(), threads, warmup, runs),
                         round);
                for (size_t o = 0; o < others.size(); ++o)
                    keepBest(theirs[o][p],
                             timeExecutorOnPath(others[o].second, p, file.string(), threads, warmup,
                                                runs),
                             round);
                const std::string mask =
                    p == bestCpuPath() ? std::string() : std::string(cpuPathName(p));
                keepBest(ort[p], timeOnnxRuntime(node, file.string(), threads, warmup, runs, mask),
                         round);
            }
        for (CpuPath p : paths) {
            const std::string where = m.name + " " + std::string(cpuPathName(p));
            std::vector<std::pair<std::string, const Timing*>> all = {
                {"raw", &ours[p].raw}, {"optimized", &ours[p].optimized}, {"ORT", &ort[p]}};
            for (size_t o = 0; o < others.size(); ++o)
                all.emplace_back(others[o].first, &theirs[o][p].optimized);
            for (const auto& [label, t] : all)
                if (!t->error.empty())
                    notes.push_back(where + " " + label + ": " + t->error);
            const Timing& opt = ours[p].optimized;
            std::string ratio = "n/a";
            if (opt.error.empty() && ort[p].error.empty()) {
                anyCompared = true;
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.2f (%.2f)", opt.median / ort[p].median,
                              opt.best / ort[p].best);
                ratio = buf;
            }
            std::cout << "| " << pad(m.name, 22) << " | " << pad(std::string(cpuPathName(p)), 8)
                      << " | " << pad(cell(ours[p].raw), 18) << " | " << pad(cell(opt), 19)
                      << " | ";
            for (size_t o = 0; o < others.size(); ++o)
                std::cout << pad(cell(theirs[o][p].optimized),
                                 std::max<size_t>(18, others[o].first.size() + 10))
                          << " | ";
            std::cout << pad(cell(ort[p]), 18) << " | " << pad(ratio, 15) << " |\n";
        }
    }
    std::cout << notRun << (notRun.empty() ? "" : "\n");
    for (const auto& n : notes)
        std::cout << "\n" << n;
    std::cout << (notes.empty() ? "" : "\n") << "\nModels in " << dir.string()
              << (keep.empty() ? " (removed)" : "") << "\n";
    if (keep.empty())
        fs::remove_all(dir);
    return anyCompared ? 0 : 1;
}
