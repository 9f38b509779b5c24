#pragma once

// How the views write numbers: in the user's locale, with units, so that a column of them reads
// at a glance. Unknown values (a shape the analysis could not resolve) are written as "?".

#include <QString>

#include <cstdint>
#include <optional>

namespace autosplit::format {

// 1,234,567
QString count(int64_t value);
// 740 bytes, 36.9 KiB, 1.2 MiB (binary units, as memory limits are given).
QString bytes(int64_t value);
QString bytes(const std::optional<int64_t>& value);
// 512, 12.3 k, 4.13 M, 1.2 G, with a decimal SI prefix as MAC counts usually are.
QString macs(int64_t value);
QString macs(const std::optional<int64_t>& value);
// "?" for an unknown value.
QString unknown();

} // namespace autosplit::format
