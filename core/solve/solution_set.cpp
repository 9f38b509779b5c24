#include "core/solve/solution_set.h"

#include "core/solve/pareto_front.h"
#include "core/solve/selection.h"
#include "core/util/size_text.h"

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
    const std::string all = groupedDigits(static_cast<int64_t>(set.candidates.size()));
    if (c.method == Method::CloudOnly)
        set.selectionReason = "no split is faster than Cloud-Only within the memory and accuracy "
                              "limits (" +
                              std::to_string(eligible) + " of " + all + " candidates " +
                              (eligible == 1 ? "qualifies)" : "qualify)");
    else if (static_cast<size_t>(eligible) == set.candidates.size())
        set.selectionReason = "fastest of " + countOf(eligible, "candidate", "candidates") +
                              ", all within the memory and accuracy limits";
    else
        set.selectionReason = "fastest of " + countOf(eligible, "candidate", "candidates") +
                              " within the memory and accuracy limits (" + all + " in all)";
}

double cloudOnlySeconds(const SolutionSet& set) {
    for (const Candidate& c : set.candidates)
        if (c.method == Method::CloudOnly)
            return c.totalSeconds;
    return set.candidates.empty() ? 0.0 : set.candidates.front().totalSeconds;
}

} // namespace autosplit
