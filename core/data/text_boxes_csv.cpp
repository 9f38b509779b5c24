#include "core/data/text_boxes_csv.h"

#include "core/data/csv_rows.h"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>

namespace autosplit {

namespace {

// The fields of a CSV row, at most `count`: a field is quoted ("" for a quote inside) or runs to
// the next comma; the last one takes the rest of the row (unquoted when it is one quoted field).
// nullopt when a quoted field does not close or text follows its closing quote.
std::optional<std::vector<std::string>> csvFields(std::string_view row, size_t count) {
    std::vector<std::string> fields;
    size_t i = 0;
    while (true) {
        while (i < row.size() && (row[i] == ' ' || row[i] == '\t'))
            ++i;
        std::string field;
        if (fields.size() + 1 == count && (i >= row.size() || row[i] != '"')) {
            fields.emplace_back(trimCsvField(row.substr(std::min(i, row.size()))));
            return fields;
        }
        if (i < row.size() && row[i] == '"') {
            bool closed = false;
            for (++i; i < row.size(); ++i) {
                if (row[i] != '"') {
                    field += row[i];
                } else if (i + 1 < row.size() && row[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    ++i;
                    closed = true;
                    break;
                }
            }
            if (!closed)
                return std::nullopt;
            while (i < row.size() && (row[i] == ' ' || row[i] == '\t'))
                ++i;
            if (i < row.size() && row[i] != ',')
                return std::nullopt;
        } else {
            const size_t comma = row.find(',', i);
            const size_t end = comma == std::string_view::npos ? row.size() : comma;
            field = std::string(trimCsvField(row.substr(i, end - i)));
            i = end;
        }
        fields.push_back(std::move(field));
        if (i >= row.size())
            return fields;
        ++i; // the comma
    }
}

constexpr const char* kBoxFields[] = {"x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4"};

} // namespace

Result<std::vector<TextBoxRow>> parseTextBoxesCsv(std::string_view text, const std::string& label) {
    std::vector<TextBoxRow> rows;
    bool first = true;
    auto parsed = forEachCsvRow(text, label, [&](int line, std::string_view row) -> Status {
        const std::string where = label + " line " + std::to_string(line);
        auto fields = csvFields(row, 10);
        if (!fields)
            return Error{where + ": a quoted field does not close"};
        if (first) {
            first = false;
            if (fields->size() > 1 && ((*fields)[1] == "x1" || (*fields)[1] == "X1"))
                return Status::success();
        }
        if (fields->size() < 9)
            return Error{where + ": expected file,x1,y1,x2,y2,x3,y3,x4,y4,text (" +
                         std::to_string(fields->size()) + " fields)"};
        const std::string& file = (*fields)[0];
        if (file.empty())
            return Error{where + ": the file name is empty"};
        std::array<double, 8> v{};
        for (size_t k = 0; k < 8; ++k) {
            const std::string& field = (*fields)[k + 1];
            const char* b = field.data();
            const char* e = b + field.size();
            auto [ptr, ec] = std::from_chars(b, e, v[k]);
            if (field.empty() || ec != std::errc() || ptr != e)
                return Error{where + ": " + kBoxFields[k] + " '" + field + "' is not a number"};
            if (!std::isfinite(v[k]))
                return Error{where + ": " + kBoxFields[k] + " '" + field +
                             "' is not a finite number"};
        }
        const Quad quad{
            {Point2{v[0], v[1]}, Point2{v[2], v[3]}, Point2{v[4], v[5]}, Point2{v[6], v[7]}}};
        if (!isSimpleQuad(quad))
            return Error{where + ": the corners of the box in '" + file +
                         "' do not make a simple quadrilateral (no area, or edges crossing)"};
        rows.push_back({file, quad, fields->size() > 9 ? (*fields)[9] : std::string(), line});
        return Status::success();
    });
    if (!parsed)
        return parsed.error();
    return rows;
}

} // namespace autosplit
