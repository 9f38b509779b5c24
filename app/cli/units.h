#pragma once

// Quantities the user types on the command line, with their units. Sizes and rates are binary,
// as in the Auto-Split paper and its proof of concept (DESIGN.md, "Cost models"): 4MB = 4 x 2^20
// bytes, 3Mbps = 3 x 2^20 bit/s.

#include <QString>

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

// 4194304 -> "4.00 MiB"; 3145728 bit/s -> "3.00 Mbit/s" (binary, as parsed).
QString bytesText(double bytes);
QString rateText(double bitsPerSecond);
// Milliseconds without the unit: "12.3", or "0.042" below 10 ms.
QString msText(double seconds);

} // namespace autosplit::cli
