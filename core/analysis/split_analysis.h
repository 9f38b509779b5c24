#pragma once

// Split analysis of an (optimized) graph: per-layer costs and, for every cut n along the
// topological order, what crosses the cut and what the edge prefix needs (DESIGN.md, "The
// problem"). Layer i (1-based) is graph node i-1; cut n puts layers 1..n on the edge.

#include "core/graph/graph.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autosplit {

struct AnalysisOptions {
    // Bits per element of a raw graph input sent to the cloud (images are 8-bit pixels).
    // Integer graph inputs always travel at their own element size.
    int rawInputBits = 8;
    // Graph outputs produced on the edge are sent to the cloud unless consumed on the edge.
    bool outputsConsumedOnEdge = false;
};

struct LayerInfo {
    NodeId node = kNone;
    std::string name;
    std::string opType;
    std::string domain;      // "" for the default ONNX domain
    std::string activation;  // fused activation op name, empty if none
    TensorShape outputShape; // first output
    // Elements of constant (initializer) inputs. A constant shared by several layers is counted
    // once, at its first consumer, so prefix sums are what the edge stores.
    int64_t params = 0;
    int64_t weightBytes = 0;               // those constants at their stored precision
    std::optional<int64_t> macs;           // nullopt when a needed shape is unknown
    std::optional<int64_t> outputElements; // all outputs, nullopt when unknown
    // Has a weight tensor (Conv, ConvTranspose, Gemm, MatMul with a constant operand, LSTM, ...).
    // BatchNormalization, Add of a bias etc. have params but are not parametric in Li et al.'s
    // sense: they are merged into the previous parametric layer.
    bool parametric = false;
    bool knownOp = true; // false for ops the ONNX registry does not know (custom domains)
};

// Why a cut is or is not a candidate under Li et al.'s rule (ICANN 2018, §2.2).
enum class LiRule {
    Candidate,      // after a parametric layer and its merged non-parametric followers; one tensor
                    // crosses
    InsideBranch,   // a brother branch is live across the cut
    AcrossShortcut, // a residual shortcut crosses the cut
    NonParametric,  // merged into the previous parametric layer
    Boundary,       // n = 0 (cloud-only reference)
};

// Stable lower-case identifier ("candidate", "inside-branch", "across-shortcut",
// "non-parametric", "boundary") for reports and JSON.
std::string_view liRuleName(LiRule rule);

struct CutInfo {
    int n = 0;
    std::vector<ValueId> crossing; // produced at or before n (or graph input), used after n
    bool sizeKnown = true;         // false when a crossing tensor's size is unknown
    // Floating crossing activations produced by edge layers (those quantized to the activation
    // bit-width); the sum of the known ones when !sizeKnown.
    int64_t activationElements = 0;
    int64_t rawInputBytes = 0; // crossing graph inputs, at the raw input bits
    // Crossing integer/bool activations (indices, shapes) at their own element size: they are
    // not quantized. Known ones only when !sizeKnown.
    int64_t fixedActivationBytes = 0;
    LiRule li = LiRule::Boundary;
    std::string liReason; // one line saying why, naming the tensors / layers involved
};

// Per-value facts behind the byte queries, indexed by ValueId.
struct ValueFacts {
    std::optional<int64_t> elements; // nullopt when the shape is unknown
    // > 0: the value always counts this many bits per element (raw graph inputs at the raw input
    // bits, integer tensors at their size); 0: a floating activation quantized to the queried bits.
    int fixedBits = 0;
    bool constant = false;
    bool rawInput = false;
    // Produced by layer `producedAt` (0 for graph inputs); crosses cuts firstCut..lastCut
    // (empty when lastCut < firstCut); live in the working set of steps liveFrom..liveTo.
    int producedAt = 0;
    int firstCut = 0;
    int lastCut = -1;
    int liveFrom = 1;
    int liveTo = 0;
};

struct SplitAnalysis {
    AnalysisOptions options;
    std::vector<LayerInfo> layers;          // N layers in topological order
    std::vector<CutInfo> cuts;              // N + 1 cuts, cuts[n].n == n
    std::vector<int64_t> prefixParams;      // N + 1: params of layers 1..n
    std::vector<int64_t> prefixWeightBytes; // N + 1: stored bytes of layers 1..n
    // Activation working set while layer t runs (index t-1): live activation elements (tensors
    // produced and still needed, including ones held for the cloud) and live raw-input bytes.
    // Graph outputs stay live to the end of the graph. Floating activations count in
    // workingSetElements (nullopt when one of them has an unknown size); raw inputs and integer
    // activations, which keep their size at any bit-width, count in workingSetRawBytes.
    std::vector<std::optional<int64_t>> workingSetElements;
    std::vector<int64_t> workingSetRawBytes;
    int64_t rawInputBytes = 0; // all graph inputs at rawInputBits (cut 0)
    bool rawInputSizeKnown = true;
    std::vector<ValueFacts> values; // indexed by ValueId
    std::vector<std::string> warnings;

    int layerCount() const { return static_cast<int>(layers.size()); }
    int64_t totalParams() const { return prefixParams.empty() ? 0 : prefixParams.back(); }
    // Sum of all layers' MACs; nullopt when one is unknown (knownMacs() then gives the rest).
    std::optional<int64_t> totalMacs() const;
    int64_t knownMacs() const;
    int unknownMacLayers() const;

    // Bytes crossing cut n with edge activations at `bits` (each tensor packed, rounded up).
    // nullopt when a crossing size is unknown, n is out of range or bits is not in 1..64.
    std::optional<int64_t> crossingBytes(int n, int bits) const;
    // Weights of layers 1..n at `bits` per parameter.
    int64_t edgeWeightBytes(int n, int bits) const;
    // max over t <= n of the working set at `bits` per activation element (0 for n = 0): the
    // live floating elements of a step are packed together (rounded up once), plus raw bytes.
    std::optional<int64_t> peakWorkingSetBytes(int n, int bits) const;
    // edgeWeightBytes + peakWorkingSetBytes: M(n, b) for a uniform b.
    std::optional<int64_t> edgeMemoryBytes(int n, int bits) const;
    // The same for every cut 0..N at once, in O(N) (the single queries above are O(n)).
    std::vector<std::optional<int64_t>> crossingBytesProfile(int bits) const;
    std::vector<std::optional<int64_t>> edgeMemoryProfile(int bits) const;
    // Eq. (6): cuts whose edge part fits memoryLimit at lowestBits and whose crossing bytes at
    // lowestBits are below the raw input's. Cut 0 is never listed (it is Cloud-Only).
    std::vector<int> potentialSplits(int64_t memoryLimitBytes, int lowestBits) const;
    // Cuts whose Li rule is Candidate, ascending.
    std::vector<int> liCandidates() const;
};

Result<SplitAnalysis> analyzeSplits(const Graph& graph, const AnalysisOptions& options = {},
                                    const ProgressCallback& progress = {},
                                    const CancellationToken& cancel = {});

} // namespace autosplit
