#include "tools/text_data/scene_renderer.h"

#include "tools/text_data/image_effects.h"
#include "tools/text_data/palette.h"
#include "tools/text_data/random.h"
#include "tools/text_data/text_corpus.h"
#include "tools/text_data/text_outline.h"

#include <QPainter>
#include <QPolygonF>
#include <QTransform>

#include <cmath>
#include <optional>
#include <span>
#include <vector>

namespace autosplit::textdata {

namespace {

constexpr uint64_t kScenesStream = 2;
constexpr int kMinPixelSize = 16;
constexpr int kMaxPixelSize = 40;
// Half the least gap between two lines' boxes (plates included), and the least gap to the edge.
constexpr double kHalfGap = 3.0;

// A plate: a filled rectangle with a border, the text on it.
struct Plate {
    QColor fill;
    QColor border;
    QColor ink;
    QRectF rect; // in the text's frame
    double borderWidth = 0;
};

// Plate colour schemes of real plates and signs: blue with white, yellow with black, white with
// black, green with white, black with white.
constexpr int kPlateSchemes[][2][3] = {
    {{20, 60, 170}, {250, 250, 250}}, {{245, 200, 20}, {10, 10, 10}},
    {{245, 245, 240}, {15, 15, 15}},  {{20, 110, 50}, {250, 250, 250}},
    {{25, 25, 25}, {245, 245, 245}},
};

struct Placed {
    QString text;
    TextOutline outline;
    QTransform transform; // text frame -> image
    QRectF occupied;      // image-space bounds of ink or plate, grown by kHalfGap
    std::optional<Plate> plate;
    QColor ink;
};

QRectF mappedBounds(const QTransform& t, const QRectF& r) {
    return t.map(QPolygonF(r)).boundingRect();
}

bool overlapsAny(const QRectF& r, const std::vector<QRectF>& others) {
    for (const QRectF& o : others)
        if (r.intersects(o))
            return true;
    return false;
}

// A string at a size, angle and place where it touches nothing placed before; nullopt when no
// place is found even at the smallest size.
std::optional<Placed> place(Random& random, const FontShelf& fonts,
                            const std::vector<QRectF>& taken) {
    const TextKind kind = pickKind(random, true);
    Placed placed;
    placed.text = makeText(random, kind);
    const std::vector<int> faces = fonts.facesFor(placed.text);
    if (faces.empty())
        return std::nullopt;
    const int face = random.pick(std::span<const int>(faces));
    const bool onPlate = kind == TextKind::Plate ? random.chance(0.75) : random.chance(0.08);
    const double angle = random.chance(0.4) ? random.real(-8.0, 8.0) : 0.0;
    const QRectF image(0, 0, kSceneSide, kSceneSide);
    for (int size = random.between(kMinPixelSize, kMaxPixelSize); size >= kMinPixelSize;
         size -= 3) {
        auto outline = outlineText(fonts.at(face, size), placed.text);
        if (!outline)
            return std::nullopt;
        QRectF shape = outline->ink;
        double borderWidth = 0;
        if (onPlate) {
            borderWidth = random.between(1, 3);
            shape = outline->ink.adjusted(-0.35 * size, -0.25 * size, 0.35 * size, 0.25 * size);
            const double half = borderWidth / 2;
            shape = shape.adjusted(-half, -half, half, half);
        } else {
            shape = shape.adjusted(-1, -1, 1, 1); // the truth box
        }
        for (int attempt = 0; attempt < 40; ++attempt) {
            // one draw a statement: the order of a call's arguments is unspecified
            const double cx = random.real(0, kSceneSide);
            const double cy = random.real(0, kSceneSide);
            QTransform t;
            t.translate(cx, cy);
            t.rotate(angle);
            t.translate(-outline->ink.center().x(), -outline->ink.center().y());
            const QRectF occupied =
                mappedBounds(t, shape).adjusted(-kHalfGap, -kHalfGap, kHalfGap, kHalfGap);
            if (!image.contains(occupied) || overlapsAny(occupied, taken))
                continue;
            placed.outline = std::move(*outline);
            placed.transform = t;
            placed.occupied = occupied;
            if (onPlate) {
                const auto& scheme = kPlateSchemes[random.between(0, std::size(kPlateSchemes) - 1)];
                Plate plate;
                plate.fill =
                    nearColour(random, QColor(scheme[0][0], scheme[0][1], scheme[0][2]), 8);
                plate.ink = nearColour(random, QColor(scheme[1][0], scheme[1][1], scheme[1][2]), 8);
                plate.border = random.chance(0.7) ? plate.ink : plate.fill.darker(160);
                plate.borderWidth = borderWidth;
                const double half = borderWidth / 2;
                plate.rect = shape.adjusted(half, half, -half, -half);
                placed.plate = plate;
            }
            return placed;
        }
    }
    return std::nullopt;
}

// Rectangles and strokes that are not text, kept off the text so it stays readable.
void drawClutter(QPainter& painter, Random& random, const std::vector<QRectF>& taken,
                 const QColor& background) {
    const int items = random.between(1, 6);
    for (int i = 0; i < items; ++i) {
        const bool light = random.chance(0.5);
        QColor colour = random.chance(0.5) ? nearColour(random, background, 60)
                                           : (light ? lightColour(random) : darkColour(random));
        for (int attempt = 0; attempt < 20; ++attempt) {
            if (random.chance(0.6)) {
                // An outline is kept large: a small one looks like 口 or 0 to a detector.
                const bool outline = random.chance(0.3);
                const double w = random.between(outline ? 40 : 12, 140);
                const double h = random.between(outline ? 30 : 8, 120);
                const double x = random.real(-20, kSceneSide - w + 20);
                const double y = random.real(-20, kSceneSide - h + 20);
                const QRectF r(x, y, w, h);
                if (overlapsAny(r, taken))
                    continue;
                painter.setPen(Qt::NoPen);
                painter.setBrush(colour);
                if (outline) {
                    painter.setPen(QPen(colour, random.between(1, 3)));
                    painter.setBrush(Qt::NoBrush);
                }
                painter.drawRect(r);
            } else {
                const double ax = random.real(0, kSceneSide);
                const double ay = random.real(0, kSceneSide);
                const double bx = ax + random.real(-160, 160);
                const double by = ay + random.real(-160, 160);
                const QPointF a(ax, ay);
                const QPointF b(bx, by);
                const double width = random.between(1, 4);
                const QRectF r = QRectF(a, b).normalized().adjusted(-width, -width, width, width);
                if (overlapsAny(r, taken))
                    continue;
                painter.setPen(QPen(colour, width, Qt::SolidLine, Qt::FlatCap));
                painter.drawLine(a, b);
            }
            break;
        }
    }
}

} // namespace

SceneSample renderScene(const FontShelf& fonts, uint64_t seed, int index) {
    Random random = Random::forItem(seed, kScenesStream, static_cast<uint64_t>(index));
    SceneSample scene;
    scene.image = QImage(kSceneSide, kSceneSide, QImage::Format_RGB32);

    const bool light = random.chance(0.65);
    const QColor from = light ? lightColour(random) : darkColour(random);
    const QColor to = random.chance(0.6) ? nearColour(random, from, 50) : from;
    static constexpr int kDirections[][2] = {{1, 0}, {0, 1}, {1, 1}, {1, -1}, {-2, 1}};
    const auto& direction = kDirections[random.between(0, 4)];
    fillGradient(scene.image, from, to, direction[0], direction[1]);
    const QColor mid((from.red() + to.red()) / 2, (from.green() + to.green()) / 2,
                     (from.blue() + to.blue()) / 2);
    const std::array<QColor, 3> backgrounds = {from, to, mid};

    // Every eighth scene (7, 15, ...) shows no text at all: by index rather than by chance, so
    // that any count holds the same share of empty scenes.
    const int lines = random.between(1, 5);
    const int wanted = index % 8 == 7 ? 0 : lines;
    std::vector<Placed> placed;
    std::vector<QRectF> taken;
    for (int i = 0; i < wanted; ++i) {
        auto line = place(random, fonts, taken);
        if (!line)
            continue;
        if (!line->plate)
            line->ink = readableOn(random, backgrounds, 4.5);
        taken.push_back(line->occupied);
        placed.push_back(std::move(*line));
    }

    QPainter painter(&scene.image);
    painter.setRenderHint(QPainter::Antialiasing);
    drawClutter(painter, random, taken, mid);
    for (const Placed& line : placed) {
        painter.setTransform(line.transform);
        QColor ink = line.ink;
        if (line.plate) {
            painter.setPen(QPen(line.plate->border, line.plate->borderWidth));
            painter.setBrush(line.plate->fill);
            painter.drawRoundedRect(line.plate->rect, 3, 3);
            ink = line.plate->ink;
        }
        painter.fillPath(line.outline.path, ink);
        const QRectF box = line.outline.ink.adjusted(-1, -1, 1, 1);
        scene.lines.push_back(
            {line.text,
             {line.transform.map(box.topLeft()), line.transform.map(box.topRight()),
              line.transform.map(box.bottomRight()), line.transform.map(box.bottomLeft())}});
    }
    painter.end();

    if (random.chance(0.25))
        blur(scene.image, 1);
    if (random.chance(0.3))
        addNoise(scene.image, random, random.real(2.0, 5.0));
    return scene;
}

QImage drawTruth(const SceneSample& scene) {
    QImage overlay = scene.image.copy();
    QPainter painter(&overlay);
    painter.setRenderHint(QPainter::Antialiasing);
    for (const SceneLine& line : scene.lines) {
        painter.setPen(QPen(QColor(255, 0, 0), 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawPolygon(line.quad.data(), static_cast<int>(line.quad.size()));
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 200, 0));
        painter.drawEllipse(line.quad[0], 2.5, 2.5);
    }
    return overlay;
}

} // namespace autosplit::textdata
