#include "core/graph/graph.h"

#include <algorithm>
#include <functional>
#include <queue>

namespace autosplit {

const Attribute* Node::attribute(std::string_view key) const {
    auto it = attributes.find(std::string(key));
    return it == attributes.end() ? nullptr : &it->second;
}

int64_t Node::attrInt(std::string_view key, int64_t fallback) const {
    const Attribute* a = attribute(key);
    return a && a->kind == Attribute::Kind::Int ? a->i : fallback;
}

float Node::attrFloat(std::string_view key, float fallback) const {
    const Attribute* a = attribute(key);
    return a && a->kind == Attribute::Kind::Float ? a->f : fallback;
}

std::vector<int64_t> Node::attrInts(std::string_view key) const {
    const Attribute* a = attribute(key);
    return a && a->kind == Attribute::Kind::Ints ? a->ints : std::vector<int64_t>{};
}

std::string Node::attrString(std::string_view key, std::string fallback) const {
    const Attribute* a = attribute(key);
    return a && a->kind == Attribute::Kind::String ? a->s : fallback;
}

int64_t Graph::opsetVersion(std::string_view domain) const {
    std::string key(domain);
    if (key == "ai.onnx")
        key.clear();
    auto it = opsetImports.find(key);
    return it == opsetImports.end() ? 0 : it->second;
}

ValueId Graph::findValue(std::string_view name) const {
    auto it = m_valueByName.find(std::string(name));
    return it == m_valueByName.end() ? kNone : it->second;
}

std::string Graph::uniqueValueName(std::string_view base) const {
    std::string name(base);
    for (int suffix = 1; m_valueByName.count(name); ++suffix)
        name = std::string(base) + "_" + std::to_string(suffix);
    return name;
}

ValueId Graph::addValue(std::string name, DataType dtype, TensorShape shape) {
    if (m_valueByName.count(name))
        name = uniqueValueName(name);
    Value v;
    v.name = name;
    v.dtype = dtype;
    v.shape = std::move(shape);
    const auto id = static_cast<ValueId>(m_values.size());
    m_values.push_back(std::move(v));
    m_valueByName.emplace(std::move(name), id);
    return id;
}

ValueId Graph::addConstant(std::string name, Tensor tensor) {
    const DataType dtype = tensor.dtype;
    TensorShape shape = TensorShape::of(tensor.dims);
    const ValueId id = addValue(std::move(name), dtype, std::move(shape));
    m_values[static_cast<size_t>(id)].initializer =
        std::make_shared<const Tensor>(std::move(tensor));
    return id;
}

void Graph::addInput(ValueId id) {
    m_values.at(static_cast<size_t>(id)).isGraphInput = true;
    m_inputs.push_back(id);
}

void Graph::addOutput(ValueId id) {
    m_values.at(static_cast<size_t>(id)).isGraphOutput = true;
    m_outputs.push_back(id);
}

void Graph::setInputs(std::vector<ValueId> ids) {
    for (ValueId id : m_inputs)
        m_values.at(static_cast<size_t>(id)).isGraphInput = false;
    m_inputs = std::move(ids);
    for (ValueId id : m_inputs)
        m_values.at(static_cast<size_t>(id)).isGraphInput = true;
}

void Graph::setOutputs(std::vector<ValueId> ids) {
    for (ValueId id : m_outputs)
        m_values.at(static_cast<size_t>(id)).isGraphOutput = false;
    m_outputs = std::move(ids);
    for (ValueId id : m_outputs)
        m_values.at(static_cast<size_t>(id)).isGraphOutput = true;
}

NodeId Graph::addNode(Node node) {
    const auto id = static_cast<NodeId>(m_nodes.size());
    for (ValueId in : node.inputs)
        if (in != kNone)
            m_values.at(static_cast<size_t>(in)).consumers.push_back(id);
    for (ValueId out : node.outputs)
        if (out != kNone)
            m_values.at(static_cast<size_t>(out)).producer = id;
    m_nodes.push_back(std::move(node));
    m_removed.push_back(false);
    return id;
}

void Graph::removeNode(NodeId id) {
    m_removed.at(static_cast<size_t>(id)) = true;
    Node& n = m_nodes[static_cast<size_t>(id)];
    for (ValueId in : n.inputs) {
        if (in == kNone)
            continue;
        auto& consumers = m_values[static_cast<size_t>(in)].consumers;
        consumers.erase(std::remove(consumers.begin(), consumers.end(), id), consumers.end());
    }
    for (ValueId out : n.outputs)
        if (out != kNone && m_values[static_cast<size_t>(out)].producer == id)
            m_values[static_cast<size_t>(out)].producer = kNone;
}

void Graph::replaceAllUses(ValueId from, ValueId to) {
    if (from == to)
        return;
    Value& src = m_values.at(static_cast<size_t>(from));
    Value& dst = m_values.at(static_cast<size_t>(to));
    for (NodeId consumer : src.consumers) {
        for (ValueId& in : m_nodes[static_cast<size_t>(consumer)].inputs)
            if (in == from)
                in = to;
        dst.consumers.push_back(consumer);
    }
    src.consumers.clear();
    if (src.isGraphOutput) {
        // A graph output keeps its public name: the replacement takes it over.
        for (ValueId& out : m_outputs)
            if (out == from)
                out = to;
        src.isGraphOutput = false;
        dst.isGraphOutput = true;
        m_valueByName.erase(dst.name);
        m_valueByName.erase(src.name);
        std::swap(src.name, dst.name);
        m_valueByName[dst.name] = to;
        m_valueByName[src.name] = from;
    }
    // consumers lists are rebuilt in order by finalize(); duplicates here are harmless until then
    std::sort(dst.consumers.begin(), dst.consumers.end());
    dst.consumers.erase(std::unique(dst.consumers.begin(), dst.consumers.end()),
                        dst.consumers.end());
}

NodeId Graph::soleConsumer(ValueId id) const {
    const Value& v = value(id);
    if (v.isGraphOutput || v.consumers.size() != 1)
        return kNone;
    // one node may consume the same value in two slots (x * x); that is still one consumer node
    return v.consumers.front();
}

const Tensor* Graph::constantInput(const Node& node, size_t slot) const {
    if (slot >= node.inputs.size() || node.inputs[slot] == kNone)
        return nullptr;
    return value(node.inputs[slot]).initializer.get();
}

Status Graph::finalize() {
    const size_t nodeCount = m_nodes.size();
    std::vector<NodeId> producerOf(m_values.size(), kNone);
    for (size_t n = 0; n < nodeCount; ++n) {
        if (m_removed[n])
            continue;
        for (ValueId out : m_nodes[n].outputs) {
            if (out == kNone)
                continue;
            NodeId& p = producerOf[static_cast<size_t>(out)];
            if (p != kNone)
                return Error{"tensor '" + m_values[static_cast<size_t>(out)].name +
                             "' is produced by two nodes, '" +
                             m_nodes[static_cast<size_t>(p)].name + "' and '" + m_nodes[n].name +
                             "'"};
            if (m_values[static_cast<size_t>(out)].isConstant())
                return Error{"tensor '" + m_values[static_cast<size_t>(out)].name +
                             "' is both an initializer and the output of node '" + m_nodes[n].name +
                             "'"};
            p = static_cast<NodeId>(n);
        }
    }

    // Kahn's algorithm, always taking the earliest remaining node so a valid file order is kept.
    std::vector<int> pending(nodeCount, 0);
    std::vector<std::vector<NodeId>> successors(nodeCount);
    for (size_t n = 0; n < nodeCount; ++n) {
        if (m_removed[n])
            continue;
        for (ValueId in : m_nodes[n].inputs) {
            if (in == kNone)
                continue;
            const Value& v = m_values[static_cast<size_t>(in)];
            const NodeId p = producerOf[static_cast<size_t>(in)];
            if (p == kNone) {
                if (!v.isGraphInput && !v.isConstant())
                    return Error{"node '" + m_nodes[n].name + "' (" + m_nodes[n].opType +
                                 ") reads tensor '" + v.name +
                                 "', which no node produces and is neither a graph input nor an "
                                 "initializer"};
                continue;
            }
            successors[static_cast<size_t>(p)].push_back(static_cast<NodeId>(n));
            ++pending[n];
        }
    }
    std::priority_queue<NodeId, std::vector<NodeId>, std::greater<>> ready;
    size_t liveCount = 0;
    for (size_t n = 0; n < nodeCount; ++n) {
        if (m_removed[n])
            continue;
        ++liveCount;
        if (pending[n] == 0)
            ready.push(static_cast<NodeId>(n));
    }
    std::vector<NodeId> order;
    order.reserve(liveCount);
    while (!ready.empty()) {
        const NodeId n = ready.top();
        ready.pop();
        order.push_back(n);
        for (NodeId s : successors[static_cast<size_t>(n)])
            if (--pending[static_cast<size_t>(s)] == 0)
                ready.push(s);
    }
    if (order.size() != liveCount) {
        // Walk back through unsorted producers until a node repeats: that walk is a cycle.
        NodeId start = kNone;
        for (size_t n = 0; n < nodeCount && start == kNone; ++n)
            if (!m_removed[n] && pending[n] > 0)
                start = static_cast<NodeId>(n);
        std::vector<int> seenAt(nodeCount, -1);
        std::vector<NodeId> walk;
        NodeId cur = start;
        while (seenAt[static_cast<size_t>(cur)] < 0) {
            seenAt[static_cast<size_t>(cur)] = static_cast<int>(walk.size());
            walk.push_back(cur);
            NodeId next = kNone;
            for (ValueId in : m_nodes[static_cast<size_t>(cur)].inputs) {
                if (in == kNone)
                    continue;
                const NodeId p = producerOf[static_cast<size_t>(in)];
                if (p != kNone && pending[static_cast<size_t>(p)] > 0) {
                    next = p;
                    break;
                }
            }
            cur = next;
        }
        std::string names;
        for (size_t i = static_cast<size_t>(seenAt[static_cast<size_t>(cur)]); i < walk.size();
             ++i) {
            if (!names.empty())
                names += " <- ";
            names += "'" + m_nodes[static_cast<size_t>(walk[i])].name + "'";
        }
        return Error{"the graph has a cycle: " + names + " <- '" +
                     m_nodes[static_cast<size_t>(cur)].name + "'"};
    }

    // Keep values that are graph inputs/outputs, produced by a live node, or consumed.
    std::vector<bool> used(m_values.size(), false);
    for (NodeId n : order) {
        for (ValueId in : m_nodes[static_cast<size_t>(n)].inputs)
            if (in != kNone)
                used[static_cast<size_t>(in)] = true;
        for (ValueId out : m_nodes[static_cast<size_t>(n)].outputs)
            if (out != kNone)
                used[static_cast<size_t>(out)] = true;
    }
    for (ValueId v : m_inputs)
        used[static_cast<size_t>(v)] = true;
    for (ValueId v : m_outputs)
        used[static_cast<size_t>(v)] = true;

    std::vector<ValueId> valueRemap(m_values.size(), kNone);
    std::vector<Value> values;
    values.reserve(m_values.size());
    for (size_t v = 0; v < m_values.size(); ++v) {
        if (!used[v])
            continue;
        valueRemap[v] = static_cast<ValueId>(values.size());
        values.push_back(std::move(m_values[v]));
        values.back().producer = kNone;
        values.back().consumers.clear();
    }
    auto remap = [&](std::vector<ValueId>& ids) {
        for (ValueId& id : ids)
            if (id != kNone)
                id = valueRemap[static_cast<size_t>(id)];
    };
    std::vector<Node> nodes;
    nodes.reserve(order.size());
    for (NodeId old : order) {
        nodes.push_back(std::move(m_nodes[static_cast<size_t>(old)]));
        Node& n = nodes.back();
        remap(n.inputs);
        remap(n.outputs);
        const auto id = static_cast<NodeId>(nodes.size() - 1);
        for (ValueId in : n.inputs)
            if (in != kNone && (values[static_cast<size_t>(in)].consumers.empty() ||
                                values[static_cast<size_t>(in)].consumers.back() != id))
                values[static_cast<size_t>(in)].consumers.push_back(id);
        for (ValueId out : n.outputs)
            if (out != kNone)
                values[static_cast<size_t>(out)].producer = id;
    }
    remap(m_inputs);
    remap(m_outputs);
    m_nodes = std::move(nodes);
    m_removed.assign(m_nodes.size(), false);
    m_values = std::move(values);
    m_valueByName.clear();
    for (size_t v = 0; v < m_values.size(); ++v)
        m_valueByName.emplace(m_values[v].name, static_cast<ValueId>(v));
    return Status::success();
}

} // namespace autosplit
