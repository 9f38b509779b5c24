#pragma once

// The fake-quantized run of one candidate (DESIGN.md, "Accuracy"): the edge layers' weights
// quantized per output channel and their output activations per tensor at the request's widths
// (ranges from calibration), what crosses unquantized as the bundle sends it (float16, or the raw
// input's codes), the cloud part in float. Planned once per request, then run on any sample,
// whole or from a state part-way through (a prefix another candidate with the same first layers
// and widths left).

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

    // The feeds of a sample (graph inputs by name) as this candidate's run reads them: a graph
    // input that crosses to the cloud arrives as the bundle sends it.
    Result<std::map<std::string, HostTensor>> feeds(const Graph& graph,
                                                    std::span<const HostTensor> sample) const;

    // Runs nodes [first, end) of the executor's graph (end kNone: to the end) from `feeds` (the
    // sample's feeds, or a state: the tensors live at `first`), returning `fetch` (empty: the
    // graph outputs).
    Result<std::map<std::string, HostTensor>>
    run(const Executor& executor, std::map<std::string, HostTensor> feeds, NodeId first, NodeId end,
        std::vector<std::string> fetch, const CancellationToken& cancel) const;

    // Whether a state after the first `layers` nodes depends only on those layers' widths (and
    // the sample): false when float edge tensors are rounded where they cross, which depends on
    // the split, or the graph inputs are fed as they cross.
    bool prefixesShareable() const { return m_prefixesShareable; }

private:
    std::map<ValueId, HostTensor> m_weights;      // fake-quantized weights by value
    std::map<ValueId, QuantParams> m_activations; // edge layers' output quantizers
    std::vector<bool> m_halfCrossing;             // per value: rounded to float16
    std::map<size_t, QuantParams> m_inputCodes;   // by graph input position
    std::vector<bool> m_halfInput;                // per graph input
    bool m_prefixesShareable = true;
};

} // namespace autosplit
