#include "app/cli/validate_command.h"

#include "app/cli/cli_error.h"
#include "app/cli/command_help.h"
#include "app/cli/solution_report.h"
#include "app/cli/solve_options.h"
#include "app/cli/text_table.h"
#include "app/cli/units.h"

#include "session/measured_device.h"
#include "session/split_validation.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace autosplit::cli {

namespace {

QString widthRange(const std::vector<int>& widths) {
    if (widths.empty())
        return QStringLiteral("-");
    const auto [lo, hi] = std::minmax_element(widths.begin(), widths.end());
    return *lo == *hi ? QString::number(*lo) : QStringLiteral("%1-%2").arg(*lo).arg(*hi);
}

// "none", "float", "W4-8 A8".
QString bitsText(const Candidate& c) {
    if (c.edgeLayerCount() == 0)
        return QStringLiteral("none");
    if (c.floatEdge)
        return QStringLiteral("float");
    std::vector<int> w, a;
    for (int layer = 1; layer <= c.split; ++layer)
        if (c.onEdge(layer)) {
            w.push_back(c.bits.weight(layer));
            a.push_back(c.bits.activation(layer));
        }
    return QStringLiteral("W") + widthRange(w) + QStringLiteral(" A") + widthRange(a);
}

// A measured profile of this machine is a cache file; people know it as "this".
QString deviceText(const QString& device) {
    return session::isMeasuredProfileCache(device) ? QStringLiteral("this (measured)") : device;
}

QString percentText(double fraction) {
    return (fraction >= 0 ? QStringLiteral("+") : QString()) +
           QString::number(fraction * 100.0, 'f', 1);
}

QString reportText(const session::ValidationReport& report, const SolveSession& session,
                   const session::ValidationOptions& options) {
    QString text;
    text += wrapText(QStringLiteral("validate: edge %1, cloud %2, uplink %3, round trip %4 ms, "
                                    "%5 bytes overhead per message; %6 timed inferences per "
                                    "candidate (median) on %7")
                         .arg(deviceText(session.edgeName), deviceText(session.cloudName),
                              rateText(options.uplink.bitsPerSecond),
                              msText(options.uplink.roundTripSeconds))
                         .arg(options.uplink.overheadBytesPerMessage)
                         .arg(options.repeats)
                         .arg(QString::fromStdString(report.inputSource)));
    text += QLatin1Char('\n');
    TextTable table;
    table.setMaxWidth(140);
    table.addColumn(QStringLiteral("candidate"), TextTable::Align::Left, true, 20);
    table.addColumn(QStringLiteral("split"), TextTable::Align::Right);
    table.addColumn(QStringLiteral("bits"), TextTable::Align::Left);
    table.addColumn(QStringLiteral("sent"), TextTable::Align::Right);
    for (const char* h : {"edge", "tx", "cloud", "total"})
        table.addColumn(QStringLiteral("pred ") + QString::fromLatin1(h), TextTable::Align::Right);
    for (const char* h : {"edge", "tx", "cloud", "total"})
        table.addColumn(QStringLiteral("meas ") + QString::fromLatin1(h), TextTable::Align::Right);
    table.addColumn(QStringLiteral("error %"), TextTable::Align::Right);
    const int predictedFastest = report.predictedFastest();
    const int measuredFastest = report.measuredFastest();
    for (int i = 0; i < int(report.rows.size()); ++i) {
        const session::ValidationRow& r = report.rows[size_t(i)];
        QString label = QString::fromStdString(r.label);
        if (i == predictedFastest)
            label += QStringLiteral(" [p]");
        if (i == measuredFastest)
            label += QStringLiteral(" [m]");
        const bool within = std::abs(r.totalError()) <= report.tolerance;
        table.addRow({label, QString::number(r.candidate.split), bitsText(r.candidate),
                      r.measured.requestBytes > 0 ? bytesText(double(r.measured.requestBytes))
                                                  : QStringLiteral("-"),
                      msText(r.candidate.edgeSeconds), msText(r.candidate.transmissionSeconds),
                      msText(r.candidate.cloudSeconds), msText(r.candidate.totalSeconds),
                      msText(r.measured.edgeSeconds), msText(r.measured.transmissionSeconds),
                      msText(r.measured.cloudSeconds), msText(r.measured.totalSeconds),
                      percentText(r.totalError()) + (within ? QString() : QStringLiteral(" !"))});
    }
    text += table.toString();
    text += QStringLiteral("times in ms; sent: the request as serialized; [p] predicted fastest, "
                           "[m] measured fastest; ! outside the tolerance\n");
    const int rows = int(report.rows.size());
    text +=
        QStringLiteral("%1 of %2 within %3 % of the prediction; the predicted fastest (%4) "
                       "%5\n")
            .arg(report.withinTolerance())
            .arg(rows)
            .arg(report.tolerance * 100.0, 0, 'g', 3)
            .arg(QString::fromStdString(report.rows[size_t(predictedFastest)].label),
                 report.fastestAgrees()
                     ? (predictedFastest == measuredFastest
                            ? QStringLiteral("is the measured fastest")
                            : QStringLiteral("is within %1 % of the measured fastest")
                                  .arg(report.fastestTolerance * 100.0, 0, 'g', 3))
                     : QStringLiteral("is not the measured fastest (%1 is, %2 ms against "
                                      "%3 ms)")
                           .arg(QString::fromStdString(report.rows[size_t(measuredFastest)].label),
                                msText(report.rows[size_t(measuredFastest)].measured.totalSeconds),
                                msText(
                                    report.rows[size_t(predictedFastest)].measured.totalSeconds)));
    text += report.goalMet() ? QStringLiteral("goal met\n") : QStringLiteral("goal not met\n");
    return text;
}

QJsonObject breakdownJson(double edge, double tx, double cloud, double total) {
    QJsonObject o;
    o[QStringLiteral("edge_ms")] = edge * 1e3;
    o[QStringLiteral("transmission_ms")] = tx * 1e3;
    o[QStringLiteral("cloud_ms")] = cloud * 1e3;
    o[QStringLiteral("total_ms")] = total * 1e3;
    return o;
}

QJsonObject reportJson(const session::ValidationReport& report, const SolveSession& session,
                       const session::ValidationOptions& options) {
    QJsonObject root;
    root[QStringLiteral("edge")] = deviceText(session.edgeName);
    root[QStringLiteral("cloud")] = deviceText(session.cloudName);
    root[QStringLiteral("uplink_bits_per_second")] = options.uplink.bitsPerSecond;
    root[QStringLiteral("round_trip_ms")] = options.uplink.roundTripSeconds * 1e3;
    root[QStringLiteral("overhead_bytes_per_message")] =
        double(options.uplink.overheadBytesPerMessage);
    root[QStringLiteral("repeats")] = options.repeats;
    root[QStringLiteral("input")] = QString::fromStdString(report.inputSource);
    QJsonArray rows;
    for (const session::ValidationRow& r : report.rows) {
        QJsonObject o;
        o[QStringLiteral("candidate")] = QString::fromStdString(r.label);
        o[QStringLiteral("method")] =
            QString::fromLatin1(methodName(r.candidate.method).data(),
                                qsizetype(methodName(r.candidate.method).size()));
        o[QStringLiteral("split")] = r.candidate.split;
        o[QStringLiteral("bits")] = bitsText(r.candidate);
        o[QStringLiteral("transmitted_bytes")] = double(r.candidate.transmittedBytes);
        o[QStringLiteral("request_bytes")] = double(r.measured.requestBytes);
        o[QStringLiteral("predicted")] =
            breakdownJson(r.candidate.edgeSeconds, r.candidate.transmissionSeconds,
                          r.candidate.cloudSeconds, r.candidate.totalSeconds);
        QJsonObject m = breakdownJson(r.measured.edgeSeconds, r.measured.transmissionSeconds,
                                      r.measured.cloudSeconds, r.measured.totalSeconds);
        m[QStringLiteral("paced_ms")] = r.measured.pacedSeconds * 1e3;
        o[QStringLiteral("measured")] = m;
        o[QStringLiteral("total_error_percent")] = r.totalError() * 100.0;
        o[QStringLiteral("within_tolerance")] = std::abs(r.totalError()) <= report.tolerance;
        rows.append(o);
    }
    root[QStringLiteral("candidates")] = rows;
    QJsonObject summary;
    summary[QStringLiteral("tolerance_percent")] = report.tolerance * 100.0;
    summary[QStringLiteral("within_tolerance")] = report.withinTolerance();
    summary[QStringLiteral("candidates")] = int(report.rows.size());
    summary[QStringLiteral("predicted_fastest")] =
        QString::fromStdString(report.rows[size_t(report.predictedFastest())].label);
    summary[QStringLiteral("measured_fastest")] =
        QString::fromStdString(report.rows[size_t(report.measuredFastest())].label);
    summary[QStringLiteral("fastest_agrees")] = report.fastestAgrees();
    summary[QStringLiteral("goal_met")] = report.goalMet();
    root[QStringLiteral("summary")] = summary;
    return root;
}

} // namespace

int runValidate(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QElapsedTimer clock;
    clock.start();
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("The ONNX model file."));
    CommonOptions common;
    common.addTo(parser);
    SolveOptions options;
    options.addTo(parser);
    const QCommandLineOption repeats(
        QStringLiteral("repeats"),
        QStringLiteral("Timed inferences per candidate; each time is their median (default 5)."),
        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption maxCandidates(
        QStringLiteral("max-candidates"),
        QStringLiteral("Measure at most K candidates: the fastest of the front first, then the "
                       "baselines (default: all)."),
        QStringLiteral("K"));
    const QCommandLineOption noBaselines(QStringLiteral("no-baselines"),
                                         QStringLiteral("Measure the Pareto front only."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({repeats, maxCandidates, noBaselines, json});
    if (!parser.parse(arguments))
        return fail(out, err, usageError(parser.errorText()));
    if (parser.isSet(common.help)) {
        out << commandHelp(
            parser, "validate",
            QStringLiteral("Solves as `autosplit solve` does, then exports every Pareto "
                           "candidate and baseline as a bundle and runs it end to end on this "
                           "machine: the cloud half served on loopback (Open Inference "
                           "Protocol), the edge half's request held back as long as its bytes "
                           "take at the uplink rate (plus the network's round trip and "
                           "per-message overhead). Prints per candidate the predicted and the "
                           "measured edge, transmission, cloud and total time. Use --edge this "
                           "--cloud this so the predictions come from this machine's measured "
                           "profile."));
        return 0;
    }
    if (parser.positionalArguments().size() < 2)
        return fail(out, err, usageError(QStringLiteral("validate needs a MODEL")));
    session::ValidationOptions validation;
    bool ok = false;
    validation.repeats = parser.value(repeats).toInt(&ok);
    if (!ok || validation.repeats < 1)
        return fail(out, err,
                    usageError(QStringLiteral("--repeats '%1': expected a count of at least 1")
                                   .arg(parser.value(repeats))));
    if (parser.isSet(maxCandidates)) {
        validation.maxCandidates = parser.value(maxCandidates).toInt(&ok);
        if (!ok || validation.maxCandidates < 1)
            return fail(
                out, err,
                usageError(QStringLiteral("--max-candidates '%1': expected a count of at least 1")
                               .arg(parser.value(maxCandidates))));
    }
    validation.baselines = !parser.isSet(noBaselines);

    auto opened = openSolveSession(parser, common, options, err, "validate");
    if (!opened)
        return fail(out, err, opened.error());
    SolveSession& session = *(*opened);
    auto set = solveAndEvaluate(session, session.uplink, session.constraints,
                                stderrProgress(err, "validate"));
    if (!set)
        return fail(out, err, set.error());
    validation.uplink = session.uplink;
    auto report =
        session::validateSolution(session, *set, validation, stderrProgress(err, "validate"));
    if (!report)
        return fail(out, err, report.error());
    if (parser.isSet(json)) {
        out << QString::fromUtf8(QJsonDocument(reportJson(*report, session, validation)).toJson());
        err << "validate: " << runTimeLine(double(clock.nsecsElapsed()) * 1e-9);
    } else {
        out << reportText(*report, session, validation)
            << runTimeLine(double(clock.nsecsElapsed()) * 1e-9);
    }
    return 0;
}

} // namespace autosplit::cli
