#pragma once

#include "core/passes/pass.h"

#include "core/util/progress.h"

#include <memory>
#include <string>
#include <vector>

namespace autosplit {

// Names of every registered pass, in the order the default pipeline runs them.
std::vector<std::string> availablePassNames();
std::vector<std::string> defaultPassNames();
std::unique_ptr<GraphPass> createPass(const std::string& name);

// Runs the named passes in order on `graph` (each followed by Graph::finalize), re-running ONNX
// shape inference when a pass changed the graph's structure so later numbers stay right.
// Unknown pass names are an error naming the pass and listing the valid ones.
Result<std::vector<PassReport>> optimizeGraph(Graph& graph,
                                              const std::vector<std::string>& passNames,
                                              const ProgressCallback& progress = {},
                                              const CancellationToken& cancel = {});

} // namespace autosplit
