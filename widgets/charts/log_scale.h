#pragma once

// The mapping between an integer slider position and a value spread logarithmically over
// [minimum, maximum], so that every decade (KiB to MiB, kbit/s to Mbit/s) gets the same length of
// slider. Positions 0..steps; values are snapped to three significant digits in their display
// unit (powers of `unitBase`), which keeps position -> value -> position exact as long as one
// step is coarser than that rounding (steps <= ~1000 per factor 2^24).

namespace autosplit {

class LogScale {
public:
    LogScale(double minimum, double maximum, int steps, double unitBase = 1024.0);

    double minimum() const { return m_minimum; }
    double maximum() const { return m_maximum; }
    int steps() const { return m_steps; }

    // The (snapped) value at a slider position; positions outside 0..steps are clamped.
    double value(int position) const;
    // The nearest slider position of a value; values outside the range are clamped.
    int position(double value) const;
    // `value` rounded to three significant digits of its unit (1.23 MiB, 456 KiB), in range.
    double snap(double value) const;

private:
    double m_minimum;
    double m_maximum;
    int m_steps;
    double m_unitBase;
};

} // namespace autosplit
