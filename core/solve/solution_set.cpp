#include "core/solve/solution_set.h"

#include "core/solve/pareto_front.h"
#include "core/solve/selection.h"

namespace autosplit {

const Baseline* SolutionSet::baseline(std::string_view name) const {
    for (const Baseline& b : baselines)
        if (b.name == name)
            return &b;
    return nullptr;
}

void updateSelection(SolutionSet& set) {
    set.paretoFront = paretoFront(set.candidates);
    set.measuredFront = measuredParetoFront(set.candidates);
    const int best = selectFastest(set.candidates, set.constraints);
    int eligible = 0;
    for (const Candidate& c : set.candidates)
        if (c.feasible && meetsAccuracy(c, set.constraints))
            ++eligible;
    if (best < 0) {
        // Cloud-Only (index 0) always qualifies; only an empty set gets here.
        set.selected = 0;
        set.selectionReason = "no candidate qualifies";
        return;
    }
    set.selected = best;
    const Candidate& c = set.candidates[static_cast<size_t>(best)];
    set.selectionReason = "fastest of " + std::to_string(eligible) +
                          " candidates within the memory and accuracy limits (" +
                          std::to_string(set.candidates.size()) + " in all)";
    if (c.method == Method::CloudOnly)
        set.selectionReason =
            "Cloud-Only: no split is faster within the memory and accuracy limits (" +
            std::to_string(eligible) + " of " + std::to_string(set.candidates.size()) +
            " candidates qualify)";
}

double cloudOnlySeconds(const SolutionSet& set) {
    for (const Candidate& c : set.candidates)
        if (c.method == Method::CloudOnly)
            return c.totalSeconds;
    return set.candidates.empty() ? 0.0 : set.candidates.front().totalSeconds;
}

} // namespace autosplit
