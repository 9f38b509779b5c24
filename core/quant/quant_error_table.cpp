#include "core/quant/quant_error_table.h"

#include "core/quant/layer_weight.h"
#include "core/quant/quant_error.h"

#include <algorithm>

namespace autosplit {

std::optional<size_t> QuantErrorTable::bitIndex(int b) const {
    auto it = std::find(bits.begin(), bits.end(), b);
    if (it == bits.end())
        return std::nullopt;
    return static_cast<size_t>(it - bits.begin());
}

Result<QuantErrorTable> computeWeightErrors(const Graph& graph, std::span<const int> bits,
                                            const RangeOptions& options,
                                            const ProgressCallback& progress,
                                            const CancellationToken& cancel) {
    if (bits.empty())
        return Error{"the bit-width set is empty"};
    for (int b : bits)
        if (!isSupportedBitWidth(b))
            return Error{"bit-width " + std::to_string(b) + " is not supported (use 2..8 or 16)"};
    if (Status s = options.validate(); !s)
        return s.error();

    QuantErrorTable table;
    table.bits.assign(bits.begin(), bits.end());
    std::sort(table.bits.begin(), table.bits.end());
    table.bits.erase(std::unique(table.bits.begin(), table.bits.end()), table.bits.end());
    table.weightRangeMethod = std::string(rangeMethodName(options.method));

    // Weights are weighed by element count for progress: one big fc layer dominates VGG.
    int64_t total = 0;
    for (NodeId id = 0; id < static_cast<NodeId>(graph.nodeCount()); ++id)
        if (auto w = layerWeight(graph, id))
            total += w->elements;
    int64_t done = 0;

    reportProgress(progress, 0.0, "weight errors");
    for (NodeId id = 0; id < static_cast<NodeId>(graph.nodeCount()); ++id) {
        if (cancel.isCancelled())
            return Error{"weight error computation cancelled", ErrorKind::Cancelled};
        const Node& node = graph.node(id);
        LayerQuantErrors row;
        row.layer = id + 1;
        row.name = node.name;
        row.opType = node.opType;
        if (!node.outputs.empty() && node.outputs[0] != kNone)
            row.activation = graph.value(node.outputs[0]).name;
        row.weightMse.assign(table.bits.size(), 0.0);
        if (auto w = layerWeight(graph, id)) {
            const Value& v = graph.value(w->value);
            row.weight = v.name;
            row.weightAxis = w->axis;
            row.weightElements = w->elements;
            const HostTensor original = HostTensor::fromConstant(v.initializer);
            for (size_t j = 0; j < table.bits.size(); ++j) {
                auto q = fakeQuantizeWeight(graph, *w, table.bits[j], options);
                if (!q)
                    return q.error().prefixed("layer '" + node.name + "': ");
                row.weightMse[j] = *mse(original.span<float>(), q->span<float>());
            }
            done += w->elements;
            if (total > 0)
                reportProgress(progress, static_cast<double>(done) / static_cast<double>(total),
                               "weight errors");
        }
        table.layers.push_back(std::move(row));
    }
    reportProgress(progress, 1.0, "weight errors");
    return table;
}

} // namespace autosplit
