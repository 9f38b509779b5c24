#pragma once

// The executor's kernels: one function per ONNX op (per domain), registered in a registry the
// executor, the conformance test and the CLI all read, so "which ops are supported" has one
// source. Kernel families live in kernels/*.cpp, each with a register function called from
// registerBuiltinKernels() (explicit calls: static initialisers are dropped from static libraries).

#include "core/runtime/host_tensor.h"

#include "core/graph/graph.h"
#include "core/util/result.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace autosplit {

struct KernelContext {
    const Graph& graph;
    const Node& node;
    int64_t opset;                         // the graph's version for the node's domain
    std::vector<const HostTensor*> inputs; // nullptr for an absent optional input
    std::vector<HostTensor>& outputs;      // sized to node.outputs; fill the ones that exist
    int threads;                           // parallelism the kernel may use

    const HostTensor& input(size_t i) const { return *inputs.at(i); }
    bool hasInput(size_t i) const { return i < inputs.size() && inputs[i] != nullptr; }
    // An error that names the node and op; use for data the kernel cannot handle.
    Error fail(const std::string& problem) const {
        return Error{"node '" + node.name + "' (" + node.opType + "): " + problem};
    }
};

using KernelFunction = std::function<Status(KernelContext&)>;
// Whether the kernel handles this node with these input dtypes (Undefined for absent inputs).
using KernelSupports = std::function<bool(const Node&, const std::vector<DataType>&)>;

struct KernelInfo {
    std::string opType;
    std::string domain; // "" = ai.onnx
    KernelSupports supports;
    KernelFunction run;
    // The kernel applies node.activation itself (in its output loop, while the data is in cache),
    // so the executor must not apply it again.
    bool appliesFusedActivation = false;
};

class KernelRegistry {
public:
    // The registry with every built-in kernel.
    static const KernelRegistry& builtin();

    void add(KernelInfo info);
    const KernelInfo* find(const std::string& opType, const std::string& domain = "") const;
    // "op" for the default domain, "domain::op" otherwise; sorted.
    std::vector<std::string> opNames() const;

private:
    std::map<std::pair<std::string, std::string>, KernelInfo> m_kernels;
};

// Convenience for `supports`: every present input has one of the given dtypes.
KernelSupports inputTypesIn(std::vector<DataType> allowed);

// Called once by KernelRegistry::builtin(); each kernel family adds its own.
void registerBuiltinKernels(KernelRegistry& registry);

} // namespace autosplit
