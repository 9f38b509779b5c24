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
// A candidate's measured drop as every view writes it: "1.25 pp" when it rests on every sample;
// for one judged on part of the samples, the interval the whole set's drop lies in and how many
// samples that rests on, "0.0–3.1 pp (8 of 32 samples)"; "not evaluated" without a drop.
QString candidateDrop(const Candidate& candidate);
// The same where there is room to say what a figure rests on (tooltips, details): "1.25 pp on
// all 32 samples" (`sampleCount` > 0), "0.0–3.1 pp (8 of 32 samples; 1.40 pp on those)" — a
// chart draws such a candidate at the drop of the judged samples, so that figure is named too.
QString candidateDropInFull(const Candidate& candidate, int sampleCount);
// Whether the candidate's drop rests on part of the samples only.
bool isPartlyJudged(const Candidate& candidate);
// Weight / activation widths of a candidate in one phrase: "W4 A8 (uniform)", "W2–8 A4–8",
// "float 16-bit", "none" for Cloud-Only.
QString bitsSummary(const Candidate& candidate, int floatBits);

} // namespace autosplit::format
