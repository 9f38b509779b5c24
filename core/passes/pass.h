#pragma once

#include "core/graph/graph.h"
#include "core/util/result.h"

#include <string>
#include <vector>

namespace autosplit {

// What one pass did to a graph, for the user ("folded bn1 into conv1").
struct PassReport {
    std::string pass;
    bool modified = false;
    std::vector<std::string> changes;
    // Candidates the pass deliberately left alone, with the reason ("kept BatchNormalization 'bn':
    // training_mode is set", "kept Reshape 'r': cannot reshape 6 to 4"). Ordinary non-matches
    // (a BN after a pooling layer) are not noted.
    std::vector<std::string> notes;
};

// One graph transformation (as onnxruntime's optimizer: one pass per file, a status and a
// `modified` flag). A pass edits through Graph's mutators; the manager finalizes afterwards.
class GraphPass {
public:
    virtual ~GraphPass() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    // Appends human-readable changes to report.changes and sets report.modified.
    virtual Status run(Graph& graph, PassReport& report) = 0;
};

} // namespace autosplit
