#include "widgets/charts/axis_ticks.h"

#include <QFontMetricsF>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace autosplit {

double niceTickStep(double span, int ticks) {
    if (!(span > 0.0))
        return 1.0;
    const double raw = span / std::max(ticks, 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / magnitude;
    return (f < 1.5 ? 1.0 : f < 3.0 ? 2.0 : f < 7.0 ? 5.0 : 10.0) * magnitude;
}

int ticksThatFit(const QValueAxis* axis, double length, bool horizontal) {
    const QFontMetricsF metrics(axis->labelsFont());
    const double label = horizontal ? metrics.horizontalAdvance(QStringLiteral("0000.0")) + 12.0
                                    : metrics.height() * 2.0;
    return std::clamp(static_cast<int>(length / label), 2, 6);
}

void setRoundTicks(QValueAxis* axis, double lo, double hi, int ticks) {
    if (!(hi > lo))
        hi = lo + 1.0;
    const double step = niceTickStep(hi - lo, ticks);
    // Fixed ticks while the range and interval change: the axis lays its labels out on every
    // setter, and an old interval over a new range can mean thousands of labels (seconds).
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(lo, hi);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(step);
    axis->setTickType(QValueAxis::TicksDynamic);
    // As many decimals as the step has.
    const int decimals = step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

void fitValueAxis(QValueAxis* axis, double lo, double hi, bool fromZero, int ticks, double pad) {
    double span = hi - lo;
    // One value only: a range around it; all zero (every measured drop 0 pp): [0, 1], not ticks
    // of 1e-11 around nothing.
    if (!(span > 0.0) && hi == 0.0) {
        lo = fromZero ? 0.0 : -1.0;
        hi = 1.0;
        span = hi - lo;
    } else if (!(span > 0.0)) {
        span = std::abs(hi);
    }
    lo -= span * pad;
    hi += span * pad;
    // A quantity that cannot be negative starts at 0 — less the padding, which a marker at 0
    // needs as much as one anywhere (no tick falls in it: ticks are further apart).
    if (fromZero)
        lo = std::max(lo, -span * pad);
    setRoundTicks(axis, lo, hi, ticks);
}

} // namespace autosplit
