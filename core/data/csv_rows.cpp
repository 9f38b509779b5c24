#include "core/data/csv_rows.h"

#include "core/util/input_limits.h"
#include "core/util/size_text.h"

namespace autosplit {

std::string_view trimCsvField(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

Error tooManyCsvRows(const std::string& label) {
    return Error{label + ": more than " + groupedDigits(limits::kMaxCsvRows) +
                 " rows (the limit for a CSV file)"};
}

Status forEachCsvRow(std::string_view text, const std::string& label,
                     const std::function<Status(int line, std::string_view row)>& row) {
    // rows are counted before the first is handed out, so none is kept from a file refused
    for (int pass = 0; pass < 2; ++pass) {
        size_t start = 0;
        int line = 0;
        int64_t rows = 0;
        while (start <= text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string_view::npos)
                end = text.size();
            const std::string_view r = trimCsvField(text.substr(start, end - start));
            start = end + 1;
            ++line;
            if (r.empty() || r.front() == '#')
                continue;
            if (pass == 0) {
                if (++rows > limits::kMaxCsvRows)
                    return tooManyCsvRows(label);
            } else if (auto s = row(line, r); !s) {
                return s;
            }
        }
    }
    return Status::success();
}

} // namespace autosplit
