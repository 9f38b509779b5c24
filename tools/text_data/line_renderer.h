#pragma once

// One text-line image for the recogniser: 48 px high, as wide as the line needs (at most 320, the
// recogniser's input width, so that "resize=48x320,keep-aspect,pad" never squeezes it), the way
// a detector's crop of one line looks.

#include "tools/text_data/font_shelf.h"

#include <QImage>
#include <QString>

#include <cstdint>

namespace autosplit::textdata {

inline constexpr int kLineHeight = 48;
inline constexpr int kLineMaxWidth = 320;

struct LineSample {
    QImage image;
    QString text;
};

// Line `index` of the set made with `seed`: the same for the same pair, whatever the count.
LineSample renderLine(const FontShelf& fonts, uint64_t seed, int index);

} // namespace autosplit::textdata
