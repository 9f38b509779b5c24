// libFuzzer target: device and network profiles in JSON (core/cost/profile_loader). The first
// byte picks the kind; an accepted device profile becomes the edge and the cloud of a latency
// model of a small analyzed model, whose every layer time must be a finite, non-negative number.
#include "core/cost/analytical_latency_model.h"
#include "core/cost/profile_loader.h"
#include "fuzz/analyzed_model.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    const std::string_view json(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] & 1) {
        auto network = autosplit::parseNetworkProfileJson(json, "fuzz-network.json");
        if (!network && network.error().message.empty())
            std::abort();
        return 0;
    }
    auto device = autosplit::parseDeviceProfileJson(json, "fuzz-device.json");
    if (!device) {
        if (device.error().message.empty())
            std::abort();
        return 0;
    }
    const auto& model = autosplit::fuzz::analyzedModel();
    auto latency = autosplit::makeLatencyModel(model.graph, model.analysis, *device, *device);
    if (!latency)
        return 0;
    for (int layer = 1; layer <= (*latency)->layerCount(); ++layer) {
        for (int bits : {2, 4, 8}) {
            autosplit::LayerTraffic traffic;
            traffic.weightBytes = 1000 * bits;
            traffic.inputBytes = 4000 * bits;
            traffic.outputBytes = 4000 * bits;
            traffic.weightBits = bits;
            traffic.activationBits = bits;
            const double edge = (*latency)->edgeLayerSeconds(layer, traffic);
            if (!(edge >= 0.0) || std::isnan(edge))
                std::abort();
        }
        const double cloud = (*latency)->cloudLayerSeconds(layer);
        if (!(cloud >= 0.0) || std::isnan(cloud))
            std::abort();
    }
    return 0;
}
