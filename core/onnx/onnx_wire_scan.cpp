#include "core/onnx/onnx_wire_scan.h"

#include <algorithm>
#include <vector>

namespace autosplit {

namespace {

// Field numbers of onnx.proto along the path to sub-graphs.
constexpr uint32_t kModelGraph = 7;       // ModelProto.graph
constexpr uint32_t kGraphNode = 1;        // GraphProto.node
constexpr uint32_t kNodeAttribute = 5;    // NodeProto.attribute
constexpr uint32_t kAttributeGraph = 6;   // AttributeProto.g
constexpr uint32_t kAttributeGraphs = 11; // AttributeProto.graphs

enum class Kind { Model, Graph, Node, Attribute };

struct Span {
    const uint8_t* begin;
    const uint8_t* end;
    Kind kind;
    int nesting; // sub-graph level of the graph this message belongs to
};

bool readVarint(const uint8_t*& p, const uint8_t* end, uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
        const uint8_t byte = *p++;
        value |= uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

// The message kind a length-delimited field of `parent` holds, if it is on the path.
bool childKind(Kind parent, uint32_t field, Kind& child) {
    switch (parent) {
    case Kind::Model:
        child = Kind::Graph;
        return field == kModelGraph;
    case Kind::Graph:
        child = Kind::Node;
        return field == kGraphNode;
    case Kind::Node:
        child = Kind::Attribute;
        return field == kNodeAttribute;
    case Kind::Attribute:
        child = Kind::Graph;
        return field == kAttributeGraph || field == kAttributeGraphs;
    }
    return false;
}

} // namespace

OnnxWireCounts scanOnnxWire(std::string_view bytes, int maxNesting, int64_t maxNodes) {
    OnnxWireCounts counts;
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    // depth first with an explicit stack: a hostile nesting cannot exhaust the call stack
    std::vector<Span> stack{{data, data + bytes.size(), Kind::Model, 0}};
    while (!stack.empty()) {
        Span span = stack.back();
        stack.pop_back();
        const uint8_t* p = span.begin;
        while (p < span.end) {
            uint64_t tag = 0;
            if (!readVarint(p, span.end, tag))
                return counts;
            const auto field = static_cast<uint32_t>(tag >> 3);
            uint64_t value = 0;
            switch (tag & 7) {
            case 0:
                if (!readVarint(p, span.end, value))
                    return counts;
                break;
            case 1:
                if (span.end - p < 8)
                    return counts;
                p += 8;
                break;
            case 5:
                if (span.end - p < 4)
                    return counts;
                p += 4;
                break;
            case 2: {
                if (!readVarint(p, span.end, value) || value > uint64_t(span.end - p))
                    return counts;
                const uint8_t* fieldEnd = p + value;
                Kind child;
                if (childKind(span.kind, field, child)) {
                    int nesting = span.nesting;
                    if (span.kind == Kind::Attribute)
                        ++nesting;
                    if (child == Kind::Node && ++counts.nodes > maxNodes)
                        return counts;
                    counts.deepestNesting = std::max(counts.deepestNesting, nesting);
                    if (nesting <= maxNesting)
                        stack.push_back({p, fieldEnd, child, nesting});
                }
                p = fieldEnd;
                break;
            }
            default:
                return counts; // groups and invalid wire types: the parser reports them
            }
        }
    }
    return counts;
}

} // namespace autosplit
