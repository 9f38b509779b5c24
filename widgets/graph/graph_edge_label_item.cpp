#include "widgets/graph/graph_edge_label_item.h"

#include "widgets/graph/graph_edge_item.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace autosplit {

namespace {

constexpr int kLabelPixels = 10;
// Below this zoom the text is unreadable and thousands of labels only cost time.
constexpr double kLabelMinZoom = 0.55;

const QFont& labelFont() {
    static const QFont font = [] {
        QFont f = QGuiApplication::font();
        f.setPixelSize(kLabelPixels);
        return f;
    }();
    return font;
}

} // namespace

GraphEdgeLabelItem::GraphEdgeLabelItem(GraphEdgeItem* edge, const QPointF& anchor)
    : m_edge(edge), m_anchor(anchor) {
    setAcceptedMouseButtons(Qt::NoButton);
    setZValue(0.8); // above the curves, under the nodes
}

void GraphEdgeLabelItem::setText(const QString& text) {
    if (text == m_text)
        return;
    prepareGeometryChange();
    m_text = text;
    m_staticText = QStaticText(text);
    m_staticText.setTextFormat(Qt::PlainText);
    m_staticText.setPerformanceHint(QStaticText::AggressiveCaching);
    updateRect();
}

void GraphEdgeLabelItem::setAnchor(const QPointF& anchor) {
    if (anchor == m_anchor)
        return;
    prepareGeometryChange();
    m_anchor = anchor;
    updateRect();
}

void GraphEdgeLabelItem::updateRect() {
    static const QFontMetricsF metrics(labelFont());
    m_rect = m_text.isEmpty()
                 ? QRectF()
                 : QRectF(m_anchor.x() - 2.0, m_anchor.y() - metrics.height() / 2.0 - 1.0,
                          metrics.horizontalAdvance(m_text) + 4.0, metrics.height() + 2.0);
}

void GraphEdgeLabelItem::setCrossing(bool crossing) {
    if (crossing == m_crossing)
        return;
    m_crossing = crossing;
    update();
}

QRectF GraphEdgeLabelItem::boundingRect() const {
    return m_rect;
}

void GraphEdgeLabelItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
                               QWidget*) {
    if (m_text.isEmpty() ||
        option->levelOfDetailFromTransform(painter->worldTransform()) < kLabelMinZoom)
        return;
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(255, 255, 255, 225));
    painter->drawRoundedRect(m_rect, 2.0, 2.0);
    painter->setFont(labelFont());
    painter->setPen(m_crossing ? GraphEdgeItem::crossingColor().darker(130)
                               : QColor(0x40, 0x40, 0x40));
    painter->drawStaticText(QPointF(m_anchor.x(), m_rect.top() + 1.0), m_staticText);
}

} // namespace autosplit
