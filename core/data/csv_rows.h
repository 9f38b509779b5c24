#pragma once

// What the readers of the sample folders' CSV files (labels.csv, boxes.csv) share: the rows of
// a text, blank rows and # comments skipped, and the trimming of fields.

#include "core/util/result.h"

#include <functional>
#include <string_view>

namespace autosplit {

// `s` without surrounding spaces, tabs and carriage returns (a CRLF file's rows end in one).
std::string_view trimCsvField(std::string_view s);

// Calls `row(line, text)` for each row of `text` that is neither blank nor a # comment, trimmed,
// with its 1-based line number; returns the first error a call returns. More than
// limits::kMaxCsvRows rows is an error naming `label` (the file), before the row past it is read.
Status forEachCsvRow(std::string_view text, const std::string& label,
                     const std::function<Status(int line, std::string_view row)>& row);

// The error for a CSV `label` with more rows than limits::kMaxCsvRows.
Error tooManyCsvRows(const std::string& label);

} // namespace autosplit
