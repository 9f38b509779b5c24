#include "tools/text_data/image_effects.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace autosplit::textdata {

namespace {

int lerp(int a, int b, int64_t t, int64_t span) {
    // rounded a + (b - a) * t / span, t in [0, span]
    const int64_t v = static_cast<int64_t>(a) * span + static_cast<int64_t>(b - a) * t;
    return static_cast<int>((v + span / 2) / span);
}

} // namespace

void fillGradient(QImage& image, const QColor& from, const QColor& to, int dx, int dy) {
    const int w = image.width();
    const int h = image.height();
    // projection of each pixel on (dx, dy), shifted to start at 0
    auto project = [&](int x, int y) { return static_cast<int64_t>(x) * dx + int64_t(y) * dy; };
    const int64_t corners[] = {project(0, 0), project(w - 1, 0), project(0, h - 1),
                               project(w - 1, h - 1)};
    const int64_t lo = *std::min_element(std::begin(corners), std::end(corners));
    const int64_t hi = *std::max_element(std::begin(corners), std::end(corners));
    const int64_t span = std::max<int64_t>(1, hi - lo);
    for (int y = 0; y < h; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const int64_t t = project(x, y) - lo;
            line[x] =
                qRgb(lerp(from.red(), to.red(), t, span), lerp(from.green(), to.green(), t, span),
                     lerp(from.blue(), to.blue(), t, span));
        }
    }
}

void blur(QImage& image, int passes) {
    const int w = image.width();
    const int h = image.height();
    std::vector<QRgb> copy(static_cast<size_t>(std::max(w, h)));
    auto at = [&](int i, int n) { return copy[static_cast<size_t>(std::clamp(i, 0, n - 1))]; };
    auto kernel = [](QRgb a, QRgb b, QRgb c) {
        return qRgb((qRed(a) + 2 * qRed(b) + qRed(c) + 2) / 4,
                    (qGreen(a) + 2 * qGreen(b) + qGreen(c) + 2) / 4,
                    (qBlue(a) + 2 * qBlue(b) + qBlue(c) + 2) / 4);
    };
    for (int pass = 0; pass < passes; ++pass) {
        for (int y = 0; y < h; ++y) {
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
            std::copy(line, line + w, copy.begin());
            for (int x = 0; x < w; ++x)
                line[x] = kernel(at(x - 1, w), at(x, w), at(x + 1, w));
        }
        for (int x = 0; x < w; ++x) {
            for (int y = 0; y < h; ++y)
                copy[static_cast<size_t>(y)] = reinterpret_cast<const QRgb*>(image.scanLine(y))[x];
            for (int y = 0; y < h; ++y)
                reinterpret_cast<QRgb*>(image.scanLine(y))[x] =
                    kernel(at(y - 1, h), at(y, h), at(y + 1, h));
        }
    }
}

void addNoise(QImage& image, Random& random, double sigma) {
    auto noisy = [&](int channel) {
        return std::clamp(channel + static_cast<int>(std::lround(random.normal() * sigma)), 0, 255);
    };
    for (int y = 0; y < image.height(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = line[x];
            const int r = noisy(qRed(p));
            const int g = noisy(qGreen(p));
            const int b = noisy(qBlue(p));
            line[x] = qRgb(r, g, b);
        }
    }
}

} // namespace autosplit::textdata
