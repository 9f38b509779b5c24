#include "widgets/charts/chart_export.h"

#include <QFileInfo>
#include <QFontMetricsF>
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

// Writes a picture `size` points large drawn by `paint` (in points): SVG or PNG by extension.
Status writeImage(const QString& path, const QSizeF& size, double scale,
                  const std::function<void(QPainter&)>& paint) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("svg") && suffix != QLatin1String("png"))
        return failure(path,
                       QStringLiteral("unknown image format '.%1' (use .png or .svg)").arg(suffix));
    // Written whole or not at all: a failed save leaves an existing file as it was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failure(path, QStringLiteral("cannot be written (%1)").arg(file.errorString()));
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setOutputDevice(&file);
        generator.setSize(size.toSize());
        generator.setViewBox(QRectF(QPointF(0, 0), size));
        generator.setTitle(QStringLiteral("Auto-Split Explorer"));
        QPainter painter;
        if (!painter.begin(&generator))
            return failure(path, QStringLiteral("cannot be written"));
        paint(painter);
        painter.end();
        if (file.size() == 0 || !file.commit())
            return failure(path, QStringLiteral("cannot be written (%1)").arg(file.errorString()));
        return Status::success();
    }
    const double factor = std::max(scale, 0.1);
    const QSize pixels = (size * factor).toSize();
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.scale(factor, factor);
        paint(painter);
    }
    if (!image.save(&file, "PNG") || !file.commit())
        return failure(path, QStringLiteral("cannot be written (%1)").arg(file.errorString()));
    return Status::success();
}

} // namespace

Status saveWidgetImage(QWidget* widget, const QString& path, double scale) {
    if (!widget || widget->width() <= 0 || widget->height() <= 0)
        return failure(path, QStringLiteral("nothing to draw (the view has no size)"));
    QWidget* source = widget;
    if (auto* view = qobject_cast<QGraphicsView*>(widget))
        source = view->viewport();
    const QSizeF size = source->size();
    return writeImage(path, size, scale, [&](QPainter& painter) {
        draw(widget, painter, QRectF(QPointF(0, 0), size));
    });
}

Status saveViewImage(QGraphicsView* view, const QString& path, const ImageCaption& caption,
                     const ImageSidePanel& side, double scale) {
    if (!view || view->viewport()->width() <= 0 || view->viewport()->height() <= 0)
        return failure(path, QStringLiteral("nothing to draw (the view has no size)"));
    constexpr qreal kMargin = 8.0;
    QFont titleFont = view->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    const QFont lineFont = view->font();
    const QSizeF plot = view->viewport()->size();
    const qreal sideWidth = side.paint ? side.width + kMargin : 0.0;
    const qreal width = plot.width() + sideWidth + 2 * kMargin;
    const qreal textWidth = width - 2 * kMargin;
    auto textHeight = [&](const QFont& font, const QString& text) {
        return QFontMetricsF(font)
            .boundingRect(QRectF(0, 0, textWidth, 1e6), Qt::TextWordWrap, text)
            .height();
    };
    qreal captionHeight = caption.title.isEmpty() ? 0.0 : textHeight(titleFont, caption.title);
    for (const QString& line : caption.lines)
        captionHeight += textHeight(lineFont, line);
    if (captionHeight > 0.0)
        captionHeight += kMargin;
    const qreal height =
        kMargin + captionHeight + std::max(plot.height(), side.paint ? side.height : 0.0) + kMargin;
    return writeImage(path, QSizeF(width, height), scale, [&](QPainter& painter) {
        painter.fillRect(QRectF(0, 0, width, height), Qt::white);
        qreal y = kMargin;
        painter.setPen(Qt::black);
        auto text = [&](const QFont& font, const QString& line) {
            const qreal h = textHeight(font, line);
            painter.setFont(font);
            painter.drawText(QRectF(kMargin, y, textWidth, h), Qt::TextWordWrap, line);
            y += h;
        };
        if (!caption.title.isEmpty())
            text(titleFont, caption.title);
        for (const QString& line : caption.lines)
            text(lineFont, line);
        if (captionHeight > 0.0)
            y += kMargin;
        view->render(&painter, QRectF(QPointF(kMargin, y), plot), view->viewport()->rect());
        if (side.paint)
            side.paint(painter, QRectF(kMargin + plot.width() + kMargin, y, side.width,
                                       std::max(plot.height(), side.height)));
    });
}

} // namespace autosplit
