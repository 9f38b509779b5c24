#include "widgets/graph/graph_annotations.h"

#include "core/graph/data_type.h"

#include <algorithm>

namespace autosplit {

namespace {

std::optional<int64_t> packed(std::optional<int64_t> elements, int bits) {
    if (!elements || *elements < 0 || bits <= 0)
        return std::nullopt;
    int64_t total = 0;
    if (__builtin_mul_overflow(*elements, static_cast<int64_t>(bits), &total) ||
        __builtin_add_overflow(total, int64_t{7}, &total))
        return std::nullopt;
    return total / 8;
}

int storedBits(const Value& value) {
    const int bits = bitsOf(value.dtype);
    return bits > 0 ? bits : 32; // an undeclared type is taken as float32
}

class Annotator {
public:
    Annotator(const Graph& shown, const GraphLayout& layout, const SplitAnalysis& analysis,
              const std::vector<int>& layerOfNode, const std::vector<ValueId>& analysisValue,
              const AnnotationSettings& settings)
        : m_shown(shown), m_layout(layout), m_analysis(analysis), m_layerOfNode(layerOfNode),
          m_analysisValue(analysisValue), m_settings(settings) {}

    GraphAnnotations run() {
        GraphAnnotations out;
        out.nodeSides.assign(m_layout.nodes.size(), CutSide::None);
        out.crossingEdges.assign(m_layout.edges.size(), false);
        out.transferEdges.assign(m_layout.edges.size(), false);
        out.valueCosts.resize(m_shown.values().size());
        if (m_settings.cut)
            assignSides(out.nodeSides);

        std::vector<bool> costed(m_shown.values().size(), false);
        std::vector<bool> sent(m_shown.values().size(), false);
        for (size_t e = 0; e < m_layout.edges.size(); ++e) {
            const LayoutEdge& edge = m_layout.edges[e];
            const auto v = static_cast<size_t>(edge.value);
            if (!costed[v]) {
                out.valueCosts[v] = cost(edge.value);
                costed[v] = true;
            }
            if (out.nodeSides[static_cast<size_t>(edge.from)] == CutSide::Edge &&
                out.nodeSides[static_cast<size_t>(edge.to)] == CutSide::Cloud) {
                out.crossingEdges[e] = true;
                out.transferEdges[e] = !sent[v];
                sent[v] = true;
                out.crossingValues.push_back(edge.value);
            }
        }
        std::sort(out.crossingValues.begin(), out.crossingValues.end());
        out.crossingValues.erase(std::unique(out.crossingValues.begin(), out.crossingValues.end()),
                                 out.crossingValues.end());
        int64_t total = 0;
        bool known = true;
        for (ValueId v : out.crossingValues) {
            const auto& bytes = out.valueCosts[static_cast<size_t>(v)].bytes;
            if (!bytes || __builtin_add_overflow(total, *bytes, &total))
                known = false;
        }
        if (known) {
            out.crossingBytes = total;
            out.crossingSeconds = m_settings.uplink.seconds(total);
        }
        return out;
    }

private:
    int layerOf(NodeId node) const {
        if (m_layerOfNode.empty())
            return node + 1;
        return m_layerOfNode[static_cast<size_t>(node)];
    }

    ValueId analysisValueOf(ValueId v) const {
        const ValueId a = m_analysisValue.empty() ? v : m_analysisValue[static_cast<size_t>(v)];
        return a >= 0 && static_cast<size_t>(a) < m_analysis.values.size() ? a : kNone;
    }

    void assignSides(std::vector<CutSide>& sides) const {
        const Candidate& cut = *m_settings.cut;
        // Operations in NodeId order, which is topological: a node outside every layer can look
        // at its producers' sides.
        std::vector<CutSide> byNode(m_shown.nodeCount(), CutSide::None);
        for (size_t i = 0; i < m_shown.nodeCount(); ++i) {
            const int layer = layerOf(static_cast<NodeId>(i));
            if (layer > 0) {
                byNode[i] = cut.onEdge(layer) ? CutSide::Edge : CutSide::Cloud;
                continue;
            }
            bool anyEdge = false;
            bool anyCloud = false;
            for (ValueId in : m_shown.nodes()[i].inputs) {
                if (in == kNone || m_shown.value(in).isConstant())
                    continue;
                const Value& value = m_shown.value(in);
                const CutSide side = value.producer != kNone
                                         ? byNode[static_cast<size_t>(value.producer)]
                                         : (value.isGraphInput ? CutSide::Edge : CutSide::None);
                anyEdge = anyEdge || side == CutSide::Edge;
                anyCloud = anyCloud || side == CutSide::Cloud;
            }
            byNode[i] = anyCloud ? CutSide::Cloud : anyEdge ? CutSide::Edge : CutSide::None;
        }
        const CutSide outputSide =
            m_analysis.options.outputsConsumedOnEdge ? CutSide::Edge : CutSide::Cloud;
        for (size_t i = 0; i < m_layout.nodes.size(); ++i) {
            const LayoutNode& node = m_layout.nodes[i];
            switch (node.kind) {
            case LayoutNodeKind::Operation:
                sides[i] = byNode[static_cast<size_t>(node.node)];
                break;
            case LayoutNodeKind::GraphInput:
                sides[i] = CutSide::Edge;
                break;
            case LayoutNodeKind::GraphOutput:
                sides[i] = outputSide;
                break;
            }
        }
    }

    TransmissionCost cost(ValueId v) const {
        const Value& value = m_shown.value(v);
        const Candidate* cut = m_settings.cut;
        const int fallbackBits = m_settings.defaultActivationBits > 0
                                     ? m_settings.defaultActivationBits
                                     : storedBits(value);
        TransmissionCost cost;
        std::optional<int64_t> elements;
        const ValueId a = analysisValueOf(v);
        if (a != kNone) {
            const ValueFacts& facts = m_analysis.values[static_cast<size_t>(a)];
            elements = facts.elements;
            if (facts.fixedBits > 0) {
                cost.bits = facts.fixedBits;
            } else if (cut && !cut->floatEdge && facts.producedAt > 0 &&
                       cut->onEdge(facts.producedAt)) {
                cost.bits = cut->bits.activation(facts.producedAt);
            }
        } else {
            elements = value.shape.elementCount();
            if (!isFloatingPoint(value.dtype) && value.dtype != DataType::Undefined)
                cost.bits = storedBits(value);
        }
        if (cost.bits <= 0)
            cost.bits = fallbackBits;
        cost.bytes = packed(elements, cost.bits);
        if (cost.bytes)
            cost.seconds = static_cast<double>(*cost.bytes) * 8.0 / m_settings.uplink.bitsPerSecond;
        return cost;
    }

    const Graph& m_shown;
    const GraphLayout& m_layout;
    const SplitAnalysis& m_analysis;
    const std::vector<int>& m_layerOfNode;
    const std::vector<ValueId>& m_analysisValue;
    const AnnotationSettings& m_settings;
};

} // namespace

GraphAnnotations annotateGraph(const Graph& shown, const GraphLayout& layout,
                               const SplitAnalysis& analysis, const std::vector<int>& layerOfNode,
                               const std::vector<ValueId>& analysisValue,
                               const AnnotationSettings& settings) {
    return Annotator(shown, layout, analysis, layerOfNode, analysisValue, settings).run();
}

} // namespace autosplit
