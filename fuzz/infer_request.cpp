// libFuzzer target: the cloud runtime's wire decoder (core/deploy/inference_messages). The
// bytes are a serialized ModelInferRequest as it arrives from the network, decoded against a
// bundle manifest with a packed 4-bit, a packed 3-bit and a float tensor whose second dimension
// is open; the same bytes are also read as a response, as the edge reads the cloud's answer.
// Every field of the request (names, types, shapes, raw contents, each parameter) is the
// fuzzer's; an accepted request yields exactly the tensors the manifest lists, of its shapes.
#include "core/deploy/inference_messages.h"
#include "tests/support/manifest_crossing.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using autosplit::testing::addCrossing;

namespace {

const autosplit::bundle::Manifest& manifest() {
    static const autosplit::bundle::Manifest m = [] {
        autosplit::bundle::Manifest m;
        m.set_triton_model_name("toy_cloud");
        m.mutable_cloud_model()->set_sha256(std::string(64, 'c'));
        addCrossing(m, "a.codes", "uint8", {1, 16, 8, 8}, 4, true, 0.05, 3, "channels");
        addCrossing(m, "b.codes", "uint8", {1, 5, 7}, 3, true, 0.125, 0, "height-width");
        addCrossing(m, "f", "float32", {1, -1}, 32, false, 0.0, 0, "none");
        return m;
    }();
    return m;
}

// Far below the runtime's default: a fuzz run must not allocate gigabytes for a declared shape.
constexpr int64_t kMaxElements = int64_t(1) << 20;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    inference::ModelInferRequest request;
    if (request.ParseFromArray(data, static_cast<int>(size))) {
        auto feeds = autosplit::decodeInferRequest(manifest(), request, kMaxElements);
        if (feeds) {
            if (feeds->size() != static_cast<size_t>(manifest().crossing_size()))
                std::abort();
            for (const auto& c : manifest().crossing()) {
                auto it = feeds->find(c.wire_name());
                if (it == feeds->end() || it->second.rank() != static_cast<int64_t>(c.shape_size()))
                    std::abort();
                for (int i = 0; i < c.shape_size(); ++i)
                    if (c.shape(i) >= 0 && it->second.dim(i) != c.shape(i))
                        std::abort();
            }
        } else if (feeds.error().message.empty()) {
            std::abort();
        }
    }
    inference::ModelInferResponse response;
    if (response.ParseFromArray(data, static_cast<int>(size))) {
        auto decoded = autosplit::decodeInferResponse(response);
        if (!decoded && decoded.error().message.empty())
            std::abort();
    }
    return 0;
}
