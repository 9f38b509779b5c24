// Benchmark: calibration of a ResNet-50-shaped model (random weights) on 32 sample
// inputs: D_w and D_a for B = {2, 4, 6, 8}, min/max ranges, both cores.
//
//   bench_calibration [--samples N] [--threads T]

#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/runtime/executor.h"
#include "session/opened_model.h"
#include "tests/support/model_builder.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>

int main(int argc, char** argv) {
    int samples = 32;
    int threads = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--samples" && i + 1 < argc)
            samples = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--threads" && i + 1 < argc)
            threads = std::max(1, std::atoi(argv[++i]));
        else {
            std::cerr << "usage: bench_calibration [--samples N] [--threads T]\n";
            return 2;
        }
    }
    using namespace autosplit;
    const std::string bytes = testing::buildResNet50().SerializeAsString();
    session::OpenOptions openOptions;
    openOptions.keepRawGraph = false;
    openOptions.analyze = false;
    auto model = session::openModel(
        session::ModelSource::memory(QByteArray(bytes.data(), qsizetype(bytes.size())),
                                     QStringLiteral("resnet50")),
        openOptions);
    if (!model) {
        std::cerr << model.error().message << "\n";
        return 1;
    }
    auto shared = session::sharedGraph(*model);
    ExecutorOptions options;
    options.threads = threads;
    auto executor = Executor::create(shared, options);
    if (!executor) {
        std::cerr << executor.error().message << "\n";
        return 1;
    }
    std::mt19937 rng(1);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::vector<std::vector<HostTensor>> inputs;
    for (int s = 0; s < samples; ++s) {
        HostTensor t(DataType::Float, {1, 3, 224, 224});
        for (float& x : t.mutableSpan<float>())
            x = normal(rng);
        inputs.push_back({t});
    }
    CalibrationSettings settings; // B = {2, 4, 6, 8}, min/max
    using Clock = std::chrono::steady_clock;
    double weightSeconds = 0, samplesStart = -1, total = 0;
    const auto t0 = Clock::now();
    auto result = calibrate(*executor, inputs, settings, [&](double, std::string_view stage) {
        const double now = std::chrono::duration<double>(Clock::now() - t0).count();
        if (stage == "running samples" && samplesStart < 0)
            samplesStart = now;
        if (stage == "weight errors")
            weightSeconds = now;
    });
    total = std::chrono::duration<double>(Clock::now() - t0).count();
    if (!result) {
        std::cerr << result.error().message << "\n";
        return 1;
    }
    std::printf("ResNet-50 (optimized, %zu layers), %d samples of 1x3x224x224, B = {2,4,6,8}, "
                "min/max, %d threads\n\n",
                shared->nodeCount(), samples, threads);
    std::printf("| step                                   | seconds "
                "|\n|----------------------------------------|---------|\n");
    std::printf("| weight errors D_w (all layers, all B)  | %7.2f |\n", weightSeconds);
    std::printf("| sample runs + activation observation   | %7.2f |\n", total - weightSeconds);
    std::printf("| calibration total                      | %7.2f |\n", total);
    std::printf("| per sample                             | %7.3f |\n",
                (total - weightSeconds) / samples);
    return 0;
}
