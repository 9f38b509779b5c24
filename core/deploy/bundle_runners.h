#pragma once

// Running the two halves of a deployment bundle on the executor: the edge model on the device's
// inputs, the cloud model on the tensors the edge sent. The runtimes (autosplit-edge,
// autosplit-cloud) and the single-process reference run of a bundle share them.

#include "core/bundle/bundle_reader.h"

#include "core/runtime/executor.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <map>
#include <memory>
#include <string>

namespace autosplit {

using TensorMap = std::map<std::string, HostTensor>;

// One half of a bundle, imported from its ONNX model.
class BundleHalf {
public:
    // `which` is kEdgeModelFile or kCloudModelFile.
    static Result<BundleHalf> open(const OpenedBundle& bundle, const std::string& which,
                                   int threads = 0);

    // Checks every feed against the model's inputs (name, type, shape: one message naming the
    // tensor) and runs the model; the outputs by name.
    Result<TensorMap> run(const TensorMap& feeds, const CancellationToken& cancel = {}) const;

    const Graph& graph() const { return *m_graph; }

private:
    std::string m_label;
    std::shared_ptr<const Graph> m_graph;
    std::shared_ptr<const Executor> m_executor;
};

// The whole bundle in one process: edge, then cloud on what it sends (unpacked codes, as the
// cloud runtime gives its model). Returns the cloud's outputs and the edge's own outputs.
Result<TensorMap> runBundleLocally(const BundleHalf& edge, const BundleHalf& cloud,
                                   const bundle::Manifest& manifest, const TensorMap& inputs);

} // namespace autosplit
