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
constexpr double kMaxInitialZoom = 1.25;
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

QString milliseconds(double seconds) {
    const double ms = seconds * 1000.0;
    const int decimals = ms >= 100.0 ? 0 : ms >= 10.0 ? 1 : 2;
    return QLocale().toString(ms, 'f', decimals) + QStringLiteral(" ms");
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

// One layout at a time: Graphviz itself is serialised, and a superseded job that is still queued
// then ends at once on its cancelled token.
GraphView::GraphView(QWidget* parent) : QGraphicsView(parent), m_layoutJobs(this, 1) {
    setObjectName(QStringLiteral("graphView"));
    m_emptyScene = new QGraphicsScene(this);
    setScene(m_emptyScene);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setBackgroundBrush(Qt::white);
    // Items set every painter state they use and leave room for antialiasing in their bounds.
    setOptimizationFlag(QGraphicsView::DontSavePainterState);
    setOptimizationFlag(QGraphicsView::DontAdjustForAntialiasing);

    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("graphLegend"));
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_legend->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(255,255,255,225); color: #202020; border: 1px solid #b0b0b0;"
        " border-radius: 3px; padding: 4px; }"));
    m_legend->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("graphStatus"));
    m_status->setAlignment(Qt::AlignCenter);
    m_status->setWordWrap(true);
    m_status->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_status->setStyleSheet(QStringLiteral("QLabel { color: #505050; padding: 8px; }"));
    m_status->hide();
}

GraphView::~GraphView() {
    m_layoutJobs.supersede();
    m_layoutJobs.waitForDone();
    setScene(nullptr);
}

void GraphView::setModel(session::OpenedModelPtr model) {
    m_layoutJobs.supersede();
    resetPages();
    m_model = std::move(model);
    // Everything below belongs to the previous model.
    m_solution.reset();
    m_potentialSplits.clear();
    m_errors.reset();
    if (m_model)
        requestLayout(m_current);
    updateOverlay();
}

void GraphView::setLayoutOptions(const LayoutOptions& options) {
    m_options = options;
    m_layoutJobs.supersede();
    resetPages();
    if (m_model)
        requestLayout(m_current);
    updateOverlay();
}

void GraphView::resetPages() {
    setScene(m_emptyScene);
    for (Page& page : m_pages) {
        delete page.scene;
        page = Page{};
    }
}

const Graph* GraphView::graphOf(PageKind kind) const {
    if (!m_model)
        return nullptr;
    return kind == RawPage ? &m_model->rawGraph : &m_model->graph;
}

void GraphView::requestLayout(PageKind kind) {
    Page& page = m_pages[kind];
    if (page.requested || !m_model)
        return;
    page.requested = true;
    struct Outcome {
        std::shared_ptr<const GraphLayout> layout;
        QString error;
    };
    m_layoutJobs.start(
        [kind, model = m_model, options = m_options](session::JobContext& job) {
            const Graph& graph = kind == RawPage ? model->rawGraph : model->graph;
            auto result = layoutGraph(graph, options, job.cancel());
            Outcome out;
            if (result)
                out.layout = std::make_shared<const GraphLayout>(std::move(result).value());
            else
                out.error = QString::fromStdString(result.error().message);
            return out;
        },
        [this, kind](const Outcome& out) { onLayoutDone(kind, out.layout, out.error); });
}

void GraphView::onLayoutDone(int kind, std::shared_ptr<const GraphLayout> layout,
                             const QString& error) {
    if (!m_model)
        return;
    Page& page = m_pages[kind];
    if (!layout) {
        page.error = error;
        updateOverlay();
        emit layoutFailed(error);
        return;
    }
    page.layout = std::move(layout);
    buildPage(static_cast<PageKind>(kind));
    if (kind == m_current)
        showPage(m_current);
    emit layoutReady(kind == RawPage);
}

void GraphView::buildPage(PageKind kind) {
    Page& page = m_pages[kind];
    const Graph& graph = *graphOf(kind);
    const GraphLayout& layout = *page.layout;
    if (kind == RawPage) {
        RawGraphMapping mapping = mapRawGraph(m_model->rawGraph, m_model->graph);
        page.layerOfNode = std::move(mapping.layerOfNode);
        page.analysisValue = std::move(mapping.optimizedValue);
    }

    page.scene = new QGraphicsScene(this);
    page.scene->setSceneRect(0.0, 0.0, layout.width, layout.height);
    page.nodes.reserve(layout.nodes.size());
    for (size_t i = 0; i < layout.nodes.size(); ++i) {
        const LayoutNode& ln = layout.nodes[i];
        QString title;
        QString subtitle;
        QString tag;
        if (ln.kind == LayoutNodeKind::Operation) {
            const Node& node = graph.node(ln.node);
            title = QString::fromStdString(node.opType);
            if (node.residualAdd)
                title += QStringLiteral("+Add");
            if (!node.activation.isNone())
                title += QChar(u'+') + QString::fromStdString(node.activation.name());
            if (!node.outputs.empty() && node.outputs.front() != kNone)
                subtitle =
                    QString::fromStdString(graph.value(node.outputs.front()).shape.toString());
            const int layer = layerOfNode(page, ln.node);
            if (layer > 0)
                tag = QStringLiteral("#") + QString::number(layer);
        } else {
            const Value& value = graph.value(ln.value);
            title = QString::fromStdString(value.name);
            subtitle = QString::fromStdString(value.shape.toString());
            tag = ln.kind == LayoutNodeKind::GraphInput ? tr("in") : tr("out");
        }
        auto* item = new GraphNodeItem(static_cast<int>(i), ln, title, subtitle, tag);
        page.scene->addItem(item);
        page.nodes.push_back(item);
    }
    page.edges.reserve(layout.edges.size());
    // One label per tensor (its cost is the same on every edge it travels), on the edge that
    // leaves its producer furthest to the right: the tensor's other edges then run left of the
    // label instead of through it.
    std::vector<GraphEdgeItem*> labelled(graph.values().size(), nullptr);
    for (size_t e = 0; e < layout.edges.size(); ++e) {
        const LayoutEdge& le = layout.edges[e];
        auto* item =
            new GraphEdgeItem(static_cast<int>(e), le, layout.nodes[static_cast<size_t>(le.from)],
                              layout.nodes[static_cast<size_t>(le.to)]);
        const auto v = static_cast<size_t>(le.value);
        page.scene->addItem(item);
        if (!labelled[v] || item->labelAnchor().x() > labelled[v]->labelAnchor().x())
            labelled[v] = item;
        page.edges.push_back(item);
    }
    for (GraphEdgeItem* item : labelled)
        if (item)
            page.scene->addItem(item->makeLabelItem());
    annotate(kind);
    markPotentialSplits(kind);
}

void GraphView::fitSceneRect(PageKind kind) {
    // The layout's box plus a margin, and whatever the labels on the right edges add to it.
    Page& page = m_pages[kind];
    const QRectF layoutRect(0.0, 0.0, page.layout->width, page.layout->height);
    const QRectF wanted = layoutRect.united(page.scene->itemsBoundingRect())
                              .adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin, kSceneMargin);
    if (!page.scene->sceneRect().contains(wanted))
        page.scene->setSceneRect(page.scene->sceneRect().united(wanted));
}

void GraphView::showPage(PageKind kind) {
    Page& page = m_pages[kind];
    if (!page.scene) {
        setScene(m_emptyScene);
        updateOverlay();
        return;
    }
    if (scene() != page.scene)
        setScene(page.scene);
    if (page.viewSaved) {
        setTransform(page.transform);
        centerOn(page.centre);
    } else {
        initialZoom();
        page.viewSaved = true;
    }
    updateOverlay();
    emit zoomChanged(zoom());
}

void GraphView::initialZoom() {
    const Page& page = m_pages[m_current];
    const QRectF rect = page.scene->sceneRect();
    const QSizeF viewSize = viewport()->size();
    if (rect.isEmpty() || viewSize.isEmpty())
        return;
    const double fit = std::min(viewSize.width() / rect.width(), viewSize.height() / rect.height());
    double z = std::min(fit, kMaxInitialZoom);
    if (z < kReadableZoom) // a big graph: as wide as fits, but readable
        z = std::clamp(viewSize.width() / rect.width(), kReadableZoom, 1.0);
    setTransform(QTransform::fromScale(z, z));
    // Show the cut when there is one, else the inputs at the top.
    if (m_solution && m_solution->split > 0) {
        if (GraphNodeItem* item = nodeItem(static_cast<NodeId>(m_solution->split - 1));
            item && m_current == OptimizedPage) {
            centerOn(item);
            return;
        }
    }
    centerOn(rect.center().x(), rect.top() + viewSize.height() / (2.0 * z));
}

void GraphView::setShowRawGraph(bool raw) {
    const PageKind kind = raw ? RawPage : OptimizedPage;
    if (kind == m_current)
        return;
    Page& leaving = m_pages[m_current];
    if (leaving.scene && scene() == leaving.scene) {
        leaving.transform = transform();
        leaving.centre = mapToScene(viewport()->rect().center());
        leaving.viewSaved = true;
    }
    m_current = kind;
    if (m_model && !m_pages[kind].requested)
        requestLayout(kind);
    showPage(kind);
    emit showRawGraphChanged(raw);
}

void GraphView::setSolution(const Candidate* solution) {
    if (solution)
        m_solution = *solution;
    else
        m_solution.reset();
    annotateAll();
}

void GraphView::setSplit(int n) {
    if (n < 0) {
        setSolution(nullptr);
        return;
    }
    Candidate cut;
    cut.method = Method::Assignment;
    cut.split = n;
    setSolution(&cut);
}

void GraphView::setPotentialSplits(std::vector<int> cuts) {
    m_potentialSplits = std::move(cuts);
    for (PageKind kind : {OptimizedPage, RawPage})
        markPotentialSplits(kind);
    updateOverlay();
}

void GraphView::setUplink(double bitsPerSecond, double roundTripSeconds) {
    Uplink uplink = m_uplink;
    uplink.bitsPerSecond = bitsPerSecond;
    uplink.roundTripSeconds = roundTripSeconds;
    setUplink(uplink);
}

void GraphView::setUplink(const Uplink& uplink) {
    m_uplink = uplink;
    annotateAll();
}

void GraphView::setDefaultActivationBits(int bits) {
    m_defaultBits = std::max(0, bits);
    annotateAll();
}

void GraphView::setQuantErrorTable(const QuantErrorTable* table) {
    if (table)
        m_errors = *table;
    else
        m_errors.reset();
}

void GraphView::annotateAll() {
    for (PageKind kind : {OptimizedPage, RawPage})
        annotate(kind);
    updateOverlay();
}

void GraphView::annotate(PageKind kind) {
    Page& page = m_pages[kind];
    if (!page.layout || !page.scene)
        return;
    AnnotationSettings settings;
    settings.cut = m_solution ? &*m_solution : nullptr;
    settings.defaultActivationBits = m_defaultBits;
    settings.uplink = m_uplink;
    page.annotations = annotateGraph(*graphOf(kind), *page.layout, m_model->analysis,
                                     page.layerOfNode, page.analysisValue, settings);
    for (size_t i = 0; i < page.nodes.size(); ++i)
        page.nodes[i]->setSide(page.annotations.nodeSides[i]);
    const std::vector<ValueId>& crossing = page.annotations.crossingValues;
    for (size_t e = 0; e < page.edges.size(); ++e) {
        GraphEdgeItem* item = page.edges[e];
        item->setCrossing(page.annotations.crossingEdges[e]);
        if (GraphEdgeLabelItem* label = item->labelItem()) {
            const ValueId v = item->value();
            label->setText(edgeLabel(page.annotations.valueCosts[static_cast<size_t>(v)]));
            // Red when the tensor crosses, whichever of its edges carries the label.
            label->setCrossing(std::binary_search(crossing.begin(), crossing.end(), v));
        }
    }
    fitSceneRect(kind);
}

void GraphView::markPotentialSplits(PageKind kind) {
    Page& page = m_pages[kind];
    if (!page.layout)
        return;
    const int layers = m_model->analysis.layerCount();
    // The node that ends each layer: the layer itself, or in the raw graph the last node
    // folded into it.
    std::vector<int> lastIndex(static_cast<size_t>(layers) + 1, -1);
    for (size_t i = 0; i < page.nodes.size(); ++i) {
        if (page.nodes[i]->kind() != LayoutNodeKind::Operation)
            continue;
        const int layer = layerOfNode(page, page.nodes[i]->node());
        if (layer >= 1 && layer <= layers)
            lastIndex[static_cast<size_t>(layer)] = static_cast<int>(i);
    }
    // Each item set once: an item repaints only when its mark really changes (every new
    // solution passes its potential splits, mostly the same ones).
    std::vector<char> marked(page.nodes.size(), 0);
    for (int n : m_potentialSplits)
        if (n >= 1 && n <= layers && lastIndex[static_cast<size_t>(n)] >= 0)
            marked[static_cast<size_t>(lastIndex[static_cast<size_t>(n)])] = 1;
    for (size_t i = 0; i < page.nodes.size(); ++i)
        page.nodes[i]->setPotentialSplit(marked[i] != 0);
}

int GraphView::layerOfNode(const Page& page, NodeId node) const {
    if (page.layerOfNode.empty())
        return node + 1;
    return page.layerOfNode[static_cast<size_t>(node)];
}

QString GraphView::edgeLabel(const TransmissionCost& cost) const {
    if (!cost.bytes)
        return format::unknown() + QStringLiteral(" · ") + format::unknown() +
               QStringLiteral(" ms");
    return format::bytes(*cost.bytes) + QStringLiteral(" · ") + milliseconds(cost.seconds);
}

bool GraphView::isLayoutPending() const {
    const Page& page = m_pages[m_current];
    return m_model && !page.layout && page.error.isEmpty();
}

std::shared_ptr<const GraphLayout> GraphView::currentLayout() const {
    return m_pages[m_current].layout;
}

const GraphAnnotations& GraphView::annotations() const {
    return m_pages[m_current].annotations;
}

const std::vector<GraphNodeItem*>& GraphView::nodeItems() const {
    return m_pages[m_current].nodes;
}

const std::vector<GraphEdgeItem*>& GraphView::edgeItems() const {
    return m_pages[m_current].edges;
}

GraphNodeItem* GraphView::nodeItem(NodeId node) const {
    const Page& page = m_pages[m_current];
    if (!page.layout)
        return nullptr;
    const int index = page.layout->indexOf(node);
    return index >= 0 ? page.nodes[static_cast<size_t>(index)] : nullptr;
}

NodeId GraphView::selectedNode() const {
    const Page& page = m_pages[m_current];
    if (!page.scene)
        return kNone;
    for (QGraphicsItem* item : page.scene->selectedItems())
        if (item->type() == GraphNodeItem::Type)
            return static_cast<GraphNodeItem*>(item)->node();
    return kNone;
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
           (!node.activation.isNone() && contains(node.activation.name()));
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

QString GraphView::legendHtml() const {
    const Page& page = m_pages[m_current];
    if (!m_model || !page.layout)
        return {};
    QStringList lines;
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
                                        milliseconds(a.crossingSeconds)
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
    if (m_uplink.roundTripSeconds > 0.0)
        uplink += tr(", %1 round trip").arg(milliseconds(m_uplink.roundTripSeconds));
    lines << uplink;
    return lines.join(QStringLiteral("<br>"));
}

void GraphView::updateOverlay() {
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

QSizeF GraphView::exportSize() const {
    const QRectF graph = m_pages[m_current].scene->sceneRect();
    const QSizeF legend = legendDocument()->size();
    return {std::max(graph.width(), legend.width()), graph.height() + legend.height()};
}

namespace {

Error writeError(const QString& path, const QSaveFile& file) {
    return Error{"graph export: cannot write '" + QFile::encodeName(path).toStdString() +
                 "': " + file.errorString().toStdString()};
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
