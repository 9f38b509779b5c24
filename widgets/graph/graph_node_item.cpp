#include "widgets/graph/graph_node_item.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace autosplit {

namespace {

// Scene units are points; pixel-sized fonts keep the text the same size in the scene on every
// screen and in every export.
constexpr int kTitlePixels = 12;
constexpr int kSubtitlePixels = 11;
constexpr int kTagPixels = 10;
constexpr double kPadding = 6.0;
constexpr double kPillPadding = 12.0; // graph inputs and outputs have round ends
// Below these zoom factors text is too small to read and only costs time.
constexpr double kTextMinZoom = 0.4;
constexpr double kDetailMinZoom = 0.15;

const QFont& titleFont() {
    static const QFont font = [] {
        QFont f = QGuiApplication::font();
        f.setPixelSize(kTitlePixels);
        f.setBold(true);
        return f;
    }();
    return font;
}

const QFont& subtitleFont() {
    static const QFont font = [] {
        QFont f = QGuiApplication::font();
        f.setPixelSize(kSubtitlePixels);
        return f;
    }();
    return font;
}

const QFont& tagFont() {
    static const QFont font = [] {
        QFont f = QGuiApplication::font();
        f.setPixelSize(kTagPixels);
        return f;
    }();
    return font;
}

QStaticText staticText(const QString& text) {
    QStaticText s(text);
    s.setTextFormat(Qt::PlainText);
    s.setPerformanceHint(QStaticText::AggressiveCaching);
    return s;
}

} // namespace

GraphNodeItem::GraphNodeItem(int layoutIndex, const LayoutNode& node, const QString& title,
                             const QString& subtitle, const QString& tag)
    : m_layoutIndex(layoutIndex), m_kind(node.kind), m_node(node.node), m_value(node.value),
      m_rect(-node.width / 2.0, -node.height / 2.0, node.width, node.height), m_titleText(title) {
    setPos(node.center.x, node.center.y);
    setFlag(QGraphicsItem::ItemIsSelectable);
    setZValue(1.0); // above the edges
    // The box and its text are what is slow to paint; panning then only blits the cache.
    setCacheMode(QGraphicsItem::DeviceCoordinateCache);

    static const QFontMetricsF tagMetrics(tagFont());
    static const QFontMetricsF titleMetrics(titleFont());
    static const QFontMetricsF subtitleMetrics(subtitleFont());
    const double padding = m_kind == LayoutNodeKind::Operation ? kPadding : kPillPadding;
    const double inner = m_rect.width() - 2 * padding;
    m_tagWidth = tag.isEmpty() ? 0.0 : tagMetrics.horizontalAdvance(tag);
    m_tag = staticText(tag);
    m_title = staticText(titleMetrics.elidedText(title, Qt::ElideRight,
                                                 inner - (tag.isEmpty() ? 0.0 : m_tagWidth + 4.0)));
    m_subtitle = staticText(subtitleMetrics.elidedText(subtitle, Qt::ElideMiddle, inner));
}

void GraphNodeItem::setSide(CutSide side) {
    if (side == m_side)
        return;
    m_side = side;
    update();
}

void GraphNodeItem::setPotentialSplit(bool potential) {
    if (potential == m_potentialSplit)
        return;
    m_potentialSplit = potential;
    update();
}

QColor GraphNodeItem::fillColor(CutSide side) {
    switch (side) {
    case CutSide::Edge:
        return QColor(0xd4, 0xe5, 0xfb);
    case CutSide::Cloud:
        return QColor(0xfd, 0xe0, 0xc2);
    case CutSide::None:
        break;
    }
    return QColor(0xf3, 0xf3, 0xf3);
}

QColor GraphNodeItem::borderColor(CutSide side) {
    switch (side) {
    case CutSide::Edge:
        return QColor(0x2a, 0x66, 0xb0);
    case CutSide::Cloud:
        return QColor(0xc0, 0x65, 0x14);
    case CutSide::None:
        break;
    }
    return QColor(0x80, 0x80, 0x80);
}

QColor GraphNodeItem::potentialSplitColor() {
    return QColor(0x1e, 0x9b, 0x3c);
}

QRectF GraphNodeItem::boundingRect() const {
    // Room for the selection outline and the potential-split mark under the box.
    return m_rect.adjusted(-3.0, -3.0, 3.0, 7.0);
}

void GraphNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double zoom = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool selected = isSelected();
    const QColor border = selected ? QColor(0xe0, 0x9a, 0x00) : borderColor(m_side);
    if (zoom < kDetailMinZoom) {
        // A speck on screen: a plain box is all that shows.
        painter->fillRect(m_rect, selected ? border : fillColor());
        return;
    }
    const double radius = m_kind == LayoutNodeKind::Operation ? 4.0 : m_rect.height() / 2.0;
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(border, selected ? 3.0 : 1.2));
    painter->setBrush(fillColor());
    painter->drawRoundedRect(m_rect, radius, radius);

    if (m_potentialSplit) {
        QPen mark(potentialSplitColor(), 2.5, Qt::DashLine, Qt::FlatCap);
        painter->setPen(mark);
        const double y = m_rect.bottom() + 4.0;
        painter->drawLine(QPointF(m_rect.left() - 2.0, y), QPointF(m_rect.right() + 2.0, y));
    }
    if (zoom < kTextMinZoom)
        return;

    // One or two lines, centred vertically in the box.
    const double padding = m_kind == LayoutNodeKind::Operation ? kPadding : kPillPadding;
    const double left = m_rect.left() + padding;
    const bool twoLines = !m_subtitle.text().isEmpty();
    const double titleHeight = kTitlePixels * 1.25;
    const double subtitleHeight = kSubtitlePixels * 1.25;
    const double textHeight = twoLines ? titleHeight + subtitleHeight : titleHeight;
    const double titleTop = m_rect.center().y() - textHeight / 2.0;
    painter->setPen(QColor(0x1a, 0x1a, 0x1a));
    painter->setFont(titleFont());
    painter->drawStaticText(QPointF(left, titleTop), m_title);
    if (!m_tag.text().isEmpty()) {
        painter->setFont(tagFont());
        painter->setPen(QColor(0x60, 0x60, 0x60));
        painter->drawStaticText(QPointF(m_rect.right() - padding - m_tagWidth, titleTop + 1.5),
                                m_tag);
    }
    if (twoLines) {
        painter->setFont(subtitleFont());
        painter->setPen(QColor(0x30, 0x30, 0x30));
        painter->drawStaticText(QPointF(left, titleTop + titleHeight), m_subtitle);
    }
}

} // namespace autosplit
