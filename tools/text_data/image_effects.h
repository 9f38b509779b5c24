#pragma once

// Pixel work on RGB32 images, all in integers: gradients, a mild blur and additive noise. Written
// out here rather than left to QPainter's gradient code or a filter so that every rounding is
// ours and the bytes stay the same.

#include "tools/text_data/random.h"

#include <QColor>
#include <QImage>

namespace autosplit::textdata {

// A linear gradient over the whole image, from `from` to `to` along the direction (dx, dy)
// (small integers, e.g. (1, 0) left to right, (1, 1) diagonal).
void fillGradient(QImage& image, const QColor& from, const QColor& to, int dx, int dy);

// `passes` times the binomial kernel [1 2 1] / 4 in x and in y: one pass is a Gaussian blur of
// sigma about 0.71 px, two passes ([1 4 6 4 1] / 16) sigma 1 px.
void blur(QImage& image, int passes);

// Adds about normal noise of standard deviation `sigma` to every channel of every pixel.
void addNoise(QImage& image, Random& random, double sigma);

} // namespace autosplit::textdata
