#include "core/metrics/text_metrics.h"

#include <algorithm>
#include <numeric>

namespace autosplit {

std::u32string utf8CodePoints(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        int length = b < 0x80           ? 1
                     : (b >> 5) == 0x6  ? 2
                     : (b >> 4) == 0xE  ? 3
                     : (b >> 3) == 0x1E ? 4
                                        : 0;
        char32_t cp = length == 1   ? b
                      : length == 2 ? (b & 0x1F)
                      : length == 3 ? (b & 0x0F)
                                    : (b & 0x07);
        bool valid = length > 0 && i + static_cast<size_t>(length) <= text.size();
        for (int k = 1; valid && k < length; ++k) {
            const auto c = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
            valid = (c >> 6) == 0x2;
            cp = (cp << 6) | (c & 0x3F);
        }
        if (!valid) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<size_t>(length);
    }
    return out;
}

size_t editDistance(std::u32string_view a, std::u32string_view b) {
    // one row of the dynamic programme: row[j] = distance of a[0, i) to b[0, j)
    std::vector<size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), size_t(0));
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] =
                std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

double TextRecognitionScore::lineAccuracy() const {
    return lines == 0 ? 0.0 : static_cast<double>(exact) / static_cast<double>(lines);
}

double TextRecognitionScore::characterErrorRate() const {
    return referenceCharacters == 0
               ? 0.0
               : static_cast<double>(edits) / static_cast<double>(referenceCharacters);
}

Result<TextRecognitionScore> scoreTextRecognition(const std::vector<std::string>& predicted,
                                                  const std::vector<std::string>& references,
                                                  const TextComparison& comparison) {
    auto codePoints = [&](const std::string& line) {
        std::u32string c = utf8CodePoints(line);
        if (comparison.ignoreSpaces)
            std::erase(c, U' ');
        return c;
    };
    if (predicted.size() != references.size())
        return Error{std::to_string(predicted.size()) + " predicted lines for " +
                     std::to_string(references.size()) + " references"};
    TextRecognitionScore s;
    for (size_t i = 0; i < predicted.size(); ++i) {
        const std::u32string p = codePoints(predicted[i]);
        const std::u32string r = codePoints(references[i]);
        ++s.lines;
        s.exact += p == r;
        s.edits += editDistance(p, r);
        s.referenceCharacters += r.size();
    }
    return s;
}

} // namespace autosplit
