#include "tools/text_data/palette.h"

#include <algorithm>
#include <cmath>

namespace autosplit::textdata {

namespace {

double linear(int channel) {
    const double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& c) {
    return 0.2126 * linear(c.red()) + 0.7152 * linear(c.green()) + 0.0722 * linear(c.blue());
}

int clampChannel(int v) {
    return std::clamp(v, 0, 255);
}

// (r, g, b) plus a draw in [lo, hi] for each channel, drawn in that order: one statement per
// draw, since C++ leaves the order of a call's arguments unspecified.
QColor jittered(Random& random, int r, int g, int b, int lo, int hi) {
    const int dr = random.between(lo, hi);
    const int dg = random.between(lo, hi);
    const int db = random.between(lo, hi);
    return QColor(clampChannel(r + dr), clampChannel(g + dg), clampChannel(b + db));
}

// Text tints: ink colours of real signs (black, navy, dark red, dark green, brown) and their
// light counterparts (white, cream, pale yellow, pale cyan).
constexpr int kDarkInks[][3] = {{0, 0, 0},    {20, 30, 90}, {120, 10, 20},
                                {10, 70, 30}, {70, 40, 20}, {40, 40, 40}};
constexpr int kLightInks[][3] = {
    {255, 255, 255}, {250, 245, 220}, {255, 230, 90}, {210, 240, 255}, {235, 235, 235}};

} // namespace

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor lightColour(Random& random) {
    const int base = random.between(200, 255);
    return jittered(random, base, base, base, -35, 0);
}

QColor darkColour(Random& random) {
    const int base = random.between(0, 60);
    return jittered(random, base, base, base, 0, 40);
}

QColor nearColour(Random& random, const QColor& base, int spread) {
    return jittered(random, base.red(), base.green(), base.blue(), -spread, spread);
}

QColor readableOn(Random& random, std::span<const QColor> backgrounds, double minRatio) {
    double mean = 0.0;
    for (const QColor& c : backgrounds)
        mean += luminance(c) / static_cast<double>(backgrounds.size());
    const bool darkText = mean > 0.18;
    auto worst = [&](const QColor& text) {
        double ratio = 21.0;
        for (const QColor& c : backgrounds)
            ratio = std::min(ratio, contrastRatio(text, c));
        return ratio;
    };
    for (int attempt = 0; attempt < 24; ++attempt) {
        const auto& ink = darkText ? kDarkInks[random.between(0, std::size(kDarkInks) - 1)]
                                   : kLightInks[random.between(0, std::size(kLightInks) - 1)];
        const QColor text = jittered(random, ink[0], ink[1], ink[2], -15, 15);
        if (worst(text) >= minRatio)
            return text;
    }
    const QColor black(0, 0, 0);
    const QColor white(255, 255, 255);
    return worst(black) >= worst(white) ? black : white;
}

} // namespace autosplit::textdata
