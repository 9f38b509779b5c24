#pragma once

#include <QObject>
#include <QPoint>
#include <QPointF>
#include <QPointer>
#include <QRectF>

#include <vector>

class QAbstractAxis;
class QChartView;
class QRubberBand;
class QValueAxis;

namespace autosplit {

// Zoom and pan for a chart view, as plotting tools do it: the wheel zooms at the pointer, a
// left-button drag over the plot zooms to the dragged rectangle (a click still picks a point),
// a middle- or right-button drag pans, a double click or reset() shows everything again; the
// keyboard's + and - zoom, the arrows pan, 0 resets. The zoomed ranges of the value axes are
// kept, so that the chart's owner can refit its axes for new data and then reapply() them —
// a user who zoomed into the front keeps looking there while dragging a slider.
class ChartZoom : public QObject {
    Q_OBJECT

public:
    explicit ChartZoom(QChartView* view);

    bool isZoomed() const { return !m_ranges.empty(); }
    // Sets the kept ranges again on axes that still exist (after the owner refitted them).
    void reapply();
    // Forgets the zoom and asks the owner to refit (resetRequested).
    void reset();
    // Forgets the zoom without asking for a refit (the owner refits anyway: other units).
    void forget();
    // Zooms by `factor` (> 1 in) keeping the value under `at` (viewport pixels) in place.
    void zoomBy(double factor, const QPointF& at);
    // Zooms to a rectangle of the viewport (pixels).
    void zoomTo(const QRectF& viewportRect);
    // Moves the view by `pixels` of the viewport (the data follows the pointer).
    void pan(const QPointF& pixels);

signals:
    void zoomChanged(bool zoomed);
    // The owner refits its axes to the data (the zoom is forgotten already).
    void resetRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QRectF plotArea() const;
    int tickCount(const QValueAxis* axis) const;
    QPointF toChart(const QPointF& viewportPoint) const;
    void remember();

    struct Range {
        QPointer<QAbstractAxis> axis;
        double min = 0.0;
        double max = 0.0;
    };
    QChartView* m_view = nullptr;
    QRubberBand* m_band = nullptr;
    std::vector<Range> m_ranges;
    QPoint m_pressAt;
    Qt::MouseButton m_dragButton = Qt::NoButton;
    bool m_banding = false;
};

} // namespace autosplit
