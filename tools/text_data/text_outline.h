#pragma once

// A line of text as glyph outlines, laid out by this code rather than by Qt's text engine: the
// same outlines are drawn and measured, so a box around the path's bounds fits the ink exactly,
// and no font fallback or shaping can slip in another face's glyphs.

#include <QPainterPath>
#include <QRawFont>
#include <QRectF>
#include <QString>

#include <optional>

namespace autosplit::textdata {

struct TextOutline {
    QPainterPath path; // baseline at y = 0, pen starting at x = 0, y growing downwards
    QRectF ink;        // the path's tight bounds
    qreal ascent = 0;  // the face's line metrics at this size
    qreal descent = 0;
};

// nullopt when the face lacks a glyph for one of the characters.
std::optional<TextOutline> outlineText(const QRawFont& font, const QString& text);

} // namespace autosplit::textdata
