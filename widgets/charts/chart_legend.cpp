#include "widgets/charts/chart_legend.h"

#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPainter>
#include <QPainterPath>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace autosplit {

namespace {

constexpr int kSymbolPixels = 16;
constexpr qreal kGap = 6.0;
constexpr int kMaxWidth = 170;

// A regular polygon (or a star, alternating two radii) around `c`, the first point at the top.
QPolygonF polygon(const QPointF& c, qreal r, int corners, qreal inner = 0.0) {
    QPolygonF points;
    const int n = inner > 0.0 ? corners * 2 : corners;
    for (int i = 0; i < n; ++i) {
        const qreal radius = inner > 0.0 && (i % 2) ? inner : r;
        const qreal a = -std::numbers::pi / 2 + 2 * std::numbers::pi * i / n;
        points << c + QPointF(radius * std::cos(a), radius * std::sin(a));
    }
    return points;
}

} // namespace

ChartLegend::ChartLegend(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("chartLegend"));
    m_fold = new QToolButton(this);
    m_fold->setObjectName(QStringLiteral("legendFoldButton"));
    m_fold->setAutoRaise(true);
    m_fold->setCheckable(true);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("legendList"));
    m_list->setWordWrap(true);
    m_list->setUniformItemSizes(false);
    m_list->setIconSize(QSize(kSymbolPixels, kSymbolPixels));
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideNone);
    m_list->viewport()->setAutoFillBackground(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_header = new QHBoxLayout;
    m_header->setContentsMargins(0, 0, 0, 0);
    m_header->addStretch(1);
    m_header->addWidget(m_fold);
    layout->addLayout(m_header);
    layout->addWidget(m_list, 1);
    connect(m_fold, &QToolButton::toggled, this, [this](bool folded) { setFolded(folded); });
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const QString key = item->data(Qt::UserRole).toString();
        if (!key.isEmpty())
            emit entryClicked(key);
    });
    setFolded(false);
}

void ChartLegend::addHeaderWidget(QWidget* widget) {
    widget->setParent(this);
    m_header->insertWidget(0, widget);
}

void ChartLegend::setEntries(std::vector<Entry> entries) {
    // every slider step brings a new set with the same legend: keep the list as it is
    auto same = [](const Entry& a, const Entry& b) {
        return a.symbol == b.symbol && a.shape == b.shape && a.brush == b.brush && a.pen == b.pen &&
               a.text == b.text && a.tooltip == b.tooltip && a.key == b.key;
    };
    if (entries.size() == m_entries.size() &&
        std::equal(entries.begin(), entries.end(), m_entries.begin(), same))
        return;
    m_entries = std::move(entries);
    m_list->clear();
    const qreal ratio = devicePixelRatioF();
    for (const Entry& e : m_entries) {
        auto* item = new QListWidgetItem(QIcon(symbolPixmap(e, kSymbolPixels, ratio)), e.text);
        item->setToolTip(e.tooltip.isEmpty() ? e.text : e.tooltip);
        item->setData(Qt::UserRole, e.key);
        if (e.key.isEmpty())
            item->setFlags(Qt::ItemIsEnabled);
        m_list->addItem(item);
    }
}

void ChartLegend::setFolded(bool folded) {
    const bool changed = folded != m_folded;
    m_folded = folded;
    m_list->setVisible(!folded);
    {
        const QSignalBlocker block(m_fold);
        m_fold->setChecked(folded);
    }
    m_fold->setText(folded ? tr("Legend ◂") : tr("Hide ▸"));
    m_fold->setToolTip(folded ? tr("Show the legend beside the chart")
                              : tr("Hide the legend: the plot gets the whole width"));
    // Folded, only the header's width is taken from the plot; unfolded, at most a third of a
    // typical dock (long entries wrap).
    setMaximumWidth(folded ? m_header->sizeHint().width() : kMaxWidth);
    setMinimumWidth(folded ? 0 : kMaxWidth * 2 / 3);
    if (changed)
        emit foldedChanged(folded);
}

void ChartLegend::drawSymbol(QPainter& painter, const Entry& e, const QRectF& box) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QPointF c = box.center();
    const qreal r = box.width() / 2.0 - 1.5;
    if (e.symbol == Symbol::Line) {
        painter.setPen(e.pen);
        painter.drawLine(QPointF(box.left() + 1, c.y()), QPointF(box.right() - 1, c.y()));
        painter.setBrush(e.pen.color());
        painter.drawEllipse(c, 2.5, 2.5);
        painter.restore();
        return;
    }
    if (e.symbol == Symbol::Whisker) {
        painter.setPen(e.pen);
        const qreal top = box.top() + 1.5, bottom = box.bottom() - 1.5, cap = box.width() / 5.0;
        painter.drawLine(QPointF(c.x(), top), QPointF(c.x(), bottom));
        painter.drawLine(QPointF(c.x() - cap, top), QPointF(c.x() + cap, top));
        painter.drawLine(QPointF(c.x() - cap, bottom), QPointF(c.x() + cap, bottom));
        painter.setBrush(e.pen.color());
        painter.drawEllipse(QPointF(c.x(), c.y() + box.height() / 8.0), 2.0, 2.0);
        painter.restore();
        return;
    }
    painter.setPen(e.pen);
    painter.setBrush(e.brush);
    switch (e.shape) {
    case QScatterSeries::MarkerShapeRectangle:
        painter.drawRect(QRectF(c - QPointF(r * 0.8, r * 0.8), QSizeF(r * 1.6, r * 1.6)));
        break;
    case QScatterSeries::MarkerShapeRotatedRectangle:
        painter.drawPolygon(polygon(c, r, 4));
        break;
    case QScatterSeries::MarkerShapeTriangle:
        painter.drawPolygon(polygon(c + QPointF(0, r * 0.15), r, 3));
        break;
    case QScatterSeries::MarkerShapeStar:
        painter.drawPolygon(polygon(c, r + 0.5, 5, (r + 0.5) * 0.45));
        break;
    case QScatterSeries::MarkerShapePentagon:
        painter.drawPolygon(polygon(c, r, 5));
        break;
    default:
        painter.drawEllipse(c, r * 0.8, r * 0.8);
        break;
    }
    painter.restore();
}

QPixmap ChartLegend::symbolPixmap(const Entry& entry, int size, qreal devicePixelRatio) {
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    drawSymbol(painter, entry, QRectF(0, 0, size, size));
    return pixmap;
}

qreal ChartLegend::paintedHeight(const QFont& font, qreal width) const {
    const QFontMetricsF metrics(font);
    const qreal textWidth = std::max(width - kSymbolPixels - kGap, 1.0);
    qreal height = 0.0;
    for (const Entry& e : m_entries) {
        const QRectF r = metrics.boundingRect(QRectF(0, 0, textWidth, 1e6),
                                              Qt::TextWordWrap | Qt::AlignLeft, e.text);
        height += std::max<qreal>(r.height(), kSymbolPixels) + kGap / 2;
    }
    return height;
}

void ChartLegend::paint(QPainter& painter, const QRectF& rect, const QFont& font) const {
    painter.save();
    painter.setFont(font);
    painter.setPen(Qt::black);
    const QFontMetricsF metrics(font);
    const qreal textWidth = std::max(rect.width() - kSymbolPixels - kGap, 1.0);
    qreal y = rect.top();
    for (const Entry& e : m_entries) {
        const QRectF textBox = metrics.boundingRect(QRectF(0, 0, textWidth, 1e6),
                                                    Qt::TextWordWrap | Qt::AlignLeft, e.text);
        const qreal h = std::max<qreal>(textBox.height(), kSymbolPixels);
        // the symbol beside the first line of a wrapped text
        const qreal firstLine = std::max<qreal>(metrics.height(), kSymbolPixels);
        drawSymbol(painter, e,
                   QRectF(rect.left(), y + (firstLine - kSymbolPixels) / 2.0, kSymbolPixels,
                          kSymbolPixels));
        painter.setPen(Qt::black);
        painter.drawText(QRectF(rect.left() + kSymbolPixels + kGap,
                                y + (firstLine - metrics.height()) / 2.0, textWidth, h),
                         Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, e.text);
        y += h + kGap / 2;
    }
    painter.restore();
}

} // namespace autosplit
