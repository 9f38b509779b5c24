#include "core/metrics/ctc_decoder.h"

#include "core/util/file_bytes.h"
#include "core/util/input_limits.h"

#include "core/graph/tensor_shape.h"

#include <fstream>
#include <sstream>

namespace autosplit {

Result<CtcAlphabet> ctcAlphabet(std::string_view dictionary, int classes, std::string_view label) {
    CtcAlphabet a;
    a.symbols.push_back(std::string()); // the blank decodes to nothing
    size_t start = 0;
    while (start < dictionary.size()) {
        size_t end = dictionary.find('\n', start);
        if (end == std::string_view::npos)
            end = dictionary.size();
        std::string_view line = dictionary.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        a.symbols.emplace_back(line);
        start = end + 1;
    }
    const int lines = static_cast<int>(a.symbols.size()) - 1;
    if (classes == lines + 2)
        a.symbols.push_back(" ");
    else if (classes != lines + 1)
        return Error{std::string(label) + ": " + std::to_string(lines) +
                     " symbols do not fit a model with " + std::to_string(classes) +
                     " classes (expected " + std::to_string(classes - 1) + ", or " +
                     std::to_string(classes - 2) + " with a space added)"};
    return a;
}

Result<CtcAlphabet> loadCtcDictionary(const std::filesystem::path& path, int classes) {
    auto text = loadFileBytes(path.string(), limits::kMaxTextFileBytes);
    if (!text)
        return text.error();
    return ctcAlphabet(*text, classes, path.string());
}

Result<std::vector<DecodedText>> ctcGreedyDecode(const HostTensor& scores,
                                                 const CtcAlphabet& alphabet) {
    if (scores.dtype() != DataType::Float)
        return Error{"CTC decoding needs float32 scores, not " +
                     std::string(nameOf(scores.dtype()))};
    if (scores.rank() != 2 && scores.rank() != 3)
        return Error{"CTC decoding needs scores of shape [N, T, C] or [T, C], not " +
                     TensorShape::of(scores.dims()).toString()};
    const int64_t classes = scores.dim(scores.rank() - 1);
    const int64_t steps = scores.dim(scores.rank() - 2);
    const int64_t batch = scores.rank() == 3 ? scores.dim(0) : 1;
    if (classes != alphabet.classes())
        return Error{"the scores have " + std::to_string(classes) + " classes, the alphabet " +
                     std::to_string(alphabet.classes())};
    std::vector<DecodedText> out;
    const float* p = scores.data<float>();
    for (int64_t n = 0; n < batch; ++n) {
        DecodedText d;
        int64_t previous = -1;
        double sum = 0.0;
        int kept = 0;
        for (int64_t t = 0; t < steps; ++t) {
            const float* step = p + (n * steps + t) * classes;
            int64_t best = 0;
            for (int64_t c = 1; c < classes; ++c)
                if (step[c] > step[best])
                    best = c;
            // a repeat of the previous step is the same symbol held; a blank between two equal
            // symbols separates them
            if (best != 0 && best != previous) {
                d.text += alphabet.symbols[static_cast<size_t>(best)];
                sum += step[best];
                ++kept;
            }
            previous = best;
        }
        d.confidence = kept > 0 ? sum / kept : 0.0;
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace autosplit
