#include "core/quant/channel_equalization.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace autosplit {

namespace {

bool isOpType(const Node& node, const char* op) {
    return node.domain.empty() && node.opType == op;
}

// How a reader multiplies the tensor by its constant weight: which weight elements belong to
// input channel c.
struct Reader {
    NodeId node = kNone;
    enum class Kind { Conv, GemmRows, GemmColumns } kind = Kind::Conv;
    bool depthwise = false;
};

const Tensor* floatWeight(const Graph& graph, const Node& node, size_t slot) {
    const Tensor* w = graph.constantInput(node, slot);
    return w && w->dtype == DataType::Float ? w : nullptr;
}

// The readers of `value` when all of them multiply it by a constant float weight along its
// channel axis (C channels), else nothing.
std::optional<std::vector<Reader>> readersOf(const Graph& graph, ValueId value, int64_t channels) {
    std::vector<Reader> readers;
    for (NodeId id : graph.value(value).consumers) {
        const Node& n = graph.node(id);
        if (n.inputs.empty() || n.inputs[0] != value)
            return std::nullopt;
        for (size_t i = 1; i < n.inputs.size(); ++i)
            if (n.inputs[i] == value)
                return std::nullopt;
        const Tensor* w = floatWeight(graph, n, 1);
        if (!w)
            return std::nullopt;
        Reader r;
        r.node = id;
        if (isOpType(n, "Conv")) {
            const int64_t group = n.attrInt("group", 1);
            if (w->dims.size() < 3 || group < 1 || channels % group != 0 ||
                w->dims[1] * group != channels || w->dims[0] % group != 0)
                return std::nullopt;
            r.depthwise = group == channels && w->dims[1] == 1;
        } else if (graph.value(value).shape.dims.size() != 2) {
            return std::nullopt; // a Gemm/MatMul reads channels on the last axis, not axis 1
        } else if (isOpType(n, "Gemm") && n.attrInt("transA", 0) == 0 && w->dims.size() == 2) {
            const bool transB = n.attrInt("transB", 0) != 0;
            if (w->dims[transB ? 1 : 0] != channels)
                return std::nullopt;
            r.kind = transB ? Reader::Kind::GemmColumns : Reader::Kind::GemmRows;
        } else if (isOpType(n, "MatMul") && w->dims.size() == 2 && w->dims[0] == channels) {
            r.kind = Reader::Kind::GemmRows;
        } else {
            return std::nullopt;
        }
        readers.push_back(r);
    }
    if (readers.empty())
        return std::nullopt;
    return readers;
}

// Calls f(element index, input channel) for every element of a reader's weight.
template <typename F> void forEachWeight(const Node& n, const Tensor& w, const Reader& r, F f) {
    const int64_t count = w.elementCount();
    if (r.kind == Reader::Kind::Conv) {
        // W [M, C/g, k...]: element (m, j, ...) reads input channel g(m) * C/g + j
        const int64_t group = n.attrInt("group", 1);
        const int64_t perGroupIn = w.dims[1], perGroupOut = w.dims[0] / group;
        int64_t kernel = 1;
        for (size_t i = 2; i < w.dims.size(); ++i)
            kernel *= w.dims[i];
        for (int64_t e = 0; e < count; ++e) {
            const int64_t m = e / (perGroupIn * kernel), j = (e / kernel) % perGroupIn;
            f(e, (m / perGroupOut) * perGroupIn + j);
        }
    } else if (r.kind == Reader::Kind::GemmRows) { // B [C, N]: row c
        const int64_t cols = w.dims[1];
        for (int64_t e = 0; e < count; ++e)
            f(e, e / cols);
    } else { // B^T [N, C]: column c
        const int64_t cols = w.dims[1];
        for (int64_t e = 0; e < count; ++e)
            f(e, e % cols);
    }
}

// Where the producer can take the division by s: its weights (positively homogeneous
// activation, so act(x / s) = act(x) / s for s > 0) or its fused activation's channel scale.
enum class Producer { None, Weights, ChannelScale };

Producer producerKind(const Graph& graph, const Node& n, int64_t channels) {
    using Kind = FusedActivation::Kind;
    const FusedActivation& a = n.activation;
    const bool homogeneous =
        (a.kind == Kind::None || a.kind == Kind::Relu || a.kind == Kind::LeakyRelu) &&
        !a.hasOutputAffine() && !a.hasChannelScale();
    const Tensor* w = floatWeight(graph, n, 1);
    const bool bias = n.inputs.size() < 3 || n.inputs[2] == kNone || floatWeight(graph, n, 2);
    if (homogeneous && !n.residualAdd && isOpType(n, "Conv") && w && bias && !w->dims.empty() &&
        w->dims[0] == channels)
        return Producer::Weights;
    if (!a.isNone())
        return Producer::ChannelScale;
    return Producer::None;
}

struct Candidate {
    NodeId layer = kNone;
    ValueId value = kNone;
    int64_t channels = 0;
    Producer producer = Producer::None;
    std::vector<Reader> readers;
    std::vector<double> maxAbs;
};

std::vector<float> floatsOf(const Tensor& t) {
    return t.toFloats().value_or(std::vector<float>{});
}

// Replaces constant input `slot` of `node` with `values` (same dims). In place when the node is
// the constant's only reader, else as a new constant so that the other readers keep the old value.
// Either way no value is left unused, so finalize() keeps every value's id: the split analysis,
// candidates and reports name tensors by the ids of the graph before equalization.
void setWeight(Graph& graph, NodeId node, size_t slot, const std::vector<float>& values,
               const std::string& suffix) {
    const ValueId oldId = graph.node(node).inputs[slot];
    Value& old = graph.value(oldId);
    Tensor tensor = Tensor::fromFloats(old.initializer->dims, values);
    if (old.consumers.size() == 1 && old.consumers.front() == node) {
        old.initializer = std::make_shared<const Tensor>(std::move(tensor));
        return;
    }
    const ValueId id = graph.addConstant(old.name + suffix, std::move(tensor));
    Value& previous = graph.value(oldId);
    previous.consumers.erase(
        std::remove(previous.consumers.begin(), previous.consumers.end(), node),
        previous.consumers.end());
    graph.node(node).inputs[slot] = id;
    graph.value(id).consumers.push_back(node);
}

double rangeRatio(const std::vector<double>& a) {
    double hi = 0.0, lo = INFINITY;
    for (double v : a)
        if (v > 0.0) {
            hi = std::max(hi, v);
            lo = std::min(lo, v);
        }
    return hi > 0.0 ? hi / lo : 1.0;
}

} // namespace

Result<EqualizationResult> equalizeChannels(const Executor& executor,
                                            std::span<const std::vector<HostTensor>> samples,
                                            const EqualizationOptions& options,
                                            const ProgressCallback& progress,
                                            const CancellationToken& cancel) {
    if ((options.denseAlpha && !(*options.denseAlpha >= 0.0 && *options.denseAlpha <= 1.0)) ||
        !(options.minScale > 0.0 && options.minScale <= 1.0) || !(options.minRangeRatio >= 1.0))
        return Error{"channel equalization: alpha must be in [0, 1], the smallest scale in "
                     "(0, 1] and the range ratio at least 1",
                     ErrorKind::Usage};
    const Graph& graph = executor.graph();
    std::map<ValueId, Candidate> candidates;
    for (size_t i = 0; i < graph.nodeCount(); ++i) {
        const auto id = static_cast<NodeId>(i);
        if (graph.isRemoved(id))
            continue;
        const Node& n = graph.node(id);
        if (n.outputs.empty() || n.outputs[0] == kNone)
            continue;
        const Value& v = graph.value(n.outputs[0]);
        if (v.isGraphOutput || v.dtype != DataType::Float || v.shape.dims.size() < 2 ||
            v.shape.dims[1] <= 1)
            continue;
        const int64_t channels = v.shape.dims[1];
        const Producer producer = producerKind(graph, n, channels);
        if (producer == Producer::None)
            continue;
        auto readers = readersOf(graph, n.outputs[0], channels);
        if (!readers)
            continue;
        candidates[n.outputs[0]] = Candidate{
            id,       n.outputs[0],        channels,
            producer, std::move(*readers), std::vector<double>(static_cast<size_t>(channels))};
    }
    EqualizationResult result;
    result.graph = std::make_shared<const Graph>(graph);
    if (candidates.empty() || samples.empty())
        return result;

    // the channels' largest |y| over the samples
    for (size_t s = 0; s < samples.size(); ++s) {
        if (cancel.isCancelled())
            return Error{"channel equalization cancelled", ErrorKind::Cancelled};
        RunRequest run;
        for (size_t i = 0; i < samples[s].size() && i < graph.inputs().size(); ++i)
            run.feeds[graph.value(graph.inputs()[i]).name] = samples[s][i];
        run.hooks.onOutput = [&](NodeId, ValueId value, HostTensor& tensor) {
            auto it = candidates.find(value);
            if (it == candidates.end() || tensor.dtype() != DataType::Float ||
                tensor.dims().size() < 2 || tensor.dims()[1] != it->second.channels)
                return;
            const auto& dims = tensor.dims();
            int64_t inner = 1;
            for (size_t i = 2; i < dims.size(); ++i)
                inner *= dims[i];
            const float* d = tensor.data<float>();
            auto& maxAbs = it->second.maxAbs;
            for (int64_t n = 0; n < dims[0]; ++n)
                for (int64_t c = 0; c < dims[1]; ++c) {
                    const float* p = d + (n * dims[1] + c) * inner;
                    double m = maxAbs[static_cast<size_t>(c)];
                    for (int64_t i = 0; i < inner; ++i)
                        m = std::max(m, static_cast<double>(std::fabs(p[i])));
                    maxAbs[static_cast<size_t>(c)] = m;
                }
        };
        auto ran = executor.run(run, cancel);
        if (!ran)
            return ran.error().prefixed("channel equalization, sample " + std::to_string(s + 1) +
                                        ": ");
        reportProgress(progress, static_cast<double>(s + 1) / static_cast<double>(samples.size()),
                       "equalizing channels");
    }

    Graph out = graph;
    for (auto& [value, c] : candidates) {
        const double before = rangeRatio(c.maxAbs);
        if (before < options.minRangeRatio ||
            !std::all_of(c.maxAbs.begin(), c.maxAbs.end(),
                         [](double a) { return std::isfinite(a); }))
            continue;
        const bool depthwise = std::all_of(c.readers.begin(), c.readers.end(),
                                           [](const Reader& r) { return r.depthwise; });
        if (!depthwise && !options.denseAlpha)
            continue;
        const double alpha = depthwise ? 1.0 : *options.denseAlpha;
        // the readers' largest |weight| per input channel
        std::vector<double> w(static_cast<size_t>(c.channels), 0.0);
        for (const Reader& r : c.readers) {
            const Node& n = out.node(r.node);
            const Tensor& t = *out.constantInput(n, 1);
            const auto values = floatsOf(t);
            forEachWeight(n, t, r, [&](int64_t e, int64_t ch) {
                w[static_cast<size_t>(ch)] =
                    std::max(w[static_cast<size_t>(ch)],
                             static_cast<double>(std::fabs(values[static_cast<size_t>(e)])));
            });
        }
        std::vector<double> s(static_cast<size_t>(c.channels));
        double top = 0.0;
        for (size_t i = 0; i < s.size(); ++i) {
            const double a = c.maxAbs[i], wi = w[i];
            s[i] = (a > 0.0 && wi > 0.0) ? std::pow(a, alpha) / std::pow(wi, 1.0 - alpha) : 0.0;
            top = std::max(top, s[i]);
        }
        if (!(top > 0.0) || !std::isfinite(top))
            continue;
        for (double& x : s)
            x = std::max(x / top, options.minScale);

        // the producer divides by s
        Node& producer = out.node(c.layer);
        if (c.producer == Producer::Weights) {
            const Tensor& wt = *out.constantInput(producer, 1);
            auto values = floatsOf(wt);
            const size_t block = values.size() / static_cast<size_t>(c.channels);
            for (size_t e = 0; e < values.size(); ++e)
                values[e] = static_cast<float>(values[e] / s[e / block]);
            setWeight(out, c.layer, 1, values, "_equalized");
            if (producer.inputs.size() > 2 && producer.inputs[2] != kNone) {
                auto bias = floatsOf(*out.constantInput(out.node(c.layer), 2));
                for (size_t i = 0; i < bias.size(); ++i)
                    bias[i] = static_cast<float>(bias[i] / s[i]);
                setWeight(out, c.layer, 2, bias, "_equalized");
            }
        } else {
            auto& scale = producer.activation.channelScale;
            if (scale.empty())
                scale.assign(s.size(), 1.f);
            for (size_t i = 0; i < s.size(); ++i)
                scale[i] = static_cast<float>(scale[i] / s[i]);
        }
        // the readers multiply their weights for channel c by s_c
        for (const Reader& r : c.readers) {
            const Node& n = out.node(r.node);
            const Tensor& t = *out.constantInput(n, 1);
            auto values = floatsOf(t);
            forEachWeight(n, t, r, [&](int64_t e, int64_t ch) {
                values[static_cast<size_t>(e)] =
                    static_cast<float>(values[static_cast<size_t>(e)] * s[static_cast<size_t>(ch)]);
            });
            setWeight(out, r.node, 1, values, "_equalized");
        }
        std::vector<double> after(c.maxAbs.size());
        for (size_t i = 0; i < after.size(); ++i)
            after[i] = c.maxAbs[i] / s[i];
        EqualizedTensor e;
        e.tensor = graph.value(value).name;
        e.layer = static_cast<int>(c.layer) + 1;
        e.rangeRatioBefore = before;
        e.rangeRatioAfter = rangeRatio(after);
        e.intoWeights = c.producer == Producer::Weights;
        result.tensors.push_back(e);
    }
    if (result.tensors.empty())
        return result;
    if (auto s = out.finalize(); !s)
        return s.error().prefixed("channel equalization left an invalid graph: ");
    result.graph = std::make_shared<const Graph>(std::move(out));
    return result;
}

} // namespace autosplit
