#pragma once

// How the solution views (Pareto chart, latency breakdown, details) name and write what a
// SolutionSet holds: method names, milliseconds, rates, errors and drops, in the user's locale.

#include "core/solve/solution_set.h"

#include <QString>

#include <optional>

namespace autosplit::format {

// "Auto-Split", "Cloud-Only", "Li et al. (fastest)", ... (translated).
QString methodLabel(Method method);
// The same at most about twelve characters wide, for where space is short (a chart's axis):
// "Li (fastest)", "QDMP_E+U4"; still unique per method. The full label belongs in a tooltip.
QString shortMethodLabel(Method method);
// "12.3 ms", "0.456 ms": three significant digits below 10 ms, one decimal above.
QString milliseconds(double seconds);
// "3.00 Mbit/s" (binary: 1 Mbit/s = 2^20 bit/s).
QString bitRate(double bitsPerSecond);
// The error proxy E: "0.0123", "1.23e-05".
QString errorProxy(double error);
// "1.23 pp"; nullopt: "not evaluated" (translated).
QString accuracyDrop(const std::optional<double>& percentPoints);
// Weight / activation widths of a candidate in one phrase: "W4 A8 (uniform)", "W2–8 A4–8",
// "float 16-bit", "none" for Cloud-Only.
QString bitsSummary(const Candidate& candidate, int floatBits);

} // namespace autosplit::format
