#include "widgets/constraints/unit_spin_box.h"

#include <QLocale>
#include <QRegularExpression>

#include <array>
#include <cmath>

namespace autosplit {

namespace {

// Slider positions per arrow click: with the panel's 1,000-step scales, about 2.4 % a click.
constexpr int kPositionsPerStep = 10;

const std::array<const char*, 4> kByteUnits = {"B", "KiB", "MiB", "GiB"};
const std::array<const char*, 4> kRateUnits = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s"};

// Power of 1024 a unit word stands for, or -1: an optional prefix k/M/G (with or without the
// binary "i"), then for bytes "B"/"byte(s)", for rates "bps"/"bit/s"/"b/s"/"bit"; a bare prefix
// counts too ("4M", "3k").
int unitPower(UnitSpinBox::Quantity quantity, QString unit) {
    unit = unit.trimmed().toLower();
    if (unit.isEmpty())
        return 0;
    int power = 0;
    const QString prefixes = QStringLiteral("kmg");
    if (const qsizetype p = prefixes.indexOf(unit.front()); p >= 0) {
        power = static_cast<int>(p) + 1;
        unit = unit.mid(1);
        if (unit.startsWith(u'i'))
            unit = unit.mid(1);
        if (unit.isEmpty())
            return power;
    }
    static const QStringList byteWords = {QStringLiteral("b"), QStringLiteral("byte"),
                                          QStringLiteral("bytes")};
    static const QStringList rateWords = {QStringLiteral("bps"), QStringLiteral("bit/s"),
                                          QStringLiteral("b/s"), QStringLiteral("bit")};
    const QStringList& words = quantity == UnitSpinBox::Quantity::Bytes ? byteWords : rateWords;
    return words.contains(unit) ? power : -1;
}

} // namespace

UnitSpinBox::UnitSpinBox(Quantity quantity, const LogScale& scale, QWidget* parent)
    : QDoubleSpinBox(parent), m_quantity(quantity), m_scale(scale) {
    // Whole bytes and bits per second; the text shows the scaled value with its own decimals.
    setDecimals(0);
    setRange(scale.minimum(), scale.maximum());
    setKeyboardTracking(false);
    setAccelerated(true);
    setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
}

int UnitSpinBox::displayPower(double value) {
    int i = 0;
    while (i + 1 < static_cast<int>(kRateUnits.size()) && std::abs(value) >= 1024.0) {
        value /= 1024.0;
        ++i;
    }
    return i;
}

QString UnitSpinBox::format(Quantity quantity, double value) {
    const auto& units = quantity == Quantity::Bytes ? kByteUnits : kRateUnits;
    const size_t i = static_cast<size_t>(displayPower(value));
    const double scaled = value / std::pow(1024.0, static_cast<double>(i));
    const int decimals = i == 0 ? 0 : scaled >= 100.0 ? 0 : scaled >= 10.0 ? 1 : 2;
    return QLocale().toString(scaled, 'f', decimals) + QChar(u' ') + QLatin1String(units[i]);
}

std::optional<double> UnitSpinBox::parse(Quantity quantity, const QString& text,
                                         int bareUnitPower) {
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*([0-9][0-9.,\\s]*)\\s*([A-Za-z/]*)\\s*$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    QString number = match.captured(1).trimmed();
    bool ok = false;
    double value = QLocale().toDouble(number, &ok);
    if (!ok)
        value = QLocale::c().toDouble(number, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    const QString unit = match.captured(2).trimmed();
    // a bare number is in the unit the box shows: "20" typed over "3.00 Mbit/s" is 20 Mbit/s
    const int power = unit.isEmpty() ? bareUnitPower : unitPower(quantity, unit);
    if (power < 0)
        return std::nullopt;
    return value * std::pow(1024.0, power);
}

void UnitSpinBox::stepBy(int steps) {
    setValue(m_scale.value(m_scale.position(value()) + steps * kPositionsPerStep));
}

QString UnitSpinBox::textFromValue(double value) const {
    return format(m_quantity, value);
}

double UnitSpinBox::valueFromText(const QString& text) const {
    return parse(m_quantity, text, displayPower(value())).value_or(value());
}

QValidator::State UnitSpinBox::validate(QString& text, int&) const {
    const auto value = parse(m_quantity, text, displayPower(this->value()));
    if (!value)
        return QValidator::Intermediate;
    return *value >= minimum() && *value <= maximum() ? QValidator::Acceptable
                                                      : QValidator::Intermediate;
}

} // namespace autosplit
