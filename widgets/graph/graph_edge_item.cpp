#include "widgets/graph/graph_edge_item.h"

#include "widgets/graph/graph_edge_label_item.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace autosplit {

namespace {

// How far below the tail the label sits: close to it, before sibling edges converge.
constexpr double kLabelDrop = 13.0;
constexpr double kArrowLength = 8.0;
constexpr double kArrowHalfWidth = 3.5;
constexpr double kArrowMinZoom = 0.25;

QPointF point(const LayoutPoint& p) {
    return {p.x, p.y};
}

QPointF cubicAt(const QPointF& p0, const QPointF& p1, const QPointF& p2, const QPointF& p3,
                double t) {
    const double u = 1.0 - t;
    return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
}

QPolygonF arrowHead(const QPointF& base, const QPointF& tip) {
    const QPointF d = tip - base;
    const double length = std::hypot(d.x(), d.y());
    if (length <= 0.0)
        return {};
    const QPointF normal(-d.y() / length * kArrowHalfWidth, d.x() / length * kArrowHalfWidth);
    return QPolygonF({tip, base + normal, base - normal});
}

} // namespace

GraphEdgeItem::GraphEdgeItem(int layoutIndex, const LayoutEdge& edge, const LayoutNode& from,
                             const LayoutNode& to)
    : m_layoutIndex(layoutIndex), m_value(edge.value) {
    setAcceptedMouseButtons(Qt::NoButton);
    setZValue(0.0);
    const auto& p = edge.path;
    QPointF labelPoint;
    if (p.size() >= 4) {
        m_path.moveTo(point(p[0]));
        for (size_t i = 1; i + 2 < p.size(); i += 3)
            m_path.cubicTo(point(p[i]), point(p[i + 1]), point(p[i + 2]));
        const QPointF end = point(p.back());
        if (edge.arrowTip) {
            m_arrow = arrowHead(end, point(*edge.arrowTip));
        } else {
            const QPointF d = end - point(p[p.size() - 2]);
            const double length = std::hypot(d.x(), d.y());
            if (length > 0.0)
                m_arrow = arrowHead(end - d / length * kArrowLength, end);
        }
        // The label goes where the curve has dropped kLabelDrop below its tail.
        const QPointF p0 = point(p[0]), p1 = point(p[1]), p2 = point(p[2]), p3 = point(p[3]);
        labelPoint = p3;
        for (int step = 1; step <= 32; ++step) {
            const QPointF q = cubicAt(p0, p1, p2, p3, step / 32.0);
            if (q.y() >= p0.y() + kLabelDrop) {
                labelPoint = q;
                break;
            }
        }
    } else {
        // Not routed: a straight line between the boxes.
        const QPointF start(from.center.x, from.bottom());
        const QPointF tip(to.center.x, to.top());
        const QPointF d = tip - start;
        const double length = std::hypot(d.x(), d.y());
        const QPointF end = length > kArrowLength ? tip - d / length * kArrowLength : start;
        m_path.moveTo(start);
        m_path.lineTo(end);
        m_arrow = arrowHead(end, tip);
        labelPoint = length > 0.0 ? start + d / length * kLabelDrop : start;
    }
    m_labelAnchor = labelPoint + QPointF(5.0, 0.0);
    m_bounds =
        m_path.controlPointRect().united(m_arrow.boundingRect()).adjusted(-2.0, -2.0, 2.0, 2.0);
}

GraphEdgeLabelItem* GraphEdgeItem::makeLabelItem() {
    if (!m_labelItem)
        m_labelItem = new GraphEdgeLabelItem(this, m_labelAnchor);
    return m_labelItem;
}

QString GraphEdgeItem::label() const {
    return m_labelItem ? m_labelItem->text() : QString();
}

void GraphEdgeItem::setCrossing(bool crossing, bool transfer) {
    if (crossing == m_crossing && transfer == m_transfer)
        return;
    m_crossing = crossing;
    m_transfer = transfer;
    setZValue(crossing ? 0.5 : 0.0); // over the other edges, under the labels and nodes
    update();
}

QColor GraphEdgeItem::normalColor() {
    return QColor(0x70, 0x70, 0x70);
}

QColor GraphEdgeItem::crossingColor() {
    return QColor(0xd0, 0x1c, 0x1c);
}

QRectF GraphEdgeItem::boundingRect() const {
    return m_bounds;
}

void GraphEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double zoom = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool reuse = m_crossing && !m_transfer;
    const QColor color = reuse        ? crossingColor().lighter(150)
                         : m_crossing ? crossingColor()
                                      : normalColor();
    QPen pen(color, reuse ? 1.3 : m_crossing ? 2.6 : 1.1);
    if (reuse)
        pen.setStyle(Qt::DashLine);
    if (zoom < kArrowMinZoom) {
        // Zoomed far out: hairlines, except that the cut stays visible.
        pen.setCosmetic(true);
        pen.setWidthF(m_crossing && !reuse ? 2.0 : 1.0);
    }
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    if (zoom >= kArrowMinZoom && !m_arrow.isEmpty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawPolygon(m_arrow);
    }
}

} // namespace autosplit
