#include "core/util/size_text.h"

#include <cmath>

namespace autosplit {

namespace {

struct Scaled {
    double value;
    int power; // of 1024
};

Scaled binaryScaled(double bytes) {
    int power = 0;
    // past 1023.5 KiB three digits would read "1024 KiB": go on to MiB there
    while (power < 4 && std::fabs(bytes) >= (power == 0 ? 1024.0 : 1023.5)) {
        bytes /= 1024.0;
        ++power;
    }
    return {bytes, power};
}

// Fixed decimals without printf, whose decimal point follows the C locale (a Qt program sets it
// from the environment).
std::string fixed(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    const long long scaled = std::llround(std::fabs(value) * scale);
    std::string digits = std::to_string(scaled);
    if (decimals > 0) {
        if (digits.size() <= static_cast<size_t>(decimals))
            digits.insert(0, static_cast<size_t>(decimals) + 1 - digits.size(), '0');
        digits.insert(digits.size() - static_cast<size_t>(decimals), ".");
    }
    return value < 0 && scaled != 0 ? "-" + digits : digits;
}

int decimalsOf(double value) {
    const double magnitude = std::fabs(value);
    return magnitude < 9.995 ? 2 : magnitude < 99.95 ? 1 : 0;
}

} // namespace

std::string sizeText(double bytes) {
    static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    const Scaled s = binaryScaled(bytes);
    return fixed(s.value, s.power == 0 ? 0 : decimalsOf(s.value)) + " " + units[s.power];
}

std::string exactSizeText(int64_t bytes) {
    const std::string human = sizeText(double(bytes));
    const Scaled s = binaryScaled(double(bytes));
    // exact when the figure shown, times its unit, gives the count back
    const double decimalScale = std::pow(10.0, decimalsOf(s.value));
    const long double shown = static_cast<long double>(std::llround(s.value * decimalScale)) *
                              std::pow(1024.0L, s.power) / decimalScale;
    if (s.power == 0 || shown == static_cast<long double>(bytes))
        return human;
    return human + " (" + groupedDigits(bytes) + " B)";
}

std::string groupedDigits(int64_t value) {
    // via unsigned, so that INT64_MIN does not overflow on negation
    const uint64_t magnitude =
        value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    std::string digits = std::to_string(magnitude);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<size_t>(i), ",");
    return value < 0 ? "-" + digits : digits;
}

std::string countOf(int64_t n, const char* one, const char* many) {
    return groupedDigits(n) + " " + (n == 1 ? one : many);
}

} // namespace autosplit
