#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace autosplit::cli {

// `autosplit run MODEL --input NAME=FILE ... --out DIR [--tensors a,b] [--input-shape NAME=DIMS]
// [--no-optimize]`: import, optimize, run on the CPU executor, write every graph output and every
// named tensor as DIR/<name>.pb (ONNX TensorProto) — how a user checks the executor against their
// own runtime. `arguments` is the whole command line. Returns the exit code; errors are one line
// "autosplit: <message>" on `err`.
int runRun(const QStringList& arguments, QTextStream& out, QTextStream& err);

// A tensor name as a file name: characters other than letters, digits, '.', '-' and '_' become
// '_'; "", "." and ".." become "_".
QString sanitizedFileName(const QString& tensorName);

} // namespace autosplit::cli
