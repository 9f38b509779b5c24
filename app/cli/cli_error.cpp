#include "app/cli/cli_error.h"

#include <QCoreApplication>

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
    // the program's own name: the runtimes (autosplit-edge, autosplit-cloud) share this
    const QString program = QCoreApplication::instance() ? QCoreApplication::applicationName()
                                                         : QStringLiteral("autosplit");
    err << program << ": " << line << '\n';
    err.flush();
    return exitCodeOf(error);
}

int fail(QTextStream& out, QTextStream& err, const Error& error) {
    out.flush();
    return fail(err, error);
}

} // namespace autosplit::cli
