#pragma once

// Saving a view as a picture: PNG or SVG chosen by the file's extension.
// A chart or graph view (any QGraphicsView) is drawn from its scene, so the SVG holds vectors,
// not a screenshot; other widgets are drawn as they paint themselves.

#include "core/util/result.h"

#include <QString>

class QWidget;

namespace autosplit {

// `scale` enlarges PNGs (2: twice the on-screen pixels, for slides); SVGs are sized in points
// as on screen. Errors are one line naming the file.
Status saveWidgetImage(QWidget* widget, const QString& path, double scale = 2.0);

} // namespace autosplit
