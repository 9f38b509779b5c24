#include "core/quant/layer_weight.h"

#include "core/quant/weight_rounding.h"

#include <string>

namespace autosplit {

namespace {

bool isFloatConstant(const Graph& graph, const Node& node, size_t slot) {
    if (slot >= node.inputs.size() || node.inputs[slot] == kNone)
        return false;
    const Value& v = graph.value(node.inputs[slot]);
    return v.isConstant() && v.initializer->dtype == DataType::Float;
}

int rankOf(const Graph& graph, const Node& node, size_t slot) {
    return static_cast<int>(graph.value(node.inputs[slot]).initializer->dims.size());
}

std::optional<LayerWeight> make(const Graph& graph, NodeId id, size_t slot, int axis,
                                int64_t groups = 1) {
    const Node& node = graph.node(id);
    LayerWeight w;
    w.node = id;
    w.slot = slot;
    w.value = node.inputs[slot];
    w.axis = axis;
    w.groups = groups;
    w.elements = graph.value(w.value).initializer->elementCount();
    return w;
}

} // namespace

std::optional<LayerWeight> layerWeight(const Graph& graph, NodeId id) {
    const Node& node = graph.node(id);
    if (!node.domain.empty() && node.domain != "ai.onnx")
        return std::nullopt;
    const std::string& op = node.opType;
    if (op == "Conv") {
        if (!isFloatConstant(graph, node, 1) || rankOf(graph, node, 1) < 3)
            return std::nullopt;
        return make(graph, id, 1, 0);
    }
    if (op == "ConvTranspose") {
        if (!isFloatConstant(graph, node, 1) || rankOf(graph, node, 1) < 3)
            return std::nullopt;
        const int64_t group = node.attrInt("group", 1);
        const int64_t c = graph.value(node.inputs[1]).initializer->dims[0];
        if (group < 1 || c % group != 0)
            return std::nullopt; // malformed; the executor reports it
        return make(graph, id, 1, 1, group);
    }
    if (op == "Gemm") {
        if (isFloatConstant(graph, node, 1) && rankOf(graph, node, 1) == 2)
            return make(graph, id, 1, node.attrInt("transB", 0) != 0 ? 0 : 1);
        if (isFloatConstant(graph, node, 0) && rankOf(graph, node, 0) == 2)
            return make(graph, id, 0, node.attrInt("transA", 0) != 0 ? 1 : 0);
        return std::nullopt;
    }
    if (op == "MatMul") {
        if (isFloatConstant(graph, node, 1)) {
            const int r = rankOf(graph, node, 1);
            return make(graph, id, 1, r >= 2 ? r - 1 : -1);
        }
        if (isFloatConstant(graph, node, 0)) {
            const int r = rankOf(graph, node, 0);
            return make(graph, id, 0, r >= 2 ? r - 2 : -1);
        }
        return std::nullopt;
    }
    return std::nullopt;
}

namespace {

// Grouped ConvTranspose: [C, Mg, K] with C = g * Cg  <->  [g * Mg, Cg, K], output channel first.
HostTensor regroup(const HostTensor& w, int64_t groups, bool toOutputMajor) {
    const std::vector<int64_t>& dims = w.dims();
    const int64_t c = dims[0];
    const int64_t mg = dims[1];
    int64_t k = 1;
    for (size_t i = 2; i < dims.size(); ++i)
        k *= dims[i];
    const int64_t cg = c / groups;
    std::vector<int64_t> outDims = dims;
    if (toOutputMajor) {
        outDims[0] = groups * mg;
        outDims[1] = cg;
    }
    HostTensor source = toOutputMajor ? w : w.reshaped({groups * mg, cg, k});
    HostTensor out(DataType::Float, toOutputMajor ? outDims : std::vector<int64_t>{c, mg, k});
    const float* s = source.data<float>();
    float* d = out.mutableData<float>();
    for (int64_t gi = 0; gi < groups; ++gi)
        for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t j = 0; j < mg; ++j) {
                const int64_t stored = ((gi * cg + ci) * mg + j) * k; // [C, Mg, K]
                const int64_t major = ((gi * mg + j) * cg + ci) * k;  // [g*Mg, Cg, K]
                if (toOutputMajor)
                    std::copy(s + stored, s + stored + k, d + major);
                else
                    std::copy(s + major, s + major + k, d + stored);
            }
    return out;
}

} // namespace

Result<HostTensor> fakeQuantizeWeight(const Graph& graph, const LayerWeight& weight, int bits,
                                      const RangeOptions& options, const RoundingMask* rounding) {
    const Value& v = graph.value(weight.value);
    if (!v.isConstant() || v.initializer->dtype != DataType::Float)
        return Error{"weight '" + v.name + "' is not a float32 constant"};
    const HostTensor w = HostTensor::fromConstant(v.initializer);
    if (rounding) {
        if (weight.groups > 1)
            return Error{"weight '" + v.name + "' has no adaptive rounding (grouped ConvTranspose)",
                         ErrorKind::Internal};
        auto params = chooseParams(w, QuantScheme::weights(bits, weight.axis), options, v.name);
        if (!params)
            return params.error();
        return roundedWeight(w, *params, *rounding, v.name);
    }
    if (weight.groups > 1) {
        const HostTensor major = regroup(w, weight.groups, true);
        auto q = fakeQuantize(major, QuantScheme::weights(bits, 0), options, v.name);
        if (!q)
            return q.error();
        return regroup(*q, weight.groups, false).reshaped(w.dims());
    }
    return fakeQuantize(w, QuantScheme::weights(bits, weight.axis), options, v.name);
}

} // namespace autosplit
