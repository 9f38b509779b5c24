// Benchmark: `autosplit profile` of a ResNet-50-shaped model (random weights): every optimized
// layer timed in float and as the 2/4/6/8-bit edge model (1 warm-up run and 7 timed runs each),
// both cores. Prints the wall time of the whole profile (goal: under 30 s) and the model's total
// time at each precision (the sums of the per-layer medians).
//
//   bench_profile [--threads T] [--repeats N] [--bits 2,4,6,8]

#include "core/profile/device_profiler.h"
#include "session/opened_model.h"
#include "tests/support/model_builder.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
    using namespace autosplit;
    ProfileOptions options;
    options.threads = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--threads" && i + 1 < argc) {
            options.threads = std::max(1, std::atoi(argv[++i]));
        } else if (arg == "--repeats" && i + 1 < argc) {
            options.repeats = std::max(1, std::atoi(argv[++i]));
        } else if (arg == "--bits" && i + 1 < argc) {
            options.bits.clear();
            std::stringstream list(argv[++i]);
            for (std::string b; std::getline(list, b, ',');)
                options.bits.push_back(std::atoi(b.c_str()));
        } else {
            std::cerr << "usage: bench_profile [--threads T] [--repeats N] [--bits 2,4,6,8]\n";
            return 2;
        }
    }
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
    options.modelName = "resnet50";
    const auto t0 = std::chrono::steady_clock::now();
    auto profile = measureDevice(session::sharedGraph(*model), options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!profile) {
        std::cerr << profile.error().message << "\n";
        return 1;
    }
    const auto& m = profile->measured();
    std::printf("ResNet-50 (optimized, %d layers), 1x3x224x224, %d threads, %d warm-up + %d timed "
                "runs per precision\nCPU: %s, path %s\n\n",
                m.layer_count(), m.threads(), m.warmup_runs(), m.repeats(), m.cpu_model().c_str(),
                m.cpu_path().c_str());
    std::printf("%-10s %12s %12s %12s\n", "precision", "median ms", "p10 ms", "p90 ms");
    auto row = [](const char* name, double median, double p10, double p90) {
        std::printf("%-10s %12.2f %12.2f %12.2f\n", name, median * 1e3, p10 * 1e3, p90 * 1e3);
    };
    double median = 0, p10 = 0, p90 = 0;
    for (const auto& l : m.layers()) {
        median += l.float_time().median_s();
        p10 += l.float_time().p10_s();
        p90 += l.float_time().p90_s();
    }
    row("float", median, p10, p90);
    for (int j = 0; j < m.bits_size(); ++j) {
        median = p10 = p90 = 0;
        for (const auto& l : m.layers()) {
            median += l.integer_times(j).median_s();
            p10 += l.integer_times(j).p10_s();
            p90 += l.integer_times(j).p90_s();
        }
        const std::string name = std::to_string(m.bits(j)) + "-bit";
        row(name.c_str(), median, p10, p90);
    }
    std::printf("\nprofile time: %.1f s (goal < 30 s); nodes timed with a neighbour's layer: %d\n",
                seconds, lastUnattributedNodes());
    return 0;
}
