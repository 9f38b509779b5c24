#pragma once

// Quantities the user types on the command line, with their units. Sizes and rates are binary,
// as in the Auto-Split paper and its proof of concept (DESIGN.md, "Cost models"): 4MB = 4 x 2^20
// bytes, 3Mbps = 3 x 2^20 bit/s.

#include <QString>

#include <cstdint>
#include <optional>

namespace autosplit::cli {

// "4MB", "512KB", "1.5GiB", "4096" (bytes). nullopt when not a positive size.
std::optional<double> parseBytes(const QString& text);
// "3Mbps", "250kbps", "1Gbps", "3M" (bit/s). nullopt when not a positive rate.
std::optional<double> parseBitsPerSecond(const QString& text);
// "100ms", "0.1s", "100" (milliseconds). nullopt when negative or not a time.
std::optional<double> parseSeconds(const QString& text);
// "5%" or "5" (percentage points). nullopt when not in [0, 100].
std::optional<double> parsePercent(const QString& text);

// How reports write quantities, one style for every command: sizes in binary units with three
// significant digits (768 B, 2.00 KiB, 26.1 MiB), the exact byte count only beside the sizes
// where it matters (exactBytesText), rates likewise, times in milliseconds.

// 4194304 -> "4.00 MiB", 27336808 -> "26.1 MiB", 768 -> "768 B" (binary, as parsed).
QString bytesText(double bytes);
// bytesText, then the exact count when the rounded text is not exact:
// 27336808 -> "26.1 MiB (27,336,808 B)", 4194304 -> "4.00 MiB", 768 -> "768 B".
QString exactBytesText(int64_t bytes);
// 3145728 bit/s -> "3.00 Mbit/s" (binary, as parsed).
QString rateText(double bitsPerSecond);
// Milliseconds without the unit: "12.3", or "0.042" below 10 ms.
QString msText(double seconds);
// A run's wall time for people: "850 ms", "12.4 s", "3 min 05 s".
QString durationText(double seconds);
// Counts too large to read at a glance in a table column: 224 -> "224", 55296 -> "55.3k",
// 115605504 -> "116M", 4.1e9 -> "4.10G" (decimal prefixes: these are not sizes).
QString countText(int64_t count);
// 1 -> "1 candidate", 3 -> "3 candidates", 1234 -> "1,234 candidates".
QString countOf(int64_t n, const char* one, const char* many);
// 1234567 -> "1,234,567": fixed separators, so output does not depend on the user's locale.
QString groupDigits(int64_t value);

} // namespace autosplit::cli
