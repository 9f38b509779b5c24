#include "widgets/charts/chart_export.h"

#include <QFileInfo>
#include <QGraphicsView>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

#include <algorithm>

namespace autosplit {

namespace {

Error failure(const QString& path, const QString& problem) {
    return Error{
        QString(QFileInfo(path).fileName() + QStringLiteral(": ") + problem).toStdString()};
}

void draw(QWidget* widget, QPainter& painter, const QRectF& target) {
    if (auto* view = qobject_cast<QGraphicsView*>(widget)) {
        // From the scene: vectors in an SVG, sharp at any scale in a PNG.
        view->render(&painter, target, view->viewport()->rect());
        return;
    }
    painter.scale(target.width() / widget->width(), target.height() / widget->height());
    widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
}

} // namespace

Status saveWidgetImage(QWidget* widget, const QString& path, double scale) {
    if (!widget || widget->width() <= 0 || widget->height() <= 0)
        return failure(path, QStringLiteral("nothing to draw (the view has no size)"));
    QWidget* source = widget;
    if (auto* view = qobject_cast<QGraphicsView*>(widget))
        source = view->viewport();
    const QSize size = source->size();
    const QString suffix = QFileInfo(path).suffix().toLower();
    // Written whole or not at all: a failed save leaves an existing file as it was.
    QSaveFile file(path);
    if (suffix != QLatin1String("svg") && suffix != QLatin1String("png"))
        return failure(path,
                       QStringLiteral("unknown image format '.%1' (use .png or .svg)").arg(suffix));
    if (!file.open(QIODevice::WriteOnly))
        return failure(path, QStringLiteral("cannot be written (%1)").arg(file.errorString()));
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setOutputDevice(&file);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(QStringLiteral("Auto-Split Explorer"));
        QPainter painter;
        if (!painter.begin(&generator))
            return failure(path, QStringLiteral("cannot be written"));
        draw(widget, painter, QRectF(QPointF(0, 0), size));
        painter.end();
        if (file.size() == 0 || !file.commit())
            return failure(path, QStringLiteral("cannot be written (%1)").arg(file.errorString()));
        return Status::success();
    }
    {
        const QSize pixels = (QSizeF(size) * std::max(scale, 0.1)).toSize();
        QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            draw(widget, painter, QRectF(QPointF(0, 0), pixels));
        }
        if (!image.save(&file, "PNG") || !file.commit())
            return failure(path, QStringLiteral("cannot be written (%1)").arg(file.errorString()));
        return Status::success();
    }
}

} // namespace autosplit
