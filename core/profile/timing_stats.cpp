#include "core/profile/timing_stats.h"

#include <algorithm>
#include <cmath>

namespace autosplit {

namespace {

double percentile(const std::vector<double>& sorted, double p) {
    const double at = p * static_cast<double>(sorted.size() - 1);
    const auto low = static_cast<size_t>(std::floor(at));
    const size_t high = std::min(low + 1, sorted.size() - 1);
    const double t = at - static_cast<double>(low);
    return sorted[low] + t * (sorted[high] - sorted[low]);
}

} // namespace

TimingStats timingStats(std::vector<double> samples) {
    if (samples.empty())
        return {};
    std::sort(samples.begin(), samples.end());
    return {percentile(samples, 0.5), percentile(samples, 0.1), percentile(samples, 0.9)};
}

} // namespace autosplit
