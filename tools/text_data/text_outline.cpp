#include "tools/text_data/text_outline.h"

namespace autosplit::textdata {

std::optional<TextOutline> outlineText(const QRawFont& font, const QString& text) {
    for (uint c : text.toUcs4())
        if (!font.supportsCharacter(c))
            return std::nullopt;
    const QList<quint32> glyphs = font.glyphIndexesForString(text);
    // Design metrics: advances must not depend on hinting; kerning from the face's kern table.
    const QList<QPointF> advances =
        font.advancesForGlyphIndexes(glyphs, QRawFont::UseDesignMetrics | QRawFont::KernedAdvances);
    if (advances.size() != glyphs.size())
        return std::nullopt;
    TextOutline out;
    // TrueType outlines are meant for the non-zero rule; odd-even would hollow overlapping parts.
    out.path.setFillRule(Qt::WindingFill);
    QPointF pen(0, 0);
    for (qsizetype i = 0; i < glyphs.size(); ++i) {
        out.path.addPath(font.pathForGlyph(glyphs[i]).translated(pen));
        pen += advances[i];
    }
    out.ink = out.path.boundingRect();
    out.ascent = font.ascent();
    out.descent = font.descent();
    return out;
}

} // namespace autosplit::textdata
