#include "app/cli/cli_error.h"

namespace autosplit::cli {

int exitCodeOf(const Error& error) {
    switch (error.kind) {
    case ErrorKind::Usage:
        return kExitUsage;
    case ErrorKind::Cancelled:
        return kExitCancelled;
    case ErrorKind::InvalidInput:
    case ErrorKind::Io:
    case ErrorKind::Unsupported:
    case ErrorKind::Internal:
        break;
    }
    return kExitFailure;
}

int fail(QTextStream& err, const Error& error) {
    QString line = QString::fromStdString(error.message);
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    err << "autosplit: " << line << '\n';
    err.flush();
    return exitCodeOf(error);
}

int fail(QTextStream& out, QTextStream& err, const Error& error) {
    out.flush();
    return fail(err, error);
}

} // namespace autosplit::cli
