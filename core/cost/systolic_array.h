#pragma once

// SCALE-Sim (v2)'s closed forms for one GEMM on an R x C systolic array (DESIGN.md, "Cost
// models"), and the off-chip traffic its fold schedule needs. A convolution is a GEMM with
// Np = Ho*Wo output pixels (times the batch), a window Wn = Kh*Kw*Cin and F filters.

#include <cstdint>
#include <string_view>

namespace autosplit {

enum class Dataflow { WeightStationary, OutputStationary, InputStationary };

// "ws", "os", "is".
std::string_view dataflowName(Dataflow dataflow);

struct GemmShape {
    int64_t np = 0; // output pixels (rows of the input operand)
    int64_t wn = 0; // window: the reduction length
    int64_t f = 0;  // filters (columns of the weight operand)

    int64_t macs() const { return np * wn * f; }
};

struct ArrayShape {
    int64_t rows = 0; // R
    int64_t cols = 0; // C
};

// How a GEMM is folded onto the array: the stationary operand is cut into rowFolds x colFolds
// tiles of R x C.
//   ws: rowFolds = ceil(Wn/R), colFolds = ceil(F/C)
//   os: rowFolds = ceil(Np/R), colFolds = ceil(F/C)
//   is: rowFolds = ceil(Wn/R), colFolds = ceil(Np/C)
struct FoldCount {
    int64_t rowFolds = 0;
    int64_t colFolds = 0;
    int64_t folds() const { return rowFolds * colFolds; }
};

FoldCount foldCount(const GemmShape& gemm, const ArrayShape& array, Dataflow dataflow);

// Compute cycles (no memory stalls):
//   ws: folds * (2R + C + Np - 2) - 1
//   os: folds * (Wn + R + C - 2) - 1
//   is: folds * (2R + C + F - 2) - 1
// 0 for an empty GEMM. A double: exact for any realistic layer (below 2^53 cycles).
double computeCycles(const GemmShape& gemm, const ArrayShape& array, Dataflow dataflow);

// MACs / (cycles * R * C); 0 for an empty GEMM.
double utilisation(const GemmShape& gemm, const ArrayShape& array, Dataflow dataflow);

struct BufferSizes {
    int64_t ifmapBytes = 0;
    int64_t filterBytes = 0;
    int64_t ofmapBytes = 0;
};

// The bytes one GEMM's operands occupy at their bit-widths: the weights (or the second
// operand), the input feature map (the tensor, not its im2col expansion: the array's input
// buffer forms windows on chip) and the output.
struct GemmBytes {
    double filter = 0;
    double ifmap = 0;
    double ofmap = 0;
};

// Off-chip bytes moved while the fold schedule runs:
//   ws: filter once (each weight is loaded with its fold column); the input once if it fits the
//       ifmap buffer, else once per column fold; the output once if one column fold's partial
//       sums (Np x min(F, C)) fit the ofmap buffer, else written per row fold and read back
//       between folds: (2 * rowFolds - 1) times.
//   os: partial sums stay in the array, the output is written once; the input once if it fits,
//       else once per column (filter) fold; the filter once if it fits, else once per row
//       (pixel) fold.
//   is: the input once (it is the stationary operand); the filter once if it fits, else once per
//       column (pixel) fold; the output as for ws with min(Np, C) pixels per fold.
// Partial sums are counted at the output's bytes per element, as SCALE-Sim counts words.
// Never increases when any of the bytes decreases.
double dramBytes(const GemmShape& gemm, const ArrayShape& array, Dataflow dataflow,
                 const GemmBytes& bytes, const BufferSizes& buffers);

} // namespace autosplit
