#include "widgets/engine/error_message.h"

namespace autosplit {

QString ErrorMessage::of(const Error& error) {
    const QString detail = QString::fromStdString(error.message);
    switch (error.kind) {
    case ErrorKind::InvalidInput:
    case ErrorKind::Usage:
        return tr("Invalid input: %1").arg(detail);
    case ErrorKind::Io:
        return tr("A file could not be read or written: %1").arg(detail);
    case ErrorKind::Unsupported:
        return tr("Not supported: %1").arg(detail);
    case ErrorKind::Cancelled:
        return tr("Cancelled.");
    case ErrorKind::Internal:
        break;
    }
    return tr("Internal error (please report it): %1").arg(detail);
}

} // namespace autosplit
