#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace autosplit::cli {

// A plain-text table with aligned columns, for terminal reports.
class TextTable {
public:
    enum class Align { Left, Right };

    void addColumn(const QString& header, Align align);
    // Missing cells are empty; extra cells are an error of the caller and are dropped.
    void addRow(const QStringList& cells);
    // Header, a rule of dashes, then the rows; two spaces between columns, no trailing spaces.
    QString toString() const;

private:
    struct Column {
        QString header;
        Align align;
    };
    std::vector<Column> m_columns;
    std::vector<QStringList> m_rows;
};

// 1234567 -> "1,234,567": fixed separators, so output does not depend on the user's locale.
QString groupDigits(int64_t value);

} // namespace autosplit::cli
