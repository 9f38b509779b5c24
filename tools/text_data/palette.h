#pragma once

// Colours for text and what is behind it. Text colour is chosen against its background by the
// WCAG 2 contrast ratio, so that every line stays readable: the data judges a model, and a line
// a person could not read would only add noise to that judgement.

#include "tools/text_data/random.h"

#include <QColor>

#include <span>

namespace autosplit::textdata {

// WCAG 2 contrast ratio of two colours, 1 (same luminance) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);

QColor lightColour(Random& random); // paper, pale tints
QColor darkColour(Random& random);  // near black, deep tints
// A colour near `base` (each channel within `spread`), for the far end of a gentle gradient.
QColor nearColour(Random& random, const QColor& base, int spread);

// A text colour whose contrast with every colour in `backgrounds` is at least `minRatio`: dark
// on light backgrounds, light on dark ones, sometimes tinted. Falls back to black or white.
QColor readableOn(Random& random, std::span<const QColor> backgrounds, double minRatio);

} // namespace autosplit::textdata
