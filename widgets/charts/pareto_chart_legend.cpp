// The Pareto chart's words and pictures: the summary line, the legend beside the plot, and the
// exported image (pareto_chart.cpp builds the chart, pareto_chart_points.cpp finds points).
#include "widgets/charts/pareto_chart.h"
#include "widgets/charts/pareto_chart_style.h"

#include "widgets/charts/chart_export.h"
#include "widgets/charts/chart_legend.h"
#include "widgets/number_format.h"

#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QPainter>
#include <QScatterSeries>

namespace autosplit {

using namespace pareto;

Status ParetoChart::saveImage(const QString& path) {
    return saveImage(path, ImageCaption{});
}

Status ParetoChart::saveImage(const QString& path, const ImageCaption& caption) {
    QFont font = m_view->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    const qreal legendWidth = 190.0;
    ImageSidePanel legend;
    legend.width = legendWidth;
    legend.height = m_legend->paintedHeight(font, legendWidth);
    legend.paint = [this, font](QPainter& painter, const QRectF& rect) {
        m_legend->paint(painter, rect, font);
    };
    // The light markers would go into an SVG as one embedded bitmap per point; drawn as shapes
    // they stay vectors and the file stays small.
    const bool svg = path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive);
    const QImage marker = m_candidates->lightMarker();
    if (svg)
        m_candidates->setLightMarker(QImage());
    const Status saved = saveViewImage(m_view, path, caption, legend);
    if (svg)
        m_candidates->setLightMarker(marker);
    return saved;
}

void ParetoChart::setProvisional(bool provisional) {
    if (provisional == m_provisional)
        return;
    m_provisional = provisional;
    updateLegend();
    updateSummary();
}

void ParetoChart::updateSummary() {
    if (!m_set) {
        m_summaryText.clear();
        m_summary->clear();
        return;
    }
    const size_t plotted = m_plotted;
    // (English has no plural forms file here: the singular is its own string)
    QString summary = plotted == 1
                          ? tr("1 feasible candidate, %1 on the front").arg(m_frontIndices.size())
                          : tr("%1 feasible candidates, %2 on the front")
                                .arg(format::count(static_cast<int64_t>(plotted)))
                                .arg(m_frontIndices.size());
    if (m_shown.size() < plotted)
        summary += QStringLiteral(" (") +
                   tr("%1 drawn").arg(format::count(static_cast<int64_t>(m_shown.size()))) +
                   QStringLiteral(")");
    if (m_provisional)
        summary = tr("Measuring drops, the star is provisional") + QStringLiteral(" · ") + summary;
    m_summaryText = summary;
    m_summary->setToolTip(summary);
    elideSummary();
}

void ParetoChart::updateLegend() {
    std::vector<ChartLegend::Entry> entries;
    auto marker = [](const QScatterSeries* s, const QString& text, const QString& key) {
        ChartLegend::Entry e;
        e.shape = s->markerShape();
        e.brush = s->brush();
        e.pen = s->pen();
        e.text = text;
        e.key = key;
        return e;
    };
    entries.push_back(marker(m_candidates, m_candidates->name(), {}));
    ChartLegend::Entry front;
    front.symbol = ChartLegend::Symbol::Line;
    front.pen = m_front->pen();
    front.text = m_front->name();
    entries.push_back(front);
    ChartLegend::Entry selected =
        marker(m_selectedSeries,
               m_provisional ? tr("Selected (provisional: measuring drops)") : tr("Selected"),
               QStringLiteral("@selected"));
    selected.tooltip = tr("The solution the solver selected; click to show it again");
    entries.push_back(selected);
    if (!m_measuredSeries.empty()) {
        ChartLegend::Entry measured;
        measured.shape = QScatterSeries::MarkerShapeCircle;
        measured.brush = Qt::NoBrush;
        measured.pen = QPen(kFrontColor, 1.5);
        measured.text = tr("Measured (this computer)");
        measured.tooltip = tr("Hollow markers: the latency measured end to end on this computer, "
                              "joined to the predicted point by a thin line");
        entries.push_back(measured);
    }
    if (!m_intervalSeries.empty()) {
        ChartLegend::Entry interval;
        interval.symbol = ChartLegend::Symbol::Whisker;
        interval.pen = m_intervalSeries.front()->pen();
        interval.text = tr("Drop interval (judged on part of the samples)");
        interval.tooltip =
            tr("A candidate clearly within or beyond the drop limit is judged on part of the "
               "samples only: its point is the drop on those, the bar the range the drop on all "
               "samples lies in (at the confidence of early decisions)");
        entries.push_back(interval);
    }
    if (m_set)
        for (size_t b = 0; b < m_baselineSeries.size() && b < m_set->baselines.size(); ++b) {
            ChartLegend::Entry e = marker(m_baselineSeries[b], m_baselineSeries[b]->name(),
                                          QString::fromStdString(m_set->baselines[b].name));
            e.tooltip = tr("%1 — click to show this baseline in every view")
                            .arg(m_baselineSeries[b]->name());
            entries.push_back(e);
        }
    m_legend->setEntries(std::move(entries));
}

} // namespace autosplit
