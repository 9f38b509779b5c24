#pragma once

// Shared by the bundle suites: test models optimized as the explorer opens them, random samples,
// calibration, and running a split (edge part, then cloud part) on the executor.

#include "core/bundle/split_models.h"
#include "core/bundle/split_plan.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/quant/layer_weight.h"
#include "core/quant/quantizer.h"
#include "core/runtime/executor.h"

#include <onnx/onnx_pb.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace autosplit::testing {

struct Opened {
    std::shared_ptr<const Graph> graph;
    std::optional<Executor> executor;
    std::vector<std::vector<HostTensor>> samples;
    CalibrationResult calibration;
};

// A tensor of standard normal values drawn from `rng`.
inline HostTensor randomNormal(const std::vector<int64_t>& dims, std::mt19937& rng) {
    std::normal_distribution<float> normal(0.f, 1.f);
    int64_t n = 1;
    for (int64_t d : dims)
        n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v)
        x = normal(rng);
    return HostTensor::fromFloats(dims, v);
}
inline HostTensor randomNormal(const std::vector<int64_t>& dims, uint32_t seed) {
    std::mt19937 rng(seed);
    return randomNormal(dims, rng);
}

// Layers 1..split at the given widths, cycling so that neighbouring layers differ ({32}: float).
inline SplitRequest cyclingRequest(int split, const std::vector<int>& weights,
                                   const std::vector<int>& activations) {
    SplitRequest r;
    r.split = split;
    for (int i = 0; i < split; ++i) {
        r.weightBits.push_back(weights[static_cast<size_t>(i) % weights.size()]);
        r.activationBits.push_back(activations[static_cast<size_t>(i) % activations.size()]);
    }
    return r;
}

inline Opened openForSplit(const onnx::ModelProto& model, int samples, uint32_t seed = 5,
                           WeightRounding rounding = WeightRounding::Nearest) {
    Opened o;
    auto imported = importOnnxBytes(model.SerializeAsString(), "model", {});
    if (!imported)
        return o;
    Graph g = std::move(imported.value().graph);
    (void)optimizeGraph(g, defaultPassNames());
    o.graph = std::make_shared<const Graph>(std::move(g));
    auto executor = Executor::create(o.graph);
    if (!executor)
        return o;
    o.executor.emplace(std::move(executor).value());
    std::mt19937 rng(seed);
    for (int s = 0; s < samples; ++s) {
        std::vector<HostTensor> inputs;
        for (ValueId id : o.graph->inputs())
            inputs.push_back(randomNormal(o.graph->value(id).shape.dims, rng));
        o.samples.push_back(std::move(inputs));
    }
    CalibrationSettings settings;
    settings.bits = {2, 4, 6, 8};
    settings.weightRounding = rounding;
    auto calibration = calibrate(*o.executor, o.samples, settings);
    if (calibration)
        o.calibration = std::move(calibration).value();
    return o;
}

// A part as the runtimes load it: the exported model, parsed and imported again as it is.
inline std::shared_ptr<const Graph> reimported(const onnx::ModelProto& model,
                                               std::string* problem) {
    ImportOptions options;
    auto imported = importOnnxBytes(model.SerializeAsString(), "part", {}, options);
    if (!imported) {
        *problem = imported.error().message;
        return nullptr;
    }
    return std::make_shared<const Graph>(std::move(imported.value().graph));
}

struct SplitRun {
    std::map<std::string, HostTensor> edgeOutputs;  // by the edge model's output names
    std::map<std::string, HostTensor> cloudOutputs; // by the cloud model's output names
    std::string problem;
};

// Runs the edge model on a sample and the cloud model on what the edge sent.
// `integer`: the edge's quantized layers in integer arithmetic, as the bundle's edge runtime runs
// them; else as edge.onnx writes them, in float (the fake-quantized simulation, exactly).
inline SplitRun runSplit(const Graph& edge, const Graph& cloud, const Graph& source,
                         const std::vector<HostTensor>& sample, bool integer = false) {
    SplitRun r;
    ExecutorOptions edgeOptions;
    edgeOptions.integerKernels = integer;
    auto edgeExec = Executor::create(std::make_shared<const Graph>(edge), edgeOptions);
    auto cloudExec = Executor::create(std::make_shared<const Graph>(cloud));
    if (!edgeExec || !cloudExec) {
        r.problem = !edgeExec ? edgeExec.error().message : cloudExec.error().message;
        return r;
    }
    RunRequest edgeRun;
    for (size_t i = 0; i < source.inputs().size(); ++i) {
        const std::string& name = source.value(source.inputs()[i]).name;
        if (edge.findValue(name) != kNone)
            edgeRun.feeds[name] = sample[i];
    }
    auto e = edgeExec->run(edgeRun);
    if (!e) {
        r.problem = "edge: " + e.error().message;
        return r;
    }
    r.edgeOutputs = *e;
    RunRequest cloudRun;
    for (ValueId id : cloud.inputs()) {
        const std::string& name = cloud.value(id).name;
        auto it = e->find(name);
        if (it == e->end()) {
            r.problem = "the edge does not send '" + name + "'";
            return r;
        }
        cloudRun.feeds[name] = it->second;
    }
    auto c = cloudExec->run(cloudRun);
    if (!c) {
        r.problem = "cloud: " + c.error().message;
        return r;
    }
    r.cloudOutputs = *c;
    return r;
}

// The fake-quantized simulation of a plan (what evaluate() runs: fake-quantized weights as
// constant overrides, each quantized activation fake-quantized as it is produced), returning the
// tensors named in `fetch`.
inline std::map<std::string, HostTensor> simulate(const Opened& o, const SplitPlan& plan,
                                                  const SplitRequest& request,
                                                  const std::vector<HostTensor>& sample,
                                                  std::vector<std::string> fetch) {
    const Graph& g = *o.graph;
    std::map<ValueId, HostTensor> weights;
    for (NodeId id = 0; id < static_cast<NodeId>(g.nodeCount()); ++id) {
        const int bits = plan.weightBits[static_cast<size_t>(id)];
        if (!plan.onEdge[static_cast<size_t>(id)] || bits == 0 || bits == kFloatBits)
            continue;
        const auto w = layerWeight(g, id);
        auto rounding = plan.weightRounding.find(id);
        weights[w->value] =
            fakeQuantizeWeight(g, *w, bits, request.weightRange,
                               rounding == plan.weightRounding.end() ? nullptr : &rounding->second)
                .value();
    }
    RunRequest run;
    for (size_t i = 0; i < g.inputs().size(); ++i)
        run.feeds[g.value(g.inputs()[i]).name] = sample[i];
    run.fetch = std::move(fetch);
    run.hooks.constantOverrides = &weights;
    run.hooks.onOutput = [&](NodeId, ValueId value, HostTensor& tensor) {
        auto it = plan.activationQuant.find(value);
        if (it != plan.activationQuant.end())
            tensor = fakeQuantize(tensor, it->second, "t").value();
    };
    return o.executor->run(run).value();
}

// max |a - b| / max(max |a|, tiny)
inline double relativeDifference(const HostTensor& a, const HostTensor& b) {
    if (a.dims() != b.dims() || a.dtype() != DataType::Float || b.dtype() != DataType::Float)
        return 1e30;
    double diff = 0.0, scale = 1e-30;
    for (int64_t i = 0; i < a.elementCount(); ++i) {
        diff = std::max(diff, std::abs(double(a.data<float>()[i]) - b.data<float>()[i]));
        scale = std::max(scale, std::abs(double(a.data<float>()[i])));
    }
    return diff / scale;
}

} // namespace autosplit::testing
