#include "core/passes/channel_affine_folding.h"

#include "core/graph/tensor_elements.h"
#include "core/passes/pass_helpers.h"

#include <cstring>
#include <functional>
#include <memory>
#include <optional>

namespace autosplit {

namespace {

// The weight split into runs of `block` consecutive elements, each run in one output channel.
struct ChannelLayout {
    size_t block = 1;
    std::function<size_t(size_t)> channelOfBlock;
};

// Conv W [M, C/group, k...]: output channel m is the m-th block.
std::optional<ChannelLayout> convLayout(const Tensor& w, size_t channels) {
    if (w.dims.size() < 3 || static_cast<size_t>(w.dims[0]) != channels || channels == 0)
        return std::nullopt;
    return ChannelLayout{static_cast<size_t>(w.elementCount()) / channels,
                         [](size_t b) { return b; }};
}

// ConvTranspose W [Cin, M/group, k...]: input channel c of group g = c / (Cin/group) feeds
// output channels g * M/group + j, so block (c, j) belongs to that output channel.
std::optional<ChannelLayout> convTransposeLayout(const Node& layer, const Tensor& w,
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
std::optional<ChannelLayout> gemmLayout(const Node& layer, const Tensor& w, size_t channels) {
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

std::optional<ChannelLayout> layoutOf(const Node& layer, const Tensor& w, size_t channels) {
    if (isOp(layer, "Conv"))
        return convLayout(w, channels);
    if (isOp(layer, "ConvTranspose"))
        return convTransposeLayout(layer, w, channels);
    return gemmLayout(layer, w, channels);
}

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

// b' = b * scale + shift (b = 0 without a bias).
std::optional<Elements> convBias(const Graph& graph, const Node& layer, const ChannelAffine& a) {
    const size_t channels = a.scale.size();
    std::vector<double> b(channels, 0.0);
    if (layer.inputs.size() > 2 && layer.inputs[2] != kNone) {
        auto values = realValues(graph.constantInput(layer, 2));
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
std::optional<Elements> gemmBias(const Graph& graph, const Node& layer, const ChannelAffine& a) {
    const size_t channels = a.scale.size();
    std::vector<double> c(channels, 0.0);
    if (layer.inputs.size() > 2 && layer.inputs[2] != kNone) {
        const Tensor* t = graph.constantInput(layer, 2);
        auto values = realValues(t);
        if (!values)
            return std::nullopt;
        const bool perColumn =
            (t->dims.size() == 1 && static_cast<size_t>(t->dims[0]) == channels) ||
            (t->dims.size() == 2 && t->dims[0] == 1 && static_cast<size_t>(t->dims[1]) == channels);
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
                      const std::string& fallback, const std::string& suffix) {
    if (slot < node.inputs.size() && node.inputs[slot] != kNone)
        return graph.value(node.inputs[slot]).name + suffix;
    return fallback + suffix;
}

} // namespace

std::optional<std::vector<double>> realValues(const Tensor* t) {
    if (!t || !isFloatingPoint(t->dtype))
        return std::nullopt;
    auto e = readElements(*t);
    if (!e)
        return std::nullopt;
    return std::move(e->reals);
}

NodeId affineFoldTarget(const Graph& graph, NodeId op, ValueId x) {
    if (x == kNone)
        return kNone;
    const NodeId layerId = graph.value(x).producer;
    if (layerId == kNone || soleConsumerOfFirstOutput(graph, layerId) != op)
        return kNone;
    const Node& layer = graph.node(layerId);
    if ((!isOp(layer, "Conv") && !isOp(layer, "ConvTranspose") && !isOp(layer, "Gemm")) ||
        !layer.activation.isNone() || layer.residualAdd)
        return kNone;
    return layerId;
}

size_t outputChannels(const Graph& graph, const Node& layer) {
    const Tensor* w = graph.constantInput(layer, 1);
    if (!w || !isFloatingPoint(w->dtype))
        return 0;
    if (isOp(layer, "Conv"))
        return w->dims.size() >= 3 && w->dims[0] > 0 ? static_cast<size_t>(w->dims[0]) : 0;
    if (isOp(layer, "ConvTranspose")) {
        const int64_t group = layer.attrInt("group", 1);
        return w->dims.size() >= 3 && group >= 1 && w->dims[1] > 0
                   ? static_cast<size_t>(w->dims[1] * group)
                   : 0;
    }
    if (isOp(layer, "Gemm") && w->dims.size() == 2)
        return static_cast<size_t>(w->dims[layer.attrInt("transB", 0) != 0 ? 0 : 1]);
    return 0;
}

std::string foldChannelAffine(Graph& graph, NodeId layerId, NodeId opId,
                              const ChannelAffine& affine, const std::string& suffix) {
    const Node& layer = graph.node(layerId);
    const Tensor* w = graph.constantInput(layer, 1);
    if (!w || !isFloatingPoint(w->dtype))
        return describe(layer) + " has no floating-point constant weight";
    const size_t given = affine.scale.size();
    const size_t channels = given == 1 ? outputChannels(graph, layer) : given;
    if (affine.shift.size() != given || given == 0 || channels == 0)
        return "its scale and shift do not describe the output channels of " + describe(layer);
    ChannelAffine a = affine;
    if (given == 1) {
        a.scale.assign(channels, affine.scale.front());
        a.shift.assign(channels, affine.shift.front());
    }
    const auto layout = layoutOf(layer, *w, channels);
    if (!layout)
        return "its " + std::to_string(channels) + " channels do not match the weight " +
               TensorShape::of(w->dims).toString() + " of " + describe(layer);
    const bool gemm = isOp(layer, "Gemm");
    auto bias = gemm ? gemmBias(graph, layer, a) : convBias(graph, layer, a);
    if (!bias)
        return "the bias of " + describe(layer) + " is not a constant of " +
               std::to_string(channels) + " floating-point values";
    auto scaled = scaleWeights(*w, *layout, a.scale);
    auto biasTensor = makeTensor(w->dtype, {static_cast<int64_t>(channels)}, *bias);
    if (!scaled || !biasTensor)
        return "its weights cannot be rewritten";

    const std::string opName = graph.node(opId).name;
    const std::string layerName = layer.name;
    const std::string weightName = inputName(graph, layer, 1, layerName + ".weight", suffix);
    const std::string biasName = inputName(graph, layer, 2, layerName + ".bias", suffix);
    setConstantInput(graph, layerId, 1, std::move(*scaled), weightName);
    setConstantInput(graph, layerId, 2, std::move(*biasTensor), biasName);
    Node& rewritten = graph.node(layerId);
    if (gemm)
        rewritten.attributes["beta"] = Attribute::ofFloat(1.f); // the bias now holds beta * C
    rewritten.folded.push_back(opName);
    absorbSuccessor(graph, layerId, opId);
    return {};
}

} // namespace autosplit
