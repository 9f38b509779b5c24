#include "tools/text_data/dictionary.h"

#include <QFile>

namespace autosplit::textdata {

std::optional<QString> Dictionary::load(const QString& path, Dictionary& dictionary) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read the dictionary %1: %2").arg(path, file.errorString());
    dictionary = Dictionary{};
    dictionary.m_path = path;
    dictionary.m_characters.insert(U' ');
    int line = 0;
    const QList<QByteArray> rows = file.readAll().split('\n');
    for (QByteArray row : rows) {
        ++line;
        if (row.endsWith('\r'))
            row.chop(1);
        if (row.isEmpty())
            continue;
        const QList<uint> symbol = QString::fromUtf8(row).toUcs4();
        if (symbol.size() != 1)
            return QStringLiteral("dictionary %1 line %2 holds %3 characters; expected one")
                .arg(path)
                .arg(line)
                .arg(symbol.size());
        dictionary.m_characters.insert(symbol.front());
    }
    if (dictionary.m_characters.size() < 2)
        return QStringLiteral("dictionary %1 lists no characters").arg(path);
    return std::nullopt;
}

std::optional<QString> Dictionary::missingIn(const QString& text) const {
    for (uint c : text.toUcs4()) {
        if (m_characters.contains(c))
            continue;
        const char32_t character = c;
        return QStringLiteral("'%1' (U+%2) in \"%3\" is not in the dictionary %4")
            .arg(QString::fromUcs4(&character, 1),
                 QString::number(c, 16).toUpper().rightJustified(4, QLatin1Char('0')), text,
                 m_path);
    }
    return std::nullopt;
}

} // namespace autosplit::textdata
