#pragma once

// Latencies measured on this machine for some candidates of a solution (session/split_validation.h
// runs them), as the charts draw them beside the predicted ones: by candidate index and by
// baseline name, each with the measured breakdown.

#include <map>
#include <string>

namespace autosplit {

struct MeasuredLatency {
    double edgeSeconds = 0.0;
    double transmissionSeconds = 0.0;
    double cloudSeconds = 0.0;
    double totalSeconds = 0.0;
};

struct MeasuredLatencies {
    std::map<int, MeasuredLatency> candidates;        // index into SolutionSet::candidates
    std::map<std::string, MeasuredLatency> baselines; // by Baseline::name

    bool empty() const { return candidates.empty() && baselines.empty(); }
};

} // namespace autosplit
