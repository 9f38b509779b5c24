#pragma once

// One scene for the detector: 320 x 320 (sides multiples of 32), a background with clutter that is
// not text, and 0 to 5 text lines that do not touch, some rotated, some on plates. Each line's
// truth is the quadrilateral around its ink.

#include "tools/text_data/font_shelf.h"

#include <QImage>
#include <QPointF>
#include <QString>

#include <array>
#include <cstdint>
#include <vector>

namespace autosplit::textdata {

inline constexpr int kSceneSide = 320;

struct SceneLine {
    QString text;
    // The ink's tight bounds in the text's own (rotated) frame, padded by 1 px, in image pixels:
    // top-left, top-right, bottom-right, bottom-left of the text (clockwise on screen).
    std::array<QPointF, 4> quad;
};

struct SceneSample {
    QImage image;
    std::vector<SceneLine> lines;
};

// Scene `index` of the set made with `seed`: the same for the same pair, whatever the count.
SceneSample renderScene(const FontShelf& fonts, uint64_t seed, int index);

// A copy of the scene with each line's quadrilateral drawn over it (its first corner marked),
// to check by eye that the truth fits the ink.
QImage drawTruth(const SceneSample& scene);

} // namespace autosplit::textdata
