// The Pareto chart's drop intervals: a drop judged on part of the samples is the drop of those
// samples, and the chart says how far the whole set's may lie from it (pareto_chart.cpp builds
// the rest of the chart).
#include "widgets/charts/pareto_chart.h"
#include "widgets/charts/pareto_chart_style.h"

#include "widgets/solution/solution_text.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QLineSeries>
#include <QPen>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace autosplit {

using namespace pareto;

void ParetoChart::setSampleCount(int count) {
    m_sampleCount = std::max(count, 0);
}

void ParetoChart::updateDropIntervals() {
    for (QLineSeries* s : m_intervalSeries) {
        m_chart->removeSeries(s);
        delete s;
    }
    m_intervalSeries.clear();
    m_intervalOwners.clear();
    if (!m_set || m_metric != YMetric::MeasuredDrop)
        return;
    auto add = [&](const Candidate& c, int owner) {
        if (!format::isPartlyJudged(c))
            return;
        const auto at = valueOf(c);
        if (!at)
            return;
        const Candidate::DropEvidence& e = *c.dropEvidence;
        const double low = std::max(0.0, e.low);
        if (!std::isfinite(low) || !std::isfinite(e.high))
            return;
        auto* whisker = new QLineSeries(m_chart);
        whisker->setName(tr("Drop interval (judged on part of the samples)"));
        whisker->setPen(QPen(kIntervalColor, 1.5));
        whisker->append({QPointF(at->x(), low), QPointF(at->x(), std::max(low, e.high))});
        const size_t index = m_intervalSeries.size();
        connect(whisker, &QLineSeries::hovered, this, [this, index](const QPointF&, bool on) {
            if (on)
                QToolTip::showText(QCursor::pos(), intervalTooltip(index), m_view);
            else
                QToolTip::hideText();
        });
        connect(whisker, &QLineSeries::clicked, this,
                [this, index](const QPointF&) { onIntervalClicked(index); });
        m_chart->addSeries(whisker);
        whisker->attachAxis(m_xAxis);
        whisker->attachAxis(m_yAxis);
        m_intervalSeries.push_back(whisker);
        m_intervalOwners.push_back(owner);
    };
    for (int i : m_shown)
        add(m_set->candidates[static_cast<size_t>(i)], i);
    for (size_t b = 0; b < m_baselineSeries.size() && b < m_set->baselines.size(); ++b)
        if (m_baselineSeries[b]->count() > 0)
            add(m_set->baselines[b].candidate, -1 - static_cast<int>(b));
}

QString ParetoChart::intervalTooltip(size_t index) const {
    if (!m_set || index >= m_intervalOwners.size())
        return {};
    const int owner = m_intervalOwners[index];
    if (owner < 0) {
        const Candidate& c = m_set->baselines[static_cast<size_t>(-1 - owner)].candidate;
        return tooltipText(c, format::methodLabel(c.method));
    }
    const Candidate& c = m_set->candidates[static_cast<size_t>(owner)];
    return tooltipText(c, format::methodLabel(c.method) + QStringLiteral(" #") +
                              QString::number(owner));
}

void ParetoChart::onIntervalClicked(size_t index) {
    if (!m_set || index >= m_intervalOwners.size())
        return;
    const int owner = m_intervalOwners[index];
    if (owner < 0)
        emit baselineClicked(
            QString::fromStdString(m_set->baselines[static_cast<size_t>(-1 - owner)].name));
    else
        emit candidateClicked(owner);
}

} // namespace autosplit
