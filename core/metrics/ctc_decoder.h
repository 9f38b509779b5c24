#pragma once

// Greedy CTC decoding of a text recogniser's output, as PaddleOCR's CTCLabelDecode does it: the
// most probable class at each time step, repeats collapsed, the blank (class 0) dropped. The
// alphabet is the recogniser's dictionary file (one symbol per line, UTF-8) with the blank in
// front and, when the model has one more class than that, a space at the end (PaddleOCR's
// use_space_char).

#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

struct CtcAlphabet {
    std::vector<std::string> symbols; // symbols[0] is the blank

    int classes() const { return static_cast<int>(symbols.size()); }
};

// The alphabet of a dictionary's text for a model with `classes` output classes: the lines plus
// the blank (classes == lines + 1), or plus the blank and a space (classes == lines + 2); any
// other count is an error naming both. `label` names the dictionary in errors.
Result<CtcAlphabet> ctcAlphabet(std::string_view dictionary, int classes,
                                std::string_view label = "dictionary");
Result<CtcAlphabet> loadCtcDictionary(const std::filesystem::path& path, int classes);

struct DecodedText {
    std::string text;        // UTF-8
    double confidence = 0.0; // mean of the kept steps' probabilities (0 for an empty text)
};

// One text per batch item of a [N, T, C] (or [T, C]) float32 output of per-step class scores.
Result<std::vector<DecodedText>> ctcGreedyDecode(const HostTensor& scores,
                                                 const CtcAlphabet& alphabet);

} // namespace autosplit
