#include "tools/text_data/line_renderer.h"

#include "tools/text_data/image_effects.h"
#include "tools/text_data/palette.h"
#include "tools/text_data/random.h"
#include "tools/text_data/text_corpus.h"
#include "tools/text_data/text_outline.h"

#include <QPainter>

#include <array>
#include <cmath>
#include <span>
#include <vector>

namespace autosplit::textdata {

namespace {

constexpr uint64_t kLinesStream = 1;
constexpr int kMinPixelSize = 18;

struct Layout {
    QString text;
    TextOutline outline;
    int left = 0; // margins around the ink
    int right = 0;
};

// A string, a face and the largest size up to the wanted one at which the line fits.
Layout layOut(Random& random, const FontShelf& fonts) {
    for (;;) {
        Layout layout;
        layout.text = makeText(random, pickKind(random, false));
        const std::vector<int> faces = fonts.facesFor(layout.text);
        if (faces.empty())
            continue; // cannot happen with the built-in faces; never draw a fallback glyph
        const int face = random.pick(std::span<const int>(faces));
        layout.left = random.between(2, 6);
        layout.right = random.between(2, 6);
        for (int size = random.between(22, 36); size >= kMinPixelSize; --size) {
            auto outline = outlineText(fonts.at(face, size), layout.text);
            if (!outline)
                break;
            const double width = std::ceil(outline->ink.width()) + layout.left + layout.right;
            const double height = outline->ascent + outline->descent;
            if (width <= kLineMaxWidth && height <= kLineHeight - 2 &&
                outline->ink.height() <= kLineHeight - 4) {
                layout.outline = std::move(*outline);
                return layout;
            }
        }
        // too long even at the smallest size: another string
    }
}

} // namespace

LineSample renderLine(const FontShelf& fonts, uint64_t seed, int index) {
    Random random = Random::forItem(seed, kLinesStream, static_cast<uint64_t>(index));
    const Layout layout = layOut(random, fonts);
    const TextOutline& outline = layout.outline;
    const int width = static_cast<int>(std::ceil(outline.ink.width())) + layout.left + layout.right;

    // Light or dark, flat or a gentle gradient.
    const bool light = random.chance(0.7);
    const QColor from = light ? lightColour(random) : darkColour(random);
    const bool gradient = random.chance(0.4);
    const QColor to = gradient ? nearColour(random, from, 40) : from;
    QImage image(width, kLineHeight, QImage::Format_RGB32);
    static constexpr int kDirections[][2] = {{1, 0}, {0, 1}, {1, 1}, {1, -1}, {-1, 0}};
    const auto& direction = kDirections[random.between(0, 4)];
    fillGradient(image, from, to, direction[0], direction[1]);
    const std::array<QColor, 3> backgrounds = {from, to,
                                               QColor((from.red() + to.red()) / 2,
                                                      (from.green() + to.green()) / 2,
                                                      (from.blue() + to.blue()) / 2)};
    const QColor ink = readableOn(random, backgrounds, 4.5);

    // The line's metric box centred (so the baseline sits where a detector crop puts it), a
    // pixel or two of jitter, the ink kept inside the image.
    const double metricTop = (kLineHeight - (outline.ascent + outline.descent)) / 2.0;
    double baseline = std::round(metricTop + outline.ascent) + random.between(-2, 2);
    baseline =
        std::clamp(baseline, 1.0 - outline.ink.top(), kLineHeight - 1.0 - outline.ink.bottom());
    const double x = layout.left - outline.ink.left();

    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.translate(x, baseline);
    painter.fillPath(outline.path, ink);
    painter.end();

    if (random.chance(0.3))
        blur(image, random.chance(0.7) ? 1 : 2);
    if (random.chance(0.3))
        addNoise(image, random, random.real(2.0, 6.0));
    return {image, layout.text};
}

} // namespace autosplit::textdata
