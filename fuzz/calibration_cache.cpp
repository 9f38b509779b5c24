// libFuzzer target: calibration cache entries (session/calibration_cache), as load() reads
// them: any JSON. An entry that is accepted writes out and reads back to the same entry.
#include "session/calibration_cache.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)));
    if (!doc.isObject())
        return 0;
    auto result = autosplit::session::calibrationFromJson(doc.object());
    if (!result)
        return 0;
    for (const auto& [weight, masks] : result->weightRounding)
        for (const auto& [bits, mask] : masks)
            if (mask.elements < 0 || mask.bits.size() * 8 < static_cast<size_t>(mask.elements))
                std::abort();
    const QJsonObject written = autosplit::session::calibrationToJson(*result);
    if (!autosplit::session::calibrationFromJson(written))
        std::abort();
    return 0;
}
