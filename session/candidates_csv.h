#pragma once

// Every candidate of a SolutionSet as CSV — what `autosplit solve --csv` prints and the
// explorer's "save candidates" writes: one row per candidate, then one per baseline, the `kind`
// and `method` columns telling them apart. measured_drop_pp is the drop on the samples judged;
// for a candidate judged on part of them, drop_low and drop_high (pp) bound the whole set's drop
// and drop_samples says how many were judged (all three empty for a drop on every sample).

#include "core/solve/solution_set.h"
#include "core/util/result.h"

#include <QString>

namespace autosplit {

// "Edge-Only", "SPLIT" or "Cloud-Only" for a candidate of a graph with `layers` layers.
QString outcomeOf(const Candidate& candidate, int layers);
// `layers` is the number of layers of the analysed graph (for the outcome column).
QString candidatesCsv(const SolutionSet& set, int layers);
// Writes it; errors are one line naming the file.
Status writeCandidatesCsv(const SolutionSet& set, int layers, const QString& path);

} // namespace autosplit
