#pragma once

// The cloud half of a bundle served over the Open Inference Protocol (KServe v2 gRPC, through
// Debian's gRPC C++): ServerLive/Ready, ModelReady, ModelMetadata and ModelInfer on the bundle's
// Triton model name. Every request is checked against the manifest before anything runs
// (inference_messages.h); a bad one is answered with INVALID_ARGUMENT (or NOT_FOUND for another
// model, FAILED_PRECONDITION for another bundle) and the server goes on serving the others.
// Part of autosplit_rpc, the only library that links gRPC.

#include "core/bundle/bundle_reader.h"
#include "core/deploy/bundle_runners.h"

#include "core/util/result.h"

#include <cstdint>
#include <memory>
#include <string>

namespace autosplit {

struct CloudServerOptions {
    int64_t maxMessageBytes = 256LL << 20; // larger requests are refused by gRPC itself
    int executorThreads = 0;               // per request; 0 = every core
};

class CloudServer {
public:
    // Listens on `address` ("127.0.0.1:0" picks a free port). Fails naming the address when it
    // cannot be bound (in use, not an address of this machine).
    static Result<std::unique_ptr<CloudServer>> start(const OpenedBundle& bundle,
                                                      const std::string& address,
                                                      const CloudServerOptions& options = {});
    ~CloudServer();

    int port() const;
    int64_t requestsServed() const;
    int64_t requestsRefused() const;
    void wait();     // until shutdown()
    void shutdown(); // finishes running requests, refuses new ones

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace autosplit
