#pragma once

// Per-layer compute cost (MACs) and Li et al.'s "parametric" property of one node.

#include "core/graph/graph.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace autosplit {

struct LayerCost {
    enum class Status {
        Counted,      // macs holds the multiply-accumulates
        NoMacs,       // a known op without multiply-accumulates (pooling, element-wise, ...): 0
        ShapeUnknown, // a MAC op whose needed input/output shape is unknown
        NotModelled,  // a MAC op this analysis has no formula for (Einsum, ...)
        UnknownOp,    // not an ONNX op: nothing is known about it
        Overflow,     // the count does not fit 64 bits
    };
    Status status = Status::NoMacs;
    std::optional<int64_t> macs; // set for Counted and NoMacs only
    bool parametric = false;
};

// True when the ONNX schema registry knows the node's op in its domain and opset (the latest
// opset when the graph declares none for that domain).
bool isKnownOnnxOp(const Graph& graph, const Node& node);

// MACs of one node from its input/output shapes:
//   Conv:          N*Cout*prod(out spatial) * (Cin/group)*prod(kernel)   (1D, 2D, 3D alike)
//   ConvTranspose: N*Cin*prod(in spatial) * (Cout/group)*prod(kernel)
//   Gemm:          M*N*K;  MatMul: prod(broadcast batch)*M*N*K (1-D operands promoted)
//   LSTM/GRU/RNN:  seq*batch*(|W| + |R|) (gates x hidden x (input + hidden) per direction)
// `constantDerived[v]` says whether value v is a constant or computed only from constants (a
// weight behind a DequantizeLinear), which makes a MAC op parametric.
LayerCost layerCost(const Graph& graph, const Node& node, bool knownOp,
                    const std::vector<bool>& constantDerived);

} // namespace autosplit
