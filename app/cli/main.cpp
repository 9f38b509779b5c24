// `autosplit`: the command line of Auto-Split Explorer (Qt Core only).

#include "app/cli/analyze_command.h"
#include "app/cli/cli_error.h"
#include "app/cli/command_help.h"
#include "app/cli/export_command.h"
#include "app/cli/profile_command.h"
#include "app/cli/quant_commands.h"
#include "app/cli/run_command.h"
#include "app/cli/solve_commands.h"
#include "app/cli/validate_command.h"

#include "core/runtime/cpu/cpu_path.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <exception>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("autosplit"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTOSPLIT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    using namespace autosplit::cli;

    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        err << "autosplit: missing command; try 'autosplit --help'\n";
        return kExitUsage;
    }
    const QString command = args.at(1);
    if (command == QLatin1String("-h") || command == QLatin1String("--help") ||
        command == QLatin1String("help")) {
        out << programHelp();
        return 0;
    }
    // A refused AUTOSPLIT_CPU is an error, not a silent fallback: timings and results would
    // otherwise come from another path than the one asked for.
    const autosplit::CpuPathChoice& cpu = autosplit::cpuPathChoice();
    if (!cpu.problem.empty()) {
        err << "autosplit: " << QString::fromStdString(cpu.problem) << '\n';
        return kExitUsage;
    }
    if (command == QLatin1String("-v") || command == QLatin1String("--version")) {
        out << "autosplit " << AUTOSPLIT_VERSION << '\n';
        out << "CPU path: " << QString::fromStdString(autosplit::cpuPathSummary()) << '\n';
        return 0;
    }
    try {
        if (command == QLatin1String("analyze"))
            return runAnalyze(args, out, err);
        if (command == QLatin1String("run"))
            return runRun(args, out, err);
        if (command == QLatin1String("calibrate"))
            return runCalibrate(args, out, err);
        if (command == QLatin1String("evaluate"))
            return runEvaluate(args, out, err);
        if (command == QLatin1String("solve"))
            return runSolve(args, out, err);
        if (command == QLatin1String("sweep"))
            return runSweep(args, out, err);
        if (command == QLatin1String("export"))
            return runExport(args, out, err);
        if (command == QLatin1String("profile"))
            return runProfile(args, out, err);
        if (command == QLatin1String("validate"))
            return runValidate(args, out, err);
    } catch (const std::exception& e) {
        // the core reports errors as values; this is the last line of defence against a crash
        out.flush();
        err << "autosplit: internal error: " << e.what() << '\n';
        return kExitFailure;
    }
    err << "autosplit: unknown command '" << command << "'; try 'autosplit --help'\n";
    return kExitUsage;
}
