#include "app/cli/text_table.h"

#include <algorithm>

namespace autosplit::cli {

namespace {

// After these a name, an op or a shape breaks most readably: "stage1_conv0", "Conv+Relu",
// "1x256x56x56".
bool breaksAfter(QChar c) {
    return c == QLatin1Char(' ') || c == QLatin1Char('_') || c == QLatin1Char('-') ||
           c == QLatin1Char('/') || c == QLatin1Char('.') || c == QLatin1Char(',') ||
           c == QLatin1Char('x') || c == QLatin1Char('+');
}

} // namespace

QStringList wrapPieces(const QString& text, int width) {
    QStringList pieces;
    QString rest = text;
    width = std::max(width, 1);
    while (rest.size() > width) {
        // a space first (prose), then after a separator (names, shapes), else a hard break; a
        // break in the first third of the line leaves a stub and is not taken
        auto lastBreak = [&](auto breaksAt) -> qsizetype {
            for (qsizetype i = std::min<qsizetype>(width, rest.size() - 1); i > width / 3; --i)
                if (breaksAt(i))
                    return i;
            return -1;
        };
        qsizetype cut = lastBreak([&](qsizetype i) { return rest[i] == QLatin1Char(' '); });
        if (cut < 0)
            cut = lastBreak([&](qsizetype i) { return breaksAfter(rest[i - 1]); });
        if (cut < 0)
            cut = width;
        QString piece = rest.left(cut);
        while (piece.endsWith(QLatin1Char(' ')))
            piece.chop(1);
        pieces << piece;
        rest = rest.mid(cut);
        while (rest.startsWith(QLatin1Char(' ')))
            rest.remove(0, 1);
    }
    if (!rest.isEmpty() || pieces.isEmpty())
        pieces << rest;
    return pieces;
}

QString wrapText(const QString& text, int width, int indent) {
    QString wrapped;
    const QString margin(indent, QLatin1Char(' '));
    // the first line has the whole width; the rest lose the indent
    const QStringList first = wrapPieces(text, width);
    if (first.size() <= 1 || indent <= 0 || indent >= width) {
        for (const QString& piece : first)
            wrapped += piece + QLatin1Char('\n');
        return wrapped;
    }
    wrapped += first.front() + QLatin1Char('\n');
    const QString rest = text.mid(first.front().size()).trimmed();
    for (const QString& piece : wrapPieces(rest, width - indent))
        wrapped += margin + piece + QLatin1Char('\n');
    return wrapped;
}

void TextTable::addColumn(const QString& header, Align align, bool wraps, int minWidth) {
    m_columns.push_back({header, align, wraps, std::max<int>(minWidth, int(header.size()))});
}

void TextTable::addRow(const QStringList& cells) {
    m_rows.push_back(cells);
}

QString TextTable::toString() const {
    const size_t columns = m_columns.size();
    std::vector<qsizetype> widths(columns, 0);
    for (size_t c = 0; c < columns; ++c)
        widths[c] = m_columns[c].header.size();
    for (const QStringList& row : m_rows)
        for (size_t c = 0; c < columns && c < static_cast<size_t>(row.size()); ++c)
            widths[c] = std::max(widths[c], row[static_cast<qsizetype>(c)].size());

    // Narrow a wrapping column one character at a time until the table fits: each time the one
    // where the fewest cells start to wrap, then the one gaining the fewest continuation lines,
    // then the widest; so one long name wraps further rather than every short one wrapping.
    auto total = [&] {
        qsizetype sum = columns > 0 ? 2 * qsizetype(columns - 1) : 0;
        for (qsizetype w : widths)
            sum += w;
        return sum;
    };
    struct Cost {
        qsizetype newlyWrapped = 0;
        qsizetype addedLines = 0;
        bool operator<(const Cost& o) const {
            return newlyWrapped != o.newlyWrapped ? newlyWrapped < o.newlyWrapped
                                                  : addedLines < o.addedLines;
        }
        bool operator==(const Cost& o) const {
            return newlyWrapped == o.newlyWrapped && addedLines == o.addedLines;
        }
    };
    auto costOfNarrowing = [&](size_t c) {
        Cost cost;
        const qsizetype width = widths[c];
        for (const QStringList& row : m_rows) {
            const QString cell = row.value(qsizetype(c));
            if (cell.size() < width)
                continue;
            if (cell.size() == width)
                ++cost.newlyWrapped;
            const qsizetype before = cell.size() > width ? wrapPieces(cell, int(width)).size() : 1;
            cost.addedLines += wrapPieces(cell, int(width - 1)).size() - before;
        }
        return cost;
    };
    while (total() > m_maxWidth) {
        size_t best = columns;
        Cost bestCost;
        for (size_t c = 0; c < columns; ++c) {
            if (!m_columns[c].wraps || widths[c] <= m_columns[c].minWidth)
                continue;
            const Cost cost = costOfNarrowing(c);
            if (best == columns || cost < bestCost ||
                (cost == bestCost && widths[c] > widths[best])) {
                best = c;
                bestCost = cost;
            }
        }
        if (best == columns)
            break;
        --widths[best];
    }

    QString text;
    auto print = [&](const QStringList& cells) {
        std::vector<QStringList> pieces(columns);
        size_t lines = 1;
        for (size_t c = 0; c < columns; ++c) {
            const QString cell = c < static_cast<size_t>(cells.size())
                                     ? cells[static_cast<qsizetype>(c)]
                                     : QString();
            pieces[c] =
                cell.size() > widths[c] ? wrapPieces(cell, int(widths[c])) : QStringList{cell};
            lines = std::max(lines, static_cast<size_t>(pieces[c].size()));
        }
        for (size_t l = 0; l < lines; ++l) {
            QStringList padded;
            for (size_t c = 0; c < columns; ++c) {
                const QString cell = pieces[c].value(qsizetype(l));
                padded << (m_columns[c].align == Align::Right ? cell.rightJustified(widths[c])
                                                              : cell.leftJustified(widths[c]));
            }
            QString line = padded.join(QLatin1String("  "));
            while (line.endsWith(QLatin1Char(' ')))
                line.chop(1);
            text += line + QLatin1Char('\n');
        }
    };

    QStringList headers;
    QStringList rule;
    for (size_t c = 0; c < columns; ++c) {
        headers << m_columns[c].header;
        rule << QString(widths[c], QLatin1Char('-'));
    }
    print(headers);
    print(rule);
    for (const QStringList& row : m_rows)
        print(row);
    return text;
}

} // namespace autosplit::cli
