#pragma once

#include "../graph/graph.h"
#include "../util/result.h"

#include <string>
#include <vector>

namespace autosplit {

// What one pass did to a graph, for the user ("folded bn1 into conv1").
struct PassReport {
    std::string pass;
    bool modified = false;
    std::vector<std::string> changes;
    // Things the pass left alone for a reason the user may want to know ("kept BatchNormalization
    // 'bn3': its input has two consumers" is not worth a note; a malformed constant chain is).
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
