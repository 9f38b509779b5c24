#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <cstdint>
#include <optional>

namespace autosplit::cli {

// `autosplit analyze MODEL [options]`: import, optimize, analyze, print a table or JSON.
// `arguments` is the whole command line (program, "analyze", ...). Returns the exit code;
// errors are one line "autosplit: <message>" on `err`.
int runAnalyze(const QStringList& arguments, QTextStream& out, QTextStream& err);

// "4MB", "512KiB", "1.5 GB", "1048576": bytes. K, M and G are binary (2^10, 2^20, 2^30) with or
// without "B"/"iB"; nullopt when not a positive size.
std::optional<int64_t> parseByteSize(const QString& text);

} // namespace autosplit::cli
