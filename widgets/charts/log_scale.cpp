#include "widgets/charts/log_scale.h"

#include <algorithm>
#include <cmath>

namespace autosplit {

LogScale::LogScale(double minimum, double maximum, int steps, double unitBase)
    : m_minimum(minimum), m_maximum(std::max(maximum, minimum)), m_steps(std::max(steps, 1)),
      m_unitBase(unitBase) {}

double LogScale::value(int position) const {
    const int p = std::clamp(position, 0, m_steps);
    if (p == 0)
        return m_minimum;
    if (p == m_steps)
        return m_maximum;
    const double t = static_cast<double>(p) / m_steps;
    return snap(m_minimum * std::pow(m_maximum / m_minimum, t));
}

int LogScale::position(double value) const {
    if (!(value > m_minimum))
        return 0;
    if (value >= m_maximum)
        return m_steps;
    const double t = std::log(value / m_minimum) / std::log(m_maximum / m_minimum);
    return std::clamp(static_cast<int>(std::lround(t * m_steps)), 0, m_steps);
}

double LogScale::snap(double value) const {
    if (!(value > m_minimum))
        return m_minimum;
    if (value >= m_maximum)
        return m_maximum;
    // The display unit: the largest power of the base not above the value.
    double unit = 1.0;
    while (value / unit >= m_unitBase)
        unit *= m_unitBase;
    const double inUnit = value / unit;
    const double digits = std::pow(10.0, 2.0 - std::floor(std::log10(inUnit)));
    const double snapped = std::round(inUnit * digits) / digits * unit;
    return std::clamp(std::round(snapped), m_minimum, m_maximum);
}

} // namespace autosplit
