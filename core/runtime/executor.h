#pragma once

#include "core/runtime/host_tensor.h"
#include "core/runtime/integer_lowering.h"
#include "core/runtime/kernel.h"

#include "core/graph/graph.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace autosplit {

struct ExecutorOptions {
    int threads = 0; // 0: every core
    // Run the quantized layers of a QDQ model (DequantizeLinear -> Conv/Gemm/MatMul ->
    // QuantizeLinear) in integer arithmetic (integer_lowering.h); off, they run as written, in
    // float (the fake-quantized simulation, exactly). The executor's graph() is then the lowered
    // graph: node ids of hooks and partial runs refer to it.
    bool integerKernels = true;
};

// What calibration and evaluation plug into a run: see or replace each produced tensor (fake
// quantization of activations) and use other constants (fake-quantized weights).
struct ExecutionHooks {
    // After a node (and its fused activation) ran, for each of its outputs. To change it, assign a
    // new tensor: the buffer may be shared with an input (Reshape, Identity) and must not be
    // written.
    std::function<void(NodeId node, ValueId value, HostTensor& tensor)> onOutput;
    // Constants to use instead of the graph's, by value id.
    const std::map<ValueId, HostTensor>* constantOverrides = nullptr;
    // After a node (and its fused activation) ran: its wall-clock seconds, inputs gathered to
    // outputs made, before onOutput. The clock is read only when this is set.
    std::function<void(NodeId node, double seconds)> onNodeTimed;
};

struct RunRequest {
    // Graph inputs by name; for a partial run (firstNode > 0) also the tensors crossing into it.
    std::map<std::string, HostTensor> feeds;
    // Tensors to return by name (graph outputs or intermediates); empty = the graph outputs.
    std::vector<std::string> fetch;
    // Run nodes [firstNode, endNode) of the topological order; endNode kNone = to the end.
    NodeId firstNode = 0;
    NodeId endNode = kNone;
    ExecutionHooks hooks;
};

// Runs a graph (raw or optimized: fused activations are applied) on the CPU. Thread-safe for
// concurrent run() calls; the graph is shared and never modified.
class Executor {
public:
    // Fails naming the first op (and node) without a kernel for its input types.
    static Result<Executor> create(std::shared_ptr<const Graph> graph, ExecutorOptions options = {},
                                   const KernelRegistry& registry = KernelRegistry::builtin());
    // Every node the registry cannot run, as "op 'X' (node 'n')"; empty when all can run.
    static std::vector<std::string>
    unsupportedNodes(const Graph& graph,
                     const KernelRegistry& registry = KernelRegistry::builtin());

    Result<std::map<std::string, HostTensor>> run(const RunRequest& request,
                                                  const CancellationToken& cancel = {}) const;

    const Graph& graph() const { return *m_graph; }
    int threads() const { return m_threads; }
    // What integer lowering did (all zero for a graph without quantized layers).
    const IntegerLowering& integerLowering() const { return m_lowering; }

private:
    Executor(std::shared_ptr<const Graph> graph, int threads,
             std::vector<const KernelInfo*> kernels)
        : m_graph(std::move(graph)), m_threads(threads), m_kernels(std::move(kernels)) {}

    std::shared_ptr<const Graph> m_graph;
    int m_threads = 1;
    std::vector<const KernelInfo*> m_kernels; // per node
    IntegerLowering m_lowering;
};

// Applies a fused activation in place to a float tensor.
void applyActivation(const FusedActivation& activation, HostTensor& tensor, int threads);
// tensor[:, c, ...] *= scale[c] (a fused activation's channel scale); fails when the tensor's
// axis 1 does not have scale.size() channels.
Status applyChannelScale(const std::vector<float>& scale, HostTensor& tensor);

} // namespace autosplit
