#pragma once

// The faces the data is drawn with, read from their files by path. Nothing goes through
// fontconfig or Qt's font matching: a different system font setup must not change a pixel, and
// a glyph a face lacks must be an error here, never a silent fallback to another face.

#include <QByteArray>
#include <QRawFont>
#include <QString>

#include <optional>
#include <vector>

namespace autosplit::textdata {

struct FontFace {
    QString name;    // as it is named in messages and the README
    QString path;    // the file it is read from
    QString package; // the Debian package that installs the file
};

class FontShelf {
public:
    // Reads every face; the error names the first missing or unreadable file and its package.
    static std::optional<QString> load(FontShelf& shelf);

    int count() const { return static_cast<int>(m_faces.size()); }
    const FontFace& face(int index) const { return m_faces[static_cast<size_t>(index)]; }
    // The face at a pixel size, unhinted (the outlines are drawn as paths anyway).
    QRawFont at(int index, int pixelSize) const;
    // The faces that have a glyph for every character of `text` (a space included).
    std::vector<int> facesFor(const QString& text) const;

private:
    std::vector<FontFace> m_faces;
    std::vector<QByteArray> m_data;
    std::vector<QRawFont> m_probes; // one size of each face, for glyph coverage
};

} // namespace autosplit::textdata
