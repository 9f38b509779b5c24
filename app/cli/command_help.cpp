#include "app/cli/command_help.h"

#include "app/cli/text_table.h"

#include <QLatin1String>

#include <algorithm>
#include <cstring>

namespace autosplit::cli {

const std::vector<CommandInfo>& commands() {
    static const std::vector<CommandInfo> list{
        {"analyze", "MODEL",
         "per-layer costs, the tensors crossing every cut, the potential splits (eq. 6)"},
        {"run", "MODEL --input NAME=FILE ... --out DIR",
         "run the model on the CPU executor and write chosen tensors as .pb files"},
        {"calibrate", "MODEL (--samples PATH | --random N)",
         "per-layer quantization errors and activation ranges on sample inputs (JSON)"},
        {"evaluate", "MODEL --split N (--samples PATH | --random N)",
         "the measured accuracy drop of one split with a quantized edge part"},
        {"solve", "MODEL (--samples PATH | --random N)",
         "the fastest split and edge bit-widths under memory and accuracy limits"},
        {"sweep", "MODEL (--samples PATH | --random N)",
         "solve over a grid of uplinks, memory and accuracy limits (CSV)"},
        {"export", "MODEL --out DIR (--samples PATH | --random N)",
         "a split as a deployment bundle: edge.onnx, cloud.onnx, manifest, Triton"},
        {"profile", "MODEL [--bits 2,4,6,8] [--threads N] [--out FILE]",
         "time every layer on this machine (float and each width): a measured device profile"},
        {"validate", "MODEL [--edge this --cloud this] [--uplink R] [--repeats N]",
         "run every Pareto candidate's bundle on loopback: predicted against measured latency"},
    };
    return list;
}

QString programHelp() {
    QString text = QStringLiteral("Usage: autosplit <command> [options]\n\nCommands:\n");
    qsizetype width = 0;
    for (const CommandInfo& c : commands())
        width = std::max<qsizetype>(width, qsizetype(std::strlen(c.name)));
    for (const CommandInfo& c : commands())
        text += QStringLiteral("  ") + QString::fromLatin1(c.name).leftJustified(width + 2) +
                QString::fromLatin1(c.summary) + QLatin1Char('\n');
    text += QStringLiteral(
        "\n"
        "Run 'autosplit <command> --help' for the options of a command.\n"
        "\n"
        "Options:\n"
        "  -h, --help     This help.\n"
        "  -v, --version  The version and the CPU path the executor's kernels run on.\n"
        "\n"
        "Environment:\n"
        "  AUTOSPLIT_CPU=baseline|avx2|avx512|avx512vnni  Run the executor's kernels on this "
        "instruction set\n"
        "                                      instead of the best one this CPU has (only a lower "
        "one).\n");
    return text;
}

QString commandHelp(const QCommandLineParser& parser, const char* command, const QString& details) {
    const CommandInfo* info = nullptr;
    for (const CommandInfo& c : commands())
        if (std::strcmp(c.name, command) == 0)
            info = &c;
    QString text =
        QStringLiteral("Usage: autosplit ") + QLatin1String(command) + QStringLiteral(" [options]");
    if (info) {
        text += QLatin1Char(' ') + QLatin1String(info->arguments);
        QString summary = QLatin1String(info->summary);
        summary[0] = summary[0].toUpper();
        text += QStringLiteral("\n\n") + summary + QStringLiteral(".\n");
    } else {
        text += QStringLiteral("\n\n");
    }
    if (!details.isEmpty())
        text += wrapText(details);
    // Qt's own text names the program by its full path and has no description set: keep only
    // its options and arguments.
    const QString qt = parser.helpText();
    const qsizetype options = qt.indexOf(QStringLiteral("\nOptions:"));
    text += options >= 0 ? qt.mid(options) : QStringLiteral("\n") + qt;
    return text;
}

} // namespace autosplit::cli
