#pragma once

// The summary of one layer's repeated timings that a measured profile stores.

#include <vector>

namespace autosplit {

struct TimingStats {
    double median = 0.0;
    double p10 = 0.0; // 10th percentile
    double p90 = 0.0; // 90th percentile
};

// Percentiles by linear interpolation between the sorted samples (as numpy's default); all zero
// for no samples.
TimingStats timingStats(std::vector<double> samples);

} // namespace autosplit
