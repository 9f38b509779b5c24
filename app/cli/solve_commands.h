#pragma once

#include <QStringList>
#include <QTextStream>

namespace autosplit::cli {

// `autosplit solve MODEL ...`: the selected split, the Pareto set and the baselines.
int runSolve(const QStringList& arguments, QTextStream& out, QTextStream& err);
// `autosplit sweep MODEL ...`: solves over a grid of uplinks, memory limits and drop limits; CSV.
int runSweep(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace autosplit::cli
