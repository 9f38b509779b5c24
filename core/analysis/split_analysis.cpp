#include "core/analysis/split_analysis.h"

#include "core/analysis/layer_costs.h"
#include "core/analysis/li_rule.h"

#include <algorithm>
#include <map>
#include <utility>

namespace autosplit {

namespace {

// ceil(elements * bits / 8) without overflowing for any element count that fits int64.
std::optional<int64_t> packedBytes(int64_t elements, int bits) {
    if (elements < 0 || bits < 1 || bits > 64)
        return std::nullopt;
    int64_t whole = 0;
    if (__builtin_mul_overflow(elements / 8, static_cast<int64_t>(bits), &whole))
        return std::nullopt;
    const int64_t rest = ((elements % 8) * bits + 7) / 8;
    int64_t total = 0;
    if (__builtin_add_overflow(whole, rest, &total))
        return std::nullopt;
    return total;
}

bool addChecked(int64_t& sum, int64_t term) {
    return !__builtin_add_overflow(sum, term, &sum);
}

constexpr int kCheckEvery = 256; // layers between cancellation checks inside a step

// Warnings grouped by kind so a model with 500 unknown-shape layers gets one line, not 500.
class WarningCollector {
public:
    void unknownOp(const Node& node) {
        auto& g = m_unknownOps[{node.domain, node.opType}];
        if (g.count++ == 0) {
            g.first = node.name;
            m_unknownOpOrder.push_back({node.domain, node.opType});
        }
    }
    void notModelled(const Node& node) {
        auto& g = m_notModelled[node.opType];
        if (g.count++ == 0) {
            g.first = node.name;
            m_notModelledOrder.push_back(node.opType);
        }
    }
    void shapeUnknown(const Node& node) {
        if (m_shapeUnknown.count++ == 0)
            m_shapeUnknown.first = node.opType + " '" + node.name + "'";
    }
    void overflow(const Node& node) { m_overflow.push_back(node.name); }
    void unknownSize(const std::string& what) {
        if (m_unknownSize.count++ == 0)
            m_unknownSize.first = what;
    }

    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (const auto& key : m_unknownOpOrder) {
            const Group& g = m_unknownOps.at(key);
            out.push_back("op '" + key.second + "'" +
                          (key.first.empty() ? std::string() : " (domain '" + key.first + "')") +
                          " is not a known ONNX op: its MACs are unknown (" +
                          std::to_string(g.count) + " node(s), first '" + g.first + "')");
        }
        for (const auto& op : m_notModelledOrder) {
            const Group& g = m_notModelled.at(op);
            out.push_back("MACs of op '" + op + "' are not modelled and reported as unknown (" +
                          std::to_string(g.count) + " node(s), first '" + g.first + "')");
        }
        if (m_shapeUnknown.count > 0)
            out.push_back("MACs of " + std::to_string(m_shapeUnknown.count) +
                          " layer(s) are unknown because a shape they need is unknown (first: " +
                          m_shapeUnknown.first + ")");
        for (const auto& name : m_overflow)
            out.push_back("MACs of layer '" + name +
                          "' overflow 64 bits and are reported as unknown");
        if (m_unknownSize.count > 0)
            out.push_back(std::to_string(m_unknownSize.count) +
                          (m_unknownSize.count == 1 ? " tensor has" : " tensors have") +
                          " an unknown size (first: " + m_unknownSize.first +
                          "): cuts crossing them and working sets holding them are unknown");
        return out;
    }

private:
    struct Group {
        int count = 0;
        std::string first;
    };
    std::map<std::pair<std::string, std::string>, Group> m_unknownOps;
    std::vector<std::pair<std::string, std::string>> m_unknownOpOrder;
    std::map<std::string, Group> m_notModelled;
    std::vector<std::string> m_notModelledOrder;
    Group m_shapeUnknown;
    std::vector<std::string> m_overflow;
    Group m_unknownSize;
};

// The analysis expects Graph::finalize()'s invariants; say so instead of computing nonsense.
Status checkFinalized(const Graph& graph) {
    for (NodeId i = 0; i < static_cast<NodeId>(graph.nodeCount()); ++i) {
        if (graph.isRemoved(i))
            return Error{"split analysis: node '" + graph.node(i).name +
                         "' is marked removed; the graph must be finalized first"};
        for (ValueId in : graph.node(i).inputs) {
            if (in == kNone)
                continue;
            if (in < 0 || static_cast<size_t>(in) >= graph.values().size())
                return Error{"split analysis: node '" + graph.node(i).name +
                             "' reads a value id out of range"};
            const NodeId p = graph.value(in).producer;
            if (p != kNone && p >= i)
                return Error{"split analysis: node '" + graph.node(i).name + "' reads '" +
                             graph.value(in).name +
                             "' before it is produced; the graph must be finalized first"};
        }
        for (ValueId out : graph.node(i).outputs)
            if (out != kNone && (out < 0 || static_cast<size_t>(out) >= graph.values().size()))
                return Error{"split analysis: node '" + graph.node(i).name +
                             "' writes a value id out of range"};
    }
    return Status::success();
}

// Constants and values computed from constants only (a weight behind DequantizeLinear).
std::vector<bool> constantDerivedValues(const Graph& graph) {
    std::vector<bool> derived(graph.values().size(), false);
    for (size_t v = 0; v < graph.values().size(); ++v)
        derived[v] = graph.values()[v].isConstant();
    for (const Node& node : graph.nodes()) {
        bool all = true;
        for (ValueId in : node.inputs)
            if (in != kNone && !derived[static_cast<size_t>(in)])
                all = false;
        if (all)
            for (ValueId out : node.outputs)
                if (out != kNone)
                    derived[static_cast<size_t>(out)] = true;
    }
    return derived;
}

} // namespace

std::string_view liRuleName(LiRule rule) {
    switch (rule) {
    case LiRule::Candidate:
        return "candidate";
    case LiRule::InsideBranch:
        return "inside-branch";
    case LiRule::AcrossShortcut:
        return "across-shortcut";
    case LiRule::NonParametric:
        return "non-parametric";
    case LiRule::Boundary:
        return "boundary";
    }
    return "unknown";
}

Result<SplitAnalysis> analyzeSplits(const Graph& graph, const AnalysisOptions& options,
                                    const ProgressCallback& progress,
                                    const CancellationToken& cancel) {
    if (options.rawInputBits < 1 || options.rawInputBits > 64)
        return Error{"split analysis: raw input bits must be 1..64, got " +
                     std::to_string(options.rawInputBits)};
    if (auto s = checkFinalized(graph); !s)
        return s.error();
    const Error cancelled{"analysis cancelled", ErrorKind::Cancelled};
    const int layerCount = static_cast<int>(graph.nodeCount());
    const size_t valueCount = graph.values().size();

    SplitAnalysis a;
    a.options = options;
    WarningCollector warnings;

    // First and last consuming layer (1-based) of every value, from the nodes themselves.
    std::vector<int> firstUse(valueCount, 0);
    std::vector<int> lastUse(valueCount, 0);
    for (int layer = 1; layer <= layerCount; ++layer)
        for (ValueId in : graph.node(layer - 1).inputs) {
            if (in == kNone)
                continue;
            auto v = static_cast<size_t>(in);
            if (firstUse[v] == 0)
                firstUse[v] = layer;
            lastUse[v] = layer;
        }

    // --- Layers: params, weight bytes, MACs, outputs.
    reportProgress(progress, 0.0, "layer costs");
    const std::vector<bool> constantDerived = constantDerivedValues(graph);
    std::map<std::pair<std::string, std::string>, bool> knownOps;
    a.layers.resize(static_cast<size_t>(layerCount));
    a.prefixParams.assign(static_cast<size_t>(layerCount) + 1, 0);
    a.prefixWeightBytes.assign(static_cast<size_t>(layerCount) + 1, 0);
    for (int layer = 1; layer <= layerCount; ++layer) {
        if (layer % kCheckEvery == 0) {
            if (cancel.isCancelled())
                return cancelled;
            reportProgress(progress, 0.4 * layer / layerCount, "layer costs");
        }
        const NodeId id = layer - 1;
        const Node& node = graph.node(id);
        LayerInfo& info = a.layers[static_cast<size_t>(id)];
        info.node = id;
        info.name = node.name;
        info.opType = node.opType;
        info.domain = node.domain;
        info.activation = node.activation.isNone() ? std::string() : node.activation.displayName();
        if (!node.outputs.empty() && node.outputs.front() != kNone)
            info.outputShape = graph.value(node.outputs.front()).shape;

        for (size_t slot = 0; slot < node.inputs.size(); ++slot) {
            const ValueId in = node.inputs[slot];
            if (in == kNone || !graph.value(in).isConstant() ||
                firstUse[static_cast<size_t>(in)] != layer)
                continue;
            // the same constant in two slots of one node is stored once
            if (std::find(node.inputs.begin(), node.inputs.begin() + static_cast<ptrdiff_t>(slot),
                          in) != node.inputs.begin() + static_cast<ptrdiff_t>(slot))
                continue;
            const Tensor& t = *graph.value(in).initializer;
            const int64_t elements = t.elementCount();
            info.params += elements;
            info.weightBytes += packedBytes(elements, std::max(bitsOf(t.dtype), 1)).value_or(0);
        }
        a.prefixParams[static_cast<size_t>(layer)] =
            a.prefixParams[static_cast<size_t>(layer) - 1] + info.params;
        a.prefixWeightBytes[static_cast<size_t>(layer)] =
            a.prefixWeightBytes[static_cast<size_t>(layer) - 1] + info.weightBytes;

        std::optional<int64_t> outputs = 0;
        for (ValueId out : node.outputs) {
            if (out == kNone)
                continue;
            auto count = graph.value(out).shape.elementCount();
            if (!count || !outputs || !addChecked(*outputs, *count))
                outputs = std::nullopt;
        }
        info.outputElements = outputs;

        const auto opKey = std::make_pair(node.domain, node.opType);
        auto known = knownOps.find(opKey);
        if (known == knownOps.end())
            known = knownOps.emplace(opKey, isKnownOnnxOp(graph, node)).first;
        info.knownOp = known->second;
        const LayerCost cost = layerCost(graph, node, info.knownOp, constantDerived);
        info.macs = cost.macs;
        info.parametric = cost.parametric;
        switch (cost.status) {
        case LayerCost::Status::UnknownOp:
            warnings.unknownOp(node);
            break;
        case LayerCost::Status::NotModelled:
            warnings.notModelled(node);
            break;
        case LayerCost::Status::ShapeUnknown:
            warnings.shapeUnknown(node);
            break;
        case LayerCost::Status::Overflow:
            warnings.overflow(node);
            break;
        case LayerCost::Status::Counted:
        case LayerCost::Status::NoMacs:
            break;
        }
    }
    if (cancel.isCancelled())
        return cancelled;

    // --- Values: sizes and the intervals of cuts they cross and steps they are live.
    reportProgress(progress, 0.4, "crossing tensors");
    a.values.resize(valueCount);
    for (size_t v = 0; v < valueCount; ++v) {
        const Value& value = graph.values()[v];
        ValueFacts& f = a.values[v];
        f.constant = value.isConstant();
        f.elements = f.constant ? std::optional<int64_t>(value.initializer->elementCount())
                                : value.shape.elementCount();
        f.rawInput = value.isGraphInput && !f.constant;
        const bool floating = value.dtype == DataType::Undefined || isFloatingPoint(value.dtype);
        if (!floating && bitsOf(value.dtype) == 0)
            f.elements = std::nullopt; // strings: no fixed size
        if (f.rawInput)
            f.fixedBits = floating ? options.rawInputBits : bitsOf(value.dtype);
        else if (!floating)
            f.fixedBits = bitsOf(value.dtype);
        const bool activation = !f.constant && (value.producer != kNone || value.isGraphInput);
        if (!activation)
            continue; // constants live with the weights; firstCut > lastCut, liveFrom > liveTo
        f.producedAt = value.producer == kNone ? 0 : value.producer + 1;
        const bool heldToEnd = value.isGraphOutput;
        const bool sentAtEnd = value.isGraphOutput && !options.outputsConsumedOnEdge;
        f.firstCut = f.producedAt;
        f.lastCut = sentAtEnd ? layerCount : lastUse[v] - 1;
        f.liveFrom = std::max(f.producedAt, 1);
        f.liveTo = heldToEnd ? layerCount : std::max(lastUse[v], f.producedAt);
        if (!f.elements && f.firstCut <= f.lastCut)
            warnings.unknownSize(value.producer == kNone
                                     ? "graph input '" + value.name + "'"
                                     : "'" + value.name + "', output of " +
                                           graph.node(value.producer).opType + " '" +
                                           graph.node(value.producer).name + "'");
    }

    // Each value is added to the cuts of its interval, in producer order: cost is the size of
    // the answer, not cuts x values.
    a.cuts.resize(static_cast<size_t>(layerCount) + 1);
    for (int n = 0; n <= layerCount; ++n)
        a.cuts[static_cast<size_t>(n)].n = n;
    auto addCrossing = [&](ValueId id) {
        const ValueFacts& f = a.values[static_cast<size_t>(id)];
        for (int n = f.firstCut; n <= f.lastCut; ++n) {
            CutInfo& cut = a.cuts[static_cast<size_t>(n)];
            cut.crossing.push_back(id);
            if (!f.elements) {
                cut.sizeKnown = false;
                continue;
            }
            bool ok = true;
            if (f.rawInput)
                ok = addChecked(cut.rawInputBytes,
                                packedBytes(*f.elements, f.fixedBits).value_or(0));
            else if (f.fixedBits > 0)
                ok = addChecked(cut.fixedActivationBytes,
                                packedBytes(*f.elements, f.fixedBits).value_or(0));
            else
                ok = addChecked(cut.activationElements, *f.elements);
            if (!ok)
                cut.sizeKnown = false;
        }
    };
    for (ValueId in : graph.inputs())
        addCrossing(in);
    for (int layer = 1; layer <= layerCount; ++layer) {
        if (layer % kCheckEvery == 0 && cancel.isCancelled())
            return cancelled;
        for (ValueId out : graph.node(layer - 1).outputs)
            if (out != kNone)
                addCrossing(out);
    }
    a.rawInputBytes = a.cuts[0].rawInputBytes;
    a.rawInputSizeKnown = a.cuts[0].sizeKnown;

    // --- Working set per step: difference arrays over each value's live interval.
    reportProgress(progress, 0.7, "working set");
    if (cancel.isCancelled())
        return cancelled;
    const auto steps = static_cast<size_t>(layerCount) + 2;
    std::vector<int64_t> elementDelta(steps, 0), fixedDelta(steps, 0);
    std::vector<int> unknownDelta(steps, 0);
    for (const ValueFacts& f : a.values) {
        if (f.liveFrom > f.liveTo)
            continue;
        const auto from = static_cast<size_t>(f.liveFrom);
        const auto to = static_cast<size_t>(f.liveTo) + 1;
        if (!f.elements) {
            ++unknownDelta[from];
            --unknownDelta[to];
        } else if (f.fixedBits > 0) {
            const int64_t bytes = packedBytes(*f.elements, f.fixedBits).value_or(0);
            fixedDelta[from] += bytes;
            fixedDelta[to] -= bytes;
        } else {
            elementDelta[from] += *f.elements;
            elementDelta[to] -= *f.elements;
        }
    }
    a.workingSetElements.resize(static_cast<size_t>(layerCount));
    a.workingSetRawBytes.resize(static_cast<size_t>(layerCount));
    int64_t liveElements = 0, liveFixed = 0;
    int liveUnknown = 0;
    for (int t = 1; t <= layerCount; ++t) {
        liveElements += elementDelta[static_cast<size_t>(t)];
        liveFixed += fixedDelta[static_cast<size_t>(t)];
        liveUnknown += unknownDelta[static_cast<size_t>(t)];
        a.workingSetElements[static_cast<size_t>(t) - 1] =
            liveUnknown > 0 ? std::nullopt : std::optional<int64_t>(liveElements);
        a.workingSetRawBytes[static_cast<size_t>(t) - 1] = liveFixed;
    }

    // --- Li et al.'s candidate rule.
    reportProgress(progress, 0.8, "candidate rule");
    if (auto s = classifyLiRule(graph, a.layers, a.cuts, cancel); !s)
        return s.error();

    a.warnings = warnings.lines();
    reportProgress(progress, 1.0, "analyzed");
    return a;
}

std::optional<int64_t> SplitAnalysis::totalMacs() const {
    if (unknownMacLayers() > 0)
        return std::nullopt;
    return knownMacs();
}

int64_t SplitAnalysis::knownMacs() const {
    int64_t sum = 0;
    for (const LayerInfo& layer : layers)
        if (layer.macs)
            sum += *layer.macs;
    return sum;
}

int SplitAnalysis::unknownMacLayers() const {
    return static_cast<int>(
        std::count_if(layers.begin(), layers.end(), [](const LayerInfo& l) { return !l.macs; }));
}

std::optional<int64_t> SplitAnalysis::crossingBytes(int n, int bits) const {
    if (n < 0 || n >= static_cast<int>(cuts.size()) || bits < 1 || bits > 64)
        return std::nullopt;
    const CutInfo& cut = cuts[static_cast<size_t>(n)];
    if (!cut.sizeKnown)
        return std::nullopt;
    int64_t total = 0;
    for (ValueId id : cut.crossing) {
        const ValueFacts& f = values[static_cast<size_t>(id)];
        auto bytes = packedBytes(*f.elements, f.fixedBits > 0 ? f.fixedBits : bits);
        if (!bytes || !addChecked(total, *bytes))
            return std::nullopt;
    }
    return total;
}

int64_t SplitAnalysis::edgeWeightBytes(int n, int bits) const {
    if (n < 0 || n >= static_cast<int>(prefixParams.size()))
        return 0;
    return packedBytes(prefixParams[static_cast<size_t>(n)], bits).value_or(0);
}

std::optional<int64_t> SplitAnalysis::peakWorkingSetBytes(int n, int bits) const {
    if (n < 0 || n > layerCount() || bits < 1 || bits > 64)
        return std::nullopt;
    int64_t peak = 0;
    for (int t = 1; t <= n; ++t) {
        const auto& elements = workingSetElements[static_cast<size_t>(t) - 1];
        if (!elements)
            return std::nullopt;
        auto bytes = packedBytes(*elements, bits);
        if (!bytes || !addChecked(*bytes, workingSetRawBytes[static_cast<size_t>(t) - 1]))
            return std::nullopt;
        peak = std::max(peak, *bytes);
    }
    return peak;
}

std::optional<int64_t> SplitAnalysis::edgeMemoryBytes(int n, int bits) const {
    auto peak = peakWorkingSetBytes(n, bits);
    if (!peak)
        return std::nullopt;
    int64_t total = edgeWeightBytes(n, bits);
    if (!addChecked(total, *peak))
        return std::nullopt;
    return total;
}

std::vector<std::optional<int64_t>> SplitAnalysis::crossingBytesProfile(int bits) const {
    std::vector<std::optional<int64_t>> profile(cuts.size());
    for (size_t n = 0; n < cuts.size(); ++n)
        profile[n] = crossingBytes(static_cast<int>(n), bits);
    return profile;
}

std::vector<std::optional<int64_t>> SplitAnalysis::edgeMemoryProfile(int bits) const {
    std::vector<std::optional<int64_t>> profile(static_cast<size_t>(layerCount()) + 1);
    if (bits < 1 || bits > 64)
        return profile;
    int64_t peak = 0;
    bool known = true; // false from the first step whose working set is unknown
    for (int n = 0; n <= layerCount() && known; ++n) {
        if (n > 0) {
            const auto& elements = workingSetElements[static_cast<size_t>(n) - 1];
            auto bytes = elements ? packedBytes(*elements, bits) : std::nullopt;
            if (!bytes || !addChecked(*bytes, workingSetRawBytes[static_cast<size_t>(n) - 1])) {
                known = false;
                break;
            }
            peak = std::max(peak, *bytes);
        }
        int64_t total = edgeWeightBytes(n, bits);
        if (addChecked(total, peak))
            profile[static_cast<size_t>(n)] = total;
    }
    return profile;
}

std::vector<int> SplitAnalysis::potentialSplits(int64_t memoryLimitBytes, int lowestBits) const {
    std::vector<int> splits;
    const auto raw = crossingBytes(0, lowestBits);
    if (!raw)
        return splits;
    const auto memory = edgeMemoryProfile(lowestBits);
    const auto crossing = crossingBytesProfile(lowestBits);
    for (int n = 1; n <= layerCount(); ++n) {
        const auto& m = memory[static_cast<size_t>(n)];
        const auto& c = crossing[static_cast<size_t>(n)];
        if (m && *m <= memoryLimitBytes && c && *c < *raw)
            splits.push_back(n);
    }
    return splits;
}

std::vector<int> SplitAnalysis::liCandidates() const {
    std::vector<int> result;
    for (const CutInfo& cut : cuts)
        if (cut.li == LiRule::Candidate)
            result.push_back(cut.n);
    return result;
}

} // namespace autosplit
