#pragma once

// Text output the study benchmarks share: printf-style formatting into a string, and a table
// printed as markdown or as aligned plain text (cell widths in UTF-8 code points).

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

namespace autosplit::bench {

inline std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
inline std::string fmt(const char* format, ...) {
    va_list args;
    va_start(args, format);
    va_list copy;
    va_copy(copy, args);
    const int size = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    std::string out(static_cast<size_t>(std::max(size, 0)), '\0');
    std::vsnprintf(out.data(), out.size() + 1, format, args);
    va_end(args);
    return out;
}

// A table printed as markdown or as aligned plain text.
class Table {
public:
    explicit Table(std::vector<std::string> header) : m_rows{std::move(header)} {}
    void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
    void print(bool markdown) const {
        std::vector<size_t> width(m_rows.front().size(), 0);
        for (const auto& row : m_rows)
            for (size_t c = 0; c < row.size() && c < width.size(); ++c)
                width[c] = std::max(width[c], displayWidth(row[c]));
        for (size_t r = 0; r < m_rows.size(); ++r) {
            std::string line = markdown ? "|" : "";
            for (size_t c = 0; c < width.size(); ++c) {
                const std::string& cell = c < m_rows[r].size() ? m_rows[r][c] : std::string();
                const size_t pad = width[c] - displayWidth(cell);
                line += markdown
                            ? " " + cell + std::string(pad, ' ') + " |"
                            : cell + std::string(pad, ' ') + (c + 1 < width.size() ? "  " : "");
            }
            std::printf("%s\n", line.c_str());
            if (r == 0) {
                std::string rule = markdown ? "|" : "";
                for (size_t c = 0; c < width.size(); ++c)
                    rule += markdown
                                ? std::string(width[c] + 2, '-') + "|"
                                : std::string(width[c], '-') + (c + 1 < width.size() ? "  " : "");
                std::printf("%s\n", rule.c_str());
            }
        }
    }

private:
    // Code points, so that "≥" and "—" pad like one character.
    static size_t displayWidth(const std::string& s) {
        size_t n = 0;
        for (unsigned char ch : s)
            n += (ch & 0xC0) != 0x80;
        return n;
    }
    std::vector<std::vector<std::string>> m_rows;
};

} // namespace autosplit::bench
