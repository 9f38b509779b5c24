#include "core/analysis/layer_costs.h"

#include <onnx/defs/schema.h>

#include <algorithm>
#include <limits>
#include <string_view>

namespace autosplit {

namespace {

bool isStandardDomain(const std::string& domain) {
    return domain.empty() || domain == "ai.onnx" || domain == "ai.onnx.ml";
}

// Dims of a node input/output when every one is known, else nullopt.
std::optional<std::vector<int64_t>> knownDims(const Graph& graph, const std::vector<ValueId>& ids,
                                              size_t slot) {
    if (slot >= ids.size() || ids[slot] == kNone)
        return std::nullopt;
    const TensorShape& shape = graph.value(ids[slot]).shape;
    if (!shape.isFullyKnown())
        return std::nullopt;
    return shape.dims;
}

std::optional<int64_t> checkedMul(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r))
        return std::nullopt;
    return r;
}

std::optional<int64_t> product(const std::vector<int64_t>& dims, size_t from = 0) {
    int64_t p = 1;
    for (size_t i = from; i < dims.size(); ++i) {
        auto next = checkedMul(p, dims[i]);
        if (!next)
            return std::nullopt;
        p = *next;
    }
    return p;
}

// Multiplies factors; Overflow when the product leaves int64.
LayerCost counted(std::initializer_list<int64_t> factors, bool parametric) {
    LayerCost cost;
    cost.parametric = parametric;
    int64_t p = 1;
    for (int64_t f : factors) {
        auto next = checkedMul(p, f);
        if (!next) {
            cost.status = LayerCost::Status::Overflow;
            return cost;
        }
        p = *next;
    }
    cost.status = LayerCost::Status::Counted;
    cost.macs = p;
    return cost;
}

LayerCost withStatus(LayerCost::Status status, bool parametric) {
    LayerCost cost;
    cost.status = status;
    cost.parametric = parametric;
    return cost;
}

bool derived(const Node& node, size_t slot, const std::vector<bool>& constantDerived) {
    return slot < node.inputs.size() && node.inputs[slot] != kNone &&
           constantDerived[static_cast<size_t>(node.inputs[slot])];
}

// Conv-like: MACs = output elements * (Cin/group) * prod(kernel) = |Y| * prod(W.dims[1:]).
LayerCost convCost(const Graph& graph, const Node& node, size_t weightSlot, bool parametric) {
    auto y = knownDims(graph, node.outputs, 0);
    auto w = knownDims(graph, node.inputs, weightSlot);
    if (!y || !w || w->size() < 3)
        return withStatus(LayerCost::Status::ShapeUnknown, parametric);
    auto outputs = product(*y);
    auto window = product(*w, 1);
    if (!outputs || !window)
        return withStatus(LayerCost::Status::Overflow, parametric);
    return counted({*outputs, *window}, parametric);
}

// ConvTranspose: every input element is scattered through (Cout/group) * prod(kernel) weights.
LayerCost convTransposeCost(const Graph& graph, const Node& node, bool parametric) {
    auto x = knownDims(graph, node.inputs, 0);
    auto w = knownDims(graph, node.inputs, 1);
    if (!x || !w || w->size() < 3)
        return withStatus(LayerCost::Status::ShapeUnknown, parametric);
    auto inputs = product(*x);
    auto window = product(*w, 1);
    if (!inputs || !window)
        return withStatus(LayerCost::Status::Overflow, parametric);
    return counted({*inputs, *window}, parametric);
}

LayerCost gemmCost(const Graph& graph, const Node& node, bool parametric) {
    auto a = knownDims(graph, node.inputs, 0);
    auto b = knownDims(graph, node.inputs, 1);
    if (!a || !b || a->size() != 2 || b->size() != 2)
        return withStatus(LayerCost::Status::ShapeUnknown, parametric);
    const bool transA = node.attrInt("transA", 0) != 0;
    const bool transB = node.attrInt("transB", 0) != 0;
    const int64_t m = transA ? (*a)[1] : (*a)[0];
    const int64_t k = transA ? (*a)[0] : (*a)[1];
    const int64_t n = transB ? (*b)[0] : (*b)[1];
    return counted({m, n, k}, parametric);
}

// numpy matmul semantics: 1-D operands are promoted (and the added dim dropped), batch dims
// broadcast right-aligned.
LayerCost matMulCost(const Graph& graph, const Node& node, size_t bSlot, bool parametric) {
    auto a = knownDims(graph, node.inputs, 0);
    auto b = knownDims(graph, node.inputs, bSlot);
    if (!a || !b || a->empty() || b->empty())
        return withStatus(LayerCost::Status::ShapeUnknown, parametric);
    const int64_t m = a->size() >= 2 ? (*a)[a->size() - 2] : 1;
    const int64_t k = a->back();
    const int64_t n = b->size() >= 2 ? b->back() : 1;
    std::vector<int64_t> batchA(
        a->begin(), a->end() - std::min<ptrdiff_t>(2, static_cast<ptrdiff_t>(a->size())));
    std::vector<int64_t> batchB(
        b->begin(), b->end() - std::min<ptrdiff_t>(2, static_cast<ptrdiff_t>(b->size())));
    const size_t rank = std::max(batchA.size(), batchB.size());
    int64_t batch = 1;
    for (size_t i = 0; i < rank; ++i) {
        const int64_t da = i < batchA.size() ? batchA[batchA.size() - 1 - i] : 1;
        const int64_t db = i < batchB.size() ? batchB[batchB.size() - 1 - i] : 1;
        const int64_t d = da == 1 ? db : da; // incompatible dims would be rejected by ONNX
        auto next = checkedMul(batch, d);
        if (!next)
            return withStatus(LayerCost::Status::Overflow, parametric);
        batch = *next;
    }
    return counted({batch, m, n, k}, parametric);
}

// Recurrent layers: each step multiplies the input by W and the hidden state by R, per
// direction and gate: seq * batch * (|W| + |R|), whatever the layout (X is [seq,batch,...] or
// [batch,seq,...]).
LayerCost recurrentCost(const Graph& graph, const Node& node, bool parametric) {
    auto x = knownDims(graph, node.inputs, 0);
    auto w = knownDims(graph, node.inputs, 1);
    auto r = knownDims(graph, node.inputs, 2);
    if (!x || !w || !r || x->size() != 3)
        return withStatus(LayerCost::Status::ShapeUnknown, parametric);
    auto wElems = product(*w);
    auto rElems = product(*r);
    if (!wElems || !rElems || *wElems > std::numeric_limits<int64_t>::max() - *rElems)
        return withStatus(LayerCost::Status::Overflow, parametric);
    return counted({(*x)[0], (*x)[1], *wElems + *rElems}, parametric);
}

} // namespace

bool isKnownOnnxOp(const Graph& graph, const Node& node) {
    if (!isStandardDomain(node.domain))
        return false;
    const std::string domain = node.domain == "ai.onnx" ? std::string() : node.domain;
    const int64_t version = graph.opsetVersion(domain);
    if (version > 0)
        return onnx::OpSchemaRegistry::Schema(node.opType, static_cast<int>(version), domain) !=
               nullptr;
    return onnx::OpSchemaRegistry::Schema(node.opType, domain) != nullptr;
}

LayerCost layerCost(const Graph& graph, const Node& node, bool knownOp,
                    const std::vector<bool>& constantDerived) {
    if (!knownOp)
        return withStatus(LayerCost::Status::UnknownOp, false);
    const std::string& op = node.opType;
    auto weight = [&](size_t slot) { return derived(node, slot, constantDerived); };
    if (op == "Conv" || op == "ConvInteger")
        return convCost(graph, node, 1, weight(1));
    if (op == "QLinearConv")
        return convCost(graph, node, 3, weight(3));
    if (op == "ConvTranspose")
        return convTransposeCost(graph, node, weight(1));
    if (op == "Gemm")
        return gemmCost(graph, node, weight(0) || weight(1));
    if (op == "MatMul" || op == "MatMulInteger")
        return matMulCost(graph, node, 1, weight(0) || weight(1));
    if (op == "QLinearMatMul")
        return matMulCost(graph, node, 3, weight(0) || weight(3));
    if (op == "LSTM" || op == "GRU" || op == "RNN")
        return recurrentCost(graph, node, weight(1));
    if (op == "Einsum") {
        bool anyWeight = false;
        for (size_t i = 0; i < node.inputs.size(); ++i)
            anyWeight = anyWeight || weight(i);
        return withStatus(LayerCost::Status::NotModelled, anyWeight);
    }
    // Control flow runs sub-graphs whose cost this analysis does not look into.
    if (op == "Loop" || op == "If" || op == "Scan")
        return withStatus(LayerCost::Status::NotModelled, false);
    LayerCost cost;
    cost.status = LayerCost::Status::NoMacs;
    cost.macs = 0;
    return cost;
}

} // namespace autosplit
