#pragma once

// The recogniser's character set (PaddleOCR's ppocr_keys_v1.txt: one character a line), against
// which every string is checked when --dictionary is given. The space is always in it: PaddleOCR
// adds it to the file's characters (use_space_char).

#include <QSet>
#include <QString>

#include <optional>

namespace autosplit::textdata {

class Dictionary {
public:
    // The error says why the file cannot be used.
    static std::optional<QString> load(const QString& path, Dictionary& dictionary);

    // nullopt when every character of `text` is in the dictionary, else a message naming the
    // first one that is not.
    std::optional<QString> missingIn(const QString& text) const;

    const QString& path() const { return m_path; }

private:
    QString m_path;
    QSet<uint> m_characters;
};

} // namespace autosplit::textdata
