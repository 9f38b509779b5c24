// Benchmark: import + optimize + analyze of a ResNet-50-sized model (25.6 M
// parameters, ~100 MB), side by side with the onnx Python package's onnx.load +
// onnx.shape_inference.infer_shapes on the same file, in one run.
//
//   bench_import [--model FILE] [--runs N] [--python /usr/bin/python3]
//
// Without --model it writes a ResNet-50 with random weights (tests/support/model_builder) to a
// temporary folder first.

#include "core/analysis/split_analysis.h"
#include "session/opened_model.h"
#include "tests/support/model_builder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Stats {
    std::vector<double> samples;
    double median() const {
        std::vector<double> s = samples;
        std::sort(s.begin(), s.end());
        return s.empty() ? 0 : s[s.size() / 2];
    }
    double min() const {
        return samples.empty() ? 0 : *std::min_element(samples.begin(), samples.end());
    }
};

std::string fmt(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%8.1f", ms);
    return buf;
}

} // namespace

int main(int argc, char** argv) {
    std::string model;
    int runs = 5;
    std::string python = "/usr/bin/python3";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--model" && i + 1 < argc)
            model = argv[++i];
        else if (arg == "--runs" && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--python" && i + 1 < argc)
            python = argv[++i];
        else {
            std::cerr << "usage: bench_import [--model FILE] [--runs N] [--python PATH]\n";
            return 2;
        }
    }
    fs::path tempDir;
    if (model.empty()) {
        tempDir = fs::temp_directory_path() / ("autosplit-bench-" + std::to_string(::getpid()));
        fs::create_directories(tempDir);
        model = (tempDir / "resnet50.onnx").string();
        std::ofstream(model, std::ios::binary)
            << autosplit::testing::buildResNet50().SerializeAsString();
    }
    const auto fileBytes = fs::file_size(model);

    Stats importMs, optimizeMs, analyzeMs, totalMs;
    size_t layers = 0;
    int64_t params = 0;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = Clock::now();
        // What every front end does: session::openModel (read once, import, optimize, analyze).
        autosplit::session::OpenOptions options;
        options.keepRawGraph = false;
        auto opened = autosplit::session::openModel(
            autosplit::session::ModelSource::file(QString::fromStdString(model)), options);
        if (!opened) {
            std::cerr << "bench_import: " << opened.error().message << "\n";
            return 1;
        }
        const double tImport = (*opened)->importSeconds * 1e3;
        const double tOptimize = (*opened)->optimizeSeconds * 1e3;
        const double tAnalyze = (*opened)->analyzeSeconds * 1e3;
        const autosplit::SplitAnalysis* analysis = &(*opened)->analysis;
        importMs.samples.push_back(tImport);
        optimizeMs.samples.push_back(tOptimize);
        analyzeMs.samples.push_back(tAnalyze);
        totalMs.samples.push_back(msSince(t0));
        layers = analysis->layers.size();
        params = analysis->prefixParams.back();
    }

    // The reference, on the same file, in the same run.
    Stats loadMs, inferMs, refTotalMs;
    const std::string command = python + " " + AUTOSPLIT_BENCH_DIR "/onnx_reference.py '" + model +
                                "' " + std::to_string(runs);
    bool referenceOk = false;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, pipe)) {
            double load = 0, infer = 0;
            if (std::sscanf(line, "load_ms=%lf infer_ms=%lf", &load, &infer) == 2) {
                loadMs.samples.push_back(load);
                inferMs.samples.push_back(infer);
                refTotalMs.samples.push_back(load + infer);
            }
        }
        referenceOk = ::pclose(pipe) == 0 && !loadMs.samples.empty();
    }

    std::cout << "Model: " << model << " (" << fileBytes / 1'000'000.0 << " MB, " << params
              << " parameters after optimization, " << layers << " layers), " << runs
              << " runs\n\n";
    std::cout << "| step (ms)                            | median   | best     |\n"
                 "|--------------------------------------|----------|----------|\n";
    auto row = [](const std::string& name, const Stats& s) {
        std::string padded = name;
        padded.resize(36, ' ');
        std::cout << "| " << padded << " | " << fmt(s.median()) << " | " << fmt(s.min()) << " |\n";
    };
    row("autosplit import (parse+check+infer)", importMs);
    row("autosplit optimize (default passes)", optimizeMs);
    row("autosplit analyze", analyzeMs);
    row("autosplit total", totalMs);
    if (referenceOk) {
        row("onnx.load (python3-onnx)", loadMs);
        row("onnx.shape_inference.infer_shapes", inferMs);
        row("onnx reference total", refTotalMs);
        std::cout << "\nautosplit total / onnx reference total (median): "
                  << totalMs.median() / refTotalMs.median() << "\n";
    } else {
        std::cout << "\nreference not run: '" << command
                  << "' failed (is python3-onnx installed?)\n";
    }
    if (!tempDir.empty())
        fs::remove_all(tempDir);
    return referenceOk ? 0 : 1;
}
