#include "widgets/graph/graph_overview.h"

#include <QGraphicsScene>
#include <QGraphicsView>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace autosplit {

namespace {

constexpr int kMargin = 8; // from the viewport's corner
constexpr int kBorder = 1;

} // namespace

GraphOverview::GraphOverview(QGraphicsView* view) : QWidget(view), m_view(view) {
    setObjectName(QStringLiteral("graphOverview"));
    setCursor(Qt::PointingHandCursor);
    // Opaque: a see-through map would make every repaint of it repaint the graph beneath.
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Overview of the whole graph: click or drag to move the view"));
    m_redraw.setSingleShot(true);
    m_redraw.setInterval(120);
    connect(&m_redraw, &QTimer::timeout, this, &GraphOverview::redraw);
    hide();
}

void GraphOverview::setEnabledByUser(bool enabled) {
    m_wanted = enabled;
    updateFrame();
}

void GraphOverview::invalidate() {
    m_redraw.start();
}

QRectF GraphOverview::pictureRect() const {
    return QRectF(kBorder, kBorder, width() - 2 * kBorder, height() - 2 * kBorder);
}

void GraphOverview::redraw() {
    QGraphicsScene* scene = m_view->scene();
    if (!scene || scene->sceneRect().isEmpty()) {
        m_picture = QPixmap();
        updateFrame();
        return;
    }
    m_scene = scene->sceneRect();
    const double scale = std::min(kMaxSide / m_scene.width(), kMaxSide / m_scene.height());
    const QSize size(std::max(8, static_cast<int>(m_scene.width() * scale)),
                     std::max(8, static_cast<int>(m_scene.height() * scale)));
    const qreal ratio = devicePixelRatioF();
    m_picture = QPixmap(size * ratio);
    m_picture.setDevicePixelRatio(ratio);
    m_picture.fill(Qt::white);
    {
        QPainter painter(&m_picture);
        painter.setRenderHint(QPainter::Antialiasing);
        scene->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), m_scene);
    }
    m_lastFrame = QRectF(); // a new picture: repaint
    if (const QSize outer = size + QSize(2 * kBorder, 2 * kBorder); outer != this->size())
        resize(outer);
    updateFrame();
}

QRectF GraphOverview::frameRect() const {
    if (m_scene.isEmpty())
        return {};
    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    const QRectF picture = pictureRect();
    const double sx = picture.width() / m_scene.width(), sy = picture.height() / m_scene.height();
    return QRectF(picture.left() + (visible.left() - m_scene.left()) * sx,
                  picture.top() + (visible.top() - m_scene.top()) * sy, visible.width() * sx,
                  visible.height() * sy)
        .intersected(picture);
}

QPointF GraphOverview::scenePointAt(const QPointF& mapPoint) const {
    const QRectF picture = pictureRect();
    if (picture.isEmpty() || m_scene.isEmpty())
        return {};
    return QPointF(
        m_scene.left() + (mapPoint.x() - picture.left()) / picture.width() * m_scene.width(),
        m_scene.top() + (mapPoint.y() - picture.top()) / picture.height() * m_scene.height());
}

void GraphOverview::updateFrame() {
    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    QGraphicsScene* scene = m_view->scene();
    const bool whole = !scene || visible.adjusted(-2, -2, 2, 2).contains(scene->sceneRect());
    const bool show = m_wanted && !m_picture.isNull() && !whole;
    if (show) {
        const QRect area = m_view->viewport()->geometry();
        const QPoint at(area.right() - width() - kMargin, area.bottom() - height() - kMargin);
        if (at != pos())
            move(at);
    }
    if (show != isVisible())
        setVisible(show);
    // only the frame moved: repaint the map alone (it is opaque, the graph stays as it is)
    if (show && frameRect() != m_lastFrame) {
        m_lastFrame = frameRect();
        update();
    }
}

void GraphOverview::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    painter.setPen(QColor(0xb0, 0xb0, 0xb0));
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
    painter.drawPixmap(pictureRect().topLeft(), m_picture);
    const QRectF frame = frameRect();
    if (!frame.isEmpty()) {
        painter.setPen(QPen(QColor(0x1a, 0x73, 0xe8), 1.5));
        painter.setBrush(QColor(0x1a, 0x73, 0xe8, 40));
        painter.drawRect(frame);
    }
}

void GraphOverview::centreViewAt(const QPointF& mapPoint) {
    m_view->centerOn(scenePointAt(mapPoint));
    updateFrame();
}

void GraphOverview::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        centreViewAt(event->position());
}

void GraphOverview::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton)
        centreViewAt(event->position());
}

} // namespace autosplit
