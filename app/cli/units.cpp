#include "app/cli/units.h"

#include "core/util/size_text.h"

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

namespace {

// Three significant digits: "2.00", "26.1", "784"; 999.5 and up rounds to "1000".
QString threeDigits(double value) {
    const double magnitude = std::fabs(value);
    const int decimals = magnitude < 9.995 ? 2 : magnitude < 99.95 ? 1 : 0;
    return QString::number(value, 'f', decimals);
}

} // namespace

// One implementation with core's reasons and notes, so that every text writes sizes alike.
QString bytesText(double bytes) {
    return QString::fromStdString(sizeText(bytes));
}

QString exactBytesText(int64_t bytes) {
    return QString::fromStdString(exactSizeText(bytes));
}

QString rateText(double bitsPerSecond) {
    const char* units[] = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s"};
    int i = 0;
    while (i < 3 && bitsPerSecond >= 1024.0) {
        bitsPerSecond /= 1024.0;
        ++i;
    }
    return threeDigits(bitsPerSecond) + QLatin1Char(' ') + QLatin1String(units[i]);
}

QString msText(double seconds) {
    return QString::number(seconds * 1000.0, 'f', seconds < 0.01 ? 3 : 1);
}

QString durationText(double seconds) {
    if (seconds < 1.0)
        return QString::number(std::llround(seconds * 1000.0)) + QStringLiteral(" ms");
    if (seconds < 60.0)
        return QString::number(seconds, 'f', 1) + QStringLiteral(" s");
    const int64_t whole = std::llround(seconds);
    return QString::number(whole / 60) + QStringLiteral(" min ") +
           QString::number(whole % 60).rightJustified(2, QLatin1Char('0')) + QStringLiteral(" s");
}

QString countText(int64_t count) {
    const double magnitude = std::fabs(double(count));
    if (magnitude < 1000.0)
        return QString::number(count);
    const char* prefixes[] = {"k", "M", "G", "T"};
    double value = double(count) / 1000.0;
    int i = 0;
    while (i < 3 && std::fabs(value) >= 999.5) {
        value /= 1000.0;
        ++i;
    }
    return threeDigits(value) + QLatin1String(prefixes[i]);
}

QString countOf(int64_t n, const char* one, const char* many) {
    return QString::fromStdString(autosplit::countOf(n, one, many));
}

QString groupDigits(int64_t value) {
    return QString::fromStdString(groupedDigits(value));
}

} // namespace autosplit::cli
