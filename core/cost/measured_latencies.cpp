#include "core/cost/measured_latencies.h"

#include "core/data/csv_rows.h"
#include "core/util/file_bytes.h"
#include "core/util/input_limits.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <tuple>

namespace autosplit {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Splits one CSV line; quoted fields keep their spaces and may hold commas ("" is a quote).
Result<std::vector<std::string>> splitFields(std::string_view line) {
    std::vector<std::string> fields;
    size_t i = 0;
    while (true) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        std::string field;
        if (i < line.size() && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                field += line[i++];
            }
            if (!closed)
                return Error{"unterminated quoted field"};
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
                ++i;
            if (i < line.size() && line[i] != ',')
                return Error{"text after a quoted field"};
        } else {
            const size_t comma = line.find(',', i);
            field = std::string(trim(line.substr(
                i, comma == std::string_view::npos ? std::string_view::npos : comma - i)));
            i = comma == std::string_view::npos ? line.size() : comma;
        }
        fields.push_back(std::move(field));
        if (i >= line.size())
            break;
        ++i; // the comma
        if (i == line.size()) {
            fields.emplace_back(); // a trailing comma ends with an empty field
            break;
        }
    }
    return fields;
}

} // namespace

Result<MeasuredLatencies> parseMeasuredLatencyCsv(std::string_view text, std::string_view source,
                                                  const SplitAnalysis& analysis) {
    const std::string file(source);
    auto at = [&](size_t line) { return file + ":" + std::to_string(line) + ": "; };

    std::map<std::string, std::vector<int>, std::less<>> layerByName;
    for (int i = 0; i < analysis.layerCount(); ++i)
        layerByName[analysis.layers[static_cast<size_t>(i)].name].push_back(i + 1);

    MeasuredLatencies out;
    out.edgeSeconds.assign(analysis.layers.size(), std::nullopt);
    out.cloudSeconds.assign(analysis.layers.size(), std::nullopt);

    int layerColumn = -1, edgeColumn = -1, cloudColumn = -1;
    size_t columns = 0;
    bool haveHeader = false;
    std::map<int, size_t> rowOfLayer; // layer -> line where it was given
    std::vector<std::pair<std::string, size_t>> unknown;

    size_t lineNumber = 0;
    int64_t rows = 0;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = text.find('\n', start);
        std::string_view raw = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (raw.ends_with('\r'))
            raw.remove_suffix(1); // CRLF line ends
        start = end == std::string_view::npos ? text.size() + 1 : end + 1;
        ++lineNumber;
        if (trim(raw).empty())
            continue;
        if (++rows > limits::kMaxCsvRows)
            return tooManyCsvRows(file);
        auto fields = splitFields(raw);
        if (!fields)
            return fields.error().prefixed(at(lineNumber));

        if (!haveHeader) {
            haveHeader = true;
            columns = fields->size();
            for (size_t c = 0; c < fields->size(); ++c) {
                const std::string& name = (*fields)[c];
                int* slot = name == "layer"      ? &layerColumn
                            : name == "edge_ms"  ? &edgeColumn
                            : name == "cloud_ms" ? &cloudColumn
                                                 : nullptr;
                if (!slot)
                    return Error{at(lineNumber) + "unknown column '" + name +
                                 "' in the header (expected 'layer', 'edge_ms', 'cloud_ms')"};
                if (*slot >= 0)
                    return Error{at(lineNumber) + "column '" + name +
                                 "' appears twice in the header"};
                *slot = static_cast<int>(c);
            }
            if (layerColumn < 0)
                return Error{at(lineNumber) +
                             "the header has no 'layer' column (a header line such as "
                             "'layer,edge_ms,cloud_ms' is required)"};
            if (edgeColumn < 0 && cloudColumn < 0)
                return Error{at(lineNumber) +
                             "the header has neither an 'edge_ms' nor a 'cloud_ms' column"};
            continue;
        }

        if (fields->size() != columns)
            return Error{at(lineNumber) + std::to_string(fields->size()) +
                         " fields, but the header has " + std::to_string(columns)};
        const std::string& name = (*fields)[static_cast<size_t>(layerColumn)];
        if (name.empty())
            return Error{at(lineNumber) + "column 'layer' is empty"};
        auto found = layerByName.find(name);
        if (found == layerByName.end()) {
            unknown.emplace_back(name, lineNumber);
            continue;
        }
        if (found->second.size() > 1)
            return Error{at(lineNumber) + "layer name '" + name + "' is ambiguous: layers " +
                         std::to_string(found->second[0]) + " and " +
                         std::to_string(found->second[1]) + " share it"};
        const int layer = found->second.front();
        if (auto seen = rowOfLayer.find(layer); seen != rowOfLayer.end())
            return Error{at(lineNumber) + "layer '" + name + "' is listed again (first on line " +
                         std::to_string(seen->second) + ")"};
        rowOfLayer[layer] = lineNumber;

        for (auto [column, columnName, target] :
             {std::tuple{edgeColumn, "edge_ms", &out.edgeSeconds},
              std::tuple{cloudColumn, "cloud_ms", &out.cloudSeconds}}) {
            if (column < 0)
                continue;
            const std::string& cell = (*fields)[static_cast<size_t>(column)];
            if (cell.empty())
                continue;
            double ms = 0;
            const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), ms);
            if (ec != std::errc() || ptr != cell.data() + cell.size() || !std::isfinite(ms))
                return Error{at(lineNumber) + "column '" + columnName + "': '" + cell +
                             "' is not a number"};
            if (ms < 0)
                return Error{at(lineNumber) + "column '" + columnName + "': " + cell +
                             " must be >= 0"};
            (*target)[static_cast<size_t>(layer - 1)] = ms / 1000.0;
        }
    }
    if (!haveHeader)
        return Error{file +
                     ": empty file (a header line such as 'layer,edge_ms,cloud_ms' is required)"};
    if (!unknown.empty()) {
        std::string list;
        const size_t shown = std::min<size_t>(unknown.size(), 10);
        for (size_t i = 0; i < shown; ++i)
            list += (i ? ", '" : "'") + unknown[i].first + "' (line " +
                    std::to_string(unknown[i].second) + ")";
        if (unknown.size() > shown)
            list += " and " + std::to_string(unknown.size() - shown) + " more";
        return Error{file + ": unknown layer" + (unknown.size() == 1 ? " " : "s ") + list +
                     ": not in the model's graph"};
    }
    return out;
}

Result<MeasuredLatencies> loadMeasuredLatencyCsv(const std::string& path,
                                                 const SplitAnalysis& analysis) {
    auto bytes = loadFileBytes(path, limits::kMaxTextFileBytes);
    if (!bytes)
        return bytes.error();
    return parseMeasuredLatencyCsv(*bytes, path, analysis);
}

} // namespace autosplit
