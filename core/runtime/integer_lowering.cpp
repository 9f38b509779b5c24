#include "core/runtime/integer_lowering.h"

#include "core/graph/tensor_elements.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

namespace autosplit {

namespace {

bool isDefaultDomain(const Node& n) {
    return n.domain.empty() || n.domain == "ai.onnx";
}

const Node* producerOf(const Graph& g, ValueId v) {
    if (v == kNone || g.value(v).producer == kNone)
        return nullptr;
    return &g.node(g.value(v).producer);
}

std::optional<std::vector<double>> constantValues(const Graph& g, ValueId v) {
    if (v == kNone || !g.value(v).isConstant())
        return std::nullopt;
    auto e = readElements(*g.value(v).initializer);
    if (!e)
        return std::nullopt;
    std::vector<double> out(e->size());
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = e->asReal(i);
    return out;
}

bool allZero(const Graph& g, ValueId v) {
    if (v == kNone)
        return true;
    auto values = constantValues(g, v);
    return values && std::all_of(values->begin(), values->end(), [](double x) { return x == 0; });
}

// A DequantizeLinear of uint8 activation codes with one constant scale (and zero point).
struct CodesIn {
    ValueId codes = kNone, scale = kNone, zero = kNone;
};

std::optional<CodesIn> activationCodes(const Graph& g, ValueId v) {
    const Node* dq = producerOf(g, v);
    if (!dq || dq->opType != "DequantizeLinear" || !isDefaultDomain(*dq) || dq->inputs.size() < 2)
        return std::nullopt;
    const ValueId codes = dq->inputs[0], scale = dq->inputs[1];
    const ValueId zero = dq->inputs.size() > 2 ? dq->inputs[2] : kNone;
    if (g.value(codes).dtype != DataType::UInt8)
        return std::nullopt;
    auto s = constantValues(g, scale);
    if (!s || s->size() != 1 || g.value(scale).dtype != DataType::Float)
        return std::nullopt;
    if (zero != kNone) {
        auto z = constantValues(g, zero);
        if (!z || z->size() != 1 || g.value(zero).dtype != DataType::UInt8)
            return std::nullopt;
    }
    return CodesIn{codes, scale, zero};
}

// A DequantizeLinear of constant int8 weight codes with zero points 0 and one scale, or one per
// output channel along `channelAxis` of the weight.
struct WeightIn {
    ValueId codes = kNone, scale = kNone;
};

std::optional<WeightIn> weightCodes(const Graph& g, ValueId v, int64_t channelAxis) {
    const Node* dq = producerOf(g, v);
    if (!dq || dq->opType != "DequantizeLinear" || !isDefaultDomain(*dq) || dq->inputs.size() < 2)
        return std::nullopt;
    const ValueId codes = dq->inputs[0], scale = dq->inputs[1];
    const Value& c = g.value(codes);
    if (!c.isConstant() || c.dtype != DataType::Int8 || g.value(scale).dtype != DataType::Float)
        return std::nullopt;
    if (!allZero(g, dq->inputs.size() > 2 ? dq->inputs[2] : kNone))
        return std::nullopt;
    auto s = constantValues(g, scale);
    if (!s)
        return std::nullopt;
    if (s->size() != 1) {
        const auto& dims = c.initializer->dims;
        int64_t axis = dq->attrInt("axis", 1);
        if (axis < 0)
            axis += static_cast<int64_t>(dims.size());
        if (axis != channelAxis || axis >= static_cast<int64_t>(dims.size()) ||
            static_cast<int64_t>(s->size()) != dims[static_cast<size_t>(axis)])
            return std::nullopt;
    }
    return WeightIn{codes, scale};
}

std::optional<FusedActivation> activationOf(const Graph& g, const Node& n) {
    FusedActivation a;
    using Kind = FusedActivation::Kind;
    if (n.opType == "Relu") {
        a.kind = Kind::Relu;
    } else if (n.opType == "LeakyRelu") {
        a.kind = Kind::LeakyRelu;
        a.alpha = n.attrFloat("alpha", 0.01f);
    } else if (n.opType == "HardSigmoid") {
        a.kind = Kind::HardSigmoid;
        a.alpha = n.attrFloat("alpha", 0.2f);
        a.beta = n.attrFloat("beta", 0.5f);
    } else if (n.opType == "HardSwish") {
        a.kind = Kind::HardSwish;
    } else {
        return std::nullopt;
    }
    (void)g;
    return a;
}

// A Clip's bounds, when constant (inputs from opset 11, attributes before).
std::optional<std::pair<float, float>> clipBounds(const Graph& g, const Node& n) {
    float lo = -std::numeric_limits<float>::infinity(), hi = std::numeric_limits<float>::infinity();
    if (n.inputs.size() > 1 || g.opsetVersion() >= 11) {
        for (size_t slot : {size_t(1), size_t(2)}) {
            if (slot >= n.inputs.size() || n.inputs[slot] == kNone)
                continue;
            auto v = constantValues(g, n.inputs[slot]);
            if (!v || v->size() != 1)
                return std::nullopt;
            (slot == 1 ? lo : hi) = static_cast<float>((*v)[0]);
        }
    } else {
        lo = n.attrFloat("min", lo);
        hi = n.attrFloat("max", hi);
    }
    if (!(lo <= hi))
        return std::nullopt;
    return std::make_pair(lo, hi);
}

bool sameKnownShape(const Value& a, const Value& b) {
    if (!a.shape.rankKnown || !b.shape.rankKnown || a.shape.dims != b.shape.dims)
        return false;
    return std::all_of(a.shape.dims.begin(), a.shape.dims.end(), [](int64_t d) { return d >= 0; });
}

// A constant float vector of one value per output channel (1-D, or 1 x M).
bool isBias(const Graph& g, ValueId v, int64_t channels) {
    const Value& b = g.value(v);
    if (!b.isConstant() || b.dtype != DataType::Float || b.initializer->elementCount() != channels)
        return false;
    const auto& dims = b.initializer->dims;
    return !dims.empty() && dims.back() == channels;
}

// The weights as the integer product reads them, prepared once here rather than on every run:
// rows of the M output channels, each of its k codes then zeros up to a multiple of 4 (the
// product takes four at a time), their sums (for the input zero point's correction), and whether
// some |w| > 64 (integer_gemm.inl: then the int16 pair sums of vpmaddubsw could saturate).
struct PreparedWeights {
    Tensor codes, rowSums;
    int64_t depth = 0;
    bool wide = false;
};

PreparedWeights prepareWeights(const Tensor& w, int64_t rows, int64_t depth, bool transposed) {
    const auto* src = reinterpret_cast<const int8_t*>(w.raw.data());
    const int64_t ld = (depth + 3) / 4 * 4;
    PreparedWeights p;
    p.depth = depth;
    p.codes.dtype = DataType::Int8;
    p.codes.dims = {rows, ld};
    p.codes.raw.assign(static_cast<size_t>(rows * ld), 0);
    p.rowSums.dtype = DataType::Int32;
    p.rowSums.dims = {rows};
    p.rowSums.raw.resize(static_cast<size_t>(rows) * sizeof(int32_t));
    auto* out = reinterpret_cast<int8_t*>(p.codes.raw.data());
    int maxAbs = 0;
    for (int64_t r = 0; r < rows; ++r) {
        int32_t sum = 0;
        for (int64_t k = 0; k < depth; ++k) {
            const int8_t v = transposed ? src[k * rows + r] : src[r * depth + k];
            out[r * ld + k] = v;
            sum += v;
            maxAbs = std::max(maxAbs, std::abs(int(v)));
        }
        std::memcpy(p.rowSums.raw.data() + r * sizeof(int32_t), &sum, sizeof(sum));
    }
    p.wide = maxAbs > 64;
    return p;
}

struct Lowered {
    Node node;
    std::vector<NodeId> absorbed;
    PreparedWeights weights;
    // A MaxPool the chain ran through, now run on the node's codes (max commutes with the
    // monotone quantization, so pooling codes gives the codes of the pooled values); it writes
    // what the QuantizeLinear wrote.
    std::optional<Node> poolOnCodes;
    TensorShape codesShape; // of the node's codes, the pool's input
};

// The residual as the node reads it: the codes of a DequantizeLinear (dequantized in the
// requantization, so the float tensor is never written) or the float tensor itself.
void setAddend(const Graph& g, Node& n, ValueId addend) {
    if (auto codes = activationCodes(g, addend)) {
        n.inputs[kIntegerAddend] = codes->codes;
        n.inputs[kIntegerAddendScale] = codes->scale;
        n.inputs[kIntegerAddendZero] = codes->zero;
    } else {
        n.inputs[kIntegerAddend] = addend;
    }
}

// The layer at `id` as an integer node, with the chain after it it absorbs; nullopt when its
// input or weight is not quantized as the integer kernels need.
std::optional<Lowered> lowerLayer(const Graph& g, NodeId id) {
    const Node& layer = g.node(id);
    if (!isDefaultDomain(layer) || layer.inputs.size() < 2 || layer.outputs.size() != 1)
        return std::nullopt;
    const bool conv = layer.opType == "Conv", gemm = layer.opType == "Gemm",
               matmul = layer.opType == "MatMul";
    if (!conv && !gemm && !matmul)
        return std::nullopt;
    // A graph of the IR before export (edge parts in tests and tools) keeps its fused activation
    // and residual Add on the node; a per-channel output scale has no place in the epilogue.
    if (layer.activation.hasChannelScale() || (layer.residualAdd && !conv))
        return std::nullopt;
    std::string weightLayout = "KM";
    if (gemm) {
        if (layer.attrInt("transA", 0) != 0 || layer.attrFloat("alpha", 1.f) != 1.f ||
            layer.attrFloat("beta", 1.f) != 1.f)
            return std::nullopt;
        if (layer.attrInt("transB", 0) != 0)
            weightLayout = "MK";
    }
    auto x = activationCodes(g, layer.inputs[0]);
    auto w = weightCodes(g, layer.inputs[1], conv || weightLayout == "MK" ? 0 : 1);
    if (!x || !w)
        return std::nullopt;
    const Value& wv = g.value(w->codes);
    if ((!conv && wv.initializer->dims.size() != 2))
        return std::nullopt;
    const int64_t outChannels =
        conv || weightLayout == "MK" ? wv.initializer->dims[0] : wv.initializer->dims[1];
    ValueId bias = kNone;
    if (layer.inputs.size() > 2 && layer.inputs[2] != kNone) { // (an empty bias: residual only)
        if (!isBias(g, layer.inputs[2], outChannels) ||
            g.value(layer.inputs[2]).initializer->dims.size() != 1)
            return std::nullopt;
        bias = layer.inputs[2];
    }
    if (gemm && g.value(layer.inputs[0]).shape.rankKnown &&
        g.value(layer.inputs[0]).shape.dims.size() != 2)
        return std::nullopt;

    Lowered out;
    const Tensor& codes = *wv.initializer;
    if (codes.raw.size() != static_cast<size_t>(codes.elementCount()))
        return std::nullopt;
    int64_t depth = 1;
    for (size_t d = 1; d < codes.dims.size(); ++d)
        depth *= codes.dims[d];
    if (!conv && weightLayout == "KM")
        depth = codes.dims[0];
    out.weights = prepareWeights(codes, outChannels, depth, !conv && weightLayout == "KM");
    Node& n = out.node;
    n.name = layer.name;
    n.domain = kIntegerDomain;
    n.opType = conv ? kIntegerConvOp : kIntegerMatMulOp;
    n.folded = layer.folded;
    if (conv) {
        n.attributes = layer.attributes;
        n.attributes["kernel_shape"] =
            Attribute::ofInts(std::vector<int64_t>(codes.dims.begin() + 2, codes.dims.end()));
    }
    n.attributes["weight_depth"] = Attribute::ofInt(depth);
    n.attributes["wide"] = Attribute::ofInt(out.weights.wide ? 1 : 0);
    n.inputs.assign(kIntegerSlots, kNone);
    n.inputs[kIntegerX] = x->codes;
    n.inputs[kIntegerXScale] = x->scale;
    n.inputs[kIntegerXZero] = x->zero;
    n.inputs[kIntegerW] = w->codes;
    n.inputs[kIntegerWScale] = w->scale;
    n.inputs[kIntegerBias] = bias;
    if (layer.residualAdd) {
        if (layer.inputs.size() < 4 || layer.inputs[3] == kNone ||
            g.value(layer.inputs[3]).dtype != DataType::Float)
            return std::nullopt;
        setAddend(g, n, layer.inputs[3]);
    }
    n.activation = layer.activation;

    // The chain: [Add] [activation] [MaxPool] [Clip] [QuantizeLinear], each the sole reader of
    // the last.
    ValueId last = layer.outputs[0];
    bool activated = !layer.activation.isNone() || layer.activation.hasOutputAffine(),
         clamped = false;
    float lo = -std::numeric_limits<float>::infinity(), hi = std::numeric_limits<float>::infinity();
    NodeId pool = kNone;
    struct State {
        size_t absorbed;
        ValueId last;
        FusedActivation activation;
        bool activated, clamped;
        float lo, hi;
    } before{};
    for (;;) {
        const NodeId next = g.soleConsumer(last);
        if (next == kNone)
            break;
        const Node& c = g.node(next);
        if (!isDefaultDomain(c) || c.outputs.size() != 1 || c.inputs.empty() ||
            c.inputs[0] == kNone)
            break;
        if (c.opType == "Add" && !conv && n.inputs[kIntegerBias] == kNone && !activated &&
            !clamped && c.inputs.size() == 2 &&
            isBias(g, c.inputs[0] == last ? c.inputs[1] : c.inputs[0], outChannels)) {
            // MatMul + Add of a constant row: the bias (as exporters write a linear layer)
            n.inputs[kIntegerBias] = c.inputs[0] == last ? c.inputs[1] : c.inputs[0];
        } else if (c.opType == "Add" && conv && n.inputs[kIntegerAddend] == kNone && !activated &&
                   !clamped && c.inputs.size() == 2) {
            const ValueId other = c.inputs[0] == last ? c.inputs[1] : c.inputs[0];
            if (other == last || g.value(other).dtype != DataType::Float ||
                !sameKnownShape(g.value(other), g.value(last)) ||
                !sameKnownShape(g.value(c.outputs[0]), g.value(last)))
                break;
            setAddend(g, n, other);
        } else if (c.inputs[0] != last) {
            break;
        } else if (c.opType == "MaxPool" && conv && pool == kNone) {
            before = {out.absorbed.size(), last, n.activation, activated, clamped, lo, hi};
            pool = next;
        } else if (pool != kNone && c.opType != "Clip" && c.opType != "Relu" &&
                   c.opType != "QuantizeLinear") {
            // after the pool only what commutes with it (monotone: Relu, Clip) and the codes
            break;
            break;
        } else if (auto a = activationOf(g, c); a && !activated && !clamped) {
            n.activation = *a;
            activated = true;
        } else if (c.opType == "Clip" && !clamped) {
            auto bounds = clipBounds(g, c);
            if (!bounds)
                break;
            if (!activated) { // the first Clip is the layer's activation (ReLU6)
                n.activation.kind = FusedActivation::Kind::Clip;
                n.activation.alpha = bounds->first;
                n.activation.beta = bounds->second;
                activated = true;
            } else {
                lo = bounds->first;
                hi = bounds->second;
                clamped = true;
            }
        } else if (c.opType == "QuantizeLinear") {
            const ValueId scale = c.inputs.size() > 1 ? c.inputs[1] : kNone;
            const ValueId zero = c.inputs.size() > 2 ? c.inputs[2] : kNone;
            auto s = constantValues(g, scale);
            const bool zeroOk = zero != kNone && g.value(zero).dtype == DataType::UInt8 && [&] {
                auto z = constantValues(g, zero);
                return z && z->size() == 1;
            }();
            if (!s || s->size() != 1 || g.value(scale).dtype != DataType::Float || !zeroOk ||
                !((*s)[0] > 0))
                break;
            n.inputs[kIntegerYScale] = scale;
            n.inputs[kIntegerYZero] = zero;
            out.absorbed.push_back(next);
            last = c.outputs[0];
            break;
        } else {
            break;
        }
        out.absorbed.push_back(next);
        last = c.outputs[0];
    }
    if (pool != kNone && n.inputs[kIntegerYScale] == kNone) {
        // no codes after the pool: it stays in float, after the node
        out.absorbed.resize(before.absorbed);
        last = before.last;
        n.activation = before.activation;
        clamped = before.clamped;
        lo = before.lo;
        hi = before.hi;
        pool = kNone;
    }
    if (clamped) {
        n.attributes["clip_low"] = Attribute::ofFloat(lo);
        n.attributes["clip_high"] = Attribute::ofFloat(hi);
    }
    if (pool != kNone) {
        Node p = g.node(pool);
        p.outputs = {last};
        out.poolOnCodes = std::move(p);
        out.codesShape = g.value(g.node(pool).inputs[0]).shape;
    }
    n.outputs = {last};
    return out;
}

// A Conv or Gemm left in float whose only reader is an activation takes it into its output
// loop (as activation fusion does to the optimized graph), and a clamp after a clamp (the b-bit
// Clip before a QuantizeLinear after a ReLU6) merges into it; the folded nodes go.
int fuseFloatActivations(Graph& graph) {
    using Kind = FusedActivation::Kind;
    constexpr float kInf = std::numeric_limits<float>::infinity();
    int fused = 0;
    for (NodeId id = 0; id < static_cast<NodeId>(graph.nodeCount()); ++id) {
        {
            const Node& layer = graph.node(id);
            if (graph.isRemoved(id) || !isDefaultDomain(layer) ||
                (layer.opType != "Conv" && layer.opType != "Gemm") || layer.outputs.size() != 1 ||
                layer.activation.hasOutputAffine() || layer.activation.hasChannelScale() ||
                layer.residualAdd)
                continue;
        }
        for (;;) {
            Node& layer = graph.node(id);
            const NodeId next = graph.soleConsumer(layer.outputs[0]);
            if (next == kNone || graph.isRemoved(next))
                break;
            const Node& c = graph.node(next);
            if (!isDefaultDomain(c) || c.outputs.size() != 1 || c.inputs.empty() ||
                c.inputs[0] != layer.outputs[0])
                break;
            std::optional<FusedActivation> a = activationOf(graph, c);
            std::optional<std::pair<float, float>> clamp;
            if (c.opType == "Clip")
                clamp = clipBounds(graph, c);
            else if (c.opType == "Relu")
                clamp = std::make_pair(0.f, kInf);
            FusedActivation merged;
            if (layer.activation.isNone()) {
                if (clamp) {
                    merged.kind = Kind::Clip;
                    merged.alpha = clamp->first;
                    merged.beta = clamp->second;
                    if (c.opType == "Relu")
                        merged = *a;
                } else if (a) {
                    merged = *a;
                } else {
                    break;
                }
            } else if (clamp && (layer.activation.kind == Kind::Relu ||
                                 layer.activation.kind == Kind::Clip)) {
                const float lo0 =
                    layer.activation.kind == Kind::Relu ? 0.f : layer.activation.alpha;
                const float hi0 =
                    layer.activation.kind == Kind::Relu ? kInf : layer.activation.beta;
                merged.kind = Kind::Clip;
                merged.alpha = std::max(lo0, clamp->first);
                merged.beta = std::min(hi0, clamp->second);
                if (!(merged.alpha <= merged.beta))
                    break; // disjoint: not one clamp
            } else {
                break;
            }
            const ValueId out = c.outputs[0];
            graph.removeNode(next);
            Node& kept = graph.node(id); // (removeNode leaves the node vector as it is)
            kept.activation = merged;
            kept.outputs = {out};
            ++fused;
        }
    }
    return fused;
}

} // namespace

Result<IntegerLowering> lowerToIntegerKernels(Graph& graph) {
    IntegerLowering report;
    const auto count = static_cast<NodeId>(graph.nodeCount());
    std::vector<bool> taken(static_cast<size_t>(count), false);
    std::vector<Lowered> lowered;
    for (NodeId id = 0; id < count; ++id) {
        if (taken[static_cast<size_t>(id)])
            continue;
        auto l = lowerLayer(graph, id);
        if (!l)
            continue;
        // a chain node another layer already took (cannot happen in a DAG's sole-reader chains,
        // but the graph comes from a file)
        if (std::any_of(l->absorbed.begin(), l->absorbed.end(),
                        [&](NodeId a) { return taken[static_cast<size_t>(a)]; }))
            continue;
        taken[static_cast<size_t>(id)] = true;
        for (NodeId a : l->absorbed)
            taken[static_cast<size_t>(a)] = true;
        lowered.push_back(std::move(*l));
        lowered.back().absorbed.insert(lowered.back().absorbed.begin(), id);
    }
    if (lowered.empty()) {
        report.activationsFused = fuseFloatActivations(graph);
        if (report.activationsFused > 0)
            if (auto s = graph.finalize(); !s)
                return s.error().prefixed("integer lowering: ");
        return report;
    }
    for (Lowered& l : lowered) {
        for (NodeId a : l.absorbed)
            graph.removeNode(a);
        const std::string base = graph.value(l.node.inputs[kIntegerW]).name;
        l.node.inputs[kIntegerW] =
            graph.addConstant(graph.uniqueValueName(base + "_integer"), std::move(l.weights.codes));
        l.node.inputs[kIntegerRowSums] = graph.addConstant(
            graph.uniqueValueName(base + "_row_sums"), std::move(l.weights.rowSums));
        if (l.poolOnCodes) {
            const ValueId codes = graph.addValue(graph.uniqueValueName(l.node.name + "_codes"),
                                                 DataType::UInt8, l.codesShape);
            l.node.outputs = {codes};
            l.poolOnCodes->inputs = {codes};
            graph.addNode(std::move(*l.poolOnCodes));
        }
        report.layers += 1;
        report.withCodesOut += l.node.inputs[kIntegerYScale] != kNone;
        report.nodesAbsorbed += static_cast<int>(l.absorbed.size());
        graph.addNode(std::move(l.node));
    }
    if (auto s = graph.finalize(); !s)
        return s.error().prefixed("integer lowering: ");
    // DequantizeLinear nodes nobody reads any more (the lowered layers read their codes)
    bool removed = false;
    for (NodeId id = 0; id < static_cast<NodeId>(graph.nodeCount()); ++id) {
        const Node& n = graph.node(id);
        if (n.opType != "DequantizeLinear" || !isDefaultDomain(n))
            continue;
        const Value& out = graph.value(n.outputs[0]);
        if (out.consumers.empty() && !out.isGraphOutput) {
            graph.removeNode(id);
            removed = true;
        }
    }
    if (removed)
        if (auto s = graph.finalize(); !s)
            return s.error().prefixed("integer lowering: ");
    report.activationsFused = fuseFloatActivations(graph);
    if (report.activationsFused > 0)
        if (auto s = graph.finalize(); !s)
            return s.error().prefixed("integer lowering: ");
    return report;
}

} // namespace autosplit
