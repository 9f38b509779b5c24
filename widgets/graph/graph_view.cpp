#include "widgets/graph/graph_view.h"

#include "widgets/graph/graph_edge_item.h"
#include "widgets/graph/graph_edge_label_item.h"
#include "widgets/graph/graph_node_item.h"
#include "widgets/graph/graph_overview.h"
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
#include <QPainterPathStroker>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextDocument>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace autosplit {

namespace {

constexpr double kSceneMargin = 24.0;

// The first view of a graph: fitted when that keeps text readable, else at least this zoom.
constexpr double kReadableZoom = 0.6;
constexpr double kMaxInitialZoom = 1.25;

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
    m_overview = new GraphOverview(this);
    connect(this, &GraphView::zoomChanged, m_overview, &GraphOverview::updateFrame);
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

QString GraphView::timeText(double seconds) {
    // Fewer decimals than the solution views: an edge label has little room.
    const double ms = seconds * 1000.0;
    const int decimals = ms >= 100.0 ? 0 : ms >= 10.0 ? 1 : 2;
    return QLocale().toString(ms, 'f', decimals) + QStringLiteral(" ms");
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
                title += QChar(u'+') + QString::fromStdString(node.activation.displayName());
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
    // only a moved cut scrolls: the same split with new figures (a drop measured) leaves the
    // user's view where it is
    const bool moved = solution && (!m_solution || m_solution->split != solution->split);
    if (solution)
        m_solution = *solution;
    else
        m_solution.reset();
    annotateAll();
    if (moved)
        showCut();
}

bool GraphView::showCut() {
    if (!m_solution || !m_model || m_current != OptimizedPage)
        return false;
    const int layers = static_cast<int>(m_model->graph.nodeCount());
    if (layers == 0)
        return false;
    // the last edge layer, whose output edges are the cut; the first layer for Cloud-Only
    const int index = std::clamp(m_solution->split, 1, layers) - 1;
    GraphNodeItem* item = nodeItem(static_cast<NodeId>(index));
    if (!item)
        return false;
    centerOn(item);
    return true;
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
        item->setCrossing(page.annotations.crossingEdges[e], page.annotations.transferEdges[e]);
        if (GraphEdgeLabelItem* label = item->labelItem()) {
            const ValueId v = item->value();
            label->setText(edgeLabel(page.annotations.valueCosts[static_cast<size_t>(v)]));
            // Red when the tensor crosses, whichever of its edges carries the label.
            label->setCrossing(std::binary_search(crossing.begin(), crossing.end(), v));
        }
    }
    separateLabels(kind);
    fitSceneRect(kind);
}

void GraphView::separateLabels(PageKind kind) {
    Page& page = m_pages[kind];
    std::vector<GraphEdgeLabelItem*> labels;
    std::vector<double> widths;
    for (GraphEdgeItem* edge : page.edges)
        if (GraphEdgeLabelItem* label = edge->labelItem(); label && !label->text().isEmpty()) {
            labels.push_back(label);
            widths.push_back(label->boundingRect().width());
        }
    if (widths == page.labelWidths)
        return;
    page.labelWidths = widths;
    // In reading order, each label takes the first free spot: where its edge leaves its
    // producer, further along its own curve, else just above or below.
    std::sort(labels.begin(), labels.end(), [](const auto* a, const auto* b) {
        const QPointF pa = a->edge()->labelAnchor(), pb = b->edge()->labelAnchor();
        return std::pair(pa.y(), pa.x()) < std::pair(pb.y(), pb.x());
    });
    constexpr double kCell = 128.0;
    std::unordered_map<int64_t, std::vector<QRectF>> placed;
    auto cellsOf = [&](const QRectF& r, auto&& visit) {
        for (auto y = static_cast<int64_t>(std::floor(r.top() / kCell));
             y <= static_cast<int64_t>(std::floor(r.bottom() / kCell)); ++y)
            for (auto x = static_cast<int64_t>(std::floor(r.left() / kCell));
                 x <= static_cast<int64_t>(std::floor(r.right() / kCell)); ++x)
                if (!visit(y * 1000003 + x))
                    return false;
        return true;
    };
    auto free = [&](const QRectF& r) {
        for (QGraphicsItem* item : page.scene->items(r, Qt::IntersectsItemBoundingRect))
            if (item->type() == GraphNodeItem::Type)
                return false;
        return cellsOf(r, [&](int64_t cell) {
            const auto it = placed.find(cell);
            if (it == placed.end())
                return true;
            for (const QRectF& other : it->second)
                if (other.intersects(r))
                    return false;
            return true;
        });
    };
    // An edge as the line it is drawn as: QPainterPath::intersects() takes a curve as the area
    // it encloses.
    std::unordered_map<const GraphEdgeItem*, QPainterPath> strokes;
    auto strokeOf = [&](const GraphEdgeItem* e) -> const QPainterPath& {
        auto [it, added] = strokes.try_emplace(e);
        if (added) {
            QPainterPathStroker stroker;
            stroker.setWidth(1.5);
            it->second = stroker.createStroke(e->path());
        }
        return it->second;
    };
    for (GraphEdgeLabelItem* label : labels) {
        GraphEdgeItem* edge = label->edge();
        const QRectF box = label->boundingRect().translated(-label->anchor());
        const double h = box.height() + 1.0;
        std::vector<QPointF> spots{edge->labelAnchor()};
        for (double t : {0.3, 0.45, 0.6, 0.75, 0.9})
            spots.push_back(edge->pointAt(t) + QPointF(5.0, 0.0));
        for (int k = 1; k <= 3; ++k) {
            spots.push_back(edge->labelAnchor() + QPointF(0.0, k * h));
            spots.push_back(edge->labelAnchor() - QPointF(0.0, k * h));
        }
        // then anywhere along the curve, right of it first (it reads best: the edges run down)
        for (int i = 1; i < 20; ++i)
            spots.push_back(edge->pointAt(i / 20.0) + QPointF(5.0, 0.0));
        for (int i = 1; i < 20; ++i)
            spots.push_back(edge->pointAt(i / 20.0) - QPointF(box.width() + 3.0, 0.0));
        // Best: no node, label or other edge under it; else no node or label (a label over a
        // curve is still read; over another label it is not).
        auto clearOfEdges = [&](const QRectF& r) {
            for (QGraphicsItem* item : page.scene->items(r, Qt::IntersectsItemBoundingRect))
                if (item->type() == GraphEdgeItem::Type && item != edge &&
                    strokeOf(static_cast<GraphEdgeItem*>(item)).intersects(r))
                    return false;
            return true;
        };
        std::optional<QPointF> chosen;
        for (const QPointF& spot : spots)
            if (free(box.translated(spot)) && clearOfEdges(box.translated(spot))) {
                chosen = spot;
                break;
            }
        // crowded (branches side by side): the nearest clear place around its anchor
        if (!chosen) {
            std::vector<QPointF> around;
            for (int dy = -6; dy <= 6; ++dy)
                for (int dx = -10; dx <= 10; ++dx)
                    if (dx != 0 || dy != 0)
                        around.push_back(QPointF(dx * 16.0, dy * h));
            std::sort(around.begin(), around.end(), [](const QPointF& a, const QPointF& b) {
                return a.x() * a.x() + 4 * a.y() * a.y() < b.x() * b.x() + 4 * b.y() * b.y();
            });
            for (const QPointF& d : around)
                if (const QRectF r = box.translated(edge->labelAnchor() + d);
                    free(r) && clearOfEdges(r)) {
                    chosen = edge->labelAnchor() + d;
                    break;
                }
        }
        if (!chosen)
            for (const QPointF& spot : spots)
                if (free(box.translated(spot))) {
                    chosen = spot;
                    break;
                }
        if (!chosen)
            chosen = spots.front();
        label->setAnchor(*chosen);
        const QRectF taken = box.translated(*chosen);
        cellsOf(taken, [&](int64_t cell) {
            placed[cell].push_back(taken);
            return true;
        });
    }
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

QString GraphView::edgeLabel(const TransmissionCost& cost) const {
    if (!cost.bytes)
        return format::unknown() + QStringLiteral(" · ") + format::unknown() +
               QStringLiteral(" ms");
    return format::bytes(*cost.bytes) + QStringLiteral(" · ") + timeText(cost.seconds);
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

} // namespace autosplit
