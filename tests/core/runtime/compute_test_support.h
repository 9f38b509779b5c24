#pragma once

// Helpers for the kernel tests: run one node through the Executor (so the registry's `supports`,
// the fused-activation contract and the error path are what users get), random data with a
// fixed seed, and a tolerance comparison that names the first element off.

#include "core/runtime/executor.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace autosplit::testing {

struct NodeSpec {
    std::string op;
    std::vector<HostTensor> inputs; // an invalid HostTensor is an absent optional input
    std::map<std::string, Attribute> attributes;
    int outputs = 1;
    int64_t opset = 17;
    FusedActivation activation;
    int threads = 2;
};

// Builds a one-node graph (inputs fed at run time) and runs it; returns the outputs in order.
inline Result<std::vector<HostTensor>>
runNode(const NodeSpec& spec, const KernelRegistry& registry = KernelRegistry::builtin()) {
    auto graph = std::make_shared<Graph>();
    graph->opsetImports[""] = spec.opset;
    Node node;
    node.name = "node";
    node.opType = spec.op;
    node.attributes = spec.attributes;
    node.activation = spec.activation;
    RunRequest request;
    for (size_t i = 0; i < spec.inputs.size(); ++i) {
        const HostTensor& t = spec.inputs[i];
        if (!t.isValid()) {
            node.inputs.push_back(kNone);
            continue;
        }
        const std::string name = "in" + std::to_string(i);
        const ValueId id = graph->addValue(name, t.dtype(), TensorShape::of(t.dims()));
        graph->addInput(id);
        node.inputs.push_back(id);
        request.feeds[name] = t;
    }
    for (int i = 0; i < spec.outputs; ++i) {
        const ValueId id = graph->addValue("out" + std::to_string(i));
        node.outputs.push_back(id);
        graph->addOutput(id);
        request.fetch.push_back("out" + std::to_string(i));
    }
    graph->addNode(std::move(node));
    if (auto s = graph->finalize(); !s)
        return s.error();
    ExecutorOptions options;
    options.threads = spec.threads;
    auto executor = Executor::create(graph, options, registry);
    if (!executor)
        return executor.error();
    auto out = executor->run(request);
    if (!out)
        return out.error();
    std::vector<HostTensor> result;
    for (int i = 0; i < spec.outputs; ++i)
        result.push_back(out->at("out" + std::to_string(i)));
    return result;
}

inline std::vector<float> randomValues(int64_t count, std::mt19937& rng, float lo = -1.f,
                                       float hi = 1.f) {
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(static_cast<size_t>(count));
    for (auto& x : v)
        x = dist(rng);
    return v;
}

inline int64_t product(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims)
        n *= d;
    return n;
}

inline HostTensor randomTensor(const std::vector<int64_t>& dims, std::mt19937& rng, float lo = -1.f,
                               float hi = 1.f) {
    return HostTensor::fromFloats(dims, randomValues(product(dims), rng, lo, hi));
}

inline HostTensor toDouble(const HostTensor& t) {
    HostTensor d(DataType::Double, t.dims());
    const auto f = t.toFloats();
    for (size_t i = 0; i < f.size(); ++i)
        d.mutableData<double>()[i] = f[i];
    return d;
}

// Values of a float32 or float64 tensor as doubles.
inline std::vector<double> valuesOf(const HostTensor& t) {
    std::vector<double> v(static_cast<size_t>(t.elementCount()));
    for (size_t i = 0; i < v.size(); ++i)
        v[i] = t.dtype() == DataType::Double ? t.data<double>()[i]
                                             : static_cast<double>(t.data<float>()[i]);
    return v;
}

// Empty when |actual - expected| <= atol + rtol * |expected| everywhere (and the dims match);
// otherwise the first mismatch.
inline std::string compareClose(const HostTensor& actual, const std::vector<int64_t>& expectedDims,
                                const std::vector<double>& expected, double rtol = 1e-4,
                                double atol = 1e-5) {
    if (actual.dims() != expectedDims)
        return "shape " + TensorShape::of(actual.dims()).toString() + ", expected " +
               TensorShape::of(expectedDims).toString();
    const std::vector<double> got = valuesOf(actual);
    if (got.size() != expected.size())
        return "element count " + std::to_string(got.size()) + ", expected " +
               std::to_string(expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
        const bool bothNan = std::isnan(got[i]) && std::isnan(expected[i]);
        if (!bothNan && !(std::abs(got[i] - expected[i]) <= atol + rtol * std::abs(expected[i]))) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "element %zu is %.8g, expected %.8g", i, got[i],
                          expected[i]);
            return buf;
        }
    }
    return {};
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

} // namespace autosplit::testing
