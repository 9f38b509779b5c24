#pragma once

// How `solve` prints a SolutionSet: the selected solution in full (split, crossing tensors,
// per-layer bit-widths, latency breakdown, memory, error, measured drop), the Pareto front and
// the baselines — as text, JSON or CSV (every candidate).

#include "app/cli/solve_options.h"

#include "session/candidates_csv.h"

#include <QJsonObject>
#include <QString>

namespace autosplit::cli {

QString solutionText(const SolveSession& session, const SolutionSet& set);
QJsonObject solutionJson(const SolveSession& session, const SolutionSet& set);
// One row per candidate, then one per baseline (method column tells them apart).
QString candidatesCsv(const SolveSession& session, const SolutionSet& set);

} // namespace autosplit::cli
