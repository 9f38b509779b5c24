#pragma once

// What the graph view tells about one node when it is clicked or hovered: the operation, its
// tensors, the layer's parameters and MACs from the split analysis, and under the current
// solution its side, bit-widths and quantization errors (D_w, D_a from the error table).

#include "session/opened_model.h"
#include "widgets/graph/graph_annotations.h"

#include "core/quant/quant_error_table.h"
#include "core/solve/candidate.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace autosplit {

struct NodeDetails {
    QString name;
    QString opType;     // with the domain when not the default one ("com.microsoft.FusedConv")
    QString activation; // fused activation op, empty if none
    QStringList inputs; // "name: 1x3x48x192 float32", constants marked
    QStringList outputs;
    QStringList folded; // source nodes folded into this one by the passes
    // The analysis layer (1-based) this node is, or in the raw graph was folded into; 0 none.
    int layer = 0;
    QString layerName; // that layer's node name (differs from `name` for a raw node)
    int64_t params = 0;
    int64_t weightBytes = 0;
    std::optional<int64_t> macs;
    CutSide side = CutSide::None;
    // The solution's widths for an edge layer; 0 when not on the edge or not given.
    int weightBits = 0;
    int activationBits = 0;
    // D_w(layer, weightBits), D_a(layer, activationBits) when the error table has them.
    std::optional<double> weightError;
    std::optional<double> activationError;
    struct ErrorRow {
        int bits = 0;
        double weight = 0.0;
        std::optional<double> activation; // until calibration has measured it
    };
    std::vector<ErrorRow> errors; // the layer's row of the error table, by bit-width
};

// `shown` is model.graph or model.rawGraph; `layer` the analysis layer of `node` (see
// RawGraphMapping), `side` its side under `cut`. `cut` and `errors` may be null.
NodeDetails describeNode(const session::OpenedModel& model, const Graph& shown, NodeId node,
                         int layer, CutSide side, const Candidate* cut,
                         const QuantErrorTable* errors);

// The details as a small HTML table, for a tooltip or a details panel (translated).
QString nodeDetailsHtml(const NodeDetails& details);

} // namespace autosplit
