#pragma once

#include <QPixmap>
#include <QRectF>
#include <QTimer>
#include <QWidget>

class QGraphicsView;

namespace autosplit {

// A map of the whole graph in a corner of the graph view, as map and diagram tools have: the
// graph drawn small in the cut's colours with a frame where the view is. A click or a drag on
// the map moves the view there, so a readable zoom never loses the way in a tall graph (fitting
// seventy layers into the window made them an unreadable strip). Shown only while the view does
// not show the whole graph; the picture is redrawn, coalesced, when the scene changes.
class GraphOverview : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMaxSide = 160;

    explicit GraphOverview(QGraphicsView* view);

    // The scene changed (a layout, a new cut): redraw the picture soon.
    void invalidate();
    // The view moved or zoomed: move the frame, show or hide the map.
    void updateFrame();
    // Whether the user wants the map (View menu); it still hides while the whole graph shows.
    void setEnabledByUser(bool enabled);
    bool isEnabledByUser() const { return m_wanted; }
    // The part of the scene the view shows, in the map's pixels.
    QRectF frameRect() const;
    // The scene point a map pixel stands for.
    QPointF scenePointAt(const QPointF& mapPoint) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void redraw();
    void centreViewAt(const QPointF& mapPoint);
    QRectF pictureRect() const;

    QGraphicsView* m_view;
    QPixmap m_picture;
    QRectF m_scene;     // the scene rect the picture shows
    QRectF m_lastFrame; // the frame last painted
    QTimer m_redraw;
    bool m_wanted = true;
};

} // namespace autosplit
