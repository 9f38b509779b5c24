#pragma once

// The command line of autosplit-render-text-data, read by hand rather than with
// QCommandLineParser so that every mistake is one message and exit code 2.

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace autosplit::textdata {

enum class DataKind { Lines, Scenes };

struct Options {
    DataKind kind = DataKind::Lines;
    QString out;
    int count = 0;
    uint64_t seed = 1;
    QString dictionary; // empty: the built-in strings unchecked
    bool replace = false;
    QString debugBoxes; // scenes only: a folder for overlays of the truth
    bool help = false;
};

inline constexpr int kMaxCount = 100000;

// `arguments` without the program name. The error is one line, without the program's name.
std::optional<QString> parseCommandLine(const QStringList& arguments, Options& options);

QString usage();

} // namespace autosplit::textdata
