#pragma once

#include "widgets/graph/layout/graph_layout.h"

#include <QColor>
#include <QGraphicsItem>
#include <QPainterPath>
#include <QPolygonF>

namespace autosplit {

class GraphEdgeLabelItem;

// One edge of the graph view: the routed curve with its arrow head and, on the first edge of
// each tensor, a label item (GraphEdgeLabelItem) with what the tensor costs to send. Crossing edges
// of the current cut are drawn thick and red. Edges take no mouse buttons, so a press beside a node
// pans the view.
class GraphEdgeItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 502 };

    GraphEdgeItem(int layoutIndex, const LayoutEdge& edge, const LayoutNode& from,
                  const LayoutNode& to);

    int type() const override { return Type; }
    int layoutIndex() const { return m_layoutIndex; }
    ValueId value() const { return m_value; }

    // A crossing edge is drawn thick and red; a crossing edge that is not its tensor's transfer
    // (another cloud reader of a tensor sent once) thin, dashed and lighter, so that the cut
    // reads as one transfer per tensor.
    void setCrossing(bool crossing, bool transfer = true);
    bool isCrossing() const { return m_crossing; }
    bool isTransfer() const { return m_crossing && m_transfer; }
    // The point `t` (0..1) along the drawn curve.
    QPointF pointAt(double t) const { return m_path.pointAtPercent(t); }
    // Makes this edge's label item (once); the caller adds it to the scene, which owns it.
    GraphEdgeLabelItem* makeLabelItem();
    GraphEdgeLabelItem* labelItem() const { return m_labelItem; }
    // Where this edge's label would start (left end, vertically centred).
    QPointF labelAnchor() const { return m_labelAnchor; }
    // The label item's text; empty without one.
    QString label() const;
    QPainterPath path() const { return m_path; }

    static QColor normalColor();
    static QColor crossingColor();

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    int m_layoutIndex;
    ValueId m_value;
    QPainterPath m_path;
    QPolygonF m_arrow;
    QPointF m_labelAnchor; // left end of the label, vertically centred
    GraphEdgeLabelItem* m_labelItem = nullptr;
    QRectF m_bounds;
    bool m_crossing = false;
    bool m_transfer = true;
};

} // namespace autosplit
