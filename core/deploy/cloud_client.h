#pragma once

// The edge side's connection to a cloud serving a bundle over the Open Inference Protocol: the
// bundled runtime or any KServe v2 server (Triton) running the bundle's cloud.onnx.
// Part of autosplit_rpc.

#include "core/deploy/grpc_predict_v2.pb.h"

#include "core/util/result.h"

#include <chrono>
#include <memory>
#include <string>

namespace autosplit {

class CloudClient {
public:
    static std::unique_ptr<CloudClient> connect(const std::string& address,
                                                int64_t maxMessageBytes = 256LL << 20);
    ~CloudClient();

    // Waits up to `timeout` for the server to be live (connection and ServerLive).
    Status waitLive(std::chrono::milliseconds timeout);
    // One inference; errors name the server and carry gRPC's status and message.
    Result<inference::ModelInferResponse> infer(const inference::ModelInferRequest& request,
                                                std::chrono::milliseconds deadline);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace autosplit
