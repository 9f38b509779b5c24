#include "solve_session.h"

#include "units.h"

#include "core/cost/analytical_latency_model.h"
#include "core/cost/measured_latencies.h"
#include "core/cost/measured_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/cost/profile_validation.h"
#include "core/quant/evaluation.h"

#include <QFile>

#include <algorithm>

namespace autosplit::cli {

void SolveOptions::addTo(QCommandLineParser& parser) const {
    parser.addOptions({edge, cloud, network, uplink, rtt, memory, maxDrop, maxError, bits, measured, noEvaluate,
                       evaluateLimit, rawInputBits, outputsOnEdge});
}

namespace {

struct Device {
    profiles::DeviceProfile profile;
    DeviceParams params;
};

std::variant<Device, CliError> loadDevice(const QString& nameOrPath, const char* option) {
    auto profile = loadDeviceProfile(QFile::encodeName(nameOrPath).toStdString());
    if (!profile)
        return CliError{kExitFailure, QStringLiteral("--%1: ").arg(QLatin1String(option)) + qstr(profile.error().message)};
    auto params = deviceParams(*profile, nameOrPath.toStdString());
    if (!params)
        return CliError{kExitFailure, QStringLiteral("--%1: ").arg(QLatin1String(option)) + qstr(params.error().message)};
    return Device{std::move(profile).value(), std::move(params).value()};
}

// The key of a measured drop: the edge layers and their widths.
std::string assignmentKey(const Candidate& c) {
    std::string key = std::to_string(c.split) + (c.floatEdge ? "f" : "");
    const auto w = c.bits.weights(), a = c.bits.activations();
    for (size_t i = 0; i < w.size(); ++i)
        key += ',' + std::to_string(w[i]) + '/' + std::to_string(i < a.size() ? a[i] : 0);
    return key;
}

bool measurable(const Candidate& c) { return c.isPrefix() && c.edgeLayerCount() > 0 && !c.floatEdge; }

} // namespace

std::variant<std::unique_ptr<SolveSession>, CliError> openSolveSession(QCommandLineParser& parser,
                                                                       const CommonOptions& common,
                                                                       const SolveOptions& o, QTextStream& err,
                                                                       const char* command) {
    auto session = std::make_unique<SolveSession>();
    session->edgeName = parser.isSet(o.edge) ? parser.value(o.edge) : QStringLiteral("eyeriss");
    session->cloudName = parser.isSet(o.cloud) ? parser.value(o.cloud) : QStringLiteral("tpu");
    auto edge = loadDevice(session->edgeName, "edge");
    if (auto* e = std::get_if<CliError>(&edge))
        return *e;
    auto cloud = loadDevice(session->cloudName, "cloud");
    if (auto* e = std::get_if<CliError>(&cloud))
        return *e;
    const Device& edgeDevice = std::get<Device>(edge);
    const Device& cloudDevice = std::get<Device>(cloud);

    SolveConstraints& limits = session->constraints;
    limits.bits = edgeDevice.params.supportedBits;
    if (parser.isSet(o.bits)) {
        auto list = parseIntList(parser.value(o.bits));
        if (!list || list->empty())
            return CliError{kExitUsage, QStringLiteral("--bits '%1': expected a list like 2,4,6,8").arg(parser.value(o.bits))};
        limits.bits = *list;
    }
    for (int b : limits.bits)
        if (b < 2 || (b > 8 && b != 16))
            return CliError{kExitUsage, QStringLiteral("--bits: %1 is not a bit-width the quantizers support (2..8, 16)").arg(b)};
    if (parser.isSet(o.memory)) {
        auto bytes = parseBytes(parser.value(o.memory));
        if (!bytes)
            return CliError{kExitUsage, QStringLiteral("--memory '%1': expected a size like 4MB").arg(parser.value(o.memory))};
        limits.edgeMemoryBytes = static_cast<int64_t>(*bytes);
    } else {
        limits.edgeMemoryBytes = edgeDevice.params.offchipBytes;
    }
    if (parser.isSet(o.maxDrop)) {
        auto p = parsePercent(parser.value(o.maxDrop));
        if (!p)
            return CliError{kExitUsage, QStringLiteral("--max-drop '%1': expected a percentage like 5%").arg(parser.value(o.maxDrop))};
        limits.maxAccuracyDrop = *p;
    }
    if (parser.isSet(o.maxError)) {
        bool ok = false;
        const double e = parser.value(o.maxError).toDouble(&ok);
        if (!ok || !(e >= 0))
            return CliError{kExitUsage, QStringLiteral("--max-error '%1': expected a number >= 0").arg(parser.value(o.maxError))};
        limits.maxError = e;
    }
    if (auto s = limits.validate(); !s)
        return CliError{kExitUsage, qstr(s.error().message)};

    // the network: a profile, then any rate or round trip given on the command line
    if (parser.isSet(o.network)) {
        session->networkName = parser.value(o.network);
        auto profile = loadNetworkProfile(QFile::encodeName(session->networkName).toStdString());
        if (!profile)
            return CliError{kExitFailure, QStringLiteral("--network: ") + qstr(profile.error().message)};
        session->uplink = toUplink(*profile);
    }
    if (parser.isSet(o.uplink)) {
        auto rate = parseBitsPerSecond(parser.value(o.uplink));
        if (!rate)
            return CliError{kExitUsage, QStringLiteral("--uplink '%1': expected a rate like 3Mbps").arg(parser.value(o.uplink))};
        session->uplink.bitsPerSecond = *rate;
    }
    if (parser.isSet(o.rtt)) {
        auto seconds = parseSeconds(parser.value(o.rtt));
        if (!seconds)
            return CliError{kExitUsage, QStringLiteral("--rtt '%1': expected a time like 40ms").arg(parser.value(o.rtt))};
        session->uplink.roundTripSeconds = *seconds;
    }
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

    // The calibration covers B and 8 bits (the U8 baselines).
    std::vector<int> calibrationBits = limits.bits;
    if (std::find(calibrationBits.begin(), calibrationBits.end(), 8) == calibrationBits.end())
        calibrationBits.push_back(8);
    std::sort(calibrationBits.begin(), calibrationBits.end());
    auto setup = prepare(parser, common, err, command, &calibrationBits);
    if (auto* e = std::get_if<CliError>(&setup))
        return *e;
    session->setup = std::move(std::get<Setup>(setup));
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

Result<double> measureDrop(SolveSession& session, const Candidate& c) {
    const std::string key = assignmentKey(c);
    {
        std::lock_guard lock(session.dropsMutex);
        auto it = session.drops.find(key);
        if (it != session.drops.end())
            return it->second;
    }
    EvaluationRequest request;
    request.split = c.split;
    request.weightRange = session.setup.settings.weightRange;
    if (c.floatEdge) {
        request.weightBits.assign(static_cast<size_t>(c.split), 32);
        request.activationBits.assign(static_cast<size_t>(c.split), 32);
    } else {
        request.weightBits = c.bits.weights();
        request.activationBits = c.bits.activations();
    }
    auto result = evaluate(*session.setup.executor, session.calibration, session.setup.samples, session.setup.labels,
                           request);
    if (!result)
        return result.error();
    std::lock_guard lock(session.dropsMutex);
    session.drops[key] = result->accuracyDropPercent;
    return result->accuracyDropPercent;
}

namespace {

// Finds the fastest front candidate within the drop limit. A candidate off the (latency, error)
// front is slower and worse than one on it, so the search stays on the front. The first
// `evaluateLimit` front candidates are measured fastest first (exact); past that, a binary
// search over the rest assumes what the front implies — less error further along, so no larger
// a drop — and measures about log2 of them. The front ends at a candidate that loses nothing
// (Cloud-Only), so one is always found.
Status evaluateFront(SolveSession& session, SolutionSet& set, const SolveConstraints& limits) {
    std::vector<Candidate*> order;
    for (int index : set.paretoFront) {
        Candidate& c = set.candidates[static_cast<size_t>(index)];
        if (!c.feasible)
            continue;
        if (!measurable(c) && c.isPrefix() && (c.edgeLayerCount() == 0 || c.floatEdge))
            c.measuredDrop = 0.0; // nothing quantized: nothing lost
        if (measurable(c) || c.measuredDrop)
            order.push_back(&c);
        if (c.measuredDrop)
            break; // nothing slower can be selected
    }
    auto within = [&](Candidate& c) -> Result<bool> {
        if (!c.measuredDrop) {
            auto drop = measureDrop(session, c);
            if (!drop)
                return drop.error();
            c.measuredDrop = *drop;
        }
        return *c.measuredDrop <= *limits.maxAccuracyDrop;
    };
    const size_t linear = std::min(order.size(), static_cast<size_t>(session.evaluateLimit));
    for (size_t i = 0; i < linear; ++i) {
        auto ok = within(*order[i]);
        if (!ok)
            return ok.error();
        if (*ok) {
            updateSelection(set);
            return Status::success();
        }
    }
    size_t lo = linear, hi = order.empty() ? 0 : order.size() - 1;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        auto ok = within(*order[mid]);
        if (!ok)
            return ok.error();
        if (*ok)
            hi = mid;
        else
            lo = mid + 1;
    }
    if (lo < order.size()) {
        auto ok = within(*order[lo]);
        if (!ok)
            return ok.error();
    }
    updateSelection(set);
    return Status::success();
}

} // namespace

Result<SolutionSet> solveAndEvaluate(SolveSession& session, const Uplink& uplink, const SolveConstraints& limits,
                                     const ProgressCallback& progress) {
    const SolveProblem problem{*session.setup.graph, session.analysis, session.calibration.table, *session.latency,
                               uplink};
    auto set = solve(problem, limits, progress);
    if (!set || !session.evaluate || !limits.maxAccuracyDrop)
        return set;
    if (auto s = evaluateFront(session, *set, limits); !s)
        return s.error();
    // U8 is Auto-Split's search with B = {8} under the same rule, so it too is judged on measured
    // drops: solved again with that B and evaluated the same way.
    SolveConstraints eight = limits;
    eight.bits = {8};
    auto u8 = solve(problem, eight);
    if (!u8)
        return u8.error();
    if (auto s = evaluateFront(session, *u8, eight); !s)
        return s.error();
    for (Baseline& b : set->baselines)
        if (b.name == "U8") {
            Candidate c = u8->selectedCandidate();
            c.method = Method::U8;
            b.candidate = std::move(c);
            b.note = "Auto-Split's search with B = {8}: fastest of " + std::to_string(u8->candidates.size()) +
                     " candidates within the limits, drops measured on the samples";
        }
    // the baselines too, so they are judged on the same measure
    for (Baseline& b : set->baselines) {
        Candidate& c = b.candidate;
        if (!c.feasible)
            continue;
        if (!measurable(c)) {
            if (c.isPrefix())
                c.measuredDrop = 0.0;
            continue;
        }
        auto drop = measureDrop(session, c);
        if (!drop)
            return drop.error();
        c.measuredDrop = *drop;
    }
    updateSelection(*set);
    return set;
}

} // namespace autosplit::cli
