#pragma once

#include "app/cli/units.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace autosplit::cli {

// Reports fit a terminal of this many columns.
inline constexpr int kReportWidth = 100;

// A plain-text table with aligned columns, for terminal reports.
class TextTable {
public:
    enum class Align { Left, Right };

    // A wrapping column gives up width when the table is wider than its maximum, down to
    // `minWidth` (at least its header's): its cells continue on the following lines.
    void addColumn(const QString& header, Align align, bool wraps = false, int minWidth = 0);
    void setMaxWidth(int width) { m_maxWidth = width; }
    // Missing cells are empty; extra cells are an error of the caller and are dropped.
    void addRow(const QStringList& cells);
    // Header, a rule of dashes, then the rows; two spaces between columns, no trailing spaces;
    // no wider than the maximum width as long as the wrapping columns can give way.
    QString toString() const;

private:
    struct Column {
        QString header;
        Align align;
        bool wraps;
        int minWidth;
    };
    int m_maxWidth = kReportWidth;
    std::vector<Column> m_columns;
    std::vector<QStringList> m_rows;
};

// `text` broken into lines of at most `width` characters, after a space or one of "_-/.,x+"
// where there is one (a hard break where not); continuation lines start with `indent` spaces.
// Lines end with '\n'.
QString wrapText(const QString& text, int width = kReportWidth, int indent = 0);
// The pieces of one wrapped cell (wrapText without the line ends).
QStringList wrapPieces(const QString& text, int width);

} // namespace autosplit::cli
