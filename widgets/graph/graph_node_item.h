#pragma once

#include "widgets/graph/graph_annotations.h"
#include "widgets/graph/layout/graph_layout.h"

#include <QColor>
#include <QGraphicsItem>
#include <QStaticText>

namespace autosplit {

// One node of the graph view: a box with the operation (or the graph input/output's name) and
// the output shape, filled by the side of the cut it is on. Kept simple for graphs of thousands
// of nodes: text is laid out once (QStaticText), hidden when zoomed out, and the painted box is
// cached in device coordinates.
class GraphNodeItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 501 };

    // `title` is the operation, `subtitle` the shape, `tag` a short note on the right of the
    // title (the layer number).
    GraphNodeItem(int layoutIndex, const LayoutNode& node, const QString& title,
                  const QString& subtitle, const QString& tag);

    int type() const override { return Type; }
    int layoutIndex() const { return m_layoutIndex; }
    LayoutNodeKind kind() const { return m_kind; }
    NodeId node() const { return m_node; }
    ValueId value() const { return m_value; }
    QString title() const { return m_titleText; }

    void setSide(CutSide side);
    CutSide side() const { return m_side; }
    // Marks the node as the last layer of a potential split point (a cut after it qualifies).
    void setPotentialSplit(bool potential);
    bool isPotentialSplit() const { return m_potentialSplit; }

    QColor fillColor() const { return fillColor(m_side); }
    static QColor fillColor(CutSide side);
    static QColor borderColor(CutSide side);
    static QColor potentialSplitColor();

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    int m_layoutIndex;
    LayoutNodeKind m_kind;
    NodeId m_node;
    ValueId m_value;
    QRectF m_rect; // the box, centred on the item's position
    QString m_titleText;
    QStaticText m_title;
    QStaticText m_subtitle;
    QStaticText m_tag;
    double m_tagWidth = 0.0;
    CutSide m_side = CutSide::None;
    bool m_potentialSplit = false;
};

} // namespace autosplit
