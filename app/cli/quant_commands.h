#pragma once

#include <QStringList>
#include <QTextStream>

namespace autosplit::cli {

// `autosplit calibrate MODEL ...`: error tables (D_w, D_a) and activation ranges as JSON.
int runCalibrate(const QStringList& arguments, QTextStream& out, QTextStream& err);
// `autosplit evaluate MODEL ...`: the measured accuracy drop of a split candidate.
int runEvaluate(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace autosplit::cli
