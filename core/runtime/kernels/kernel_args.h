#pragma once

// Reading the arguments kernels take from attributes or small integer inputs (axes, shapes,
// pads, starts/ends): one place for the int32/int64 handling and the axis range checks, each
// failing with an error that names the node.

#include "core/runtime/kernel.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autosplit::kernels {

// Values of an int32 or int64 tensor; fails naming `what` for any other dtype.
Result<std::vector<int64_t>> intValues(const KernelContext& c, const HostTensor& t,
                                       const std::string& what);

// Axis in [-rank, rank) to [0, rank); nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

// One axis (attribute value) normalised, failing with "axis A is out of range for rank R".
Result<int64_t> checkedAxis(const KernelContext& c, int64_t axis, int64_t rank);

// Axes normalised to [0, rank), sorted; fails on out-of-range or repeated axes.
Result<std::vector<int64_t>> checkedAxes(const KernelContext& c, const std::vector<int64_t>& axes,
                                         int64_t rank);

// "2x3x4" or "scalar".
std::string dimsText(const std::vector<int64_t>& dims);
// "[5, -1, 0]": values as given (shapes requested by data, which may hold -1 and 0).
std::string listText(const std::vector<int64_t>& values);

// Row-major element strides of dims.
std::vector<int64_t> stridesOf(const std::vector<int64_t>& dims);

// Product of dims[begin, end).
int64_t productOf(const std::vector<int64_t>& dims, size_t begin, size_t end);

} // namespace autosplit::kernels
