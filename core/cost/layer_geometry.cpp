#include "core/cost/layer_geometry.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace autosplit {

namespace {

using Dims = std::vector<int64_t>;

std::optional<Dims> knownDims(const Graph& graph, const std::vector<ValueId>& ids, size_t slot) {
    if (slot >= ids.size() || ids[slot] == kNone)
        return std::nullopt;
    const TensorShape& shape = graph.value(ids[slot]).shape;
    if (!shape.isFullyKnown())
        return std::nullopt;
    return shape.dims;
}

int64_t product(const Dims& dims, size_t from = 0, size_t to = SIZE_MAX) {
    int64_t p = 1;
    for (size_t i = from; i < std::min(to, dims.size()); ++i)
        p *= dims[i];
    return p;
}

bool isConstantInput(const Graph& graph, const Node& node, size_t slot) {
    return slot < node.inputs.size() && node.inputs[slot] != kNone &&
           graph.value(node.inputs[slot]).isConstant();
}

struct Mapping {
    GemmShape gemm;
    int64_t repeats = 1;
    // Slots of the operands: the streamed one (ifmap) and the one in the weights' role.
    size_t ifmapSlot = 0;
    size_t filterSlot = 1;
    int64_t filterSets = 1;
};

std::optional<Mapping> convMapping(const Graph& graph, const Node& node, size_t weightSlot) {
    auto y = knownDims(graph, node.outputs, 0);
    auto w = knownDims(graph, node.inputs, weightSlot);
    const int64_t group = std::max<int64_t>(1, node.attrInt("group", 1));
    if (!y || !w || y->size() < 2 || w->size() < 3 || (*w)[0] % group != 0)
        return std::nullopt;
    Mapping m;
    m.gemm = {(*y)[0] * product(*y, 2), product(*w, 1), (*w)[0] / group};
    m.repeats = group;
    m.filterSets = group;
    m.filterSlot = weightSlot;
    return m;
}

// ConvTranspose scatters each input pixel's Cin/group values through (Cout/group)*prod(kernel)
// weights: a GEMM with Np = N*prod(input spatial), Wn = Cin/group, F = prod(W.dims[1:]).
std::optional<Mapping> convTransposeMapping(const Graph& graph, const Node& node) {
    auto x = knownDims(graph, node.inputs, 0);
    auto w = knownDims(graph, node.inputs, 1);
    const int64_t group = std::max<int64_t>(1, node.attrInt("group", 1));
    if (!x || !w || x->size() < 3 || w->size() < 3 || (*x)[1] % group != 0)
        return std::nullopt;
    Mapping m;
    m.gemm = {(*x)[0] * product(*x, 2), (*x)[1] / group, product(*w, 1)};
    m.repeats = group;
    m.filterSets = group;
    return m;
}

// Y = A*B: Np = M, Wn = K, F = N. When only A is constant, Y^T = B^T * A^T puts B in the streamed
// role (Np = N, F = M).
Mapping orient(const Graph& graph, const Node& node, size_t aSlot, size_t bSlot, int64_t m,
               int64_t k, int64_t n) {
    Mapping map;
    if (isConstantInput(graph, node, aSlot) && !isConstantInput(graph, node, bSlot)) {
        map.gemm = {n, k, m};
        map.ifmapSlot = bSlot;
        map.filterSlot = aSlot;
    } else {
        map.gemm = {m, k, n};
        map.ifmapSlot = aSlot;
        map.filterSlot = bSlot;
    }
    return map;
}

std::optional<Mapping> gemmMapping(const Graph& graph, const Node& node) {
    auto a = knownDims(graph, node.inputs, 0);
    auto b = knownDims(graph, node.inputs, 1);
    if (!a || !b || a->size() != 2 || b->size() != 2)
        return std::nullopt;
    const bool transA = node.attrInt("transA", 0) != 0;
    const bool transB = node.attrInt("transB", 0) != 0;
    return orient(graph, node, 0, 1, transA ? (*a)[1] : (*a)[0], transA ? (*a)[0] : (*a)[1],
                  transB ? (*b)[0] : (*b)[1]);
}

// numpy matmul: batch dims broadcast. A 2-D (shared) operand in the weights' role lets the
// batch fold into Np (one GEMM with the weights loaded once); otherwise one GEMM per batch.
std::optional<Mapping> matMulMapping(const Graph& graph, const Node& node, size_t bSlot) {
    auto a = knownDims(graph, node.inputs, 0);
    auto b = knownDims(graph, node.inputs, bSlot);
    if (!a || !b || a->empty() || b->empty())
        return std::nullopt;
    const int64_t m = a->size() >= 2 ? (*a)[a->size() - 2] : 1;
    const int64_t k = a->back();
    const int64_t n = b->size() >= 2 ? b->back() : 1;
    const size_t batchA = a->size() > 2 ? a->size() - 2 : 0;
    const size_t batchB = b->size() > 2 ? b->size() - 2 : 0;
    const size_t rank = std::max(batchA, batchB);
    int64_t batch = 1;
    for (size_t i = 0; i < rank; ++i) {
        const int64_t da = i < batchA ? (*a)[batchA - 1 - i] : 1;
        const int64_t db = i < batchB ? (*b)[batchB - 1 - i] : 1;
        batch *= da == 1 ? db : da;
    }
    Mapping map = orient(graph, node, 0, bSlot, m, k, n);
    const size_t filterBatch = map.filterSlot == bSlot ? batchB : batchA;
    if (filterBatch == 0) {
        map.gemm.np *= batch;
        map.repeats = 1;
    } else {
        map.repeats = batch;
        map.filterSets = batch;
    }
    return map;
}

// One GEMM per time step and direction: Np = batch, Wn = input + hidden, F = gates * hidden.
std::optional<Mapping> recurrentMapping(const Graph& graph, const Node& node) {
    auto x = knownDims(graph, node.inputs, 0);
    auto w = knownDims(graph, node.inputs, 1);
    auto r = knownDims(graph, node.inputs, 2);
    if (!x || !w || !r || x->size() != 3 || w->size() != 3 || r->size() != 3)
        return std::nullopt;
    const bool batchFirst = node.attrInt("layout", 0) != 0;
    const int64_t seq = batchFirst ? (*x)[1] : (*x)[0];
    const int64_t batch = batchFirst ? (*x)[0] : (*x)[1];
    Mapping m;
    m.gemm = {batch, (*w)[2] + (*r)[2], (*w)[1]};
    m.repeats = seq * (*w)[0];
    m.filterSets = (*w)[0];
    return m;
}

bool isMacOp(const std::string& op) {
    static const std::set<std::string> ops = {
        "Conv",          "ConvInteger",   "QLinearConv", "ConvTranspose", "Gemm", "MatMul",
        "MatMulInteger", "QLinearMatMul", "LSTM",        "GRU",           "RNN",  "Einsum"};
    return ops.count(op) > 0;
}

std::optional<Mapping> mapping(const Graph& graph, const Node& node) {
    const std::string& op = node.opType;
    if (op == "Conv" || op == "ConvInteger")
        return convMapping(graph, node, 1);
    if (op == "QLinearConv")
        return convMapping(graph, node, 3);
    if (op == "ConvTranspose")
        return convTransposeMapping(graph, node);
    if (op == "Gemm")
        return gemmMapping(graph, node);
    if (op == "MatMul" || op == "MatMulInteger")
        return matMulMapping(graph, node, 1);
    if (op == "QLinearMatMul")
        return matMulMapping(graph, node, 3);
    if (op == "LSTM" || op == "GRU" || op == "RNN")
        return recurrentMapping(graph, node);
    return std::nullopt;
}

bool isView(const std::string& op) {
    return op == "Reshape" || op == "Flatten" || op == "Squeeze" || op == "Unsqueeze" ||
           op == "Identity" || op == "Dropout";
}

// Counts layers per kind of approximation for one warning line each.
struct WarningGroup {
    int count = 0;
    std::string first;
    void add(const std::string& what) {
        if (count++ == 0)
            first = what;
    }
};

// ceil(elements * bits / 8), without overflow for any element count that fits int64 / 8.
int64_t packedBytes(int64_t elements, int bits) {
    return (elements / 8) * bits + ((elements % 8) * bits + 7) / 8;
}

} // namespace

int64_t edgeOperandBytes(const std::vector<OperandSize>& operands, int activationBits) {
    int64_t total = 0;
    for (const OperandSize& o : operands)
        total += packedBytes(o.elements, o.fixedBits > 0 ? o.fixedBits : activationBits);
    return total;
}

int64_t cloudOperandBytes(const std::vector<OperandSize>& operands, int cloudBits) {
    int64_t total = 0;
    for (const OperandSize& o : operands)
        total += packedBytes(o.elements, o.floating || o.fixedBits == 0 ? cloudBits : o.fixedBits);
    return total;
}

LayerTraffic uniformTraffic(const LayerGeometry& layer, int bits) {
    LayerTraffic t;
    t.weightBits = bits;
    t.activationBits = bits;
    t.weightBytes = packedBytes(layer.params, bits);
    t.inputBytes =
        edgeOperandBytes(layer.ifmapInputs, bits) + edgeOperandBytes(layer.filterInputs, bits);
    t.outputBytes = edgeOperandBytes(layer.outputs, bits);
    return t;
}

Result<LayerGeometries> layerGeometries(const Graph& graph, const SplitAnalysis& analysis) {
    if (static_cast<size_t>(analysis.layerCount()) != graph.nodeCount())
        return Error{"the split analysis has " + std::to_string(analysis.layerCount()) +
                     " layers but the graph has " + std::to_string(graph.nodeCount()) + " nodes"};
    if (analysis.values.size() != graph.values().size())
        return Error{"the split analysis does not belong to this graph (value counts differ)"};
    LayerGeometries out;
    out.layers.resize(analysis.layers.size());
    WarningGroup unmapped, unknownMacs, unknownSizes, unknownOps;

    for (size_t i = 0; i < analysis.layers.size(); ++i) {
        const LayerInfo& info = analysis.layers[i];
        const Node& node = graph.node(static_cast<NodeId>(i));
        if (info.name != node.name || info.opType != node.opType)
            return Error{"the split analysis does not belong to this graph (layer " +
                         std::to_string(i + 1) + " is " + info.opType + " '" + info.name +
                         "', node is " + node.opType + " '" + node.name + "')"};
        LayerGeometry& g = out.layers[i];
        const std::string label = node.opType + " '" + node.name + "'";
        g.params = info.params;

        auto operand = [&](ValueId id) {
            const ValueFacts& f = analysis.values[static_cast<size_t>(id)];
            const Value& v = graph.value(id);
            OperandSize o;
            o.elements = f.elements.value_or(0);
            o.fixedBits = f.fixedBits;
            o.floating = v.dtype == DataType::Undefined || isFloatingPoint(v.dtype);
            if (!f.elements)
                g.sizesKnown = false;
            return o;
        };

        std::optional<Mapping> map;
        if (info.knownOp)
            map = mapping(graph, node);
        std::set<ValueId> seen;
        for (size_t slot = 0; slot < node.inputs.size(); ++slot) {
            const ValueId in = node.inputs[slot];
            if (in == kNone || graph.value(in).isConstant() || !seen.insert(in).second)
                continue;
            const bool filterRole = map && slot == map->filterSlot;
            (filterRole ? g.filterInputs : g.ifmapInputs).push_back(operand(in));
        }
        for (ValueId o : node.outputs)
            if (o != kNone)
                g.outputs.push_back(operand(o));

        int64_t inElements = 0, outElements = 0;
        for (const auto* list : {&g.ifmapInputs, &g.filterInputs})
            for (const OperandSize& o : *list)
                inElements += o.elements;
        for (const OperandSize& o : g.outputs)
            outElements += o.elements;
        g.elementwiseOps = std::max(inElements, outElements);

        if (map && info.macs) {
            g.work = LayerWork::Gemm;
            g.gemm = map->gemm;
            g.repeats = map->repeats;
            g.filterSets = map->filterSets;
            g.macs = *info.macs;
            // The mapping must account for the analysis's MAC count; if not, cost the MACs
            // without a shape rather than with a wrong one.
            if (g.gemm.macs() * g.repeats != g.macs) {
                g.mapped = false;
                unmapped.add(label);
            }
        } else if (info.macs && *info.macs > 0) {
            g.work = LayerWork::Gemm;
            g.macs = *info.macs;
            g.mapped = false;
            unmapped.add(label);
        } else if (!info.knownOp) {
            g.work = LayerWork::Elementwise;
            unknownOps.add(label);
        } else if (isMacOp(node.opType)) {
            g.work = LayerWork::Elementwise;
            unknownMacs.add(label);
        } else if (isView(node.opType)) {
            g.work = LayerWork::View;
        } else {
            g.work = LayerWork::Elementwise;
        }
        if (!g.sizesKnown)
            unknownSizes.add(label);
    }

    auto warn = [&](const WarningGroup& w, const std::string& what) {
        if (w.count > 0)
            out.warnings.push_back(std::to_string(w.count) + " layer" + (w.count == 1 ? "" : "s") +
                                   " " + what + " (first: " + w.first + ")");
    };
    warn(unmapped, "with no GEMM shape: MACs costed at full array utilisation");
    warn(unknownMacs, "with unknown MACs: costed by data movement only");
    warn(unknownOps, "of ops outside ONNX: costed by data movement only");
    warn(unknownSizes, "with a tensor of unknown size: costed on the known sizes");
    return out;
}

} // namespace autosplit
