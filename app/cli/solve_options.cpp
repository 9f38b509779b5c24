#include "solve_options.h"

#include "units.h"

#include "session/solve_settings.h"

#include "core/cost/analytical_latency_model.h"
#include "core/cost/measured_latencies.h"
#include "core/cost/measured_latency_model.h"

#include <QFile>

#include <algorithm>

namespace autosplit::cli {

void SolveOptions::addTo(QCommandLineParser& parser) const {
    parser.addOptions({edge, cloud, network, uplink, rtt, memory, maxDrop, maxError, bits, measured, noEvaluate,
                       evaluateLimit, rawInputBits, outputsOnEdge});
}

namespace {

std::variant<session::Device, CliError> loadDevice(const QString& nameOrPath, const char* option) {
    auto device = session::loadDevice(nameOrPath);
    if (!device)
        return CliError{kExitFailure, QStringLiteral("--%1: ").arg(QLatin1String(option)) + qstr(device.error().message)};
    return std::move(device).value();
}

} // namespace

std::variant<std::unique_ptr<SolveSession>, CliError> openSolveSession(QCommandLineParser& parser,
                                                                       const CommonOptions& common,
                                                                       const SolveOptions& o, QTextStream& err,
                                                                       const char* command) {
    auto session = std::make_unique<SolveSession>();
    session::SolveSettings settings;
    if (parser.isSet(o.edge))
        settings.edgeDevice = parser.value(o.edge);
    if (parser.isSet(o.cloud))
        settings.cloudDevice = parser.value(o.cloud);
    session->edgeName = settings.edgeDevice;
    session->cloudName = settings.cloudDevice;
    auto edge = loadDevice(settings.edgeDevice, "edge");
    if (auto* e = std::get_if<CliError>(&edge))
        return *e;
    auto cloud = loadDevice(settings.cloudDevice, "cloud");
    if (auto* e = std::get_if<CliError>(&cloud))
        return *e;
    const session::Device& edgeDevice = std::get<session::Device>(edge);
    const session::Device& cloudDevice = std::get<session::Device>(cloud);

    if (parser.isSet(o.bits)) {
        auto list = parseIntList(parser.value(o.bits));
        if (!list || list->empty())
            return CliError{kExitUsage, QStringLiteral("--bits '%1': expected a list like 2,4,6,8").arg(parser.value(o.bits))};
        settings.bits = *list;
    }
    for (int b : settings.bits)
        if (!session::isQuantizerBitWidth(b))
            return CliError{kExitUsage, QStringLiteral("--bits: %1 is not a bit-width the quantizers support (2..8, 16)").arg(b)};
    if (parser.isSet(o.memory)) {
        auto bytes = parseBytes(parser.value(o.memory));
        if (!bytes)
            return CliError{kExitUsage, QStringLiteral("--memory '%1': expected a size like 4MB").arg(parser.value(o.memory))};
        settings.edgeMemoryBytes = static_cast<int64_t>(*bytes);
    }
    if (parser.isSet(o.maxDrop)) {
        auto p = parsePercent(parser.value(o.maxDrop));
        if (!p)
            return CliError{kExitUsage, QStringLiteral("--max-drop '%1': expected a percentage like 5%").arg(parser.value(o.maxDrop))};
        settings.maxAccuracyDrop = *p;
    }
    if (parser.isSet(o.maxError)) {
        bool ok = false;
        const double e = parser.value(o.maxError).toDouble(&ok);
        if (!ok || !(e >= 0))
            return CliError{kExitUsage, QStringLiteral("--max-error '%1': expected a number >= 0").arg(parser.value(o.maxError))};
        settings.maxError = e;
    }
    session->constraints = session::constraintsFor(settings, edgeDevice.params);
    const SolveConstraints& limits = session->constraints;
    if (auto s = limits.validate(); !s)
        return CliError{kExitUsage, qstr(s.error().message)};

    // the network: a profile, then any rate or round trip given on the command line
    std::optional<Uplink> network;
    if (parser.isSet(o.network)) {
        settings.network = session->networkName = parser.value(o.network);
        auto uplink = session::loadNetworkUplink(settings.network);
        if (!uplink)
            return CliError{kExitFailure, QStringLiteral("--network: ") + qstr(uplink.error().message)};
        network = *uplink;
    }
    if (parser.isSet(o.uplink)) {
        auto rate = parseBitsPerSecond(parser.value(o.uplink));
        if (!rate)
            return CliError{kExitUsage, QStringLiteral("--uplink '%1': expected a rate like 3Mbps").arg(parser.value(o.uplink))};
        settings.uplinkBitsPerSecond = *rate;
    }
    if (parser.isSet(o.rtt)) {
        auto seconds = parseSeconds(parser.value(o.rtt));
        if (!seconds)
            return CliError{kExitUsage, QStringLiteral("--rtt '%1': expected a time like 40ms").arg(parser.value(o.rtt))};
        settings.roundTripSeconds = *seconds;
    }
    session->uplink = session::uplinkFor(settings, network);
    AnalysisOptions analysisOptions;
    if (parser.isSet(o.rawInputBits)) {
        bool ok = false;
        analysisOptions.rawInputBits = parser.value(o.rawInputBits).toInt(&ok);
        if (!ok || analysisOptions.rawInputBits < 1 || analysisOptions.rawInputBits > 64)
            return CliError{kExitUsage, QStringLiteral("--raw-input-bits '%1': expected 1..64").arg(parser.value(o.rawInputBits))};
    }
    analysisOptions.outputsConsumedOnEdge = parser.isSet(o.outputsOnEdge);
    session->evaluate = !parser.isSet(o.noEvaluate);
    if (parser.isSet(o.evaluateLimit)) {
        bool ok = false;
        session->evaluateLimit = parser.value(o.evaluateLimit).toInt(&ok);
        if (!ok || session->evaluateLimit < 0)
            return CliError{kExitUsage, QStringLiteral("--evaluate-limit '%1': expected a count").arg(parser.value(o.evaluateLimit))};
    }

    const std::vector<int> calibrationBits = session::calibrationBitsFor(limits.bits);
    auto setup = prepare(parser, common, err, command, &calibrationBits);
    if (auto* e = std::get_if<CliError>(&setup))
        return *e;
    session->setup = std::move(std::get<ModelSetup>(setup));
    session->modelPath = parser.positionalArguments().value(1);
    auto calibration = calibrateCached(session->setup, err, command);
    if (auto* e = std::get_if<CliError>(&calibration))
        return *e;
    session->calibration = std::move(std::get<CalibrationResult>(calibration));

    auto analysis = analyzeSplits(*session->setup.graph, analysisOptions);
    if (!analysis)
        return CliError{kExitFailure, qstr(analysis.error().message)};
    session->analysis = std::move(analysis).value();
    auto model = makeLatencyModel(*session->setup.graph, session->analysis, edgeDevice.profile, cloudDevice.profile);
    if (!model)
        return CliError{kExitFailure, qstr(model.error().message)};
    std::shared_ptr<const LatencyModel> latency = std::move(model).value();
    if (parser.isSet(o.measured)) {
        auto measured = loadMeasuredLatencyCsv(QFile::encodeName(parser.value(o.measured)).toStdString(), session->analysis);
        if (!measured)
            return CliError{kExitFailure, QStringLiteral("--measured: ") + qstr(measured.error().message)};
        auto overridden = MeasuredLatencyModel::create(latency, std::move(measured).value());
        if (!overridden)
            return CliError{kExitFailure, QStringLiteral("--measured: ") + qstr(overridden.error().message)};
        latency = std::move(overridden).value();
    }
    session->latency = std::move(latency);
    return session;
}

} // namespace autosplit::cli
