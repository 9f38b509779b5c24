#include "widgets/charts/chart_zoom.h"

#include "widgets/charts/axis_ticks.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QKeyEvent>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QRubberBand>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace autosplit {

ChartZoom::ChartZoom(QChartView* view) : QObject(view), m_view(view) {
    m_band = new QRubberBand(QRubberBand::Rectangle, view->viewport());
    m_band->setObjectName(QStringLiteral("zoomRubberBand"));
    view->viewport()->installEventFilter(this);
    view->installEventFilter(this);
    view->setFocusPolicy(Qt::StrongFocus);
}

int ChartZoom::tickCount(const QValueAxis* axis) const {
    // as many labels as fit side by side (a narrow dock ran "800" and "1000" together)
    const bool horizontal = axis->alignment() & (Qt::AlignBottom | Qt::AlignTop);
    return ticksThatFit(axis, horizontal ? plotArea().width() : plotArea().height(), horizontal);
}

QRectF ChartZoom::plotArea() const {
    return m_view->chart()->plotArea();
}

QPointF ChartZoom::toChart(const QPointF& viewportPoint) const {
    return m_view->chart()->mapFromScene(m_view->mapToScene(viewportPoint.toPoint()));
}

void ChartZoom::remember() {
    m_ranges.clear();
    for (QAbstractAxis* axis : m_view->chart()->axes()) {
        if (auto* value = qobject_cast<QValueAxis*>(axis)) {
            // round ticks over the new range (the zoom keeps the old interval otherwise)
            setRoundTicks(value, value->min(), value->max(), tickCount(value));
            m_ranges.push_back({axis, value->min(), value->max()});
        } else if (auto* log = qobject_cast<QLogValueAxis*>(axis)) {
            m_ranges.push_back({axis, log->min(), log->max()});
        }
    }
    emit zoomChanged(true);
}

void ChartZoom::reapply() {
    for (const Range& r : m_ranges) {
        if (auto* value = qobject_cast<QValueAxis*>(r.axis.data()))
            setRoundTicks(value, r.min, r.max, tickCount(value));
        else if (auto* log = qobject_cast<QLogValueAxis*>(r.axis.data()))
            log->setRange(r.min, r.max);
    }
}

void ChartZoom::forget() {
    const bool was = isZoomed();
    m_ranges.clear();
    if (was)
        emit zoomChanged(false);
}

void ChartZoom::reset() {
    forget();
    emit resetRequested();
}

void ChartZoom::zoomBy(double factor, const QPointF& at) {
    const QRectF area = plotArea();
    if (area.isEmpty() || !(factor > 0.0))
        return;
    const QPointF c = toChart(at);
    const QPointF focus(std::clamp(c.x(), area.left(), area.right()),
                        std::clamp(c.y(), area.top(), area.bottom()));
    const QRectF target(focus - (focus - area.topLeft()) / factor, area.size() / factor);
    m_view->chart()->zoomIn(target);
    remember();
}

void ChartZoom::zoomTo(const QRectF& viewportRect) {
    const QRectF rect =
        QRectF(toChart(viewportRect.topLeft()), toChart(viewportRect.bottomRight())).normalized();
    const QRectF target = rect.intersected(plotArea());
    if (target.width() < 2.0 || target.height() < 2.0)
        return;
    m_view->chart()->zoomIn(target);
    remember();
}

void ChartZoom::pan(const QPointF& pixels) {
    // scroll() moves the visible area: opposite to the drag in x, along it in y (up is +)
    m_view->chart()->scroll(-pixels.x(), pixels.y());
    remember();
}

bool ChartZoom::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const QPointF centre = m_view->viewport()->rect().center();
        const qreal step = 40.0;
        switch (key->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomBy(1.25, centre);
            return true;
        case Qt::Key_Minus:
            zoomBy(0.8, centre);
            return true;
        case Qt::Key_0:
        case Qt::Key_Home:
            reset();
            return true;
        case Qt::Key_Left:
            pan(QPointF(step, 0));
            return true;
        case Qt::Key_Right:
            pan(QPointF(-step, 0));
            return true;
        case Qt::Key_Up:
            pan(QPointF(0, step));
            return true;
        case Qt::Key_Down:
            pan(QPointF(0, -step));
            return true;
        default:
            return false;
        }
    }
    if (watched != m_view->viewport())
        return false;
    switch (event->type()) {
    case QEvent::Wheel: {
        auto* wheel = static_cast<QWheelEvent*>(event);
        const double notches = wheel->angleDelta().y() / 120.0;
        if (notches != 0.0)
            zoomBy(std::pow(1.2, notches), wheel->position());
        return true;
    }
    case QEvent::MouseButtonPress: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        m_pressAt = mouse->position().toPoint();
        m_dragButton =
            plotArea().contains(toChart(mouse->position())) ? mouse->button() : Qt::NoButton;
        m_banding = false;
        m_view->setFocus(Qt::MouseFocusReason);
        // a right press is the pan's, not a context menu's
        return mouse->button() == Qt::MiddleButton || mouse->button() == Qt::RightButton;
    }
    case QEvent::MouseMove: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        const QPoint at = mouse->position().toPoint();
        if (m_dragButton == Qt::LeftButton && (mouse->buttons() & Qt::LeftButton)) {
            if (!m_banding &&
                (at - m_pressAt).manhattanLength() >= QApplication::startDragDistance())
                m_banding = true;
            if (m_banding) {
                m_band->setGeometry(QRect(m_pressAt, at).normalized());
                m_band->show();
                return true;
            }
        } else if ((m_dragButton == Qt::MiddleButton || m_dragButton == Qt::RightButton) &&
                   (mouse->buttons() & m_dragButton)) {
            pan(QPointF(at - m_pressAt));
            m_pressAt = at;
            return true;
        }
        return false;
    }
    case QEvent::MouseButtonRelease: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        const bool banding = m_banding && mouse->button() == Qt::LeftButton;
        const bool panning = mouse->button() == m_dragButton &&
                             (m_dragButton == Qt::MiddleButton || m_dragButton == Qt::RightButton);
        if (banding) {
            m_band->hide();
            m_banding = false;
            zoomTo(QRectF(m_pressAt, mouse->position()));
        }
        if (mouse->button() == m_dragButton)
            m_dragButton = Qt::NoButton;
        // the release still reaches the chart, so that a pressed marker lets go; it was
        // dragged, so it is no click
        return panning;
    }
    case QEvent::MouseButtonDblClick:
        if (static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton) {
            reset();
            return true;
        }
        return false;
    default:
        return false;
    }
}

} // namespace autosplit
