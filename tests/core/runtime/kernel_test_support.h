#pragma once

// Running one built-in kernel on tensors made in a test, and plain reference loops over
// multi-indices that the kernel tests compare against.

#include "core/runtime/kernel.h"

#include <map>
#include <random>
#include <string>
#include <vector>

namespace autosplit::testing {

struct OpCall {
    OpCall(std::string opType, std::vector<HostTensor> in,
           std::map<std::string, Attribute> attrs = {})
        : op(std::move(opType)), inputs(std::move(in)), attributes(std::move(attrs)) {}

    std::string op;
    std::vector<HostTensor> inputs; // an invalid HostTensor is an absent optional input
    std::map<std::string, Attribute> attributes;
    int64_t opset = 17;
    size_t outputs = 1;
    int threads = 1;
};

inline Node nodeFor(const OpCall& call) {
    Node node;
    node.name = "n_" + call.op;
    node.opType = call.op;
    node.attributes = call.attributes;
    for (size_t i = 0; i < call.inputs.size(); ++i)
        node.inputs.push_back(call.inputs[i].isValid() ? static_cast<ValueId>(i) : kNone);
    for (size_t i = 0; i < call.outputs; ++i)
        node.outputs.push_back(static_cast<ValueId>(call.inputs.size() + i));
    return node;
}

inline std::vector<DataType> typesOf(const OpCall& call) {
    std::vector<DataType> types;
    for (const auto& t : call.inputs)
        types.push_back(t.isValid() ? t.dtype() : DataType::Undefined);
    return types;
}

// Whether the built-in kernel for call.op accepts the call.
inline bool supported(const OpCall& call) {
    const KernelInfo* k = KernelRegistry::builtin().find(call.op);
    return k && (!k->supports || k->supports(nodeFor(call), typesOf(call)));
}

// Runs the built-in kernel (without its `supports` check, which `supported` tests).
inline Result<std::vector<HostTensor>> runOp(const OpCall& call) {
    const KernelInfo* kernel = KernelRegistry::builtin().find(call.op);
    if (!kernel)
        return Error{"no kernel for " + call.op};
    Graph graph;
    graph.opsetImports[""] = call.opset;
    const Node node = nodeFor(call);
    std::vector<const HostTensor*> inputs;
    for (const auto& t : call.inputs)
        inputs.push_back(t.isValid() ? &t : nullptr);
    std::vector<HostTensor> outputs(call.outputs);
    KernelContext context{graph, node, call.opset, inputs, outputs, call.threads};
    if (auto s = kernel->run(context); !s)
        return s.error();
    return outputs;
}

inline Attribute ints(std::vector<int64_t> v) {
    return Attribute::ofInts(std::move(v));
}
inline Attribute integer(int64_t v) {
    return Attribute::ofInt(v);
}
inline Attribute real(float v) {
    return Attribute::ofFloat(v);
}
inline Attribute text(std::string v) {
    return Attribute::ofString(std::move(v));
}

inline HostTensor floats(std::vector<int64_t> dims, std::vector<float> v) {
    return HostTensor::fromFloats(std::move(dims), v);
}
inline HostTensor int64s(std::vector<int64_t> dims, std::vector<int64_t> v) {
    return HostTensor::fromInt64s(std::move(dims), v);
}

template <typename T>
HostTensor tensorOf(DataType dtype, std::vector<int64_t> dims, const std::vector<T>& values) {
    HostTensor t(dtype, std::move(dims));
    for (size_t i = 0; i < values.size(); ++i)
        t.mutableData<T>()[i] = values[i];
    return t;
}

inline HostTensor randomFloats(std::vector<int64_t> dims, std::mt19937& rng, float low = -2.f,
                               float high = 2.f) {
    HostTensor t(DataType::Float, std::move(dims));
    std::uniform_real_distribution<float> dist(low, high);
    for (auto& v : t.mutableSpan<float>())
        v = dist(rng);
    return t;
}

// Row-major multi-index helpers for reference loops.
inline std::vector<int64_t> unravel(int64_t flat, const std::vector<int64_t>& dims) {
    std::vector<int64_t> index(dims.size());
    for (size_t i = dims.size(); i-- > 0;) {
        index[i] = flat % dims[i];
        flat /= dims[i];
    }
    return index;
}

inline int64_t ravel(const std::vector<int64_t>& index, const std::vector<int64_t>& dims) {
    int64_t flat = 0;
    for (size_t i = 0; i < dims.size(); ++i)
        flat = flat * dims[i] + index[i];
    return flat;
}

// Flat index into `dims` (right-aligned, size-1 dims broadcast) of an output multi-index.
inline int64_t broadcastIndex(const std::vector<int64_t>& outIndex,
                              const std::vector<int64_t>& dims) {
    const size_t pad = outIndex.size() - dims.size();
    int64_t flat = 0;
    for (size_t i = 0; i < dims.size(); ++i)
        flat = flat * dims[i] + (dims[i] == 1 ? 0 : outIndex[pad + i]);
    return flat;
}

inline int64_t countOf(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims)
        n *= d;
    return n;
}

} // namespace autosplit::testing
