#pragma once

// Shared plumbing of the pass suites: import a built model, run passes, query the result, and
// run a graph before and after the passes on the reference ops.

#include "tests/core/passes/reference_ops.h"

#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/runtime/executor.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace autosplit::testing {

// QVERIFY a Result/Status, printing its error message on failure.
#define AUTOSPLIT_REQUIRE_OK(expr)                                                                 \
    do {                                                                                           \
        const auto& autosplitResult_ = (expr);                                                     \
        QVERIFY2(autosplitResult_.ok(),                                                            \
                 autosplitResult_.ok() ? "" : autosplitResult_.error().message.c_str());           \
    } while (false)

inline Result<Graph> importModel(const onnx::ModelProto& model) {
    auto imported = importOnnxBytes(model.SerializeAsString(), "test model", {});
    if (!imported)
        return imported.error();
    return std::move(imported->graph);
}

inline int countOp(const Graph& g, const std::string& op) {
    return static_cast<int>(std::count_if(g.nodes().begin(), g.nodes().end(),
                                          [&](const Node& n) { return n.opType == op; }));
}

inline const Node* findOp(const Graph& g, const std::string& op) {
    for (const Node& n : g.nodes())
        if (n.opType == op)
            return &n;
    return nullptr;
}

inline const Node* findNode(const Graph& g, const std::string& name) {
    for (const Node& n : g.nodes())
        if (n.name == name)
            return &n;
    return nullptr;
}

inline std::vector<std::string> opTypes(const Graph& g) {
    std::vector<std::string> ops;
    for (const Node& n : g.nodes())
        ops.push_back(n.opType);
    return ops;
}

inline std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& s : items)
        text += (text.empty() ? "" : " | ") + s;
    return text;
}

inline bool contains(const std::vector<std::string>& items, const std::string& wanted) {
    return std::find(items.begin(), items.end(), wanted) != items.end();
}

// All changes of all reports, in order.
inline std::vector<std::string> allChanges(const std::vector<PassReport>& reports) {
    std::vector<std::string> changes;
    for (const auto& r : reports)
        changes.insert(changes.end(), r.changes.begin(), r.changes.end());
    return changes;
}

inline std::vector<std::string> allNotes(const std::vector<PassReport>& reports) {
    std::vector<std::string> notes;
    for (const auto& r : reports)
        notes.insert(notes.end(), r.notes.begin(), r.notes.end());
    return notes;
}

// Runs both graphs on the same random inputs (fixed seed) and returns the largest relative error
// over the outputs of `before`, matched by name in `after` (infinite when one is missing or the
// reference's output shape differs from the shape ONNX inferred).
inline double compareRuns(const Graph& before, const Graph& after, uint32_t seed = 7) {
    std::mt19937 rng(seed);
    std::map<std::string, Array> inputs;
    for (ValueId id : before.inputs())
        inputs[before.value(id).name] = randomArray(before.value(id).shape.dims, rng);
    auto expected = RefRunner(before).run(inputs);
    auto actual = RefRunner(after).run(inputs);
    double worst = 0;
    for (ValueId id : before.outputs()) {
        // the reference must agree with ONNX shape inference on what it computes
        const Value& v = before.value(id);
        if (v.shape.isFullyKnown() && expected.at(v.name).dims != v.shape.dims)
            return INFINITY;
    }
    for (const auto& [name, value] : expected) {
        auto it = actual.find(name);
        if (it == actual.end())
            return INFINITY;
        worst = std::max(worst, relativeError(value, it->second));
    }
    return worst;
}

// Largest |a - b| / (1 + |b|) over the graph outputs of an executor run of both graphs.
inline double executorDifference(const Graph& raw, const Graph& fused, uint32_t seed = 3) {
    RunRequest request;
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.f, 1.f);
    for (ValueId id : raw.inputs()) {
        const Value& v = raw.value(id);
        std::vector<float> data(static_cast<size_t>(*v.shape.elementCount()));
        for (float& x : data)
            x = normal(rng);
        request.feeds[v.name] = HostTensor::fromFloats(v.shape.dims, data);
    }
    ExecutorOptions options;
    options.threads = 2;
    auto a = Executor::create(std::make_shared<const Graph>(raw), options);
    auto b = Executor::create(std::make_shared<const Graph>(fused), options);
    if (!a || !b)
        return INFINITY;
    auto ra = a->run(request), rb = b->run(request);
    if (!ra || !rb || ra->size() != rb->size())
        return INFINITY;
    double worst = 0;
    for (const auto& [name, tensor] : *ra) {
        auto it = rb->find(name);
        if (it == rb->end() || it->second.dims() != tensor.dims())
            return INFINITY;
        const auto x = tensor.toFloats(), y = it->second.toFloats();
        for (size_t i = 0; i < x.size(); ++i)
            worst = std::max(worst, std::fabs(double(x[i]) - y[i]) / (1 + std::fabs(double(x[i]))));
    }
    return worst;
}

} // namespace autosplit::testing
