// `autosplit`: the command line of Auto-Split Explorer (Qt Core only).

#include "app/cli/analyze_command.h"
#include "app/cli/cli_error.h"
#include "app/cli/export_command.h"
#include "app/cli/quant_commands.h"
#include "app/cli/run_command.h"
#include "app/cli/solve_commands.h"

#include "core/runtime/cpu/cpu_path.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <exception>

namespace {

const char* const kUsage =
    "Usage: autosplit <command> [options]\n"
    "\n"
    "Commands:\n"
    "  analyze MODEL   per-layer costs, the tensors crossing every cut and their bytes,\n"
    "                  potential splits (eq. 6) and Li et al.'s candidate rule\n"
    "  run MODEL       run the model on the CPU executor; write its outputs and chosen\n"
    "                  intermediate tensors as ONNX TensorProto .pb files\n"
    "  calibrate MODEL per-layer weight and activation quantization errors and ranges (JSON)\n"
    "  evaluate MODEL  the measured accuracy drop of a split with a quantized edge part\n"
    "  solve MODEL     the fastest split and edge bit-widths under memory and accuracy limits,\n"
    "                  its Pareto set and the baselines (Auto-Split)\n"
    "  sweep MODEL     solve over a grid of uplinks, memory and accuracy limits (CSV)\n"
    "  export MODEL    the selected split (or one given) as a deployment bundle: edge.onnx,\n"
    "                  cloud.onnx, manifest.json, a Triton model repository\n"
    "\n"
    "Run 'autosplit <command> --help' for the options of a command.\n"
    "  -h, --help      this help\n"
    "  -v, --version   the version and the CPU path the executor's kernels run on\n"
    "\n"
    "Environment:\n"
    "  AUTOSPLIT_CPU=baseline|avx2|avx512  run the executor's kernels on this instruction\n"
    "                  set instead of the best one this CPU has (only a lower one)\n";

} // namespace

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
        out << kUsage;
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
    } catch (const std::exception& e) {
        // the core reports errors as values; this is the last line of defence against a crash
        out.flush();
        err << "autosplit: internal error: " << e.what() << '\n';
        return kExitFailure;
    }
    err << "autosplit: unknown command '" << command << "'; try 'autosplit --help'\n";
    return kExitUsage;
}
