#pragma once

#include <QGraphicsItem>
#include <QStaticText>

namespace autosplit {

class GraphEdgeItem;

// The cost label of a tensor's edge: bytes at its bit-width and time over the uplink. A separate
// item so that every label lies above every curve (a crossing edge must not strike a label
// through) and below the nodes. Hidden when zoomed out.
class GraphEdgeLabelItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 503 };

    // `anchor`: the left end of the text, vertically centred.
    GraphEdgeLabelItem(GraphEdgeItem* edge, const QPointF& anchor);

    int type() const override { return Type; }
    GraphEdgeItem* edge() const { return m_edge; }
    void setText(const QString& text);
    QString text() const { return m_text; }
    // Moves the text to start at `anchor` (left end, vertically centred).
    void setAnchor(const QPointF& anchor);
    QPointF anchor() const { return m_anchor; }
    // Drawn in the crossing colour: the tensor crosses the cut.
    void setCrossing(bool crossing);
    bool isCrossing() const { return m_crossing; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    void updateRect();

    GraphEdgeItem* m_edge;
    QPointF m_anchor;
    QString m_text;
    QStaticText m_staticText;
    QRectF m_rect;
    bool m_crossing = false;
};

} // namespace autosplit
