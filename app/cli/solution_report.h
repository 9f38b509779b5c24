#pragma once

// How `solve` prints a SolutionSet: the selected solution in full (split, crossing tensors,
// per-layer bit-widths, latency breakdown, memory, error, measured drop), the Pareto front and
// the baselines — as text, JSON or CSV (every candidate).

#include "app/cli/solve_options.h"

#include "session/candidates_csv.h"

#include <QJsonObject>
#include <QString>

namespace autosplit::cli {

// `randomInputs`: the drops were measured on --random inputs, and the report says what that is
// worth.
QString solutionText(const SolveSession& session, const SolutionSet& set, bool randomInputs);
QJsonObject solutionJson(const SolveSession& session, const SolutionSet& set);
// What drops measured on random inputs are worth, for a report whose drops come from --random:
// the sentence, and the warning lines a text report ends with.
QString randomInputsNote(size_t samples);
QString randomInputsWarning(size_t samples);
// "total run time: 12.4 s\n", the last line of every long command's report.
QString runTimeLine(double seconds);
// One row per candidate, then one per baseline (method column tells them apart).
QString candidatesCsv(const SolveSession& session, const SolutionSet& set);

} // namespace autosplit::cli
