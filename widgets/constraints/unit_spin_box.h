#pragma once

#include "widgets/charts/log_scale.h"

#include <QDoubleSpinBox>

#include <optional>

namespace autosplit {

// A numeric field for a quantity with binary units: bytes (B, KiB, MiB, GiB) or bit rates
// (bit/s, kbit/s, Mbit/s, Gbit/s, where 1 Mbit/s = 2^20 bit/s as DESIGN.md counts uplinks). The
// value is kept in the base unit (bytes, bit/s); the text picks the unit that reads best
// ("3.00 Mbit/s") and typing accepts any unit ("512 KiB", "3 Mbps", "1.5g"). The arrows step
// along the same logarithmic scale as the slider beside it.
class UnitSpinBox : public QDoubleSpinBox {
    Q_OBJECT

public:
    enum class Quantity { Bytes, BitRate };

    UnitSpinBox(Quantity quantity, const LogScale& scale, QWidget* parent = nullptr);

    Quantity quantity() const { return m_quantity; }
    // "3.00 Mbit/s", "512 KiB" in the user's locale.
    static QString format(Quantity quantity, double value);
    // The value of a text such as "3 Mbit/s", "3Mbps", "512 kib", "4 MB" (binary whatever the
    // spelling, as DESIGN.md's units are); a bare number ("20") is in the unit of power
    // `bareUnitPower` of 1024 (the box passes the unit it shows); nullopt when it is not one.
    static std::optional<double> parse(Quantity quantity, const QString& text,
                                       int bareUnitPower = 0);
    // The power of 1024 of the unit format() shows `value` in (2 for "3.00 Mbit/s").
    static int displayPower(double value);

    void stepBy(int steps) override;
    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;

private:
    Quantity m_quantity;
    LogScale m_scale;
};

} // namespace autosplit
