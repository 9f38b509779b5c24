#pragma once

// Measuring a device (DESIGN.md, "Measured devices"): every layer of an optimized graph timed on
// this machine, in float (the graph itself) and at each integer width b (the whole model as the
// bundle's edge model with every layer's weights and activations at b, run as the edge runtime
// runs it: exported, imported, Executor::create), with warm-up runs, repeats, and per layer the
// median and spread. The result is a DeviceProfile whose model is `measured`, the solver's
// measured_profile_latency_model.h.

#include "core/graph/graph.h"
#include "core/util/progress.h"
#include "core/util/result.h"

// Generated from profiles.proto into the build tree.
#include "core/cost/profiles.pb.h"

#include <memory>
#include <string>
#include <vector>

namespace autosplit {

struct ProfileOptions {
    std::vector<int> bits = {2, 4, 6, 8}; // integer widths to time, each 2..8
    int threads = 0;                      // 0: every core
    int repeats = 7;                      // timed runs per precision
    int warmupRuns = 1;                   // untimed runs before them
    std::string modelName;                // recorded in the profile
    std::string deviceName = "this-computer";
    std::string kind = "edge"; // "edge" or "cloud": where the profile is meant for
};

// Checks the options: one line naming the bad one ("--bits: 9 is not a width the edge model has
// (2..8)").
Status validateProfileOptions(const ProfileOptions& options);

// Inputs come from a fixed seed (their values do not change the time of these kernels); every
// graph input needs a fully known shape. Activation ranges for the integer widths come from the
// float warm-up run. Progress per run; cancellable between nodes.
Result<profiles::DeviceProfile> measureDevice(std::shared_ptr<const Graph> graph,
                                              const ProfileOptions& options,
                                              const ProgressCallback& progress = {},
                                              const CancellationToken& cancel = {});

// Nodes of the integer models that were named after nothing the optimized graph knows and were
// timed with their neighbour's layer, in the last measureDevice of this thread (a test's check of
// the attribution).
int lastUnattributedNodes();

} // namespace autosplit
