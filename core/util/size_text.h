#pragma once

// Sizes in the texts core writes (reasons, notes, warnings) as every report writes them: binary
// units with three significant digits, so a reason reads like the table beside it.

#include <cstdint>
#include <string>

namespace autosplit {

// 768 -> "768 B", 2048 -> "2.00 KiB", 27336808 -> "26.1 MiB", 1048575 -> "1.00 MiB".
std::string sizeText(double bytes);
// sizeText, then the exact count when the rounded text is not exact: "26.1 MiB (27,336,808 B)".
std::string exactSizeText(int64_t bytes);
// 1234567 -> "1,234,567" (fixed separators: the text does not depend on the locale).
std::string groupedDigits(int64_t value);
// "1 tensor", "3 tensors", "1,234 candidates".
std::string countOf(int64_t n, const char* one, const char* many);

} // namespace autosplit
