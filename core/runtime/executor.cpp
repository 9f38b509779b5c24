#include "core/runtime/executor.h"

#include "core/runtime/kernels/fused_epilogue.h"
#include "core/runtime/kernels/parallel_for.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace autosplit {

namespace {

std::vector<DataType> inputTypes(const Graph& graph, const Node& node) {
    std::vector<DataType> types;
    for (ValueId in : node.inputs)
        types.push_back(in == kNone ? DataType::Undefined : graph.value(in).dtype);
    return types;
}

std::string describeNode(const Node& node) {
    return "op '" + (node.domain.empty() ? node.opType : node.domain + "::" + node.opType) +
           "' (node '" + node.name + "')";
}

// A feed must match what the graph declares where the graph knows it.
Status checkFeed(const Value& value, const HostTensor& tensor) {
    if (value.dtype != DataType::Undefined && tensor.dtype() != value.dtype)
        return Error{"input '" + value.name + "': expected " + std::string(nameOf(value.dtype)) +
                     ", got " + std::string(nameOf(tensor.dtype()))};
    if (!value.shape.rankKnown)
        return Status::success();
    bool matches = value.shape.dims.size() == tensor.dims().size();
    for (size_t i = 0; matches && i < tensor.dims().size(); ++i)
        matches = value.shape.dims[i] < 0 || value.shape.dims[i] == tensor.dims()[i];
    if (!matches)
        return Error{"input '" + value.name + "': expected shape " + value.shape.toString() +
                     ", got " + TensorShape::of(tensor.dims()).toString()};
    return Status::success();
}

} // namespace

std::vector<std::string> Executor::unsupportedNodes(const Graph& graph,
                                                    const KernelRegistry& registry) {
    std::vector<std::string> missing;
    for (const Node& node : graph.nodes()) {
        const KernelInfo* kernel = registry.find(node.opType, node.domain);
        if (!kernel || (kernel->supports && !kernel->supports(node, inputTypes(graph, node))))
            missing.push_back(describeNode(node));
    }
    return missing;
}

Result<Executor> Executor::create(std::shared_ptr<const Graph> graph, ExecutorOptions options,
                                  const KernelRegistry& registry) {
    IntegerLowering lowering;
    if (options.integerKernels &&
        std::any_of(graph->nodes().begin(), graph->nodes().end(),
                    [](const Node& n) { return n.opType == "DequantizeLinear"; })) {
        auto lowered = std::make_shared<Graph>(*graph);
        auto report = lowerToIntegerKernels(*lowered);
        if (!report)
            return report.error();
        if (report->layers > 0 || report->activationsFused > 0) {
            lowering = *report;
            graph = std::move(lowered);
        }
    }
    std::vector<const KernelInfo*> kernels;
    kernels.reserve(graph->nodeCount());
    for (const Node& node : graph->nodes()) {
        const KernelInfo* kernel = registry.find(node.opType, node.domain);
        if (!kernel)
            return Error{"the executor has no kernel for " + describeNode(node),
                         ErrorKind::Unsupported};
        if (kernel->supports && !kernel->supports(node, inputTypes(*graph, node))) {
            std::string types;
            for (DataType t : inputTypes(*graph, node))
                types += (types.empty() ? "" : ", ") + std::string(nameOf(t));
            return Error{"the executor's kernel for " + describeNode(node) +
                         " does not handle inputs (" + types + ")"};
        }
        kernels.push_back(kernel);
    }
    int threads = options.threads > 0 ? options.threads
                                      : static_cast<int>(std::thread::hardware_concurrency());
    Executor executor(std::move(graph), std::max(1, threads), std::move(kernels));
    executor.m_lowering = lowering;
    return executor;
}

Result<std::map<std::string, HostTensor>> Executor::run(const RunRequest& request,
                                                        const CancellationToken& cancel) const {
    const Graph& graph = *m_graph;
    const auto nodeCount = static_cast<NodeId>(graph.nodeCount());
    const NodeId first = std::clamp<NodeId>(request.firstNode, 0, nodeCount);
    const NodeId end = request.endNode == kNone
                           ? nodeCount
                           : std::clamp<NodeId>(request.endNode, first, nodeCount);

    std::vector<HostTensor> values(graph.values().size());
    for (const auto& [name, tensor] : request.feeds) {
        const ValueId id = graph.findValue(name);
        if (id == kNone)
            return Error{"input '" + name + "': the model has no tensor of that name"};
        if (auto s = checkFeed(graph.value(id), tensor); !s)
            return s.error();
        values[static_cast<size_t>(id)] = tensor;
    }
    for (ValueId in : graph.inputs())
        if (first == 0 && !values[static_cast<size_t>(in)].isValid() &&
            !graph.value(in).consumers.empty())
            return Error{"input '" + graph.value(in).name + "' was not given"};

    // What to return; everything else is released once its last consumer in range ran.
    std::vector<ValueId> fetch;
    if (request.fetch.empty()) {
        fetch = graph.outputs();
    } else {
        for (const auto& name : request.fetch) {
            const ValueId id = graph.findValue(name);
            if (id == kNone)
                return Error{"tensor '" + name + "': the model has no tensor of that name"};
            fetch.push_back(id);
        }
    }
    std::vector<int> pendingUses(graph.values().size(), 0);
    for (NodeId n = first; n < end; ++n)
        for (ValueId in : graph.node(n).inputs)
            if (in != kNone)
                ++pendingUses[static_cast<size_t>(in)];
    std::vector<bool> keep(graph.values().size(), false);
    for (ValueId id : fetch)
        keep[static_cast<size_t>(id)] = true;

    auto valueOf = [&](ValueId id) -> const HostTensor* {
        HostTensor& slot = values[static_cast<size_t>(id)];
        if (slot.isValid())
            return &slot;
        const Value& v = graph.value(id);
        if (!v.isConstant())
            return nullptr;
        if (request.hooks.constantOverrides) {
            auto it = request.hooks.constantOverrides->find(id);
            if (it != request.hooks.constantOverrides->end()) {
                slot = it->second;
                return &slot;
            }
        }
        slot = HostTensor::fromConstant(v.initializer);
        return &slot;
    };

    for (NodeId n = first; n < end; ++n) {
        if (cancel.isCancelled())
            return Error{"run cancelled", ErrorKind::Cancelled};
        const bool timed = static_cast<bool>(request.hooks.onNodeTimed);
        const auto started =
            timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
        const Node& node = graph.node(n);
        std::vector<const HostTensor*> inputs;
        inputs.reserve(node.inputs.size());
        for (ValueId in : node.inputs) {
            if (in == kNone) {
                inputs.push_back(nullptr);
                continue;
            }
            const HostTensor* t = valueOf(in);
            if (!t)
                return Error{"node '" + node.name + "' needs tensor '" + graph.value(in).name +
                             "', which this run neither computed nor was given"};
            inputs.push_back(t);
        }
        std::vector<HostTensor> outputs(node.outputs.size());
        KernelContext context{graph,   node,     graph.opsetVersion(node.domain), std::move(inputs),
                              outputs, m_threads};
        const KernelInfo& kernel = *m_kernels[static_cast<size_t>(n)];
        if (auto s = kernel.run(context); !s)
            return s.error();
        if (!kernel.appliesFusedActivation &&
            (!node.activation.isNone() || node.activation.hasOutputAffine()) && !outputs.empty() &&
            outputs[0].dtype() == DataType::Float)
            applyActivation(node.activation, outputs[0], m_threads);
        if (node.activation.hasChannelScale() && !outputs.empty() &&
            outputs[0].dtype() == DataType::Float)
            if (auto s = applyChannelScale(node.activation.channelScale, outputs[0]); !s)
                return s.error().prefixed("node '" + node.name + "': ");
        if (timed)
            request.hooks.onNodeTimed(
                n,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        for (size_t i = 0; i < node.outputs.size(); ++i) {
            const ValueId out = node.outputs[i];
            if (out == kNone)
                continue;
            if (!outputs[i].isValid())
                return Error{"node '" + node.name + "' (" + node.opType + ") produced no output " +
                             std::to_string(i)};
            if (request.hooks.onOutput)
                request.hooks.onOutput(n, out, outputs[i]);
            values[static_cast<size_t>(out)] = std::move(outputs[i]);
        }
        for (ValueId in : node.inputs)
            if (in != kNone && --pendingUses[static_cast<size_t>(in)] == 0 &&
                !keep[static_cast<size_t>(in)])
                values[static_cast<size_t>(in)] = HostTensor();
    }

    std::map<std::string, HostTensor> result;
    for (ValueId id : fetch) {
        const HostTensor* t = valueOf(id);
        if (!t)
            return Error{"tensor '" + graph.value(id).name + "' is not computed by nodes " +
                         std::to_string(first) + ".." + std::to_string(end) + " of this run"};
        result.emplace(graph.value(id).name, *t);
    }
    return result;
}

Status applyChannelScale(const std::vector<float>& scale, HostTensor& tensor) {
    const auto& dims = tensor.dims();
    if (dims.size() < 2 || dims[1] != static_cast<int64_t>(scale.size()))
        return Error{"its channel scale has " + std::to_string(scale.size()) +
                         " values for an output of shape " + TensorShape::of(dims).toString(),
                     ErrorKind::Internal};
    int64_t inner = 1;
    for (size_t i = 2; i < dims.size(); ++i)
        inner *= dims[i];
    float* data = tensor.mutableData<float>();
    const int64_t channels = dims[1];
    for (int64_t n = 0; n < dims[0]; ++n)
        for (int64_t c = 0; c < channels; ++c) {
            float* p = data + (n * channels + c) * inner;
            const float s = scale[static_cast<size_t>(c)];
            for (int64_t i = 0; i < inner; ++i)
                p[i] *= s;
        }
    return Status::success();
}

void applyActivation(const FusedActivation& activation, HostTensor& tensor, int threads) {
    float* data = tensor.mutableData<float>();
    const int64_t n = tensor.elementCount();
    // in blocks of 4096 so the work shares out evenly; the epilogue's loops vectorize
    constexpr int64_t kBlock = 4096;
    parallelRange((n + kBlock - 1) / kBlock, threads, n, [&](int64_t begin, int64_t end) {
        const int64_t first = begin * kBlock, last = std::min(n, end * kBlock);
        applyBiasActivation(data + first, last - first, 0.f, activation);
    });
}

} // namespace autosplit
