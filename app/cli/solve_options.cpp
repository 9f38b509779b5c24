#include "app/cli/solve_options.h"

#include "app/cli/units.h"

#include "session/measured_device.h"
#include "session/solve_settings.h"

#include "core/cost/analytical_latency_model.h"
#include "core/cost/measured_latencies.h"
#include "core/cost/measured_latency_model.h"
#include "core/metrics/task_metric.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace autosplit::cli {

void SolveOptions::addTo(QCommandLineParser& parser) const {
    parser.addOptions({edge, cloud, network, uplink, rtt, overhead, memory, maxDrop, maxError, bits,
                       measured, noEvaluate, evaluateLimit, evaluation, confidence, rawInputBits,
                       outputsOnEdge});
}

namespace {

// The option that sets each setting, for messages.
QString optionOf(session::SolveSetting setting) {
    using S = session::SolveSetting;
    switch (setting) {
    case S::EdgeDevice:
        return QStringLiteral("--edge");
    case S::CloudDevice:
        return QStringLiteral("--cloud");
    case S::Network:
        return QStringLiteral("--network");
    case S::Uplink:
        return QStringLiteral("--uplink");
    case S::RoundTrip:
        return QStringLiteral("--rtt");
    case S::Overhead:
        return QStringLiteral("--overhead");
    case S::Memory:
        return QStringLiteral("--memory");
    case S::MaxDrop:
        return QStringLiteral("--max-drop");
    case S::MaxError:
        return QStringLiteral("--max-error");
    case S::Bits:
        return QStringLiteral("--bits");
    case S::MeasuredLatencies:
        return QStringLiteral("--measured");
    case S::RawInputBits:
        return QStringLiteral("--raw-input-bits");
    case S::DropConfidence:
        return QStringLiteral("--confidence");
    case S::EvaluateLimit:
        return QStringLiteral("--evaluate-limit");
    }
    return {};
}

// A value the user typed wrong is a usage error; a file that cannot be used keeps its own kind.
Error settingError(const session::SettingProblem& problem) {
    using S = session::SolveSetting;
    Error error = problem.error.prefixed(optionOf(problem.setting).toStdString() + ": ");
    const bool file = problem.setting == S::EdgeDevice || problem.setting == S::CloudDevice ||
                      problem.setting == S::Network || problem.setting == S::MeasuredLatencies;
    if (!file)
        error.kind = ErrorKind::Usage;
    return error;
}

} // namespace

Result<session::SolveSettings> parseSolveSettings(QCommandLineParser& parser,
                                                  const SolveOptions& o) {
    session::SolveSettings settings;
    auto usage = [&](const QCommandLineOption& option, const QString& expected) {
        const QString name = option.names().constFirst();
        return usageError(
            QStringLiteral("--%1 '%2': expected %3").arg(name, parser.value(option), expected));
    };
    if (parser.isSet(o.edge))
        settings.edgeDevice = parser.value(o.edge);
    if (parser.isSet(o.cloud))
        settings.cloudDevice = parser.value(o.cloud);
    if (parser.isSet(o.network))
        settings.network = parser.value(o.network);
    if (parser.isSet(o.bits)) {
        auto list = parseIntList(parser.value(o.bits));
        if (!list || list->empty())
            return usage(o.bits, QStringLiteral("a list like 2,4,6,8"));
        settings.bits = *list;
    }
    if (parser.isSet(o.memory)) {
        auto bytes = parseBytes(parser.value(o.memory));
        if (!bytes)
            return usage(o.memory, QStringLiteral("a size like 4MB"));
        settings.edgeMemoryBytes = static_cast<int64_t>(*bytes);
    }
    if (parser.isSet(o.maxDrop)) {
        const QString text = parser.value(o.maxDrop).trimmed();
        if (text.endsWith(QLatin1String("dB"), Qt::CaseInsensitive)) {
            // a least SQNR (--metric sqnr): its drop is the noise energy in percent
            bool ok = false;
            const double db = text.chopped(2).trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(db))
                return usage(o.maxDrop,
                             QStringLiteral("a percentage like 5% or an SQNR like 30dB"));
            settings.maxAccuracyDrop = sqnrDropPercent(db);
        } else {
            auto p = parsePercent(text);
            if (!p)
                return usage(o.maxDrop, QStringLiteral("a percentage like 5%"));
            settings.maxAccuracyDrop = *p;
        }
    }
    if (parser.isSet(o.maxError)) {
        bool ok = false;
        const double e = parser.value(o.maxError).toDouble(&ok);
        if (!ok || !(e >= 0))
            return usage(o.maxError, QStringLiteral("a number >= 0"));
        settings.maxError = e;
    }
    if (parser.isSet(o.uplink)) {
        auto rate = parseBitsPerSecond(parser.value(o.uplink));
        if (!rate)
            return usage(o.uplink, QStringLiteral("a rate like 3Mbps"));
        settings.uplinkBitsPerSecond = *rate;
    }
    if (parser.isSet(o.rtt)) {
        auto seconds = parseSeconds(parser.value(o.rtt));
        if (!seconds)
            return usage(o.rtt, QStringLiteral("a time like 40ms"));
        settings.roundTripSeconds = *seconds;
    }
    if (parser.isSet(o.overhead)) {
        bool ok = false;
        const qlonglong bytes = parser.value(o.overhead).toLongLong(&ok);
        if (!ok || bytes < 0)
            return usage(o.overhead, QStringLiteral("a byte count >= 0"));
        settings.overheadBytesPerMessage = bytes;
    }
    if (parser.isSet(o.measured))
        settings.measuredLatencies = parser.value(o.measured);
    if (parser.isSet(o.rawInputBits)) {
        bool ok = false;
        settings.rawInputBits = parser.value(o.rawInputBits).toInt(&ok);
        if (!ok || settings.rawInputBits < 1 || settings.rawInputBits > 64)
            return usage(o.rawInputBits, QStringLiteral("1..64"));
    }
    settings.outputsOnEdge = parser.isSet(o.outputsOnEdge);
    settings.evaluate = !parser.isSet(o.noEvaluate);
    if (parser.isSet(o.evaluateLimit)) {
        bool ok = false;
        settings.evaluateLimit = parser.value(o.evaluateLimit).toInt(&ok);
        if (!ok || settings.evaluateLimit < 0)
            return usage(o.evaluateLimit, QStringLiteral("a count"));
    }
    return settings;
}

Result<std::unique_ptr<SolveSession>> openSolveSession(QCommandLineParser& parser,
                                                       const CommonOptions& common,
                                                       const SolveOptions& o, QTextStream& err,
                                                       const char* command) {
    auto parsed = parseSolveSettings(parser, o);
    if (!parsed)
        return parsed.error();
    session::SolveSettings settings = (*parsed);
    session::SettingProblem problem{};
    // "this" is measured on the optimized model, so it is resolved once the model is open; its
    // widths are the profile's, {2, 4, 6, 8} unless --bits says otherwise.
    const bool measureHere = session::isThisComputer(settings.edgeDevice) ||
                             session::isThisComputer(settings.cloudDevice);
    std::optional<session::ResolvedSettings> resolved;
    ProfileOptions profileOptions;
    if (!settings.bits.empty())
        profileOptions.bits = settings.bits;
    std::vector<int> calibrationBits = session::calibrationBitsFor(profileOptions.bits);
    if (!measureHere) {
        resolved = session::resolveSettings(settings, nullptr, problem);
        if (!resolved)
            return settingError(problem);
        calibrationBits = session::calibrationBitsFor(resolved->constraints.bits);
    } else if (auto s = validateProfileOptions(profileOptions); !s) {
        return usageError(QStringLiteral("--bits with --edge/--cloud this: ") +
                          qstr(s.error().message));
    }

    auto setup =
        prepare(parser, common, err, command, &calibrationBits, settings.analysisOptions());
    if (!setup)
        return setup.error();
    if (measureHere) {
        profileOptions.modelName =
            QFileInfo(parser.positionalArguments().value(1)).fileName().toStdString();
        auto path = session::measureThisComputer((*setup).setup.graph, profileOptions,
                                                 stderrProgress(err, "profile"));
        if (!path)
            return path.error();
        err << command << ": this computer's profile: " << *path << '\n';
        for (QString* device : {&settings.edgeDevice, &settings.cloudDevice})
            if (session::isThisComputer(*device))
                *device = *path;
        resolved = session::resolveSettings(settings, nullptr, problem);
        if (!resolved)
            return settingError(problem);
    }

    auto session = std::make_unique<SolveSession>();
    session->settings = settings;
    session->edgeName = settings.edgeDevice;
    session->cloudName = settings.cloudDevice;
    session->networkName = settings.network;
    session->constraints = resolved->constraints;
    session->uplink = resolved->uplink;
    session->evaluate = settings.evaluate;
    session->evaluateLimit = settings.evaluateLimit;
    if (parser.isSet(o.evaluation)) {
        const QString mode = parser.value(o.evaluation).trimmed().toLower();
        if (mode != QLatin1String("engine") && mode != QLatin1String("full"))
            return usageError(QStringLiteral("--evaluation '%1': engine or full")
                                  .arg(parser.value(o.evaluation)));
        session->fullEvaluation = mode == QLatin1String("full");
    }
    if (parser.isSet(o.confidence)) {
        QString text = parser.value(o.confidence).trimmed();
        const bool percent = text.endsWith(QLatin1Char('%'));
        if (percent)
            text.chop(1);
        bool ok = false;
        double c = text.toDouble(&ok);
        if (ok && (percent || c > 1.0))
            c /= 100.0;
        if (!ok || !(c >= 0.5 && c < 1.0))
            return usageError(QStringLiteral("--confidence '%1': a percentage from 50%% up to "
                                             "but not including 100%%, e.g. 99%%")
                                  .arg(parser.value(o.confidence)));
        session->engineOptions.confidence = c;
    }

    auto metric = taskMetricOf(parser, common, *(*setup).setup.graph);
    if (!metric)
        return metric.error();
    if (parser.value(o.maxDrop).trimmed().endsWith(QLatin1String("dB"), Qt::CaseInsensitive) &&
        metric->kind != MetricKind::Sqnr)
        return usageError(QStringLiteral("--max-drop '%1': a least SQNR in dB goes with --metric "
                                         "sqnr; the %2 metric's drop is in points")
                              .arg(parser.value(o.maxDrop),
                                   QString::fromLatin1(metricName(metric->kind).data())));
    session->metric = std::move(metric).value();
    session->setup = std::move((*setup).setup);
    session->analysis = (*setup).model->analysis;
    session->modelPath = parser.positionalArguments().value(1);
    session->model = (*setup).model;
    if (parser.isSet(common.samples))
        session->sampleSource = parser.value(common.samples);
    else if (parser.isSet(common.random))
        session->sampleSource = parser.value(common.random) + QStringLiteral(" random inputs");
    session->preprocessing = parser.value(common.preprocess);
    session::SettingProblem latencyProblem{};
    auto latency = session::latencyModelFor(settings, *resolved, *session->setup.graph,
                                            session->analysis, latencyProblem);
    if (!latency)
        return latencyProblem.error.message.empty() ? latency.error()
                                                    : settingError(latencyProblem);
    session->latency = std::move(latency).value();
    // After the latency model: a device file that does not fit the model fails before the work.
    auto calibration = calibrateCached(session->setup, err, command);
    if (!calibration)
        return calibration.error();
    session->calibration = std::move((*calibration));
    return session;
}

} // namespace autosplit::cli
