#pragma once

// How `autosplit` reports an error: one line "autosplit: <message>" on stderr and an exit code
// decided by the error's kind alone (exitCodeOf), the one place kinds become exit codes.

#include "core/util/result.h"

#include <QString>
#include <QTextStream>

namespace autosplit::cli {

// Exit codes: 1 when the work fails (a bad model, a file that cannot be read, an operator this
// program lacks), 2 for a usage error, 130 when cancelled (as a shell reports Ctrl+C).
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitCancelled = 130;

int exitCodeOf(const Error& error);

// A command-line argument that is wrong.
inline Error usageError(const QString& message) {
    return Error{message.toStdString(), ErrorKind::Usage};
}
// A failure the command line finds itself (not one of core's errors, which keep their kind).
inline Error failure(const QString& message, ErrorKind kind = ErrorKind::InvalidInput) {
    return Error{message.toStdString(), kind};
}

// Prints the error as one line (after flushing `out`) and returns its exit code.
int fail(QTextStream& out, QTextStream& err, const Error& error);
int fail(QTextStream& err, const Error& error);

} // namespace autosplit::cli
