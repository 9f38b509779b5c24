#include "widgets/constraints/preset_labels.h"

#include <QCoreApplication>
#include <QLocale>

#include <array>
#include <cmath>

namespace autosplit {

namespace {

// Three significant digits at most, no trailing zeros: 3, 1.5, 128, 0.488.
QString number(double value) {
    return QLocale().toString(value, 'g', 3);
}

QString binary(double value, const std::array<const char*, 4>& units) {
    size_t i = 0;
    while (i + 1 < units.size() && std::abs(value) >= 1024.0) {
        value /= 1024.0;
        ++i;
    }
    return number(value) + QChar(u' ') + QLatin1String(units[i]);
}

QString title(const std::string& title, const std::string& name) {
    return QString::fromStdString(title.empty() ? name : title);
}

} // namespace

QString compactBytes(double bytes) {
    return binary(bytes, {"B", "KiB", "MiB", "GiB"});
}

QString compactRate(double bitsPerSecond) {
    return binary(bitsPerSecond, {"bit/s", "kbit/s", "Mbit/s", "Gbit/s"});
}

QString compactMs(double seconds) {
    return QCoreApplication::translate("PresetLabels", "%1 ms")
        .arg(QLocale().toString(seconds * 1000.0, 'g', 4));
}

QString uplinkFigures(const Uplink& uplink) {
    const QString rate =
        QCoreApplication::translate("PresetLabels", "%1 up").arg(compactRate(uplink.bitsPerSecond));
    return uplink.roundTripSeconds > 0
               ? QCoreApplication::translate("PresetLabels", "%1, %2 round trip")
                     .arg(rate, compactMs(uplink.roundTripSeconds))
               : QCoreApplication::translate("PresetLabels", "%1, no round trip").arg(rate);
}

QString deviceLabel(const profiles::DeviceProfile& p) {
    if (p.has_measured())
        return QCoreApplication::translate("PresetLabels", "%1 — measured on %2 for %3")
            .arg(title(p.title(), p.name()), QString::fromStdString(p.measured().cpu_model()),
                 QString::fromStdString(p.measured().model_name()));
    QStringList figures;
    if (p.has_offchip_bytes())
        figures << compactBytes(double(p.offchip_bytes()));
    double macs = p.has_mac_rate_per_s() ? p.mac_rate_per_s() : 0.0;
    if (macs <= 0 && p.has_clock_hz()) {
        double units = double(p.mac_units());
        if (p.has_systolic())
            units = double(p.systolic().array_rows()) * p.systolic().array_cols();
        macs = p.clock_hz() * units;
    }
    if (macs > 0) {
        const bool tera = macs >= 1e12;
        figures << (tera ? QCoreApplication::translate("PresetLabels", "%1 TMAC/s")
                               .arg(number(macs / 1e12))
                         : QCoreApplication::translate("PresetLabels", "%1 GMAC/s")
                               .arg(number(macs / 1e9)));
    }
    if (p.has_mac_precision_bits())
        figures << (p.mac_precision_bits() <= 8
                        ? QCoreApplication::translate("PresetLabels", "INT%1")
                        : QCoreApplication::translate("PresetLabels", "%1-bit"))
                       .arg(p.mac_precision_bits());
    const QString name = title(p.title(), p.name());
    return figures.isEmpty() ? name
                             : QCoreApplication::translate("PresetLabels", "%1 — %2")
                                   .arg(name, figures.join(QStringLiteral(", ")));
}

QString networkLabel(const profiles::NetworkProfile& p) {
    Uplink uplink;
    uplink.bitsPerSecond = p.uplink_bits_per_s();
    uplink.roundTripSeconds = p.round_trip_s();
    return QCoreApplication::translate("PresetLabels", "%1 — %2")
        .arg(title(p.title(), p.name()), uplinkFigures(uplink));
}

} // namespace autosplit
