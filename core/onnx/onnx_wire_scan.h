#pragma once

// A look at a serialized ONNX model before protobuf parses it: how many nodes its graphs hold
// and how deep its sub-graphs nest. Parsing a file of millions of nodes, or one nested past
// protobuf's recursion limit, costs gigabytes or ends in "does not parse"; this scan reads the
// wire format in place, without allocating per node, so such a file is refused by name first.

#include <cstdint>
#include <string_view>

namespace autosplit {

struct OnnxWireCounts {
    int64_t nodes = 0;      // in the main graph and every sub-graph (If/Loop/Scan attributes)
    int deepestNesting = 0; // 0: no sub-graphs; 1: sub-graphs of main-graph nodes; ...
};

// Counts up to the first malformed field (whose report is left to the parser); stops
// descending below `maxNesting` + 1 levels and counting past `maxNodes` + 1 nodes, so the scan
// itself stays small whatever the file claims.
OnnxWireCounts scanOnnxWire(std::string_view bytes, int maxNesting, int64_t maxNodes);

} // namespace autosplit
