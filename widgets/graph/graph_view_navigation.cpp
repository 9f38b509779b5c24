// The graph view's navigation and output: finding and selecting nodes, zoom, the mouse and
// wheel, the legend and status overlays, and PNG/SVG export. graph_view.cpp lays out, builds and
// annotates the pages.
#include "widgets/graph/graph_overview.h"
#include "widgets/graph/graph_view.h"

#include "widgets/graph/graph_edge_item.h"
#include "widgets/graph/graph_edge_label_item.h"
#include "widgets/graph/graph_node_item.h"
#include "widgets/graph/raw_graph_mapping.h"
#include "widgets/number_format.h"

#include <QFile>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QHelpEvent>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextDocument>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace autosplit {

namespace {

constexpr double kMinZoom = 0.01;
constexpr double kMaxZoom = 8.0;
constexpr double kStepZoom = 1.25;
constexpr double kSceneMargin = 24.0;

// The first view of a graph: fitted when that keeps text readable, else at least this zoom.
constexpr double kReadableZoom = 0.6;

// A PNG export shrinks its scale until the image stays within these.
constexpr double kMaxExportPixels = 64.0e6;
constexpr double kMaxExportSide = 30000.0;
constexpr int kLegendPixels = 12;

QString colorName(const QColor& c) {
    return c.name(QColor::HexRgb);
}

QString swatch(const QColor& color, const QString& glyph) {
    return QStringLiteral("<span style=\"color:") + colorName(color) + QStringLiteral("\">") +
           glyph + QStringLiteral("</span>");
}

QString rate(double bitsPerSecond) {
    // Binary megabits, as the network presets and the paper's "3 Mbps" are.
    return QLocale().toString(bitsPerSecond / 1048576.0, 'g', 3) + QStringLiteral(" Mbit/s");
}

// Temporarily paints items without their device cache, so a vector export gets vectors.
class UncachedItems {
public:
    explicit UncachedItems(const std::vector<GraphNodeItem*>& items) : m_items(items) {
        for (GraphNodeItem* item : m_items)
            item->setCacheMode(QGraphicsItem::NoCache);
    }
    ~UncachedItems() {
        for (GraphNodeItem* item : m_items)
            item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    }
    UncachedItems(const UncachedItems&) = delete;
    UncachedItems& operator=(const UncachedItems&) = delete;

private:
    const std::vector<GraphNodeItem*>& m_items;
};

} // namespace

int GraphView::layerOfNode(const Page& page, NodeId node) const {
    if (page.layerOfNode.empty())
        return node + 1;
    return page.layerOfNode[static_cast<size_t>(node)];
}

bool GraphView::matches(const Page& page, int index, const QString& text) const {
    const LayoutNode& ln = page.layout->nodes[static_cast<size_t>(index)];
    const Graph& graph = *graphOf(m_current);
    auto contains = [&](const std::string& s) {
        return QString::fromStdString(s).contains(text, Qt::CaseInsensitive);
    };
    if (ln.kind != LayoutNodeKind::Operation)
        return contains(graph.value(ln.value).name);
    const Node& node = graph.node(ln.node);
    return contains(node.name) || contains(node.opType) ||
           (!node.activation.isNone() && contains(node.activation.displayName()));
}

int GraphView::matchCount(const QString& text) const {
    const Page& page = m_pages[m_current];
    const QString needle = text.trimmed();
    if (!page.layout || needle.isEmpty())
        return 0;
    int count = 0;
    for (size_t i = 0; i < page.nodes.size(); ++i)
        count += matches(page, static_cast<int>(i), needle) ? 1 : 0;
    return count;
}

bool GraphView::findNext(const QString& text) {
    Page& page = m_pages[m_current];
    const QString needle = text.trimmed();
    if (!page.layout || needle.isEmpty())
        return false;
    const int count = static_cast<int>(page.nodes.size());
    int start = -1;
    for (QGraphicsItem* item : page.scene->selectedItems())
        if (item->type() == GraphNodeItem::Type)
            start = static_cast<GraphNodeItem*>(item)->layoutIndex();
    for (int k = 1; k <= count; ++k) {
        const int index = (start + k + count) % count;
        if (!matches(page, index, needle))
            continue;
        selectItem(page.nodes[static_cast<size_t>(index)]);
        return true;
    }
    return false;
}

bool GraphView::selectNode(NodeId node) {
    GraphNodeItem* item = nodeItem(node);
    if (!item || item->kind() != LayoutNodeKind::Operation)
        return false;
    selectItem(item);
    return true;
}

void GraphView::selectItem(GraphNodeItem* item) {
    item->scene()->clearSelection();
    item->setSelected(true);
    if (zoom() < kReadableZoom)
        zoomBy(1.0 / zoom());
    centerOn(item);
    if (item->kind() == LayoutNodeKind::Operation)
        emit nodeActivated(item->node());
}

void GraphView::centerOnNode(NodeId node) {
    if (GraphNodeItem* item = nodeItem(node))
        centerOn(item);
}

NodeDetails GraphView::nodeDetails(NodeId node) const {
    const Page& page = m_pages[m_current];
    if (!m_model || !page.layout || page.layout->indexOf(node) < 0)
        return {};
    const int index = page.layout->indexOf(node);
    const CutSide side = page.annotations.nodeSides.empty()
                             ? CutSide::None
                             : page.annotations.nodeSides[static_cast<size_t>(index)];
    return describeNode(*m_model, *graphOf(m_current), node, layerOfNode(page, node), side,
                        m_solution ? &*m_solution : nullptr, m_errors ? &*m_errors : nullptr);
}

QString GraphView::nodeDetailsHtml(NodeId node) const {
    return autosplit::nodeDetailsHtml(nodeDetails(node));
}

double GraphView::zoom() const {
    return transform().m11();
}

void GraphView::zoomBy(double factor) {
    const double current = zoom();
    if (current <= 0.0 || factor <= 0.0)
        return;
    const double target = std::clamp(current * factor, kMinZoom, kMaxZoom);
    scale(target / current, target / current);
    emit zoomChanged(zoom());
}

void GraphView::zoomIn() {
    zoomBy(kStepZoom);
}

void GraphView::zoomOut() {
    zoomBy(1.0 / kStepZoom);
}

void GraphView::resetZoom() {
    setTransform(QTransform());
    emit zoomChanged(zoom());
}

void GraphView::fitToWindow() {
    if (scene() == m_emptyScene)
        return;
    fitInView(sceneRect(), Qt::KeepAspectRatio);
    if (zoom() < kMinZoom)
        setTransform(QTransform::fromScale(kMinZoom, kMinZoom));
    emit zoomChanged(zoom());
}

void GraphView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        // 120 units per notch: one notch zooms by about 20 %.
        zoomBy(std::pow(1.0015, event->angleDelta().y()));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void GraphView::mousePressEvent(QMouseEvent* event) {
    QGraphicsView::mousePressEvent(event);
    if (event->button() != Qt::LeftButton)
        return;
    for (QGraphicsItem* item : items(event->position().toPoint())) {
        if (item->type() != GraphNodeItem::Type)
            continue;
        auto* node = static_cast<GraphNodeItem*>(item);
        if (node->kind() == LayoutNodeKind::Operation)
            emit nodeActivated(node->node());
        break;
    }
}

bool GraphView::viewportEvent(QEvent* event) {
    if (event->type() != QEvent::ToolTip)
        return QGraphicsView::viewportEvent(event);
    // Tooltips are made on demand: thousands of prepared ones would cost time and memory.
    auto* help = static_cast<QHelpEvent*>(event);
    const Page& page = m_pages[m_current];
    QString text;
    for (QGraphicsItem* item : items(help->pos())) {
        if (item->type() == GraphNodeItem::Type) {
            auto* node = static_cast<GraphNodeItem*>(item);
            if (node->kind() == LayoutNodeKind::Operation) {
                text = nodeDetailsHtml(node->node());
            } else if (m_model) {
                const Value& value = graphOf(m_current)->value(node->value());
                text = (node->kind() == LayoutNodeKind::GraphInput ? tr("Graph input")
                                                                   : tr("Graph output")) +
                       QStringLiteral(" <b>") + QString::fromStdString(value.name).toHtmlEscaped() +
                       QStringLiteral("</b><br>") + QString::fromStdString(value.shape.toString());
            }
            break;
        }
        GraphEdgeItem* edge = nullptr;
        if (item->type() == GraphEdgeItem::Type)
            edge = static_cast<GraphEdgeItem*>(item);
        else if (item->type() == GraphEdgeLabelItem::Type)
            edge = static_cast<GraphEdgeLabelItem*>(item)->edge();
        if (edge && m_model && !page.annotations.valueCosts.empty()) {
            const Value& value = graphOf(m_current)->value(edge->value());
            const TransmissionCost& cost =
                page.annotations.valueCosts[static_cast<size_t>(edge->value())];
            text = tr("Tensor <b>%1</b><br>%2, %3 bits per element<br>%4")
                       .arg(QString::fromStdString(value.name).toHtmlEscaped(),
                            QString::fromStdString(value.shape.toString()))
                       .arg(cost.bits)
                       .arg(edgeLabel(cost));
            if (edge->isCrossing())
                text += QStringLiteral("<br>") + tr("crosses the cut");
            break;
        }
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), text, viewport());
    return true;
}

void GraphView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    placeOverlay();
}

void GraphView::scrollContentsBy(int dx, int dy) {
    QGraphicsView::scrollContentsBy(dx, dy);
    m_overview->updateFrame();
}

QString GraphView::legendHtml() const {
    const Page& page = m_pages[m_current];
    if (!m_model || !page.layout)
        return {};
    QStringList lines;
    if (m_solution && m_provisional)
        lines << QStringLiteral("<i>%1</i>")
                     .arg(tr("Measuring accuracy drops: this cut is "
                             "provisional"));
    if (m_solution) {
        const Candidate& cut = *m_solution;
        const int layers = m_model->analysis.layerCount();
        const int edgeLayers = std::min(cut.edgeLayerCount(), layers);
        QString edge = edgeLayers == 0 ? tr("Edge device: no layers")
                       : cut.isPrefix()
                           ? tr("Edge device: layers 1–%1").arg(QLocale().toString(edgeLayers))
                           : tr("Edge device: %1 layers").arg(QLocale().toString(edgeLayers));
        lines << swatch(GraphNodeItem::borderColor(CutSide::Edge), QStringLiteral("■")) +
                     QChar(u' ') + edge;
        lines << swatch(GraphNodeItem::borderColor(CutSide::Cloud), QStringLiteral("■")) +
                     QChar(u' ') +
                     tr("Cloud: %1 layers").arg(QLocale().toString(layers - edgeLayers));
        const GraphAnnotations& a = page.annotations;
        const QString total = a.crossingBytes
                                  ? format::bytes(*a.crossingBytes) + QStringLiteral(", ") +
                                        timeText(a.crossingSeconds)
                                  : format::unknown();
        lines << swatch(GraphEdgeItem::crossingColor(), QStringLiteral("━━")) + QChar(u' ') +
                     tr("Tensors crossing the cut: %1 (%2)")
                         .arg(QLocale().toString(static_cast<int>(a.crossingValues.size())), total);
    }
    if (!m_potentialSplits.empty())
        lines << swatch(GraphNodeItem::potentialSplitColor(), QStringLiteral("╍╍")) + QChar(u' ') +
                     tr("Potential splits: %1")
                         .arg(QLocale().toString(static_cast<int>(m_potentialSplits.size())));
    QString uplink = tr("Labels: tensor size · time at %1").arg(rate(m_uplink.bitsPerSecond));
    // the labels are payload times; what is paid once per inference comes on top, once
    if (m_uplink.roundTripSeconds > 0.0 || m_uplink.overheadBytesPerMessage > 0)
        uplink +=
            tr(" (+ %1 once per inference)")
                .arg(m_uplink.overheadBytesPerMessage > 0
                         ? tr("%1 round trip and %2 B")
                               .arg(timeText(m_uplink.roundTripSeconds),
                                    QLocale().toString(qlonglong(m_uplink.overheadBytesPerMessage)))
                         : tr("%1 round trip").arg(timeText(m_uplink.roundTripSeconds)));
    lines << uplink;
    return lines.join(QStringLiteral("<br>"));
}

void GraphView::setProvisional(bool provisional) {
    if (provisional == m_provisional)
        return;
    m_provisional = provisional;
    updateOverlay();
}

void GraphView::updateOverlay() {
    m_overview->invalidate(); // the cut's colours or the page changed
    const QString legend = legendHtml();
    m_legend->setText(legend);
    m_legend->setVisible(!legend.isEmpty());
    const Page& page = m_pages[m_current];
    QString status;
    if (m_model && !page.error.isEmpty())
        status = tr("The graph could not be laid out: %1").arg(page.error);
    else if (isLayoutPending())
        status = tr("Laying out the graph…");
    m_status->setText(status);
    m_status->setVisible(!status.isEmpty());
    placeOverlay();
}

void GraphView::placeOverlay() {
    const QRect area = viewport()->geometry();
    m_legend->adjustSize();
    m_legend->move(area.topLeft() + QPoint(8, 8));
    m_status->setGeometry(area.adjusted(16, 0, -16, 0));
    m_overview->updateFrame();
}

std::unique_ptr<QTextDocument> GraphView::legendDocument() const {
    auto legend = std::make_unique<QTextDocument>();
    QFont font = QGuiApplication::font();
    font.setPixelSize(kLegendPixels);
    legend->setDefaultFont(font);
    legend->setDocumentMargin(kSceneMargin / 2.0);
    legend->setHtml(legendHtml());
    return legend; // unwrapped: its natural width
}

bool GraphView::renderExport(QPaintDevice* device, double scale) {
    const Page& page = m_pages[m_current];
    const QRectF graph = page.scene->sceneRect();
    const auto legend = legendDocument();
    const QSizeF legendSize = legend->size();
    const double width = std::max(graph.width(), legendSize.width());
    QPainter painter;
    if (!painter.begin(device))
        return false;
    painter.scale(scale, scale);
    painter.fillRect(QRectF(0, 0, width, graph.height() + legendSize.height()), Qt::white);
    legend->drawContents(&painter);
    // Vector output must get the nodes as vectors, not as their cached pixmaps.
    UncachedItems uncached(page.nodes);
    page.scene->render(
        &painter,
        QRectF((width - graph.width()) / 2.0, legendSize.height(), graph.width(), graph.height()),
        graph);
    return painter.end();
}

QImage GraphView::cutImage(int layersEachSide, double maxWidth) const {
    const Page& page = m_pages[OptimizedPage];
    if (!page.scene || !m_solution || !m_model)
        return {};
    const int layers = static_cast<int>(m_model->graph.nodeCount());
    const int first = std::max(1, m_solution->split - layersEachSide + 1);
    const int last = std::min(layers, m_solution->split + layersEachSide);
    QRectF area;
    if (!page.layout)
        return {};
    for (int layer = first; layer <= last; ++layer) {
        const int index = page.layout->indexOf(static_cast<NodeId>(layer - 1));
        if (index >= 0)
            area |= page.nodes[static_cast<size_t>(index)]->sceneBoundingRect();
    }
    if (area.isEmpty())
        return {};
    area.adjust(-kSceneMargin, -kSceneMargin, kSceneMargin, kSceneMargin);
    // the legend says what the colours mean; the picture is as wide as the wider of the two
    const auto legend = legendDocument();
    const QSizeF legendSize = legend->size();
    const double width = std::max(area.width(), legendSize.width());
    const QSizeF size(width, area.height() + legendSize.height());
    const double scale = std::clamp(maxWidth / width, 0.25, 2.0);
    QImage image((size * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return {};
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.scale(scale, scale);
    legend->drawContents(&painter);
    UncachedItems uncached(page.nodes);
    page.scene->render(
        &painter,
        QRectF((width - area.width()) / 2.0, legendSize.height(), area.width(), area.height()),
        area);
    return image;
}

QSizeF GraphView::exportSize() const {
    const QRectF graph = m_pages[m_current].scene->sceneRect();
    const QSizeF legend = legendDocument()->size();
    return {std::max(graph.width(), legend.width()), graph.height() + legend.height()};
}

namespace {

Error writeError(const QString& path, const QSaveFile& file) {
    return Error{"graph export: cannot write '" + QFile::encodeName(path).toStdString() +
                     "': " + file.errorString().toStdString(),
                 ErrorKind::Io};
}

} // namespace

Status GraphView::exportPng(const QString& path, double scale) {
    if (!m_pages[m_current].scene)
        return Error{"graph export: no graph is laid out yet"};
    const QSizeF size = exportSize();
    scale = std::min({std::max(scale, 0.01),
                      std::sqrt(kMaxExportPixels / (size.width() * size.height())),
                      kMaxExportSide / size.width(), kMaxExportSide / size.height()});
    const QSize pixels(std::max(1, static_cast<int>(std::ceil(size.width() * scale))),
                       std::max(1, static_cast<int>(std::ceil(size.height() * scale))));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return Error{"graph export: not enough memory for a " + std::to_string(pixels.width()) +
                     "x" + std::to_string(pixels.height()) + " image"};
    image.fill(Qt::white);
    if (!renderExport(&image, scale))
        return Error{"graph export: cannot paint the image"};
    // Written whole or not at all: a failed export leaves an existing file as it was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
        return writeError(path, file);
    return Status::success();
}

Status GraphView::exportSvg(const QString& path) {
    if (!m_pages[m_current].scene)
        return Error{"graph export: no graph is laid out yet"};
    const QSizeF size = exportSize();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return writeError(path, file);
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(size.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), size));
    const QString name = m_model ? m_model->displayName : QString();
    generator.setTitle(name);
    generator.setDescription(tr("Graph of %1").arg(name));
    if (!renderExport(&generator, 1.0) || file.size() <= 0 || !file.commit())
        return writeError(path, file);
    return Status::success();
}

} // namespace autosplit
