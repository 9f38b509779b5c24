#include "app/cli/export_command.h"

#include "app/cli/cli_error.h"
#include "app/cli/command_help.h"
#include "app/cli/solution_report.h"
#include "app/cli/solve_options.h"
#include "app/cli/text_table.h"
#include "app/cli/units.h"

#include "session/bundle_export.h"

#include "core/solve/assignment_cost.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <utility>

namespace autosplit::cli {

namespace {

// The widths of --weight-bits/--activation-bits: one per edge layer, or one for all of them.
Result<std::vector<int>> layerBits(const QCommandLineParser& parser,
                                   const QCommandLineOption& option, int split) {
    const QString name = QStringLiteral("--") + option.names().constFirst();
    auto list = parseIntList(parser.value(option));
    if (!list || list->empty())
        return usageError(
            name + QStringLiteral(" '%1': expected widths like 8,4,4").arg(parser.value(option)));
    if (list->size() == 1)
        list->assign(static_cast<size_t>(split), list->front());
    if (static_cast<int>(list->size()) != split)
        return usageError(
            name + QStringLiteral(": %1 widths for %2 edge layers").arg(list->size()).arg(split));
    for (int b : *list)
        if (b != 32 && (b < 2 || b > 8))
            return usageError(name +
                              QStringLiteral(": %1 bits; widths are 2..8, or 32 for float").arg(b));
    return *list;
}

// The assignment the user gave, at its cost under the session's devices and network. Widths of
// 32 keep a layer in float; the cost model counts float edge data at its float width (16), as
// the float baselines do.
Result<Candidate> assignmentCandidate(const SolveSession& session, int split,
                                      const std::vector<int>& weights,
                                      const std::vector<int>& activations) {
    auto cost = AssignmentCost::create(
        *session.setup.graph, session.analysis, session.calibration.table, *session.latency,
        session.uplink, session.constraints.edgeMemoryBytes, session.constraints.floatBits);
    if (!cost)
        return cost.error();
    const bool allFloat =
        std::all_of(weights.begin(), weights.end(), [](int b) { return b == 32; }) &&
        std::all_of(activations.begin(), activations.end(), [](int b) { return b == 32; });
    Candidate c;
    if (allFloat) {
        c = cost->evaluateFloat(split);
        c.floatEdge = true;
    } else {
        auto costed = [&](std::vector<int> w, std::vector<int> a) {
            for (int& b : w)
                b = b == 32 ? cost->floatBits() : b;
            for (int& b : a)
                b = b == 32 ? cost->floatBits() : b;
            return cost->evaluate(split, EdgeBits::explicitBits(std::move(w), std::move(a)));
        };
        auto r = costed(weights, activations);
        if (!r)
            return r.error();
        c = std::move(r).value();
        c.bits = EdgeBits::explicitBits(weights, activations);
    }
    c.method = Method::Assignment;
    if (session.canMeasure()) {
        auto drop = measureDrop(session, c);
        if (!drop)
            return drop.error();
        c.measuredDrop = *drop;
    }
    return c;
}

} // namespace

int runExport(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    CommonOptions common;
    common.addTo(parser);
    SolveOptions options;
    options.addTo(parser);
    const QCommandLineOption outDir(QStringLiteral("out"),
                                    QStringLiteral("The bundle folder to create."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption replace(QStringLiteral("replace"),
                                     QStringLiteral("Replace an existing bundle at --out."));
    const QCommandLineOption split(QStringLiteral("split"),
                                   QStringLiteral("Export this assignment instead of the "
                                                  "selection: layers 1..N on the edge."),
                                   QStringLiteral("N"));
    const QCommandLineOption weightBits(
        QStringLiteral("weight-bits"),
        QStringLiteral("With --split: edge layers' weight widths (N values, or one for all; "
                       "32 = float)."),
        QStringLiteral("LIST"));
    const QCommandLineOption activationBits(
        QStringLiteral("activation-bits"),
        QStringLiteral("With --split: edge layers' activation widths (N values, or one for all; "
                       "32 = float)."),
        QStringLiteral("LIST"));
    parser.addOptions({outDir, replace, split, weightBits, activationBits});
    if (!parser.parse(arguments))
        return fail(out, err, usageError(parser.errorText()));
    if (parser.isSet(common.help)) {
        out << commandHelp(parser, "export",
                           QStringLiteral("Writes edge.onnx (QDQ), cloud.onnx (float, taking the "
                                          "crossing codes), manifest.json, a Triton model "
                                          "repository and a README. Without --split it exports "
                                          "the solution `autosplit solve` selects under the same "
                                          "options."));
        return 0;
    }
    if (parser.positionalArguments().size() < 2)
        return fail(out, err, usageError(QStringLiteral("export needs a MODEL")));
    if (!parser.isSet(outDir) || parser.value(outDir).isEmpty())
        return fail(out, err, usageError(QStringLiteral("export needs --out DIR")));
    int n = -1;
    if (parser.isSet(split)) {
        bool ok = false;
        n = parser.value(split).toInt(&ok);
        if (!ok || n < 0)
            return fail(out, err,
                        usageError(QStringLiteral("--split '%1': expected a layer count")
                                       .arg(parser.value(split))));
        if (!parser.isSet(weightBits) || !parser.isSet(activationBits))
            return fail(
                out, err,
                usageError(QStringLiteral("--split needs --weight-bits and --activation-bits")));
    } else if (parser.isSet(weightBits) || parser.isSet(activationBits)) {
        return fail(
            out, err,
            usageError(QStringLiteral("--weight-bits and --activation-bits need --split N")));
    }
    std::vector<int> weights, activations;
    if (n >= 0) {
        auto w = layerBits(parser, weightBits, n);
        if (!w)
            return fail(out, err, w.error());
        auto a = layerBits(parser, activationBits, n);
        if (!a)
            return fail(out, err, a.error());
        weights = *w;
        activations = *a;
    }
    // fail before the work when the destination is taken
    const QString dir = parser.value(outDir);
    if (QFileInfo::exists(dir) && !parser.isSet(replace))
        return fail(out, err,
                    failure(dir + QStringLiteral(": already exists (give --replace to replace "
                                                 "the bundle there)")));
    // --replace only ever replaces a bundle: refuse anything else before the work, not after
    if (parser.isSet(replace) && QFileInfo::exists(dir)) {
        const QFileInfo info(dir);
        const bool bundle =
            info.isDir() &&
            (QDir(dir).isEmpty() || QFileInfo::exists(dir + QStringLiteral("/manifest.json")));
        if (!bundle)
            return fail(out, err,
                        failure(dir + QStringLiteral(": exists and is not a bundle folder; not "
                                                     "replacing it")));
    }

    auto opened = openSolveSession(parser, common, options, err, "export");
    if (!opened)
        return fail(out, err, opened.error());
    SolveSession& session = *(*opened);
    if (n > session.analysis.layerCount())
        return fail(out, err,
                    usageError(QStringLiteral("--split %1: the optimized model has %2 layers")
                                   .arg(n)
                                   .arg(session.analysis.layerCount())));
    // the widths asked for must have been calibrated
    const auto& calibrated = session.calibration.table.bits;
    for (const auto& [option, widths] :
         {std::pair{&weightBits, &weights}, std::pair{&activationBits, &activations}})
        for (int b : *widths)
            if (b != 32 && !session.calibration.table.bitIndex(b)) {
                QStringList known;
                for (int c : calibrated)
                    known << QString::number(c);
                return fail(out, err,
                            usageError(QStringLiteral("--%1: %2 bits were not calibrated (%3; "
                                                      "--bits chooses the widths)")
                                           .arg(option->names().constFirst())
                                           .arg(b)
                                           .arg(known.join(QLatin1Char(',')))));
            }
    Candidate candidate;
    if (n >= 0) {
        auto c = assignmentCandidate(session, n, weights, activations);
        if (!c)
            return fail(out, err, c.error());
        candidate = std::move(c).value();
    } else {
        auto set = solveAndEvaluate(session, session.uplink, session.constraints,
                                    stderrProgress(err, "export"));
        if (!set)
            return fail(out, err, set.error());
        candidate = set->selectedCandidate();
    }
    session::BundleExportOptions exportOptions;
    exportOptions.replace = parser.isSet(replace);
    auto written = session::exportBundle(session, candidate, dir, exportOptions,
                                         stderrProgress(err, "export"));
    if (!written)
        return fail(out, err, written.error());
    // one fact a line, so no line outgrows the report width however long the names
    out << wrapText(QStringLiteral("wrote ") + dir + QLatin1Char(':'), kReportWidth, 2);
    out << "  split after layer " << candidate.split << " of " << session.analysis.layerCount()
        << " (" << QString::fromLatin1(methodName(candidate.method)) << "); edge.onnx "
        << bytesText(double(written->edgeModelBytes)) << ", cloud.onnx "
        << bytesText(double(written->cloudModelBytes)) << '\n';
    out << "  " << countOf(written->crossingTensors, "crossing tensor", "crossing tensors") << ", "
        << exactBytesText(written->wireBytes) << " on the wire\n";
    out << "  predicted: edge " << msText(candidate.edgeSeconds) << " ms, transmission "
        << msText(candidate.transmissionSeconds) << " ms, cloud " << msText(candidate.cloudSeconds)
        << " ms, total " << msText(candidate.totalSeconds) << " ms\n";
    if (candidate.measuredDrop)
        out << "  measured accuracy drop " << QString::number(*candidate.measuredDrop, 'f', 2)
            << " pp on "
            << countOf(static_cast<int64_t>(session.setup.samples.size()), "sample", "samples")
            << '\n';
    if (candidate.measuredDrop && parser.isSet(common.random))
        out << randomInputsWarning(session.setup.samples.size());
    return 0;
}

} // namespace autosplit::cli
