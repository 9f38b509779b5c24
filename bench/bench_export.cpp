// Benchmark: exporting one solution of a ResNet-50-shaped model (tests/support's builder at
// 224x224, 25.6 M parameters) as a deployment bundle, the work behind the explorer's File >
// Export Deployment Bundle and the command line's `export`: the split plan, the edge and cloud
// graphs, both as ONNX models through the ONNX checker, and writeBundle (edge.onnx, cloud.onnx,
// manifest, Triton repository, README) into a fresh folder. Goal: under 2 s.
//
//   bench_export [--runs N]      (default 5)
//
// The model is imported and optimized as the explorer opens it and calibrated on two random
// samples beforehand (not timed). Solutions are cut in the middle of the network (layer N/2):
// 8-bit weights and activations, mixed widths (weights cycling 8, 4, 6, 2 and activations 4, 8,
// 6 over the edge layers) and all in float. Each figure is the median (and minimum) of N runs;
// the bundle folder is removed between runs, outside the timing.

#include "bench/bench_support.h"
#include "tests/core/deploy/deploy_fixture.h"
#include "tests/support/model_builder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace autosplit;
using namespace autosplit::testing;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "bench_export: %s\n", what.c_str());
    std::exit(1);
}

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Run {
    double plan = 0, parts = 0, check = 0, write = 0, total = 0;
    int64_t edgeBytes = 0, cloudBytes = 0, wireBytes = 0;
    int crossing = 0;
};

template <typename T> T orFail(Result<T> r) {
    if (!r)
        fail(r.error().message);
    return std::move(r).value();
}

Run exportOnce(const Graph& graph, const CalibrationResult& calibration,
               const SplitRequest& request, const fs::path& dir) {
    Run r;
    const auto t0 = Clock::now();
    const SplitPlan plan = orFail(makeSplitPlan(graph, calibration, request));
    r.plan = since(t0);
    auto t = Clock::now();
    const Graph edge = orFail(edgeGraph(graph, plan, request.weightRange));
    const Graph cloud = orFail(cloudGraph(graph, plan));
    r.parts = since(t);
    t = Clock::now();
    const onnx::ModelProto edgeModel = orFail(checkedModel(edge, kEdgeModelFile));
    const onnx::ModelProto cloudModel = orFail(checkedModel(cloud, kCloudModelFile));
    r.check = since(t);
    t = Clock::now();
    if (auto s = writeBundle(dir, manifestOf(graph, plan, "resnet50.onnx"), edgeModel, cloudModel);
        !s)
        fail(s.error().message);
    r.write = since(t);
    r.total = since(t0);
    r.edgeBytes = static_cast<int64_t>(fs::file_size(dir / kEdgeModelFile));
    r.cloudBytes = static_cast<int64_t>(fs::file_size(dir / kCloudModelFile));
    r.crossing = static_cast<int>(plan.crossing.size());
    for (const CrossingPlan& c : plan.crossing)
        r.wireBytes += c.wireBytes.value_or(0);
    return r;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else
            fail("usage: bench_export [--runs N]");
    }
    auto t = Clock::now();
    const Opened o = openForSplit(buildResNet50(13, 224), 2);
    if (!o.executor || o.calibration.activationRanges.empty())
        fail("the model could not be opened and calibrated");
    const double prepare = since(t);
    const Graph& graph = *o.graph;
    const int n = static_cast<int>(graph.nodeCount());
    const int split = n / 2;

    char pattern[] = "/tmp/bench_export.XXXXXX";
    if (!::mkdtemp(pattern))
        fail("cannot create a temporary folder");
    const fs::path root = pattern;
    const fs::path dir = root / "bundle";

    struct Config {
        const char* name;
        SplitRequest request;
    };
    const std::vector<Config> configs = {
        {"8-bit weights and activations", cyclingRequest(split, {8}, {8})},
        {"mixed (weights 8/4/6/2, activations 4/8/6)",
         cyclingRequest(split, {8, 4, 6, 2}, {4, 8, 6})},
        {"float (all 32-bit)", cyclingRequest(split, {32}, {32})},
    };

    std::printf("Exporting a ResNet-50-shaped model (224x224, %d layers after optimization) split "
                "after layer %d as a bundle; median (min) of %d runs in seconds; %s. Opening and "
                "calibrating on 2 samples beforehand took %.1f s (not timed).\n\n",
                n, split, runs, bench::cpuModel().c_str(), prepare);
    std::printf("| solution | crossing | wire bytes | edge.onnx | cloud.onnx | plan | edge + cloud "
                "graphs | checkedModel x2 | writeBundle | total median | total min |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const Config& c : configs) {
        std::vector<Run> all;
        for (int i = 0; i < runs; ++i) {
            std::error_code ec;
            fs::remove_all(dir, ec);
            all.push_back(exportOnce(graph, o.calibration, c.request, dir));
        }
        auto pick = [&](double Run::*field) {
            std::vector<double> v;
            for (const Run& r : all)
                v.push_back(r.*field);
            return v;
        };
        const auto totals = pick(&Run::total);
        const Run& first = all.front();
        std::printf("| %s | %d | %lld | %.1f MB | %.1f MB | %.3f | %.3f | %.3f | %.3f | %.3f | "
                    "%.3f |\n",
                    c.name, first.crossing, static_cast<long long>(first.wireBytes),
                    first.edgeBytes / 1e6, first.cloudBytes / 1e6, bench::median(pick(&Run::plan)),
                    bench::median(pick(&Run::parts)), bench::median(pick(&Run::check)),
                    bench::median(pick(&Run::write)), bench::median(totals),
                    *std::min_element(totals.begin(), totals.end()));
    }
    std::error_code ec;
    fs::remove_all(root, ec);
    return 0;
}
