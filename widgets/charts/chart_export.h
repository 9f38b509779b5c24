#pragma once

// Saving a view as a picture: PNG or SVG chosen by the file's extension.
// A chart or graph view (any QGraphicsView) is drawn from its scene, so the SVG holds vectors,
// not a screenshot; other widgets are drawn as they paint themselves.

#include "core/util/result.h"

#include <QString>
#include <QStringList>

#include <functional>

class QGraphicsView;
class QPainter;
class QRectF;
class QWidget;

namespace autosplit {

// `scale` enlarges PNGs (2: twice the on-screen pixels, for slides); SVGs are sized in points
// as on screen. Errors are one line naming the file.
Status saveWidgetImage(QWidget* widget, const QString& path, double scale = 2.0);

// What an exported chart says about itself, above it: a title, then lines naming the model and
// the constraints it was solved under — a picture on a slide must carry its context.
struct ImageCaption {
    QString title;
    QStringList lines;
};

// Drawn to the right of the view in an exported picture (a chart's legend): its width, the
// height it needs and how to paint it into the rectangle it gets.
struct ImageSidePanel {
    qreal width = 0.0;
    qreal height = 0.0;
    std::function<void(QPainter&, const QRectF&)> paint;
};

// A view's scene under its caption, with a side panel: only what the view draws, never the
// widgets around it (combo boxes, check boxes). Written whole or not at all.
Status saveViewImage(QGraphicsView* view, const QString& path, const ImageCaption& caption,
                     const ImageSidePanel& side = {}, double scale = 2.0);

} // namespace autosplit
