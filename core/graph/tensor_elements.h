#pragma once

// Elements of constant tensors in a computation type, for code that computes new constants
// (the folding passes, the runtime's shape kernels): integers and bool widen to int64, floating
// point types (float16, bfloat16, float32, float64) to double, and results are written back in
// any of those types.

#include "core/graph/half_float.h"
#include "core/graph/tensor.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace autosplit {

struct Elements {
    bool real = false;         // which of the two vectors holds the values
    std::vector<int64_t> ints; // integer and bool tensors
    std::vector<double> reals; // floating-point tensors

    size_t size() const { return real ? reals.size() : ints.size(); }
    double asReal(size_t i) const { return real ? reals[i] : static_cast<double>(ints[i]); }
};

// Integer or bool element types (the ones read into Elements::ints).
bool isIntegral(DataType type);
// Types readElements and makeTensor handle.
bool isNumeric(DataType type);

// nullopt for non-numeric types or data that does not match the dims.
std::optional<Elements> readElements(const Tensor& tensor);

// Writes `values` as `dtype` (floats round to nearest, float to integer truncates toward zero as
// a C++ cast does, integers wrap to the width, bool is value != 0). nullopt for non-numeric types.
std::optional<Tensor> makeTensor(DataType dtype, std::vector<int64_t> dims, const Elements& values);

} // namespace autosplit
