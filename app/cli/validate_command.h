#pragma once

// `autosplit validate`: predicted against measured latency of every Pareto candidate and
// baseline, each run end to end as a bundle on this machine (session/split_validation.h).

#include <QStringList>
#include <QTextStream>

namespace autosplit::cli {

int runValidate(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace autosplit::cli
