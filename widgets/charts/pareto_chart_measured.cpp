// The Pareto chart's measured points: what Analysis > Measure on This Computer measured, drawn
// beside the predictions (pareto_chart.cpp builds the rest of the chart).
#include "widgets/charts/pareto_chart.h"
#include "widgets/charts/pareto_chart_style.h"

#include "widgets/number_format.h"
#include "widgets/solution/solution_text.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QLineSeries>
#include <QLocale>
#include <QPen>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>

namespace autosplit {

using namespace pareto;

void ParetoChart::setMeasuredLatencies(const MeasuredLatencies& measured) {
    m_measured = measured;
    rebuild();
}

void ParetoChart::updateMeasured() {
    for (QScatterSeries* s : m_measuredSeries) {
        m_chart->removeSeries(s);
        delete s;
    }
    for (QLineSeries* s : m_measuredLinks) {
        m_chart->removeSeries(s);
        delete s;
    }
    m_measuredSeries.clear();
    m_measuredLinks.clear();
    if (!m_set || m_measured.empty())
        return;
    // A measured point sits at the measured latency, at the y of its prediction (the drop or E
    // do not change with where it runs), in the colour and shape of the predicted marker.
    auto add = [&](const Candidate& c, const MeasuredLatency& m, const QColor& color,
                   QScatterSeries::MarkerShape shape, qreal size, const QString& label) {
        const auto predicted = valueOf(c);
        if (!predicted || !(m.totalSeconds > 0.0))
            return;
        const double x = m_normalised ? (m_reference > 0.0 ? m.totalSeconds / m_reference : 0.0)
                                      : m.totalSeconds * 1000.0;
        if (!std::isfinite(x))
            return;
        const QPointF point(x, predicted->y());
        auto* link = new QLineSeries(m_chart);
        QPen pen(color, 1.0, Qt::DashLine);
        link->setPen(pen);
        link->append({*predicted, point});
        auto* marker = new QScatterSeries(m_chart);
        marker->setName(tr("Measured: %1").arg(label));
        marker->setMarkerShape(shape);
        marker->setMarkerSize(size);
        marker->setBrush(Qt::NoBrush);
        marker->setPen(QPen(color, 2.0));
        marker->append(point);
        const QString tip =
            QStringLiteral("<b>%1</b><br>").arg(marker->name().toHtmlEscaped()) +
            tr("Measured %1 = edge %2 + transmission %3 + cloud %4")
                .arg(format::milliseconds(m.totalSeconds), format::milliseconds(m.edgeSeconds),
                     format::milliseconds(m.transmissionSeconds),
                     format::milliseconds(m.cloudSeconds)) +
            QStringLiteral("<br>") +
            tr("Predicted %1 (measured %2 %)")
                .arg(format::milliseconds(c.totalSeconds))
                .arg(c.totalSeconds > 0.0
                         ? QLocale().toString((m.totalSeconds / c.totalSeconds - 1.0) * 100.0, 'f',
                                              1)
                         : QStringLiteral("-"));
        connect(marker, &QScatterSeries::hovered, this, [this, tip](const QPointF&, bool state) {
            if (state)
                QToolTip::showText(QCursor::pos(), tip, m_view);
            else
                QToolTip::hideText();
        });
        for (QXYSeries* s : {static_cast<QXYSeries*>(link), static_cast<QXYSeries*>(marker)}) {
            m_chart->addSeries(s);
            s->attachAxis(m_xAxis);
            s->attachAxis(m_yAxis);
        }
        m_measuredLinks.push_back(link);
        m_measuredSeries.push_back(marker);
    };
    const QColor candidateColor(kCandidateColor.red(), kCandidateColor.green(),
                                kCandidateColor.blue());
    for (const auto& [index, m] : m_measured.candidates)
        if (index >= 0 && static_cast<size_t>(index) < m_set->candidates.size()) {
            const Candidate& c = m_set->candidates[static_cast<size_t>(index)];
            add(c, m, candidateColor.darker(140), QScatterSeries::MarkerShapeCircle,
                kCandidateMarker + 4.0, format::methodLabel(c.method));
        }
    for (size_t b = 0; b < m_set->baselines.size(); ++b) {
        const Baseline& baseline = m_set->baselines[b];
        auto it = m_measured.baselines.find(baseline.name);
        if (it == m_measured.baselines.end())
            continue;
        add(baseline.candidate, it->second, kBaselineColors[b % kBaselineColors.size()],
            kBaselineShapes[b % kBaselineShapes.size()], kBaselineMarker,
            format::methodLabel(baseline.candidate.method));
    }
}

} // namespace autosplit
