#pragma once

// The one place an error's kind becomes what the explorer says: a translated sentence for the
// kind, then the core's own one-line message naming the thing and the problem. Core messages
// are English (they name files, nodes and fields); the kind's sentence is the user's language.

#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>

namespace autosplit {

class ErrorMessage {
    Q_DECLARE_TR_FUNCTIONS(autosplit::ErrorMessage)

public:
    static QString of(const Error& error);
};

inline QString errorMessage(const Error& error) {
    return ErrorMessage::of(error);
}

} // namespace autosplit
