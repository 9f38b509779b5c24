#include "session/solve_settings.h"

#include "core/cost/analytical_latency_model.h"
#include "core/cost/measured_latencies.h"
#include "core/cost/measured_latency_model.h"
#include "core/cost/measured_profile_latency_model.h"
#include "core/cost/profile_loader.h"
#include "core/cost/profile_validation.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

namespace autosplit::session {

namespace {

// A preset's name, or a file with its size and time: a changed file is another key.
QString profileKey(const QString& nameOrPath) {
    const QFileInfo info(nameOrPath);
    if (!info.isFile())
        return nameOrPath;
    return info.absoluteFilePath() + QLatin1Char('|') + QString::number(info.size()) +
           QLatin1Char('|') + QString::number(info.lastModified().toMSecsSinceEpoch());
}

} // namespace

AnalysisOptions SolveSettings::analysisOptions() const {
    AnalysisOptions options;
    options.rawInputBits = rawInputBits;
    options.outputsConsumedOnEdge = outputsOnEdge;
    return options;
}

struct ProfileCache::State {
    std::mutex mutex;
    std::map<QString, Device> devices;
    std::map<QString, Uplink> networks;
};

ProfileCache::ProfileCache() : m_state(std::make_unique<State>()) {}
ProfileCache::~ProfileCache() = default;

Result<Device> ProfileCache::device(const QString& nameOrPath) {
    const QString key = profileKey(nameOrPath);
    {
        std::lock_guard lock(m_state->mutex);
        if (auto it = m_state->devices.find(key); it != m_state->devices.end())
            return it->second;
    }
    auto device = loadDevice(nameOrPath);
    if (device) {
        std::lock_guard lock(m_state->mutex);
        m_state->devices.emplace(key, *device);
    }
    return device;
}

Result<Uplink> ProfileCache::network(const QString& nameOrPath) {
    const QString key = profileKey(nameOrPath);
    {
        std::lock_guard lock(m_state->mutex);
        if (auto it = m_state->networks.find(key); it != m_state->networks.end())
            return it->second;
    }
    auto uplink = loadNetworkUplink(nameOrPath);
    if (uplink) {
        std::lock_guard lock(m_state->mutex);
        m_state->networks.emplace(key, *uplink);
    }
    return uplink;
}

Result<Device> loadDevice(const QString& nameOrPath) {
    auto profile = loadDeviceProfile(QFile::encodeName(nameOrPath).toStdString());
    if (!profile)
        return profile.error();
    auto params = deviceParams(*profile, nameOrPath.toStdString());
    if (!params)
        return params.error();
    return Device{std::move(profile).value(), std::move(params).value()};
}

Result<Uplink> loadNetworkUplink(const QString& nameOrPath) {
    auto profile = loadNetworkProfile(QFile::encodeName(nameOrPath).toStdString());
    if (!profile)
        return profile.error();
    return toUplink(*profile);
}

std::optional<ResolvedSettings> resolveSettings(const SolveSettings& settings,
                                                ProfileCache* profiles, SettingProblem& problem) {
    auto fail = [&](SolveSetting setting, Error error) -> std::optional<ResolvedSettings> {
        problem = SettingProblem{setting, std::move(error)};
        return std::nullopt;
    };
    auto device = [&](const QString& name) {
        return profiles ? profiles->device(name) : loadDevice(name);
    };
    for (int b : settings.bits)
        if (!isQuantizerBitWidth(b))
            return fail(SolveSetting::Bits,
                        Error{std::to_string(b) + " is not a bit-width the quantizers support "
                                                  "(2..8, 16)"});
    if (settings.rawInputBits < 1 || settings.rawInputBits > 64)
        return fail(SolveSetting::RawInputBits,
                    Error{std::to_string(settings.rawInputBits) + ": expected 1..64"});
    if (settings.evaluateLimit < 0)
        return fail(SolveSetting::EvaluateLimit,
                    Error{std::to_string(settings.evaluateLimit) + ": expected 0 or more"});
    if (!(settings.dropConfidence >= 0.5 && settings.dropConfidence < 1.0))
        return fail(SolveSetting::DropConfidence,
                    Error{QString::number(settings.dropConfidence * 100.0, 'g', 6).toStdString() +
                          " %: expected 50 % up to but not including 100 %"});
    auto edge = device(settings.edgeDevice);
    if (!edge)
        return fail(SolveSetting::EdgeDevice, edge.error());
    auto cloud = device(settings.cloudDevice);
    if (!cloud)
        return fail(SolveSetting::CloudDevice, cloud.error());
    std::optional<Uplink> network;
    if (!settings.network.isEmpty()) {
        auto uplink =
            profiles ? profiles->network(settings.network) : loadNetworkUplink(settings.network);
        if (!uplink)
            return fail(SolveSetting::Network, uplink.error());
        network = *uplink;
    }
    ResolvedSettings out{std::move(edge).value(),
                         std::move(cloud).value(),
                         uplinkFor(settings, network),
                         {},
                         settings.analysisOptions()};
    if (!(out.uplink.bitsPerSecond > 0))
        return fail(SolveSetting::Uplink, Error{"the uplink rate must be above 0"});
    if (!(out.uplink.roundTripSeconds >= 0))
        return fail(SolveSetting::RoundTrip, Error{"the round-trip time must be 0 or more"});
    if (out.uplink.overheadBytesPerMessage < 0)
        return fail(SolveSetting::Overhead, Error{"the per-message overhead must be 0 or more"});
    out.constraints = constraintsFor(settings, out.edge.params);
    if (auto s = out.constraints.validate(); !s) {
        const auto& c = out.constraints;
        auto bad = [](const std::optional<double>& v) {
            return v && !(std::isfinite(*v) && *v >= 0);
        };
        const SolveSetting which = c.edgeMemoryBytes < 0    ? SolveSetting::Memory
                                   : bad(c.maxAccuracyDrop) ? SolveSetting::MaxDrop
                                   : bad(c.maxError)        ? SolveSetting::MaxError
                                                            : SolveSetting::Bits;
        return fail(which, s.error());
    }
    return out;
}

namespace {

// The devices' model: analytical, or measured for a side whose profile was measured (checked
// against the graph's layers; a mismatch is that side's problem, naming its file).
Result<std::shared_ptr<const LatencyModel>>
deviceLatencyModel(const SolveSettings& settings, const ResolvedSettings& resolved,
                   const Graph& graph, const SplitAnalysis& analysis, SettingProblem& problem) {
    const bool edgeMeasured = resolved.edge.params.measured;
    const bool cloudMeasured = resolved.cloud.params.measured;
    if (!edgeMeasured && !cloudMeasured) {
        auto model =
            makeLatencyModel(graph, analysis, resolved.edge.profile, resolved.cloud.profile);
        if (!model)
            return model.error();
        return std::shared_ptr<const LatencyModel>(std::move(model).value());
    }
    std::optional<profiles::MeasuredDevice> measured[2];
    const std::pair<const Device*, SolveSetting> sides[2] = {
        {&resolved.edge, SolveSetting::EdgeDevice}, {&resolved.cloud, SolveSetting::CloudDevice}};
    for (int i = 0; i < 2; ++i) {
        if (!sides[i].first->params.measured)
            continue;
        const QString& name = i == 0 ? settings.edgeDevice : settings.cloudDevice;
        const auto& profile = sides[i].first->profile.measured();
        if (auto s = checkMeasuredLayers(profile, graph, QFile::encodeName(name).toStdString());
            !s) {
            problem = SettingProblem{sides[i].second, s.error()};
            return s.error();
        }
        measured[i] = profile;
    }
    // The analytical side, when there is one, is modelled on both sides; only its own is read.
    std::shared_ptr<const LatencyModel> base;
    if (!edgeMeasured || !cloudMeasured) {
        const auto& analytical = edgeMeasured ? resolved.cloud.profile : resolved.edge.profile;
        auto model = makeLatencyModel(graph, analysis, analytical, analytical);
        if (!model)
            return model.error();
        base = std::move(model).value();
    }
    auto model = MeasuredProfileLatencyModel::create(analysis.layerCount(), std::move(measured[0]),
                                                     std::move(measured[1]), std::move(base));
    if (!model)
        return model.error();
    return std::shared_ptr<const LatencyModel>(std::move(model).value());
}

} // namespace

Result<std::shared_ptr<const LatencyModel>>
latencyModelFor(const SolveSettings& settings, const ResolvedSettings& resolved, const Graph& graph,
                const SplitAnalysis& analysis, SettingProblem& problem) {
    auto model = deviceLatencyModel(settings, resolved, graph, analysis, problem);
    if (!model)
        return model.error();
    std::shared_ptr<const LatencyModel> latency = std::move(model).value();
    if (settings.measuredLatencies.isEmpty())
        return latency;
    auto measured = loadMeasuredLatencyCsv(
        QFile::encodeName(settings.measuredLatencies).toStdString(), analysis);
    if (!measured) {
        problem = SettingProblem{SolveSetting::MeasuredLatencies, measured.error()};
        return measured.error();
    }
    auto overridden = MeasuredLatencyModel::create(latency, std::move(measured).value());
    if (!overridden) {
        problem = SettingProblem{SolveSetting::MeasuredLatencies, overridden.error()};
        return overridden.error();
    }
    return std::shared_ptr<const LatencyModel>(std::move(overridden).value());
}

Uplink uplinkFor(const SolveSettings& settings, const std::optional<Uplink>& network) {
    Uplink uplink = network.value_or(Uplink{});
    if (settings.uplinkBitsPerSecond)
        uplink.bitsPerSecond = *settings.uplinkBitsPerSecond;
    if (settings.roundTripSeconds)
        uplink.roundTripSeconds = *settings.roundTripSeconds;
    if (settings.overheadBytesPerMessage)
        uplink.overheadBytesPerMessage = *settings.overheadBytesPerMessage;
    return uplink;
}

SolveConstraints constraintsFor(const SolveSettings& settings, const DeviceParams& edge) {
    SolveConstraints limits;
    limits.bits = settings.bits.empty() ? edge.supportedBits : settings.bits;
    limits.edgeMemoryBytes = settings.edgeMemoryBytes.value_or(edge.offchipBytes);
    limits.maxAccuracyDrop = settings.maxAccuracyDrop;
    limits.maxError = settings.maxError;
    return limits;
}

bool isQuantizerBitWidth(int bits) {
    return (bits >= 2 && bits <= 8) || bits == 16;
}

std::vector<int> calibrationBitsFor(std::span<const int> bits) {
    std::vector<int> out(bits.begin(), bits.end());
    out.push_back(8);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace autosplit::session
