#include "core/solve/selection.h"

#include <sstream>
#include <tuple>

namespace autosplit {

namespace {

std::string number(double x) {
    std::ostringstream s;
    s << x;
    return s.str();
}

} // namespace

bool meetsAccuracy(const Candidate& c, const SolveConstraints& limits, std::string* why) {
    auto fail = [why](std::string text) {
        if (why)
            *why = std::move(text);
        return false;
    };
    if (c.measuredDrop && limits.maxAccuracyDrop && c.dropEvidence && !c.dropEvidence->isFinal()) {
        // judged on part of the samples: only what that part says of the whole set counts
        if (c.dropEvidence->high <= *limits.maxAccuracyDrop)
            return true;
        if (c.dropEvidence->low > *limits.maxAccuracyDrop)
            return fail("measured accuracy drop " + number(c.dropEvidence->low) + " to " +
                        number(c.dropEvidence->high) + " pp (" +
                        std::to_string(c.dropEvidence->samples) + " of " +
                        std::to_string(c.dropEvidence->total) + " samples) exceeds the limit of " +
                        number(*limits.maxAccuracyDrop) + " pp");
        return fail("accuracy drop " + number(c.dropEvidence->low) + " to " +
                    number(c.dropEvidence->high) + " pp after " +
                    std::to_string(c.dropEvidence->samples) + " of " +
                    std::to_string(c.dropEvidence->total) +
                    " samples: not yet known to be within the limit of " +
                    number(*limits.maxAccuracyDrop) + " pp");
    }
    if (c.measuredDrop && limits.maxAccuracyDrop) {
        if (*c.measuredDrop <= *limits.maxAccuracyDrop)
            return true;
        return fail("measured accuracy drop " + number(*c.measuredDrop) +
                    " pp exceeds the limit of " + number(*limits.maxAccuracyDrop) + " pp");
    }
    if (c.floatEdge || c.edgeLayerCount() == 0)
        return true;
    if (limits.maxError) {
        if (c.error <= *limits.maxError)
            return true;
        return fail("error " + number(c.error) + " exceeds the limit of " +
                    number(*limits.maxError));
    }
    if (limits.maxAccuracyDrop)
        return fail(
            "accuracy drop not measured yet (evaluate the candidate, or give an error limit)");
    return true;
}

int selectFastest(const std::vector<Candidate>& candidates, const SolveConstraints& limits) {
    int best = -1;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const Candidate& c = candidates[i];
        if (!c.feasible || !meetsAccuracy(c, limits))
            continue;
        if (best < 0) {
            best = static_cast<int>(i);
            continue;
        }
        const Candidate& b = candidates[static_cast<size_t>(best)];
        if (std::tie(c.totalSeconds, c.error, c.edgeMemoryBytes) <
            std::tie(b.totalSeconds, b.error, b.edgeMemoryBytes))
            best = static_cast<int>(i);
    }
    return best;
}

} // namespace autosplit
