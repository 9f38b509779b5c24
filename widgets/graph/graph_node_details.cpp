#include "widgets/graph/graph_node_details.h"

#include "widgets/number_format.h"

#include "core/graph/data_type.h"

#include <QCoreApplication>
#include <QLocale>

namespace autosplit {

namespace {

QString tr(const char* text) {
    // lupdate files the tr() calls of this file under the namespace, so the lookup uses it too.
    return QCoreApplication::translate("autosplit", text);
}

QString describeValue(const Graph& graph, ValueId id) {
    const Value& value = graph.value(id);
    QString text = QString::fromStdString(value.name) + QStringLiteral(": ") +
                   QString::fromStdString(value.shape.toString());
    if (value.dtype != DataType::Undefined)
        text +=
            QChar(u' ') + QString::fromLatin1(nameOf(value.dtype).data(),
                                              static_cast<qsizetype>(nameOf(value.dtype).size()));
    if (value.isConstant())
        text += QChar(u' ') + tr("(constant)");
    return text;
}

QString mse(double value) {
    return QLocale().toString(value, 'g', 3);
}

QString row(const QString& key, const QString& value) {
    return QStringLiteral("<tr><td><b>") + key + QStringLiteral("</b>&nbsp;</td><td>") + value +
           QStringLiteral("</td></tr>");
}

} // namespace

NodeDetails describeNode(const session::OpenedModel& model, const Graph& shown, NodeId node,
                         int layer, CutSide side, const Candidate* cut,
                         const QuantErrorTable* errors) {
    NodeDetails d;
    if (node < 0 || static_cast<size_t>(node) >= shown.nodeCount())
        return d;
    const Node& n = shown.node(node);
    d.name = QString::fromStdString(n.name);
    d.opType = QString::fromStdString(n.domain.empty() ? n.opType : n.domain + "." + n.opType);
    if (!n.activation.isNone())
        d.activation = QString::fromStdString(n.activation.displayName());
    for (ValueId in : n.inputs)
        if (in != kNone)
            d.inputs << describeValue(shown, in);
    for (ValueId out : n.outputs)
        if (out != kNone)
            d.outputs << describeValue(shown, out);
    for (const std::string& f : n.folded)
        d.folded << QString::fromStdString(f);
    d.side = side;

    if (layer < 1 || layer > model.analysis.layerCount())
        return d;
    d.layer = layer;
    const LayerInfo& info = model.analysis.layers[static_cast<size_t>(layer - 1)];
    d.layerName = QString::fromStdString(info.name);
    d.params = info.params;
    d.weightBytes = info.weightBytes;
    d.macs = info.macs;
    if (cut && side == CutSide::Edge && !cut->floatEdge) {
        d.weightBits = cut->bits.weight(layer);
        d.activationBits = cut->bits.activation(layer);
    }
    if (!errors || static_cast<size_t>(layer) > errors->layers.size())
        return d;
    const LayerQuantErrors& e = errors->layers[static_cast<size_t>(layer - 1)];
    for (size_t j = 0; j < errors->bits.size(); ++j) {
        NodeDetails::ErrorRow r;
        r.bits = errors->bits[j];
        r.weight = j < e.weightMse.size() ? e.weightMse[j] : 0.0;
        if (j < e.activationMse.size())
            r.activation = e.activationMse[j];
        d.errors.push_back(r);
    }
    if (d.weightBits > 0)
        if (auto j = errors->bitIndex(d.weightBits); j && *j < e.weightMse.size())
            d.weightError = e.weightMse[*j];
    if (d.activationBits > 0)
        if (auto j = errors->bitIndex(d.activationBits); j && *j < e.activationMse.size())
            d.activationError = e.activationMse[*j];
    return d;
}

QString nodeDetailsHtml(const NodeDetails& d) {
    QString title = d.opType.toHtmlEscaped();
    if (!d.activation.isEmpty())
        title += QStringLiteral(" + ") + d.activation.toHtmlEscaped();
    QString html = QStringLiteral("<p><b>") + title + QStringLiteral("</b> ") +
                   d.name.toHtmlEscaped() + QStringLiteral("</p><table>");
    if (d.layer > 0) {
        QString layer = QLocale().toString(d.layer);
        if (d.layerName != d.name)
            layer = tr("part of layer %1 (%2)").arg(layer, d.layerName.toHtmlEscaped());
        html += row(tr("Layer"), layer);
    }
    switch (d.side) {
    case CutSide::Edge:
        html += row(tr("Runs on"), tr("edge device"));
        break;
    case CutSide::Cloud:
        html += row(tr("Runs on"), tr("cloud"));
        break;
    case CutSide::None:
        break;
    }
    auto list = [](const QStringList& items) {
        QStringList escaped;
        for (const QString& s : items)
            escaped << s.toHtmlEscaped();
        return escaped.join(QStringLiteral("<br>"));
    };
    if (!d.inputs.isEmpty())
        html += row(tr("Inputs"), list(d.inputs));
    if (!d.outputs.isEmpty())
        html += row(tr("Outputs"), list(d.outputs));
    if (!d.folded.isEmpty())
        html += row(tr("Folded in"), list(d.folded));
    if (d.layer > 0) {
        html += row(tr("Parameters"), format::count(d.params) + QStringLiteral(" (") +
                                          format::bytes(d.weightBytes) + QStringLiteral(")"));
        html += row(tr("MACs"), format::macs(d.macs));
    }
    if (d.weightBits > 0 || d.activationBits > 0) {
        html += row(tr("Bit-widths"),
                    tr("weights %1, activations %2").arg(d.weightBits).arg(d.activationBits));
    }
    if (d.weightError)
        html += row(tr("Weight error D_w"), mse(*d.weightError));
    if (d.activationError)
        html += row(tr("Activation error D_a"), mse(*d.activationError));
    html += QStringLiteral("</table>");
    if (!d.errors.empty()) {
        html += QStringLiteral("<p><b>") + tr("Quantization error (MSE)") +
                QStringLiteral("</b></p><table><tr><th>") + tr("bits") +
                QStringLiteral("</th><th>D_w</th><th>D_a</th></tr>");
        for (const auto& r : d.errors)
            html += QStringLiteral("<tr><td align=right>") + QString::number(r.bits) +
                    QStringLiteral("</td><td>") + mse(r.weight) + QStringLiteral("</td><td>") +
                    (r.activation ? mse(*r.activation) : format::unknown()) +
                    QStringLiteral("</td></tr>");
        html += QStringLiteral("</table>");
    }
    return html;
}

} // namespace autosplit
