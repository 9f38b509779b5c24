#include "widgets/models/model_summary_view.h"

#include "widgets/number_format.h"

#include <QEvent>
#include <QLocale>

namespace autosplit {

namespace {

// Passes can change hundreds of nodes; the summary lists the first few of each.
constexpr size_t kMaxChangesShown = 8;

QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}
QString esc(const QString& s) {
    return s.toHtmlEscaped();
}

QString row(const QString& label, const QString& value) {
    return QStringLiteral("<tr><td style='padding-right:12px; white-space:nowrap'><b>%1</b></td>"
                          "<td>%2</td></tr>")
        .arg(label, value);
}

QString valueLine(const Graph& graph, ValueId id) {
    const Value& v = graph.value(id);
    return QStringLiteral("<code>%1</code> %2 <span style='color:gray'>%3</span>")
        .arg(esc(v.name), esc(v.shape.toString()), esc(std::string(nameOf(v.dtype))));
}

} // namespace

ModelSummaryView::ModelSummaryView(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    setObjectName(QStringLiteral("modelSummary"));
    refresh();
}

void ModelSummaryView::setAnalysis(session::OpenedModelPtr model) {
    m_model = std::move(model);
    refresh();
}

void ModelSummaryView::setSplitCriteria(qint64 memoryLimitBytes, int lowestBits,
                                        int potentialSplitCount) {
    m_memoryLimit = memoryLimitBytes;
    m_lowestBits = lowestBits;
    m_potentialCount = potentialSplitCount;
    refresh();
}

void ModelSummaryView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QTextBrowser::changeEvent(event);
}

void ModelSummaryView::refresh() {
    setHtml(summaryHtml());
}

QString ModelSummaryView::summaryHtml() const {
    if (!m_model)
        return QStringLiteral("<p style='color:gray'>%1</p>")
            .arg(tr("No model loaded. Open an ONNX model with File > Open, or drop one on the "
                    "window."));

    const session::OpenedModel& m = *m_model;
    const SplitAnalysis& a = m.analysis;
    QString html = QStringLiteral("<h3>%1</h3><table cellspacing='2'>").arg(esc(m.displayName));

    if (m.isSample)
        html += row(tr("File"),
                    tr("embedded sample model (PaddleOCR text-direction classifier, Apache-2.0)"));
    else
        html += row(tr("File"), esc(m.filePath));
    html += row(tr("Size"), format::bytes(m.fileSize()));
    QString format = tr("ONNX IR %1, opset %2").arg(m.graph.irVersion).arg(m.graph.opsetVersion());
    if (!m.graph.producerName.empty())
        format += QStringLiteral(", ") + tr("made by %1").arg(esc(m.graph.producerName));
    html += row(tr("Format"), format);

    QStringList inputs;
    for (ValueId id : m.graph.inputs())
        inputs << valueLine(m.graph, id);
    html += row(tr("Inputs"), inputs.join(QStringLiteral("<br>")));
    if (!m.inputShapes.empty()) {
        QStringList given;
        for (const auto& s : m.inputShapes) {
            QStringList dims;
            for (int64_t d : s.dims)
                dims << QString::number(d);
            given << QStringLiteral("<code>%1=%2</code>").arg(esc(s.name), dims.join(QChar(u'x')));
        }
        html += row(tr("Shape given"), given.join(QStringLiteral(", ")));
    }
    QStringList outputs;
    for (ValueId id : m.graph.outputs())
        outputs << valueLine(m.graph, id);
    html += row(tr("Outputs"), outputs.join(QStringLiteral("<br>")));

    html +=
        row(tr("Layers"), tr("%1 after optimization (%2 nodes imported)")
                              .arg(format::count(a.layerCount()))
                              .arg(format::count(static_cast<int64_t>(m.rawGraph.nodeCount()))));
    const int64_t params = a.prefixParams.empty() ? 0 : a.prefixParams.back();
    const int64_t weightBytes = a.prefixWeightBytes.empty() ? 0 : a.prefixWeightBytes.back();
    html += row(tr("Parameters"),
                tr("%1 (%2 stored)").arg(format::count(params), format::bytes(weightBytes)));

    int64_t macs = 0;
    int unknownMacs = 0;
    for (const auto& layer : a.layers) {
        if (layer.macs)
            macs += *layer.macs;
        else
            ++unknownMacs;
    }
    QString macText = QStringLiteral("%1 (%2)").arg(format::macs(macs), format::count(macs));
    if (unknownMacs > 0)
        macText += QStringLiteral("; ") + tr("unknown for %1 of the layers").arg(unknownMacs);
    html += row(tr("MACs"), macText);
    html += row(tr("Raw input"), tr("%1 at %2 bits per element (what Cloud-Only sends)")
                                     .arg(format::bytes(a.rawInputBytes))
                                     .arg(a.options.rawInputBits));

    int liCandidates = 0;
    for (size_t n = 1; n < a.cuts.size(); ++n)
        if (a.cuts[n].li == LiRule::Candidate)
            ++liCandidates;
    if (m_lowestBits > 0)
        html += row(tr("Potential splits"), tr("%1 with edge memory ≤ %2 at %3 bits")
                                                .arg(m_potentialCount)
                                                .arg(format::bytes(m_memoryLimit))
                                                .arg(m_lowestBits));
    html += row(tr("Li candidates"), QString::number(liCandidates));
    const QLocale locale;
    html += row(tr("Time"), tr("import %1 ms, optimize %2 ms, analyze %3 ms")
                                .arg(locale.toString(m.importSeconds * 1e3, 'f', 0),
                                     locale.toString(m.optimizeSeconds * 1e3, 'f', 0),
                                     locale.toString(m.analyzeSeconds * 1e3, 'f', 0)));
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h4>%1</h4><ul>").arg(tr("Optimization passes"));
    if (m.passReports.empty())
        html += QStringLiteral("<li>%1</li>").arg(tr("none ran"));
    for (const PassReport& report : m.passReports) {
        html += QStringLiteral("<li><b>%1</b>: ").arg(esc(report.pass));
        if (report.changes.empty()) {
            html += tr("no change") + QStringLiteral("</li>");
            continue;
        }
        html += tr("%1 changes").arg(report.changes.size()) + QStringLiteral("<ul>");
        for (size_t i = 0; i < report.changes.size() && i < kMaxChangesShown; ++i)
            html += QStringLiteral("<li>%1</li>").arg(esc(report.changes[i]));
        if (report.changes.size() > kMaxChangesShown)
            html += QStringLiteral("<li>%1</li>")
                        .arg(tr("… and %1 more").arg(report.changes.size() - kMaxChangesShown));
        html += QStringLiteral("</ul></li>");
    }
    html += QStringLiteral("</ul>");

    html += QStringLiteral("<h4>%1</h4>").arg(tr("Warnings"));
    if (m.warnings.empty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("none"));
    } else {
        html += QStringLiteral("<ul>");
        for (const auto& w : m.warnings)
            html += QStringLiteral("<li>%1</li>").arg(esc(w));
        html += QStringLiteral("</ul>");
    }
    return html;
}

} // namespace autosplit
