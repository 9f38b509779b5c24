#pragma once

// Every candidate of a SolutionSet as CSV (issue #5, point 8), with the columns of the command
// line's `autosplit solve --format csv` (app/cli/solution_report.cpp): one row per candidate,
// then one per baseline, the `kind` and `method` columns telling them apart.

#include "core/solve/solution_set.h"
#include "core/util/result.h"

#include <QString>

namespace autosplit {

// `layers` is the number of layers of the analysed graph (for the outcome column).
QString candidatesCsv(const SolutionSet& set, int layers);
// Writes it; errors are one line naming the file.
Status writeCandidatesCsv(const SolutionSet& set, int layers, const QString& path);

} // namespace autosplit
