#include "app/cli/text_table.h"

#include <algorithm>

namespace autosplit::cli {

void TextTable::addColumn(const QString& header, Align align) {
    m_columns.push_back({header, align});
}

void TextTable::addRow(const QStringList& cells) {
    m_rows.push_back(cells);
}

QString TextTable::toString() const {
    std::vector<qsizetype> widths(m_columns.size(), 0);
    for (size_t c = 0; c < m_columns.size(); ++c)
        widths[c] = m_columns[c].header.size();
    for (const QStringList& row : m_rows)
        for (size_t c = 0; c < m_columns.size() && c < static_cast<size_t>(row.size()); ++c)
            widths[c] = std::max(widths[c], row[static_cast<qsizetype>(c)].size());

    auto line = [&](const QStringList& cells) -> QString {
        QStringList padded;
        for (size_t c = 0; c < m_columns.size(); ++c) {
            const QString cell = c < static_cast<size_t>(cells.size())
                                     ? cells[static_cast<qsizetype>(c)]
                                     : QString();
            padded << (m_columns[c].align == Align::Right ? cell.rightJustified(widths[c])
                                                          : cell.leftJustified(widths[c]));
        }
        QString text = padded.join(QLatin1String("  "));
        while (text.endsWith(QLatin1Char(' ')))
            text.chop(1);
        text.append(QLatin1Char('\n'));
        return text;
    };

    QStringList headers;
    QStringList rule;
    for (size_t c = 0; c < m_columns.size(); ++c) {
        headers << m_columns[c].header;
        rule << QString(widths[c], QLatin1Char('-'));
    }
    QStringList lines;
    lines << line(headers) << line(rule);
    for (const QStringList& row : m_rows)
        lines << line(row);
    return lines.join(QString());
}

QString groupDigits(int64_t value) {
    const bool negative = value < 0;
    // via unsigned so INT64_MIN does not overflow on negation
    uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    QString digits = QString::number(magnitude);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return negative ? QLatin1Char('-') + digits : digits;
}

} // namespace autosplit::cli
