#pragma once

// Timing a deployment bundle end to end in one process (DESIGN.md, "Measured devices"): the
// cloud half served over the Open Inference Protocol on loopback (CloudServer on 127.0.0.1 at a
// free port), the edge half run on the given inputs, its crossing tensors packed and sent through
// CloudClient with the uplink emulated by pacing, the cloud's answer decoded.
//
// The pacing charges what the predicted transmission term charges (Uplink::seconds): one message
// per inference, its bytes plus the network's per-message overhead at the uplink rate, plus the
// round trip. The bytes are those of the real request as serialized (the crossing tensors'
// packed codes and the protocol's own fields), so framing the cost model leaves out shows up as
// measured time. Loopback's own cost (gRPC, copies, unpacking on the server) comes on top.
// Part of autosplit_rpc.

#include "core/bundle/bundle_reader.h"
#include "core/cost/uplink.h"
#include "core/deploy/bundle_runners.h"

#include "core/util/progress.h"
#include "core/util/result.h"

#include <cstdint>

namespace autosplit {

struct BundleTimingOptions {
    Uplink uplink;                  // the rate, round trip and overhead the sender is paced to
    int warmupRuns = 1;             // untimed inferences first (caches, connection set-up)
    int repeats = 5;                // timed inferences; each term is their median
    int threads = 0;                // executor threads of each half; 0 = every core
    double deadlineSeconds = 120.0; // per request
};

// Medians over the repeats, in seconds.
struct MeasuredBreakdown {
    double edgeSeconds = 0.0; // the edge model's run
    // Encoding and packing, the paced wait, the call's time less the cloud's compute, decoding
    // the answer: everything between the edge's outputs and the cloud's results but the cloud's
    // own run.
    double transmissionSeconds = 0.0;
    double cloudSeconds = 0.0; // the cloud model's run, as the server reports it
    double totalSeconds = 0.0; // wall time of one whole inference
    double pacedSeconds = 0.0; // of which the emulated uplink (Uplink::seconds of the request)
    int64_t requestBytes = 0;  // the serialized request: 0 when nothing is sent (Edge-Only)
    int repeats = 0;
};

// Checks the options: one line naming the bad one.
Status validateBundleTimingOptions(const BundleTimingOptions& options);

// `inputs`: the edge model's inputs by name (extra entries are ignored). A bundle with no
// crossing tensor sends nothing and starts no server. Cancellable between inferences.
Result<MeasuredBreakdown> timeBundle(const OpenedBundle& bundle, const TensorMap& inputs,
                                     const BundleTimingOptions& options,
                                     const ProgressCallback& progress = {},
                                     const CancellationToken& cancel = {});

} // namespace autosplit
