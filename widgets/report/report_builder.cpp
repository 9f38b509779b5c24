#include "widgets/report/report_builder.h"

#include "widgets/charts/pareto_chart.h"
#include "widgets/number_format.h"
#include "widgets/solution/solution_text.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

namespace autosplit {

namespace {

// Wide enough to read, narrow enough for an A4 page's text width (about 680 px at the PDF's
// 96 dpi), and a tall picture (the graph) no higher than a page's text.
constexpr int kImageWidth = 640;
constexpr int kImageHeight = 820;
constexpr const char* kTable =
    "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">";

QString esc(const QString& s) {
    return s.toHtmlEscaped();
}

QString row(const QString& label, const QString& value) {
    return QStringLiteral("<tr><th align=\"left\">%1</th><td>%2</td></tr>").arg(esc(label), value);
}

QByteArray pngBytes(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

Error fileError(const QString& path, const QString& problem) {
    return Error{
        QString(QDir::toNativeSeparators(path) + QStringLiteral(": ") + problem).toStdString(),
        ErrorKind::Io};
}

} // namespace

ReportBuilder::ReportBuilder(ReportContent content) : m_content(std::move(content)) {}

ReportBuilder::~ReportBuilder() = default;

const Candidate* ReportBuilder::shown() const {
    const SolutionSetPtr& set = m_content.solution;
    if (!set || set->candidates.empty())
        return nullptr;
    if (!m_content.shownBaseline.isEmpty())
        if (const Baseline* b = set->baseline(m_content.shownBaseline.toStdString()))
            return &b->candidate;
    const int i = m_content.shownCandidate;
    if (i >= 0 && i < static_cast<int>(set->candidates.size()))
        return &set->candidates[static_cast<size_t>(i)];
    return &set->selectedCandidate();
}

QString ReportBuilder::solutionName(const Candidate& c) const {
    const int layers = m_content.model ? m_content.model->analysis.layerCount() : 0;
    if (c.edgeLayerCount() == 0)
        return tr("Cloud-Only");
    if (c.edgeLayerCount() >= layers)
        return tr("Edge-Only");
    return tr("split after layer %1").arg(c.split);
}

QString ReportBuilder::edgeBitsText(const Candidate& c) const {
    if (c.edgeLayerCount() == 0)
        return tr("none (no layer on the edge)");
    const int floatBits = m_content.solution ? m_content.solution->constraints.floatBits : 16;
    if (c.floatEdge)
        return tr("float, %1-bit, every edge layer").arg(floatBits);
    std::vector<int> edge = c.edgeLayers;
    if (c.isPrefix())
        for (int i = 1; i <= c.split; ++i)
            edge.push_back(i);
    // Runs of consecutive layers with the same widths: "1–3: W8 A8; 4: W6 A8".
    QStringList runs;
    size_t start = 0;
    for (size_t i = 1; i <= edge.size(); ++i) {
        const bool ends = i == edge.size() || edge[i] != edge[i - 1] + 1 ||
                          c.bits.weight(edge[i]) != c.bits.weight(edge[start]) ||
                          c.bits.activation(edge[i]) != c.bits.activation(edge[start]);
        if (!ends)
            continue;
        const QString layers = i - 1 == start
                                   ? QString::number(edge[start])
                                   : QStringLiteral("%1–%2").arg(edge[start]).arg(edge[i - 1]);
        runs << tr("%1: W%2 A%3")
                    .arg(layers)
                    .arg(c.bits.weight(edge[start]))
                    .arg(c.bits.activation(edge[start]));
        start = i;
    }
    return runs.join(QStringLiteral("; "));
}

QString ReportBuilder::constraintsSection() const {
    const session::SolveSettings& s = m_content.settings;
    const SolutionSetPtr& set = m_content.solution;
    QString t = QStringLiteral("<h2>%1</h2>").arg(esc(tr("Constraints"))) + QLatin1String(kTable);
    t += row(tr("Edge device"), esc(s.edgeDevice));
    t += row(tr("Cloud device"), esc(s.cloudDevice));
    t += row(tr("Network"),
             s.network.isEmpty() ? esc(tr("none (uplink as given)")) : esc(s.network));
    t += row(tr("Uplink"), esc(format::bitRate(m_content.uplink.bitsPerSecond)));
    t += row(tr("Round trip"), esc(format::milliseconds(m_content.uplink.roundTripSeconds)));
    t += row(tr("Overhead per message"),
             esc(format::bytes(m_content.uplink.overheadBytesPerMessage)));
    if (set)
        t += row(tr("Edge memory limit"), esc(format::bytes(set->constraints.edgeMemoryBytes)));
    QString drop;
    if (!s.maxAccuracyDrop)
        drop = tr("none");
    else if (!m_content.dropsMeasured)
        drop = tr("%1 (not applied: drops were not measured)")
                   .arg(format::accuracyDrop(s.maxAccuracyDrop));
    else
        drop = format::accuracyDrop(s.maxAccuracyDrop);
    t += row(tr("Accuracy-drop limit"), esc(drop));
    if (s.maxError)
        t += row(tr("Error limit (E)"), esc(format::errorProxy(*s.maxError)));
    QStringList bits;
    for (int b : set ? set->bits : s.bits)
        bits << QString::number(b);
    t += row(tr("Edge bit-widths B"),
             bits.isEmpty() ? esc(tr("the edge device's"))
                            : esc(QStringLiteral("{%1}").arg(bits.join(QStringLiteral(", ")))));
    t += QStringLiteral("</table>");
    return t;
}

QString ReportBuilder::solutionSection() const {
    const Candidate* c = shown();
    QString t = QStringLiteral("<h2>%1</h2>").arg(esc(tr("Solution")));
    if (!c)
        return t + QStringLiteral("<p>%1</p>").arg(esc(tr("No solution was found.")));
    const SolutionSet& set = *m_content.solution;
    const int layers = m_content.model ? m_content.model->analysis.layerCount() : 0;
    const QString name = solutionName(*c);
    QString how;
    if (!m_content.shownBaseline.isEmpty())
        how = tr("the %1 baseline, picked for comparison").arg(m_content.shownBaseline);
    else if (c == &set.selectedCandidate())
        how = tr("the solver's selection (%1)").arg(format::methodLabel(c->method));
    else
        how = tr("picked on the Pareto set (%1)").arg(format::methodLabel(c->method));
    t += QStringLiteral("<p><b>%1</b> — %2</p>").arg(esc(name), esc(how));
    t += QLatin1String(kTable);
    const int edgeCount = c->edgeLayerCount();
    t += row(tr("Edge layers"), edgeCount == 0 ? esc(tr("none"))
                                : c->isPrefix()
                                    ? esc(tr("1–%1 (%2 layers)").arg(c->split).arg(edgeCount))
                                    : esc(tr("%1 layers").arg(edgeCount)));
    t +=
        row(tr("Cloud layers"),
            edgeCount >= layers ? esc(tr("none"))
            : c->isPrefix()
                ? esc(tr("%1–%2 (%3 layers)").arg(c->split + 1).arg(layers).arg(layers - edgeCount))
                : esc(tr("%1 layers").arg(layers - edgeCount)));
    t += row(tr("Bits per edge layer"), esc(edgeBitsText(*c)));
    t += row(tr("Edge latency"), esc(format::milliseconds(c->edgeSeconds)));
    t += row(tr("Transmission"), esc(format::milliseconds(c->transmissionSeconds)));
    t += row(tr("Cloud latency"), esc(format::milliseconds(c->cloudSeconds)));
    t += row(tr("Total latency"),
             QStringLiteral("<b>%1</b>").arg(esc(format::milliseconds(c->totalSeconds))));
    t += row(tr("Edge memory"),
             esc(tr("%1 (weights %2, peak activations %3) of %4")
                     .arg(format::bytes(c->edgeMemoryBytes), format::bytes(c->edgeWeightBytes),
                          format::bytes(c->peakActivationBytes),
                          format::bytes(set.constraints.edgeMemoryBytes))));
    t += row(tr("Transmitted per inference"), esc(format::bytes(c->transmittedBytes)));
    t += row(c->measuredDrop ? ParetoChart::dropTitle(m_content.metric) : tr("Error proxy E"),
             esc(c->measuredDrop ? format::candidateDrop(*c)
                                 : tr("%1 (drop not measured)").arg(format::errorProxy(c->error))));
    if (!c->feasible)
        t += row(tr("Feasible"), esc(tr("no: %1").arg(QString::fromStdString(c->reason))));
    t += QStringLiteral("</table>");
    if (!set.selectionReason.empty())
        t += QStringLiteral("<p><i>%1</i></p>")
                 .arg(esc(tr("Why the solver selected what it did: %1")
                              .arg(QString::fromStdString(set.selectionReason))));
    return t;
}

QString ReportBuilder::baselinesSection() const {
    // a page of its own in print: the table is long
    QString t =
        QStringLiteral("<h2 style=\"page-break-before: always\">%1</h2>").arg(esc(tr("Baselines")));
    const SolutionSetPtr& set = m_content.solution;
    if (!set || set->baselines.empty())
        return t + QStringLiteral("<p>%1</p>").arg(esc(tr("No baselines.")));
    t += QLatin1String(kTable) + QStringLiteral("<tr>");
    for (const QString& h : {tr("Baseline"), tr("Split"), tr("Latency"), tr("Edge memory"),
                             tr("Sent"), tr("Drop or E"), tr("Feasible")})
        t += QStringLiteral("<th>%1</th>").arg(esc(h));
    t += QStringLiteral("</tr>");
    for (const Baseline& b : set->baselines) {
        const Candidate& c = b.candidate;
        const QString drop = c.measuredDrop
                                 ? format::candidateDrop(c)
                                 : QStringLiteral("E %1").arg(format::errorProxy(c.error));
        const QString feasible =
            c.feasible ? tr("yes") : tr("no: %1").arg(QString::fromStdString(c.reason));
        t += QStringLiteral("<tr><td>%1</td><td>%2</td><td align=\"right\">%3</td>"
                            "<td align=\"right\">%4</td><td align=\"right\">%5</td>"
                            "<td align=\"right\">%6</td><td>%7</td></tr>")
                 .arg(esc(QString::fromStdString(b.name)), esc(solutionName(c)),
                      esc(format::milliseconds(c.totalSeconds)),
                      esc(format::bytes(c.edgeMemoryBytes)), esc(format::bytes(c.transmittedBytes)),
                      esc(drop), esc(feasible));
    }
    return t + QStringLiteral("</table>");
}

QString ReportBuilder::assumptionsSection() const {
    const session::SolveSettings& s = m_content.settings;
    QStringList items;
    items << (s.measuredLatencies.isEmpty()
                  ? tr("Per-layer latencies come from the analytical model of each device profile "
                       "(a SCALE-Sim-style systolic-array model: compute folds and memory "
                       "traffic at each tensor's bit-width); the cloud runs at its native "
                       "precision.")
                  : tr("Per-layer latencies measured on the device (%1) replace the analytical "
                       "model where given.")
                        .arg(s.measuredLatencies));
    items << tr("Transmission counts every tensor that crosses the cut (skip connections "
                "included) at its producer's activation bit-width, packed, plus %1 of overhead "
                "per message, over %2 (binary units: 1 Mbit/s = 2^20 bit/s), plus the round "
                "trip of %3 once per inference that sends anything.")
                 .arg(format::bytes(m_content.uplink.overheadBytesPerMessage),
                      format::bitRate(m_content.uplink.bitsPerSecond),
                      format::milliseconds(m_content.uplink.roundTripSeconds));
    items << tr("A raw input sent to the cloud counts %1 bits per element.").arg(s.rawInputBits);
    items << (s.outputsOnEdge ? tr("Graph outputs produced on the edge are used there.")
                              : tr("Graph outputs produced on the edge are sent to the cloud."));
    items << tr("Edge memory is the edge weights at their bit-widths plus the peak activation "
                "working set (every tensor still needed, at its bit-width).");
    if (m_content.dropsMeasured) {
        items << tr("Accuracy drops were measured on %1, as %2 against the float model.")
                     .arg(m_content.sampleDescription, ParetoChart::dropTitle(m_content.metric));
    } else {
        items << tr("No samples: E only. Candidates are ranked by the error proxy E (the summed "
                    "quantization error of weights and activations); no accuracy drop was "
                    "measured and the drop limit did not apply.");
    }
    if (m_content.samples) {
        const session::SampleSource& smp = *m_content.samples;
        QString ranges = tr("Calibration: weight ranges %1, activation ranges %2")
                             .arg(QString::fromLatin1(rangeMethodName(smp.weightRange)),
                                  QString::fromLatin1(rangeMethodName(smp.activationRange)));
        if (smp.weightRange == RangeMethod::Percentile ||
            smp.activationRange == RangeMethod::Percentile)
            ranges += tr(" (percentile %1)").arg(QLocale().toString(smp.percentile, 'g', 6));
        ranges += tr(", %1 weight rounding, channel equalization %2.")
                      .arg(QString::fromLatin1(weightRoundingName(smp.weightRounding)),
                           smp.equalize ? tr("on") : tr("off"));
        items << ranges;
    }
    if (m_content.solution)
        for (const std::string& w : m_content.solution->warnings)
            items << tr("Warning: %1").arg(QString::fromStdString(w));
    QString t = QStringLiteral("<h2>%1</h2><ul>").arg(esc(tr("Assumptions")));
    for (const QString& item : items)
        t += QStringLiteral("<li>%1</li>").arg(esc(item));
    return t + QStringLiteral("</ul>");
}

QString ReportBuilder::imageTag(const QImage& image, const QString& name, const QString& alt,
                                Images images) const {
    if (image.isNull())
        return QStringLiteral("<p><i>%1</i></p>").arg(esc(tr("(%1: not available)").arg(alt)));
    const int width = std::min(
        {kImageWidth, image.width(), image.width() * kImageHeight / std::max(1, image.height())});
    const QString src = images == Images::Embedded
                            ? QStringLiteral("data:image/png;base64,") +
                                  QString::fromLatin1(pngBytes(image).toBase64())
                            : QStringLiteral("report:") + name;
    return QStringLiteral("<p><img src=\"%1\" width=\"%2\" alt=\"%3\"></p>")
        .arg(src)
        .arg(width)
        .arg(esc(alt));
}

QString ReportBuilder::body(Images images) const {
    const session::OpenedModelPtr& model = m_content.model;
    const QString name = model ? model->displayName : tr("(no model)");
    QString t;
    t += QStringLiteral("<h1>%1</h1>").arg(esc(tr("Edge–cloud split of %1").arg(name)));
    t += QStringLiteral("<table cellpadding=\"2\">");
    if (model) {
        t += row(tr("Model"), esc(tr("%1, %2 layers (%3)")
                                      .arg(name, format::count(model->analysis.layerCount()),
                                           model->passNames.empty() ? tr("graph as imported")
                                                                    : tr("optimized graph"))));
        t += row(tr("SHA-256"),
                 QStringLiteral("<code>%1</code>").arg(QString::fromLatin1(model->sha256())));
    }
    t += row(tr("Date"), esc(QLocale().toString(m_content.created, QLocale::LongFormat)));
    t += row(tr("Made with"),
             esc(tr("Auto-Split Explorer %1").arg(QCoreApplication::applicationVersion())));
    t += QStringLiteral("</table>");
    t += constraintsSection();
    t += solutionSection();
    // in print: the charts on one page, the graph on the next
    t += QStringLiteral("<h2 style=\"page-break-before: always\">%1</h2>")
             .arg(esc(tr("Pareto set")));
    t += imageTag(m_content.paretoChart, QStringLiteral("pareto.png"), tr("Pareto chart"), images);
    t += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Latency breakdown")));
    t += imageTag(m_content.breakdownChart, QStringLiteral("breakdown.png"),
                  tr("Latency breakdown chart"), images);
    t += QStringLiteral("<h2 style=\"page-break-before: always\">%1</h2>")
             .arg(esc(tr("The graph around the cut")));
    t += imageTag(m_content.graphAroundCut, QStringLiteral("graph.png"), tr("Graph around the cut"),
                  images);
    t += baselinesSection();
    t += assumptionsSection();
    return t;
}

QString ReportBuilder::html() const {
    const QString title = m_content.model ? m_content.model->displayName : QString();
    return QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                          "<title>%1</title><style>"
                          "body{font-family:sans-serif;max-width:52em;margin:2em auto;}"
                          "table{border-collapse:collapse;}th,td{padding:3px 8px;}"
                          "th{text-align:left;background:#eef;}img{max-width:100%;}"
                          "</style></head><body>%2</body></html>\n")
        .arg(esc(tr("Split report: %1").arg(title)), body(Images::Embedded));
}

std::unique_ptr<QTextDocument> ReportBuilder::document() const {
    auto doc = std::make_unique<QTextDocument>();
    QFont font = QApplication::font();
    font.setPointSizeF(10.0);
    doc->setDefaultFont(font);
    const std::pair<const char*, const QImage*> images[] = {
        {"pareto.png", &m_content.paretoChart},
        {"breakdown.png", &m_content.breakdownChart},
        {"graph.png", &m_content.graphAroundCut}};
    for (const auto& [name, image] : images)
        if (!image->isNull())
            doc->addResource(QTextDocument::ImageResource,
                             QUrl(QStringLiteral("report:") + QLatin1String(name)), *image);
    doc->setHtml(QStringLiteral("<html><body>%1</body></html>").arg(body(Images::Resources)));
    return doc;
}

Status ReportBuilder::write(const QString& path) const {
    return QFileInfo(path).suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) == 0
               ? writePdf(path)
               : writeHtml(path);
}

Status ReportBuilder::writeHtml(const QString& path) const {
    const QByteArray bytes = html().toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fileError(path, tr("cannot be written (%1)").arg(file.errorString()));
    return Status::success();
}

Status ReportBuilder::writePdf(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(path, tr("cannot be written (%1)").arg(file.errorString()));
    {
        QPdfWriter writer(&file);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                         QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter));
        writer.setTitle(
            tr("Split report: %1").arg(m_content.model ? m_content.model->displayName : QString()));
        writer.setCreator(QStringLiteral("Auto-Split Explorer"));
        writer.setResolution(96);
        const auto doc = document();
        // laid out on the page's text area at 96 dpi, as a screen would lay it out: the picture
        // widths above are in these pixels
        doc->setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size());
        doc->print(&writer);
    } // the writer finishes the PDF when it goes
    if (file.size() == 0 || !file.commit())
        return fileError(path, tr("cannot be written (%1)").arg(file.errorString()));
    return Status::success();
}

} // namespace autosplit
