#pragma once

// Li et al.'s candidate partition rule (ICANN 2018, §2.2) over the cuts of a split analysis.

#include "core/analysis/split_analysis.h"

#include <vector>

namespace autosplit {

// Sets li and liReason of every cut from its crossing tensors and the layers' parametric flags:
//  - cut 0 is Boundary;
//  - a cut crossed by several tensors is AcrossShortcut when the first cloud layer where two of
//    them meet again is an Add/Sum (a residual shortcut), otherwise InsideBranch (a brother
//    branch, merged by Concat or never merged);
//  - a cut that does not end a group (a parametric layer and the non-parametric layers after it,
//    so the cut sits just before the next parametric layer or at N) is NonParametric;
//  - otherwise it is a Candidate. Cut N (Edge-Only) ends the last group, whatever it sends.
// Finding the merge point walks forward from the cut only until two crossing tensors meet.
Status classifyLiRule(const Graph& graph, const std::vector<LayerInfo>& layers,
                      std::vector<CutInfo>& cuts, const CancellationToken& cancel);

} // namespace autosplit
