#include "core/solve/solve_constraints.h"

#include <cmath>
#include <string>

namespace autosplit {

Status SolveConstraints::validate() const {
    if (edgeMemoryBytes < 0)
        return Error{"constraints: edge memory must be >= 0 bytes, got " +
                     std::to_string(edgeMemoryBytes)};
    if (maxAccuracyDrop && !(std::isfinite(*maxAccuracyDrop) && *maxAccuracyDrop >= 0))
        return Error{"constraints: max accuracy drop must be a number >= 0 (percentage points)"};
    if (maxError && !(std::isfinite(*maxError) && *maxError >= 0))
        return Error{"constraints: max error must be a number >= 0"};
    for (int b : bits)
        if (b < 1 || b > 32)
            return Error{"constraints: bit-width " + std::to_string(b) + " is not in 1..32"};
    if (rawInputBits && (*rawInputBits < 1 || *rawInputBits > 64))
        return Error{"constraints: raw input bits must be 1..64, got " +
                     std::to_string(*rawInputBits)};
    if (floatBits < 1 || floatBits > 64)
        return Error{"constraints: float bits must be 1..64, got " + std::to_string(floatBits)};
    return Status::success();
}

} // namespace autosplit
