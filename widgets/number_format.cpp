#include "widgets/number_format.h"

#include <QLocale>

#include <array>
#include <cmath>

namespace autosplit::format {

QString count(int64_t value) {
    return QLocale().toString(static_cast<qlonglong>(value));
}

QString bytes(int64_t value) {
    // Locale-aware: "740 bytes", "36.9 KiB" (German "36,9 KiB").
    return QLocale().formattedDataSize(value, 1, QLocale::DataSizeIecFormat);
}

QString bytes(const std::optional<int64_t>& value) {
    return value ? bytes(*value) : unknown();
}

QString macs(int64_t value) {
    static const std::array<const char*, 5> prefixes = {"", "k", "M", "G", "T"};
    double scaled = static_cast<double>(value);
    size_t prefix = 0;
    while (std::abs(scaled) >= 1000.0 && prefix + 1 < prefixes.size()) {
        scaled /= 1000.0;
        ++prefix;
    }
    if (prefix == 0)
        return QLocale().toString(static_cast<qlonglong>(value));
    // Three significant digits: 4.13 M, 41.3 M, 413 M.
    const int decimals = scaled >= 100.0 ? 0 : scaled >= 10.0 ? 1 : 2;
    return QLocale().toString(scaled, 'f', decimals) + QChar(u' ') +
           QLatin1String(prefixes[prefix]);
}

QString macs(const std::optional<int64_t>& value) {
    return value ? macs(*value) : unknown();
}

QString unknown() {
    return QStringLiteral("?");
}

} // namespace autosplit::format
