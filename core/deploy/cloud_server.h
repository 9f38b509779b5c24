#pragma once

// The cloud half of a bundle served over the Open Inference Protocol (KServe v2 gRPC, through
// Debian's gRPC C++): ServerLive/Ready, ModelReady, ModelMetadata and ModelInfer on the bundle's
// Triton model name. Every request is checked against the manifest before anything runs
// (inference_messages.h); a bad one is answered with INVALID_ARGUMENT (or NOT_FOUND for another
// model, FAILED_PRECONDITION for another bundle) and the server goes on serving the others.
// Hostile or broken peers are bounded: a request must arrive whole within the receive timeout
// (DEADLINE_EXCEEDED otherwise, and what it sent is freed), one over the size limit is refused by
// gRPC with RESOURCE_EXHAUSTED, a connection with no request open is closed after the idle timeout,
// one whose peer stops answering pings after keepalive, and inferences run on a fixed set of
// threads with a bounded queue (RESOURCE_EXHAUSTED "busy" beyond it).
// Part of autosplit_rpc, the only library that links gRPC.

#include "core/bundle/bundle_reader.h"
#include "core/deploy/bundle_runners.h"

#include "core/util/result.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace autosplit {

struct CloudServerOptions {
    int64_t maxMessageBytes = 256LL << 20; // larger requests are refused by gRPC itself
    int executorThreads = 0;               // per request; 0 = every core
    // From a request's headers to its last byte. The edge gives up after 30 s by default, so an
    // answer later than that is useless to it; twice that leaves a slow uplink its full deadline.
    std::chrono::milliseconds receiveTimeout{60'000};
    // A connection with no request open is closed (GOAWAY); gRPC clients reconnect by themselves.
    std::chrono::milliseconds idleTimeout{120'000};
    // A ping after this long without traffic; no answer within keepaliveTimeout closes it.
    std::chrono::milliseconds keepaliveTime{60'000};
    std::chrono::milliseconds keepaliveTimeout{20'000};
    int inferenceThreads = 0;    // requests run at once; 0 = one per core
    int maxWaitingRequests = 64; // received, waiting for a thread; more are refused as busy
    int maxStreamsPerConnection = 100;
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
    // Requests cut off because they did not arrive whole within the receive timeout.
    int64_t requestsTimedOut() const;
    void wait();     // until shutdown()
    void shutdown(); // finishes running requests, refuses new ones

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace autosplit
