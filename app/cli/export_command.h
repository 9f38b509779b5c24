#pragma once

#include <QStringList>
#include <QTextStream>

namespace autosplit::cli {

// `autosplit export MODEL [solve options] --out DIR`: the selected solution (or the assignment
// given with --split) as a deployment bundle.
int runExport(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace autosplit::cli
