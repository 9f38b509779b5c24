#include "app/cli/solve_commands.h"

#include "app/cli/command_help.h"
#include "app/cli/solution_report.h"
#include "app/cli/solve_options.h"
#include "app/cli/units.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

namespace autosplit::cli {

namespace {

// Writes `data` to `path` atomically (nothing half-written on failure), or to stdout.
Status writeReport(QTextStream& out, QTextStream& err, const QString& path, const QByteArray& data,
                   const char* command) {
    if (path.isEmpty()) {
        out << QString::fromUtf8(data);
        return Status::success();
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return failure(path + QStringLiteral(": cannot be written"));
    err << command << ": wrote " << path << '\n';
    return Status::success();
}

// Whether any candidate or baseline of `set` had its drop measured on the samples.
bool dropsMeasured(const SolutionSet& set) {
    for (const Candidate& c : set.candidates)
        if (c.measuredDrop)
            return true;
    for (const Baseline& b : set.baselines)
        if (b.candidate.measuredDrop)
            return true;
    return false;
}

double seconds(const QElapsedTimer& clock) {
    return double(clock.nsecsElapsed()) * 1e-9;
}

void describeSamples(QCommandLineParser& parser) {
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
}

} // namespace

int runSolve(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QElapsedTimer clock;
    clock.start();
    QCommandLineParser parser;
    describeSamples(parser);
    CommonOptions common;
    common.addTo(parser);
    SolveOptions options;
    options.addTo(parser);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption csv(QStringLiteral("csv"),
                                 QStringLiteral("Print every candidate and baseline as CSV."));
    const QCommandLineOption outFile(QStringLiteral("out"),
                                     QStringLiteral("Write the report here instead of stdout."),
                                     QStringLiteral("FILE"));
    parser.addOptions({json, csv, outFile});
    if (!parser.parse(arguments))
        return fail(out, err, usageError(parser.errorText()));
    if (parser.isSet(common.help)) {
        out << commandHelp(
            parser, "solve",
            QStringLiteral("Auto-Split: the edge runs layers 1..n at mixed-precision "
                           "bit-widths, the cloud the rest in float. The report gives the "
                           "selection with its latency breakdown, the tensors it sends and "
                           "its bit-widths, then the Pareto set and every baseline on the "
                           "same cost model. Sample inputs calibrate the quantization and "
                           "measure accuracy drops (--random only smoke-tests)."));
        return 0;
    }
    if (parser.isSet(json) && parser.isSet(csv))
        return fail(out, err, usageError(QStringLiteral("give --json or --csv, not both")));
    auto opened = openSolveSession(parser, common, options, err, "solve");
    if (!opened)
        return fail(out, err, opened.error());
    SolveSession& session = *(*opened);
    auto set = solveAndEvaluate(session, session.uplink, session.constraints,
                                stderrProgress(err, "solve"));
    if (!set)
        return fail(out, err, set.error());
    const bool randomDrops = parser.isSet(common.random) && dropsMeasured(*set);
    const bool text = !parser.isSet(json) && !parser.isSet(csv);
    QByteArray report;
    if (parser.isSet(json)) {
        QJsonObject root = solutionJson(session, *set);
        if (randomDrops) {
            QJsonArray warnings = root.value(QStringLiteral("warnings")).toArray();
            warnings.append(randomInputsNote(session.setup.samples.size()));
            root[QStringLiteral("warnings")] = warnings;
        }
        report = QJsonDocument(root).toJson();
    } else if (parser.isSet(csv)) {
        report = candidatesCsv(session, *set).toUtf8();
    } else {
        report = (solutionText(session, *set, randomDrops) + runTimeLine(seconds(clock))).toUtf8();
    }
    // machine-readable output stays as it is; its readers see the notes on stderr
    if (!text && randomDrops)
        err << "solve: " << randomInputsWarning(session.setup.samples.size());
    if (auto e = writeReport(out, err, parser.value(outFile), report, "solve"); !e)
        return fail(out, err, e.error());
    if (!text)
        err << "solve: " << runTimeLine(seconds(clock));
    return 0;
}

int runSweep(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QElapsedTimer clock;
    clock.start();
    QCommandLineParser parser;
    describeSamples(parser);
    CommonOptions common;
    common.addTo(parser);
    SolveOptions options;
    options.addTo(parser);
    const QCommandLineOption uplinks(QStringLiteral("uplinks"),
                                     QStringLiteral("Uplink rates, e.g. 1Mbps,3Mbps,10Mbps."),
                                     QStringLiteral("LIST"));
    const QCommandLineOption memories(QStringLiteral("memories"),
                                      QStringLiteral("Edge memory limits, e.g. 1MB,4MB."),
                                      QStringLiteral("LIST"));
    const QCommandLineOption drops(QStringLiteral("max-drops"),
                                   QStringLiteral("Accuracy-drop limits, e.g. 1%,5%."),
                                   QStringLiteral("LIST"));
    const QCommandLineOption outFile(QStringLiteral("out"),
                                     QStringLiteral("Write the CSV here instead of stdout."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Solves at once (default: every core)."),
                                     QStringLiteral("N"));
    parser.addOptions({uplinks, memories, drops, outFile, threads});
    if (!parser.parse(arguments))
        return fail(out, err, usageError(parser.errorText()));
    if (parser.isSet(common.help)) {
        out << commandHelp(
            parser, "sweep",
            QStringLiteral("Solves every grid point of --uplinks x --memories x --max-drops "
                           "on every core and writes one CSV row per grid point and solution "
                           "(the selection and every baseline); an axis not given keeps the "
                           "single value of the solve options."));
        return 0;
    }
    // the grid, each axis defaulting to the single value of the solve options
    auto list = [&](const QCommandLineOption& option, auto parse, const char* example,
                    std::vector<double>& values) -> Status {
        if (!parser.isSet(option))
            return Status::success();
        for (const QString& part :
             parser.value(option).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            auto v = parse(part.trimmed());
            if (!v)
                return usageError(QStringLiteral("--%1: '%2' is not like %3")
                                      .arg(option.names().first(), part, QLatin1String(example)));
            values.push_back(*v);
        }
        if (values.empty())
            return usageError(QStringLiteral("--%1 is empty").arg(option.names().first()));
        return Status::success();
    };
    std::vector<double> rates, sizes, limits;
    if (auto e = list(uplinks, parseBitsPerSecond, "3Mbps", rates); !e)
        return fail(out, err, e.error());
    if (auto e = list(memories, parseBytes, "4MB", sizes); !e)
        return fail(out, err, e.error());
    if (auto e = list(drops, parsePercent, "5%", limits); !e)
        return fail(out, err, e.error());
    int workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (parser.isSet(threads)) {
        bool ok = false;
        workers = parser.value(threads).toInt(&ok);
        if (!ok || workers < 1)
            return fail(
                out, err,
                usageError(
                    QStringLiteral("--threads '%1': expected a count").arg(parser.value(threads))));
    }
    auto opened = openSolveSession(parser, common, options, err, "sweep");
    if (!opened)
        return fail(out, err, opened.error());
    SolveSession& session = *(*opened);
    if (rates.empty())
        rates.push_back(session.uplink.bitsPerSecond);
    if (sizes.empty())
        sizes.push_back(double(session.constraints.edgeMemoryBytes));
    std::vector<std::optional<double>> dropLimits;
    for (double d : limits)
        dropLimits.push_back(d);
    if (dropLimits.empty())
        dropLimits.push_back(session.constraints.maxAccuracyDrop);

    struct Point {
        double rate, memory;
        std::optional<double> drop;
        QString rows, error;
        bool measured = false;
    };
    std::vector<Point> grid;
    for (double r : rates)
        for (double m : sizes)
            for (const auto& d : dropLimits)
                grid.push_back({r, m, d, {}, {}, false});
    std::atomic<size_t> next{0}, done{0};
    auto work = [&] {
        for (size_t i = next++; i < grid.size(); i = next++) {
            Point& p = grid[i];
            Uplink uplink = session.uplink;
            uplink.bitsPerSecond = p.rate;
            SolveConstraints limits = session.constraints;
            limits.edgeMemoryBytes = static_cast<int64_t>(p.memory);
            limits.maxAccuracyDrop = p.drop;
            auto set = solveAndEvaluate(session, uplink, limits);
            if (!set) {
                p.error = qstr(set.error().message);
            } else {
                p.measured = dropsMeasured(*set);
                const int layers = session.analysis.layerCount();
                double cloudOnly = 0;
                for (const Candidate& c : set->candidates)
                    if (c.method == Method::CloudOnly)
                        cloudOnly = c.totalSeconds;
                auto row = [&](const QString& solution, const Candidate& c) {
                    QString name = solution;
                    name.replace(QLatin1Char(','), QLatin1Char(';'));
                    p.rows +=
                        QStringList{
                            QString::number(p.rate, 'g', 9),
                            QString::number(static_cast<int64_t>(p.memory)),
                            p.drop ? QString::number(*p.drop, 'g', 6) : QString(),
                            name,
                            QString::fromLatin1(methodName(c.method).data()),
                            c.feasible ? outcomeOf(c, layers) : QStringLiteral("infeasible"),
                            QString::number(c.split),
                            QString::number(c.totalSeconds, 'g', 9),
                            cloudOnly > 0 ? QString::number(c.totalSeconds / cloudOnly, 'g', 6)
                                          : QString(),
                            QString::number(c.edgeSeconds, 'g', 9),
                            QString::number(c.transmissionSeconds, 'g', 9),
                            QString::number(c.cloudSeconds, 'g', 9),
                            QString::number(c.edgeMemoryBytes),
                            QString::number(c.transmittedBytes),
                            QString::number(c.error, 'g', 9),
                            c.measuredDrop ? QString::number(*c.measuredDrop, 'g', 6) : QString()}
                            .join(QLatin1Char(',')) +
                        QLatin1Char('\n');
                };
                row(QStringLiteral("Auto-Split"), set->selectedCandidate());
                for (const Baseline& b : set->baselines)
                    row(qstr(b.name), b.candidate);
            }
            ++done;
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::min<int>(workers, static_cast<int>(grid.size())); ++t)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();
    QString csv = QStringLiteral(
        "uplink_bps,memory_bytes,max_drop_pp,solution,method,outcome,split,latency_s,"
        "normalised,edge_s,transmission_s,cloud_s,edge_memory_bytes,transmitted_bytes,error,"
        "measured_drop_pp\n");
    for (const Point& p : grid) {
        if (!p.error.isEmpty())
            return fail(out, err,
                        failure(QStringLiteral("uplink %1, memory %2: ")
                                    .arg(rateText(p.rate), bytesText(p.memory)) +
                                p.error));
        csv += p.rows;
    }
    err << "sweep: " << countOf(static_cast<int64_t>(grid.size()), "grid point", "grid points")
        << " solved\n";
    const bool anyMeasured =
        std::any_of(grid.begin(), grid.end(), [](const Point& p) { return p.measured; });
    if (parser.isSet(common.random) && anyMeasured)
        err << "sweep: " << randomInputsWarning(session.setup.samples.size());
    if (auto e = writeReport(out, err, parser.value(outFile), csv.toUtf8(), "sweep"); !e)
        return fail(out, err, e.error());
    err << "sweep: " << runTimeLine(seconds(clock));
    return 0;
}

} // namespace autosplit::cli
