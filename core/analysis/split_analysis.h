#pragma once

// Split analysis of an (optimized) graph: per-layer costs and, for every cut n along the
// topological order, what crosses the cut and what the edge prefix needs (DESIGN.md, "The
// problem"). Layer i (1-based) is graph node i-1; cut n puts layers 1..n on the edge.

#include "../graph/graph.h"
#include "../util/progress.h"
#include "../util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autosplit {

struct AnalysisOptions {
    // Bits per element of a raw graph input sent to the cloud (images are 8-bit pixels).
    int rawInputBits = 8;
    // Graph outputs produced on the edge are sent to the cloud unless consumed on the edge.
    bool outputsConsumedOnEdge = false;
};

struct LayerInfo {
    NodeId node = kNone;
    std::string name;
    std::string opType;
    std::string activation;  // fused activation op name, empty if none
    TensorShape outputShape; // first output
    int64_t params = 0;      // elements of constant (initializer) inputs
    int64_t weightBytes = 0; // those constants at their stored precision
    std::optional<int64_t> macs;           // nullopt when a needed shape is unknown
    std::optional<int64_t> outputElements; // all outputs, nullopt when unknown
    bool parametric = false; // has a weight tensor (Conv, ConvTranspose, Gemm, MatMul with constant, ...)
};

// Why a cut is or is not a candidate under Li et al.'s rule (ICANN 2018, §2.2).
enum class LiRule {
    Candidate,        // after a parametric layer and its merged non-parametric followers; one tensor crosses
    InsideBranch,     // a brother branch is live across the cut
    AcrossShortcut,   // a residual shortcut crosses the cut
    NonParametric,    // merged into the previous parametric layer
    Boundary,         // n = 0 (cloud-only reference)
};

struct CutInfo {
    int n = 0;
    std::vector<ValueId> crossing;    // produced at or before n (or graph input), used after n
    bool sizeKnown = true;            // false when a crossing tensor's size is unknown
    int64_t activationElements = 0;   // crossing tensors produced by edge layers
    int64_t rawInputBytes = 0;        // crossing graph inputs, at the raw input bits
    LiRule li = LiRule::Boundary;
};

struct SplitAnalysis {
    AnalysisOptions options;
    std::vector<LayerInfo> layers; // N layers in topological order
    std::vector<CutInfo> cuts;     // N + 1 cuts, cuts[n].n == n
    std::vector<int64_t> prefixParams;      // N + 1: params of layers 1..n
    std::vector<int64_t> prefixWeightBytes; // N + 1: stored bytes of layers 1..n
    // Activation working set while layer t runs (index t-1): live activation elements (tensors
    // produced and still needed, including ones held for the cloud) and live raw-input bytes.
    std::vector<std::optional<int64_t>> workingSetElements;
    std::vector<int64_t> workingSetRawBytes;
    int64_t rawInputBytes = 0; // all graph inputs at rawInputBits (cut 0)
    std::vector<std::string> warnings;

    int layerCount() const { return static_cast<int>(layers.size()); }
    // Bytes crossing cut n with edge activations at `bits` (each tensor packed, rounded up).
    std::optional<int64_t> crossingBytes(int n, int bits) const;
    // Weights of layers 1..n at `bits` per parameter.
    int64_t edgeWeightBytes(int n, int bits) const;
    // max over t <= n of the working set at `bits` per activation element.
    std::optional<int64_t> peakWorkingSetBytes(int n, int bits) const;
    // edgeWeightBytes + peakWorkingSetBytes: M(n, b) for a uniform b.
    std::optional<int64_t> edgeMemoryBytes(int n, int bits) const;
    // Eq. (6): cuts whose edge part fits memoryLimit at lowestBits and whose crossing bytes at
    // lowestBits are below the raw input's. Cut 0 is never listed (it is Cloud-Only).
    std::vector<int> potentialSplits(int64_t memoryLimitBytes, int lowestBits) const;
};

Result<SplitAnalysis> analyzeSplits(const Graph& graph, const AnalysisOptions& options = {},
                                    const ProgressCallback& progress = {},
                                    const CancellationToken& cancel = {});

} // namespace autosplit
