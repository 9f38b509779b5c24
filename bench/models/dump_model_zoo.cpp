// Writes the test support's model builders as ONNX files, so tools outside C++ (and people) can
// look at them: bench/models/compare_builders.py checks them against torchvision and darknet.
//
//     dump_model_zoo OUT_DIR [name ...]

#include "tests/support/model_builder.h"

#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

using namespace autosplit::testing;

int main(int argc, char** argv) {
    const std::map<std::string, std::function<onnx::ModelProto()>> models = {
        {"resnet18", [] { return buildResNet18(); }},
        {"resnet50", [] { return buildResNet50(); }},
        {"resnext50_32x4d", [] { return buildResNeXt50_32x4d(); }},
        {"mobilenet_v2", [] { return buildMobileNetV2(); }},
        {"mnasnet1_0", [] { return buildMnasNet1_0(); }},
        {"googlenet", [] { return buildGoogLeNet(); }},
        {"yolov3", [] { return buildYoloV3(); }},
        {"yolov3_tiny", [] { return buildYoloV3Tiny(); }},
    };
    if (argc < 2) {
        std::fprintf(stderr, "usage: dump_model_zoo OUT_DIR [name ...]\nnames:");
        for (const auto& [name, build] : models)
            std::fprintf(stderr, " %s", name.c_str());
        std::fprintf(stderr, "\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        std::fprintf(stderr, "dump_model_zoo: cannot create %s: %s\n", dir.c_str(),
                     ec.message().c_str());
        return 1;
    }
    std::map<std::string, std::function<onnx::ModelProto()>> chosen;
    for (int i = 2; i < argc; ++i) {
        auto it = models.find(argv[i]);
        if (it == models.end()) {
            std::fprintf(stderr, "dump_model_zoo: unknown model '%s'\n", argv[i]);
            return 2;
        }
        chosen.insert(*it);
    }
    if (chosen.empty())
        chosen = models;
    for (const auto& [name, build] : chosen) {
        const std::filesystem::path path = dir / (name + ".onnx");
        std::FILE* f = std::fopen(path.c_str(), "wb");
        const std::string bytes = build().SerializeAsString();
        if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
            std::fprintf(stderr, "dump_model_zoo: cannot write %s\n", path.c_str());
            if (f)
                std::fclose(f);
            return 1;
        }
        std::fclose(f);
        std::printf("%s\n", path.c_str());
    }
    return 0;
}
