#pragma once

// The fake-quantized run of one candidate (DESIGN.md, "Accuracy"): the edge layers' weights
// quantized per output channel and their output activations per tensor at the request's widths
// (ranges from calibration), what crosses unquantized as the bundle sends it (float16, or the raw
// input's codes), the cloud part in float. Planned once per request, then run on any sample,
// whole or from a state part-way through (a prefix another candidate with the same first layers
// and widths left).
// With one contiguous edge part, what crosses is turned into its wire form at the cut, after the
// edge ran: an edge layer that reads a tensor which also crosses reads it as computed, as the
// bundle's edge model does, and a state before the cut depends only on the layers before it.

#include "core/quant/calibration.h"
#include "core/quant/quantizer.h"

#include "core/runtime/executor.h"
#include "core/util/progress.h"
#include "core/util/result.h"

#include <map>
#include <span>
#include <string>
#include <vector>

namespace autosplit {

struct EvaluationRequest;

class QuantizedRun {
public:
    // Checks the request against the graph and the calibration (split and widths in range,
    // activations calibrated at those widths); errors name the layer.
    static Result<QuantizedRun> plan(const Graph& graph, const CalibrationResult& calibration,
                                     const EvaluationRequest& request);

    // The feeds of a sample (graph inputs by name) as this candidate's run reads them from the
    // start (a graph input crossing to the cloud takes its wire form at the cut).
    Result<std::map<std::string, HostTensor>> feeds(const Graph& graph,
                                                    std::span<const HostTensor> sample) const;

    // Runs nodes [first, end) of the executor's graph (end kNone: to the end) from `feeds` (the
    // sample's feeds, or a state: the tensors live at `first`), returning `fetch` (empty: the
    // graph outputs). A run that passes the split (first <= split, and end beyond it or kNone)
    // sends what crosses there; a state at a cut up to the split is as the edge left it.
    Result<std::map<std::string, HostTensor>>
    run(const Executor& executor, std::map<std::string, HostTensor> feeds, NodeId first, NodeId end,
        std::vector<std::string> fetch, const CancellationToken& cancel) const;

    // Whether a state after the first `layers` nodes (up to the split) depends only on those
    // layers' widths and the sample: true for one contiguous edge part. An edge set with gaps
    // rounds what crosses where it is produced, which depends on the whole set.
    bool prefixesShareable() const { return m_crossAtCut; }

private:
    Status cross(const Graph& graph, std::map<std::string, HostTensor>& state) const;

    std::map<ValueId, HostTensor> m_weights;      // fake-quantized weights by value
    std::map<ValueId, QuantParams> m_activations; // edge layers' output quantizers
    std::vector<bool> m_halfCrossing;             // per value: rounded to float16
    std::map<size_t, QuantParams> m_inputCodes;   // by graph input position
    std::vector<bool> m_halfInput;                // per graph input
    NodeId m_split = 0;
    bool m_crossAtCut = true;               // one contiguous edge part
    std::vector<std::string> m_liveAtSplit; // the state at the cut
};

} // namespace autosplit
