#include "session/solve_settings.h"

#include "core/cost/profile_loader.h"
#include "core/cost/profile_validation.h"

#include <QFile>

#include <algorithm>

namespace autosplit::session {

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

Uplink uplinkFor(const SolveSettings& settings, const std::optional<Uplink>& network) {
    Uplink uplink = network.value_or(Uplink{});
    if (settings.uplinkBitsPerSecond)
        uplink.bitsPerSecond = *settings.uplinkBitsPerSecond;
    if (settings.roundTripSeconds)
        uplink.roundTripSeconds = *settings.roundTripSeconds;
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
