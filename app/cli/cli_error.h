#pragma once

#include <QString>

namespace autosplit::cli {

// Exit codes of `autosplit`: 1 when the work fails (bad model, ...), 2 for a usage error.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// A failure the command line reports as one line "autosplit: <message>".
struct CliError {
    int exitCode = kExitFailure;
    QString message;
};

} // namespace autosplit::cli
