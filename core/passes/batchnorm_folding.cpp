#include "core/passes/batchnorm_folding.h"

#include "core/graph/tensor_elements.h"
#include "core/passes/pass_helpers.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>

namespace autosplit {

namespace {

// Per output channel: y = x * scale + shift is what the BN computes.
struct ChannelAffine {
    std::vector<double> scale;
    std::vector<double> shift;
};

std::optional<std::vector<double>> realValues(const Tensor* t) {
    if (!t || !isFloatingPoint(t->dtype))
        return std::nullopt;
    auto e = readElements(*t);
    if (!e)
        return std::nullopt;
    return std::move(e->reals);
}

// The BN's affine map, or a reason it cannot be folded.
std::optional<ChannelAffine> bnAffine(const Graph& graph, const Node& bn, std::string& why) {
    auto gamma = realValues(graph.constantInput(bn, 1));
    auto beta = realValues(graph.constantInput(bn, 2));
    auto mean = realValues(graph.constantInput(bn, 3));
    auto var = realValues(graph.constantInput(bn, 4));
    if (!gamma || !beta || !mean || !var) {
        why = "its scale, bias, mean and variance are not all floating-point constants";
        return std::nullopt;
    }
    const size_t c = gamma->size();
    if (beta->size() != c || mean->size() != c || var->size() != c) {
        why = "its scale, bias, mean and variance differ in length";
        return std::nullopt;
    }
    const double eps = bn.attrFloat("epsilon", 1e-5f);
    ChannelAffine a;
    a.scale.resize(c);
    a.shift.resize(c);
    for (size_t i = 0; i < c; ++i) {
        a.scale[i] = (*gamma)[i] / std::sqrt((*var)[i] + eps);
        a.shift[i] = (*beta)[i] - (*mean)[i] * a.scale[i];
    }
    return a;
}

// The weight split into runs of `block` consecutive elements, each run in one output channel.
struct ChannelLayout {
    size_t block = 1;
    std::function<size_t(size_t)> channelOfBlock;
};

// w * scale[channel], in w's type. float32 (nearly every model) is scaled straight from the raw
// bytes; other floating types go through double.
std::optional<Tensor> scaleWeights(const Tensor& w, const ChannelLayout& layout,
                                   const std::vector<double>& scale) {
    const auto count = static_cast<size_t>(w.elementCount());
    const size_t blocks = count / layout.block;
    if (w.dtype == DataType::Float) {
        if (w.raw.size() != count * sizeof(float))
            return std::nullopt;
        Tensor out;
        out.dtype = w.dtype;
        out.dims = w.dims;
        out.raw.resize(w.raw.size());
        const char* src = w.raw.data();
        char* dst = out.raw.data();
        for (size_t b = 0; b < blocks; ++b) {
            const double s = scale[layout.channelOfBlock(b)];
            for (size_t i = b * layout.block, end = i + layout.block; i < end; ++i) {
                float v;
                std::memcpy(&v, src + i * sizeof(float), sizeof(float));
                v = static_cast<float>(static_cast<double>(v) * s);
                std::memcpy(dst + i * sizeof(float), &v, sizeof(float));
            }
        }
        return out;
    }
    auto values = readElements(w);
    if (!values || !values->real)
        return std::nullopt;
    for (size_t b = 0; b < blocks; ++b) {
        const double s = scale[layout.channelOfBlock(b)];
        for (size_t i = b * layout.block, end = i + layout.block; i < end; ++i)
            values->reals[i] *= s;
    }
    return makeTensor(w.dtype, w.dims, *values);
}

// Puts `tensor` into input `slot` of `layer`: in place when the layer is the only reader of the
// old constant (its name stays), as a new constant otherwise (a shared weight keeps its value for
// the other readers).
void setConstantInput(Graph& graph, NodeId layer, size_t slot, Tensor tensor,
                      const std::string& newName) {
    Node& node = graph.node(layer);
    if (slot < node.inputs.size() && node.inputs[slot] != kNone) {
        Value& old = graph.value(node.inputs[slot]);
        if (old.isConstant() && !old.isGraphInput && !old.isGraphOutput &&
            old.consumers.size() == 1 && old.consumers.front() == layer) {
            bool once = true;
            for (size_t i = 0; i < node.inputs.size(); ++i)
                once = once && (i == slot || node.inputs[i] != node.inputs[slot]);
            if (once) {
                old.dtype = tensor.dtype;
                old.shape = TensorShape::of(tensor.dims);
                old.initializer = std::make_shared<const Tensor>(std::move(tensor));
                return;
            }
        }
    }
    const ValueId id = graph.addConstant(newName, std::move(tensor));
    Node& n = graph.node(layer); // addConstant does not move nodes, but keep the reference fresh
    if (n.inputs.size() <= slot)
        n.inputs.resize(slot + 1, kNone);
    n.inputs[slot] = id;
    graph.value(id).consumers.push_back(layer);
}

std::string inputName(const Graph& graph, const Node& node, size_t slot,
                      const std::string& fallback) {
    if (slot < node.inputs.size() && node.inputs[slot] != kNone)
        return graph.value(node.inputs[slot]).name + "_bnfolded";
    return fallback;
}

class Folder {
public:
    Folder(Graph& graph, PassReport& report) : m_graph(graph), m_report(report) {}

    void tryFold(NodeId bnId) {
        const Node& bn = m_graph.node(bnId);
        if (bn.inputs.size() < 5 || bn.inputs[0] == kNone || bn.outputs.empty() ||
            bn.outputs[0] == kNone)
            return;
        const NodeId layerId = m_graph.value(bn.inputs[0]).producer;
        if (layerId == kNone || soleConsumerOfFirstOutput(m_graph, layerId) != bnId)
            return;
        const Node& layer = m_graph.node(layerId);
        const bool conv = isOp(layer, "Conv"), convT = isOp(layer, "ConvTranspose"),
                   gemm = isOp(layer, "Gemm");
        if ((!conv && !convT && !gemm) || !layer.activation.isNone() || layer.residualAdd)
            return;
        // From here on the BN follows a foldable layer: say why when it cannot be folded.
        const int64_t opset = m_graph.opsetVersion();
        if (hasExtraOutputsInUse(m_graph, bn))
            return keep(bn, "its running mean/variance outputs are used (training mode)");
        if (opset >= 14 && bn.attrInt("training_mode", 0) != 0)
            return keep(bn, "training_mode is set");
        if (opset < 9 && bn.attrInt("spatial", 1) != 1)
            return keep(bn, "spatial=0 normalizes per element, not per channel");
        std::string why;
        auto affine = bnAffine(m_graph, bn, why);
        if (!affine)
            return keep(bn, why);
        const Tensor* w = m_graph.constantInput(layer, 1);
        if (!w || !isFloatingPoint(w->dtype))
            return keep(bn, describe(layer) + " has no floating-point constant weight");
        const size_t channels = affine->scale.size();
        std::optional<ChannelLayout> layout;
        if (conv)
            layout = convLayout(*w, channels);
        else if (convT)
            layout = convTransposeLayout(layer, *w, channels);
        else
            layout = gemmLayout(layer, *w, channels);
        if (!layout)
            return keep(bn, "its " + std::to_string(channels) +
                                " channels do not match the weight " +
                                TensorShape::of(w->dims).toString() + " of " + describe(layer));
        auto bias = gemm ? gemmBias(layer, *affine) : convBias(layer, *affine);
        if (!bias)
            return keep(bn, "the bias of " + describe(layer) + " is not a constant of " +
                                std::to_string(channels) + " floating-point values");
        auto scaled = scaleWeights(*w, *layout, affine->scale);
        auto biasTensor = makeTensor(w->dtype, {static_cast<int64_t>(channels)}, *bias);
        if (!scaled || !biasTensor)
            return keep(bn, "its weights cannot be rewritten");

        m_report.changes.push_back("folded " + describe(bn) + " into " + describe(layer));
        const std::string bnName = bn.name;
        const std::string layerName = layer.name;
        const std::string weightName = inputName(m_graph, layer, 1, layerName + ".weight_bnfolded");
        const std::string biasName = inputName(m_graph, layer, 2, layerName + ".bias_bnfolded");
        setConstantInput(m_graph, layerId, 1, std::move(*scaled), weightName);
        setConstantInput(m_graph, layerId, 2, std::move(*biasTensor), biasName);
        Node& rewritten = m_graph.node(layerId);
        if (gemm)
            rewritten.attributes["beta"] = Attribute::ofFloat(1.f); // the bias now holds beta * C
        rewritten.folded.push_back(bnName);
        absorbSuccessor(m_graph, layerId, bnId);
        m_report.modified = true;
    }

private:
    void keep(const Node& bn, const std::string& why) {
        m_report.notes.push_back("kept " + describe(bn) + ": " + why);
    }

    // Conv W [M, C/group, k...]: output channel m is the m-th block.
    static std::optional<ChannelLayout> convLayout(const Tensor& w, size_t channels) {
        if (w.dims.size() < 3 || static_cast<size_t>(w.dims[0]) != channels || channels == 0)
            return std::nullopt;
        return ChannelLayout{static_cast<size_t>(w.elementCount()) / channels,
                             [](size_t b) { return b; }};
    }

    // ConvTranspose W [Cin, M/group, k...]: input channel c of group g = c / (Cin/group) feeds
    // output channels g * M/group + j, so block (c, j) belongs to that output channel.
    static std::optional<ChannelLayout> convTransposeLayout(const Node& layer, const Tensor& w,
                                                            size_t channels) {
        const int64_t group = layer.attrInt("group", 1);
        if (w.dims.size() < 3 || group < 1 || w.dims[0] % group != 0 ||
            static_cast<size_t>(w.dims[1] * group) != channels)
            return std::nullopt;
        const auto perGroupOut = static_cast<size_t>(w.dims[1]);
        const auto perGroupIn = static_cast<size_t>(w.dims[0] / group);
        size_t kernel = 1;
        for (size_t i = 2; i < w.dims.size(); ++i)
            kernel *= static_cast<size_t>(w.dims[i]);
        return ChannelLayout{kernel, [=](size_t b) {
                                 const size_t c = b / perGroupOut, j = b % perGroupOut;
                                 return (c / perGroupIn) * perGroupOut + j;
                             }};
    }

    // Gemm B: [M, K] with transB (row m is a block), [K, M] without (column m, element-wise).
    static std::optional<ChannelLayout> gemmLayout(const Node& layer, const Tensor& w,
                                                   size_t channels) {
        if (w.dims.size() != 2)
            return std::nullopt;
        if (layer.attrInt("transB", 0) != 0) {
            if (static_cast<size_t>(w.dims[0]) != channels)
                return std::nullopt;
            return ChannelLayout{static_cast<size_t>(w.dims[1]), [](size_t b) { return b; }};
        }
        if (static_cast<size_t>(w.dims[1]) != channels)
            return std::nullopt;
        return ChannelLayout{1, [channels](size_t b) { return b % channels; }};
    }

    // b' = b * scale + shift (b = 0 without a bias).
    std::optional<Elements> convBias(const Node& layer, const ChannelAffine& a) const {
        const size_t channels = a.scale.size();
        std::vector<double> b(channels, 0.0);
        if (layer.inputs.size() > 2 && layer.inputs[2] != kNone) {
            auto values = realValues(m_graph.constantInput(layer, 2));
            if (!values || values->size() != channels)
                return std::nullopt;
            b = std::move(*values);
        }
        Elements out;
        out.real = true;
        for (size_t i = 0; i < channels; ++i)
            out.reals.push_back(b[i] * a.scale[i] + a.shift[i]);
        return out;
    }

    // Gemm computes alpha*A*B + beta*C; the new C (with beta 1) is (beta*C) * scale + shift. Only
    // a C that is the same for every row (scalar, [M], [1, M]) folds into a per-channel bias.
    std::optional<Elements> gemmBias(const Node& layer, const ChannelAffine& a) const {
        const size_t channels = a.scale.size();
        std::vector<double> c(channels, 0.0);
        if (layer.inputs.size() > 2 && layer.inputs[2] != kNone) {
            const Tensor* t = m_graph.constantInput(layer, 2);
            auto values = realValues(t);
            if (!values)
                return std::nullopt;
            const bool perColumn =
                (t->dims.size() == 1 && static_cast<size_t>(t->dims[0]) == channels) ||
                (t->dims.size() == 2 && t->dims[0] == 1 &&
                 static_cast<size_t>(t->dims[1]) == channels);
            if (values->size() == 1)
                c.assign(channels, values->front());
            else if (perColumn)
                c = std::move(*values);
            else
                return std::nullopt;
            const double beta = layer.attrFloat("beta", 1.f);
            for (double& v : c)
                v *= beta;
        }
        Elements out;
        out.real = true;
        for (size_t i = 0; i < channels; ++i)
            out.reals.push_back(c[i] * a.scale[i] + a.shift[i]);
        return out;
    }

    Graph& m_graph;
    PassReport& m_report;
};

} // namespace

Status BatchNormFolding::run(Graph& graph, PassReport& report) {
    Folder folder(graph, report);
    for (size_t n = 0; n < graph.nodeCount(); ++n) {
        const auto id = static_cast<NodeId>(n);
        if (!graph.isRemoved(id) && isOp(graph.node(id), "BatchNormalization"))
            folder.tryFold(id);
    }
    return Status::success();
}

} // namespace autosplit
