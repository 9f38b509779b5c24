#pragma once

#include "core/graph/attribute.h"
#include "core/graph/data_type.h"
#include "core/graph/fused_activation.h"
#include "core/graph/tensor.h"
#include "core/graph/tensor_shape.h"
#include "core/util/result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace autosplit {

using NodeId = int32_t;
using ValueId = int32_t;
inline constexpr int32_t kNone = -1;

// A tensor flowing through the graph: a graph input, an initializer (constant) or a node output.
struct Value {
    std::string name;
    DataType dtype = DataType::Undefined;
    TensorShape shape;
    NodeId producer = kNone;
    std::vector<NodeId> consumers;             // each consuming node once, in topological order
    std::shared_ptr<const Tensor> initializer; // set for constants
    bool isGraphInput = false;
    bool isGraphOutput = false;

    bool isConstant() const { return initializer != nullptr; }
};

// One operation. Empty optional inputs are kNone.
struct Node {
    std::string name;
    std::string opType;
    std::string domain; // "" is the default ONNX domain
    std::vector<ValueId> inputs;
    std::vector<ValueId> outputs;
    std::map<std::string, Attribute> attributes;
    FusedActivation activation;      // set by activation fusion
    std::vector<std::string> folded; // names of source nodes folded into this one, for reports
    // Set by residual-add fusion on a Conv: its input 3 is added to the output before the
    // activation (ONNX Runtime's FusedConv "Z"); a missing bias is then an empty input 2.
    bool residualAdd = false;

    const Attribute* attribute(std::string_view key) const;
    int64_t attrInt(std::string_view key, int64_t fallback) const;
    float attrFloat(std::string_view key, float fallback) const;
    std::vector<int64_t> attrInts(std::string_view key) const;
    std::string attrString(std::string_view key, std::string fallback = {}) const;
};

// The graph IR. After finalize() the nodes are stored in a topological order (stable: the
// file's order wherever it is already valid), so a NodeId is also the node's position 0..N-1,
// and producer/consumer links are consistent. Passes edit through the mutators and finalize.
class Graph {
public:
    std::string name;
    int64_t irVersion = 0;
    std::string producerName;
    std::map<std::string, int64_t> opsetImports; // domain -> version ("" = ai.onnx)

    int64_t opsetVersion(std::string_view domain = "") const;

    const std::vector<Node>& nodes() const { return m_nodes; }
    const std::vector<Value>& values() const { return m_values; }
    const Node& node(NodeId id) const { return m_nodes.at(static_cast<size_t>(id)); }
    Node& node(NodeId id) { return m_nodes.at(static_cast<size_t>(id)); }
    const Value& value(ValueId id) const { return m_values.at(static_cast<size_t>(id)); }
    Value& value(ValueId id) { return m_values.at(static_cast<size_t>(id)); }
    size_t nodeCount() const { return m_nodes.size(); }

    const std::vector<ValueId>& inputs() const { return m_inputs; }
    const std::vector<ValueId>& outputs() const { return m_outputs; }

    ValueId findValue(std::string_view name) const;
    // Creates a value; the name must be new (a unique one is made from it when taken).
    ValueId addValue(std::string name, DataType dtype = DataType::Undefined,
                     TensorShape shape = {});
    ValueId addConstant(std::string name, Tensor tensor);
    std::string uniqueValueName(std::string_view base) const;
    void addInput(ValueId id);
    void addOutput(ValueId id);
    // Replace the graph's inputs or outputs (their flags follow).
    void setInputs(std::vector<ValueId> ids);
    void setOutputs(std::vector<ValueId> ids);

    NodeId addNode(Node node);
    // Marks a node for removal at the next finalize().
    void removeNode(NodeId id);
    bool isRemoved(NodeId id) const { return m_removed.at(static_cast<size_t>(id)); }
    // Points every consumer and graph-output slot of `from` at `to`.
    void replaceAllUses(ValueId from, ValueId to);

    // The only consumer of a value, or kNone when it has several or is a graph output.
    NodeId soleConsumer(ValueId id) const;
    // Constant data of a node input, or null.
    const Tensor* constantInput(const Node& node, size_t slot) const;

    // Drops removed nodes and unreferenced constants, recomputes links and sorts topologically.
    // Fails (naming nodes on the cycle) when the graph has a cycle.
    Status finalize();

private:
    std::vector<Node> m_nodes;
    std::vector<bool> m_removed;
    std::vector<Value> m_values;
    std::vector<ValueId> m_inputs;
    std::vector<ValueId> m_outputs;
    std::unordered_map<std::string, ValueId> m_valueByName;
};

} // namespace autosplit
