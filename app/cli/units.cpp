#include "app/cli/units.h"

#include <QRegularExpression>

#include <cmath>

namespace autosplit::cli {

namespace {

// A number and a unit suffix (letters), case-insensitive for the scale letter.
bool split(const QString& text, double& value, QString& unit) {
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*([A-Za-z%/]*)\\s*$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return false;
    bool ok = false;
    value = match.captured(1).toDouble(&ok);
    unit = match.captured(2);
    return ok && std::isfinite(value);
}

// The binary scale of k/K, m/M, g/G (Ki, Mi, Gi too), or 1 for none; 0 when unknown.
double scaleOf(QString prefix) {
    if (prefix.endsWith(QLatin1Char('i')) || prefix.endsWith(QLatin1Char('I')))
        prefix.chop(1);
    const QString p = prefix.toLower();
    if (p.isEmpty())
        return 1.0;
    if (p == QLatin1String("k"))
        return 1024.0;
    if (p == QLatin1String("m"))
        return 1024.0 * 1024.0;
    if (p == QLatin1String("g"))
        return 1024.0 * 1024.0 * 1024.0;
    return 0.0;
}

} // namespace

std::optional<double> parseBytes(const QString& text) {
    double value = 0;
    QString unit;
    if (!split(text, value, unit))
        return std::nullopt;
    if (unit.endsWith(QLatin1Char('B')) || unit.endsWith(QLatin1Char('b')))
        unit.chop(1);
    const double scale = scaleOf(unit);
    if (scale == 0.0 || !(value > 0))
        return std::nullopt;
    return value * scale;
}

std::optional<double> parseBitsPerSecond(const QString& text) {
    double value = 0;
    QString unit;
    if (!split(text, value, unit))
        return std::nullopt;
    if (unit.endsWith(QLatin1String("bps"), Qt::CaseInsensitive))
        unit.chop(3);
    else if (unit.endsWith(QLatin1String("bit/s"), Qt::CaseInsensitive))
        unit.chop(5);
    const double scale = scaleOf(unit);
    if (scale == 0.0 || !(value > 0))
        return std::nullopt;
    return value * scale;
}

std::optional<double> parseSeconds(const QString& text) {
    double value = 0;
    QString unit;
    if (!split(text, value, unit) || value < 0)
        return std::nullopt;
    const QString u = unit.toLower();
    if (u.isEmpty() || u == QLatin1String("ms"))
        return value / 1000.0;
    if (u == QLatin1String("s"))
        return value;
    if (u == QLatin1String("us"))
        return value / 1e6;
    return std::nullopt;
}

std::optional<double> parsePercent(const QString& text) {
    double value = 0;
    QString unit;
    if (!split(text, value, unit) || (!unit.isEmpty() && unit != QLatin1String("%")))
        return std::nullopt;
    if (value < 0 || value > 100)
        return std::nullopt;
    return value;
}

QString bytesText(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB"};
    int i = 0;
    while (i < 3 && std::fabs(bytes) >= 1024.0) {
        bytes /= 1024.0;
        ++i;
    }
    return QString::number(bytes, 'f', i == 0 ? 0 : 2) + QLatin1Char(' ') + QLatin1String(units[i]);
}

QString rateText(double bitsPerSecond) {
    const char* units[] = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s"};
    int i = 0;
    while (i < 3 && bitsPerSecond >= 1024.0) {
        bitsPerSecond /= 1024.0;
        ++i;
    }
    return QString::number(bitsPerSecond, 'f', 2) + QLatin1Char(' ') + QLatin1String(units[i]);
}

QString msText(double seconds) {
    return QString::number(seconds * 1000.0, 'f', seconds < 0.01 ? 3 : 1);
}

} // namespace autosplit::cli
