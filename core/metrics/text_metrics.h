#pragma once

// How well a recogniser reads lines: exact-match line accuracy and the character error rate
// (Levenshtein distance over Unicode code points, summed, over the reference's length), the two
// figures text-recognition benchmarks report.

#include "core/util/result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

// The code points of UTF-8 text; an invalid byte sequence counts as one U+FFFD per byte.
std::u32string utf8CodePoints(std::string_view text);

// Insertions, deletions and substitutions turning `a` into `b`.
size_t editDistance(std::u32string_view a, std::u32string_view b);

struct TextRecognitionScore {
    size_t lines = 0;
    size_t exact = 0; // lines read exactly
    size_t edits = 0; // summed edit distances
    size_t referenceCharacters = 0;

    double lineAccuracy() const; // exact / lines, in [0, 1]
    // edits / reference characters (can exceed 1 when much is inserted); 0 for no characters.
    double characterErrorRate() const;
};

// How two lines are compared. Spaces are ignored by default, as PaddleOCR's RecMetric does
// (ppocr/metrics/rec_metric.py, ignore_space=True) for the accuracies its recognisers are
// published with: a CTC recogniser trained mostly on Chinese places spaces unreliably ("FW22 CHF"
// read as "FW22CHF"), and a reader of the line does not care.
struct TextComparison {
    bool ignoreSpaces = true; // drop U+0020 from both lines before comparing
};

// Scores predictions against their references, line by line; fails when the counts differ.
Result<TextRecognitionScore> scoreTextRecognition(const std::vector<std::string>& predicted,
                                                  const std::vector<std::string>& references,
                                                  const TextComparison& comparison = {});

} // namespace autosplit
