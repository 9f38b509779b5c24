#pragma once

// `autosplit --help` and `autosplit <command> --help` from one list of the commands, so both
// name them, their arguments and their one-line summaries alike.

#include <QCommandLineParser>
#include <QString>

#include <vector>

namespace autosplit::cli {

struct CommandInfo {
    const char* name;
    const char* arguments; // after "[options]": "MODEL", "MODEL --out DIR"
    const char* summary;   // one line, no final full stop
};

// Every command, in the order `autosplit --help` lists them.
const std::vector<CommandInfo>& commands();

// The whole program's help: its usage, the commands with their summaries, the options and the
// environment; every line fits the report width.
QString programHelp();

// `autosplit <command> --help`: "Usage: autosplit <command> [options] <arguments>", the
// command's summary and `details` wrapped to the report width, then the parser's options and
// arguments as Qt writes them.
QString commandHelp(const QCommandLineParser& parser, const char* command, const QString& details);

} // namespace autosplit::cli
