#pragma once

#include <QStringList>
#include <QTextStream>

namespace autosplit::cli {

// `autosplit profile MODEL [--bits 2,4,6,8] [--threads N] [--repeats N] [--out device.json]`:
// times every optimized layer on this machine in float and at each width, prints a table and
// writes the measured device profile (docs/device-profile.md). Returns the exit code; errors are
// one line on `err`.
int runProfile(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace autosplit::cli
