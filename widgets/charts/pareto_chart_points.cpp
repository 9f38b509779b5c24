// The Pareto chart's points: where a candidate sits for the chosen Y metric, which candidate a
// click or hover on a series means, its tooltip, and markers nested where several methods
// coincide. pareto_chart.cpp builds the series and axes.
#include "widgets/charts/pareto_chart.h"
#include "widgets/charts/pareto_chart_style.h"

#include "widgets/charts/chart_export.h"
#include "widgets/number_format.h"
#include "widgets/solution/solution_text.h"

#include "session/candidates_csv.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QPainter>
#include <QScatterSeries>
#include <QSignalBlocker>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace autosplit {

using namespace pareto;

std::optional<QPointF> ParetoChart::valueOf(const Candidate& c) const {
    if (!c.feasible && !(c.totalSeconds > 0.0))
        return std::nullopt; // a baseline without an answer
    double y = c.error;
    if (m_metric == YMetric::MeasuredDrop) {
        if (c.measuredDrop)
            y = *c.measuredDrop;
        else if (c.edgeLayerCount() == 0 || c.floatEdge)
            y = 0.0; // the float model itself: nothing to lose
        else
            return std::nullopt;
    } else if (logAxis()) {
        y = std::max(y, m_logFloor);
    }
    const double x = m_normalised ? (m_reference > 0.0 ? c.totalSeconds / m_reference : 0.0)
                                  : c.totalSeconds * 1000.0;
    if (!std::isfinite(x) || !std::isfinite(y))
        return std::nullopt;
    return QPointF(x, y);
}

QString ParetoChart::tooltipText(const Candidate& c, const QString& label) const {
    QString text = QStringLiteral("<b>%1</b>").arg(label.toHtmlEscaped());
    if (c.edgeLayerCount() == 0)
        text += tr(", everything on the cloud");
    else
        text += tr(", split after layer %1 (%2 edge layers)").arg(c.split).arg(c.edgeLayerCount());
    if (!c.feasible)
        text +=
            QStringLiteral("<br><i>%1</i>")
                .arg(tr("infeasible: %1").arg(QString::fromStdString(c.reason)).toHtmlEscaped());
    text += QStringLiteral("<br>") + tr("Latency %1 = edge %2 + transmission %3 + cloud %4")
                                         .arg(format::milliseconds(c.totalSeconds),
                                              format::milliseconds(c.edgeSeconds),
                                              format::milliseconds(c.transmissionSeconds),
                                              format::milliseconds(c.cloudSeconds));
    if (m_reference > 0.0)
        text +=
            QStringLiteral(" (") +
            tr("%1 × Cloud-Only").arg(QLocale().toString(c.totalSeconds / m_reference, 'f', 3)) +
            QStringLiteral(")");
    text += QStringLiteral("<br>") + tr("Edge memory %1 (weights %2, activations %3)")
                                         .arg(format::bytes(c.edgeMemoryBytes),
                                              format::bytes(c.edgeWeightBytes),
                                              format::bytes(c.peakActivationBytes));
    text += QStringLiteral("<br>") + tr("Sent %1").arg(format::bytes(c.transmittedBytes));
    if (m_set)
        text += QStringLiteral(", ") +
                tr("bits %1").arg(format::bitsSummary(c, m_set->constraints.floatBits));
    text += QStringLiteral("<br>") +
            tr("Error E %1, accuracy drop %2")
                .arg(format::errorProxy(c.error),
                     format::candidateDropInFull(c, m_sampleCount).toHtmlEscaped());
    return text;
}

void ParetoChart::connectSeries(QXYSeries* series, int kind) {
    connect(series, &QXYSeries::clicked, this,
            [this, kind](const QPointF& point) { onClicked(kind, point); });
    connect(series, &QXYSeries::hovered, this,
            [this, kind](const QPointF& point, bool state) { onHovered(kind, point, state); });
}

int ParetoChart::nearestOf(const std::vector<int>& indices, const QPointF& value) const {
    const QPointF at = m_chart->mapToPosition(value, m_candidates);
    int best = -1;
    double bestDistance = std::numeric_limits<double>::max();
    for (int i : indices) {
        const auto v = valueOf(m_set->candidates[static_cast<size_t>(i)]);
        if (!v)
            continue;
        const QPointF d = m_chart->mapToPosition(*v, m_candidates) - at;
        const double distance = QPointF::dotProduct(d, d);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

const Candidate* ParetoChart::candidateOf(int kind, const QPointF& value, QString* label) const {
    if (!m_set)
        return nullptr;
    if (kind >= kBaseline) {
        const size_t b = static_cast<size_t>(kind - kBaseline);
        if (b >= m_set->baselines.size())
            return nullptr;
        *label = format::methodLabel(m_set->baselines[b].candidate.method);
        return &m_set->baselines[b].candidate;
    }
    if (kind == kSelected && !m_shownBaseline.isEmpty())
        if (const Baseline* b = m_set->baseline(m_shownBaseline.toStdString())) {
            *label = format::methodLabel(b->candidate.method);
            return &b->candidate;
        }
    const int index = kind == kSelected ? m_selected
                      : kind == kFront  ? nearestOf(m_frontIndices, value)
                                        : nearestOf(m_shown, value);
    if (index < 0)
        return nullptr;
    const Candidate& c = m_set->candidates[static_cast<size_t>(index)];
    *label = format::methodLabel(c.method) + QStringLiteral(" #") + QString::number(index);
    return &c;
}

void ParetoChart::onClicked(int kind, const QPointF& value) {
    if (!m_set)
        return;
    if (kind >= kBaseline) {
        const size_t b = static_cast<size_t>(kind - kBaseline);
        if (b < m_set->baselines.size())
            emit baselineClicked(QString::fromStdString(m_set->baselines[b].name));
        return;
    }
    if (kind == kSelected && !m_shownBaseline.isEmpty()) {
        emit baselineClicked(m_shownBaseline);
        return;
    }
    const int index = kind == kSelected ? m_selected
                      : kind == kFront  ? nearestOf(m_frontIndices, value)
                                        : nearestOf(m_shown, value);
    if (index >= 0)
        emit candidateClicked(index);
}

void ParetoChart::onHovered(int kind, const QPointF& value, bool state) {
    if (!state) {
        QToolTip::hideText();
        return;
    }
    const QString text = tooltipFor(kind, value);
    if (!text.isEmpty())
        QToolTip::showText(QCursor::pos(), text, m_view);
}

int ParetoChart::kindOf(const QXYSeries* series) const {
    if (series == m_candidates)
        return kCandidates;
    if (series == m_front)
        return kFront;
    if (series == m_selectedSeries)
        return kSelected;
    for (const auto* list : {&m_baselineSeries, &m_haloSeries}) {
        const auto it = std::find(list->begin(), list->end(), series);
        if (it != list->end())
            return kBaseline + static_cast<int>(it - list->begin());
    }
    return -1;
}

QString ParetoChart::tooltipAt(const QXYSeries* series, const QPointF& value) const {
    const auto whisker = std::find(m_intervalSeries.begin(), m_intervalSeries.end(), series);
    if (whisker != m_intervalSeries.end())
        return intervalTooltip(static_cast<size_t>(whisker - m_intervalSeries.begin()));
    const int kind = kindOf(series);
    return kind < 0 ? QString() : tooltipFor(kind, value);
}

QString ParetoChart::tooltipFor(int kind, const QPointF& value) const {
    QString label;
    const Candidate* hovered = candidateOf(kind, value, &label);
    if (!hovered)
        return {};
    // The spot the hovered marker belongs to: its own for a nested baseline or the star, else
    // the one its point lies on.
    const int self = kind >= kBaseline ? kind - kBaseline : kind == kSelected ? -1 : -2;
    const Spot* spot = nullptr;
    for (const Spot& s : m_spots) {
        if (self != -2) {
            if (std::find(s.members.begin(), s.members.end(), self) != s.members.end())
                spot = &s;
        } else if (const auto v = valueOf(*hovered)) {
            const QPointF at = m_spotsInPixels ? m_chart->mapToPosition(*v, m_selectedSeries) : *v;
            const QPointF d = at - s.at;
            if (m_spotsInPixels ? std::hypot(d.x(), d.y()) <= kCoincidentPixels : at == s.at)
                spot = &s;
        }
        if (spot)
            break;
    }
    const QString details = tooltipText(*hovered, label);
    if (!spot)
        return details;

    // Every method at the spot, top (the one drawn last) first, with what tells them apart.
    auto line = [this](const QString& name, const Candidate& c) {
        QString text = QStringLiteral("<b>%1</b>: ").arg(name.toHtmlEscaped()) +
                       format::milliseconds(c.totalSeconds) + QStringLiteral(", ") +
                       tr("E %1").arg(format::errorProxy(c.error));
        if (c.measuredDrop)
            text += QStringLiteral(", ") + format::candidateDrop(c).toHtmlEscaped();
        if (!c.feasible)
            text += QStringLiteral(", <i>%1</i>").arg(tr("infeasible"));
        return text;
    };
    QStringList lines;
    for (auto it = spot->members.rbegin(); it != spot->members.rend(); ++it) {
        if (*it < 0) {
            const Candidate& c = m_set->candidates[static_cast<size_t>(m_selected)];
            lines.append(
                line(tr("Selected: %1 #%2").arg(format::methodLabel(c.method)).arg(m_selected), c));
        } else {
            const Baseline& b = m_set->baselines[static_cast<size_t>(*it)];
            lines.append(line(format::methodLabel(b.candidate.method), b.candidate));
        }
    }
    // A candidate's point under the spot's markers, unless it is the star's.
    const bool isStar =
        m_selected >= 0 && hovered == &m_set->candidates[static_cast<size_t>(m_selected)];
    if (self == -2 && !(isStar && std::find(spot->members.begin(), spot->members.end(), -1) !=
                                      spot->members.end()))
        lines.append(line(label, *hovered));
    return QStringLiteral("<b>%1</b><br>")
               .arg(tr("%n methods at this point:", nullptr, static_cast<int>(lines.size()))) +
           lines.join(QStringLiteral("<br>")) + QStringLiteral("<hr>") + details;
}

void ParetoChart::nestCoincidingMarkers() {
    m_spots.clear();
    // Every baseline and star marker, in drawing order: the baselines in the set's order, then
    // the star.
    struct Marker {
        int member; // baseline index, -1 for the star
        QPointF at;
        qreal natural;
    };
    std::vector<Marker> markers;
    const QRectF plot = m_chart->plotArea();
    // Before the first layout there are no pixels: only equal values coincide.
    m_spotsInPixels = plot.width() >= 1.0 && plot.height() >= 1.0;
    auto place = [&](const QPointF& value) {
        return m_spotsInPixels ? m_chart->mapToPosition(value, m_selectedSeries) : value;
    };
    for (size_t b = 0; b < m_baselineSeries.size(); ++b)
        if (m_baselineSeries[b]->count() > 0)
            markers.push_back(
                {static_cast<int>(b), place(m_baselineSeries[b]->at(0)), kBaselineMarker});
    if (m_selectedSeries->count() > 0)
        markers.push_back({-1, place(m_selectedSeries->at(0)), kSelectedMarker});

    // Groups of markers chained by closeness.
    std::vector<size_t> group(markers.size());
    for (size_t i = 0; i < markers.size(); ++i)
        group[i] = i;
    auto root = [&](size_t i) {
        while (group[i] != i)
            i = group[i] = group[group[i]];
        return i;
    };
    for (size_t i = 0; i < markers.size(); ++i)
        for (size_t j = i + 1; j < markers.size(); ++j) {
            const QPointF d = markers[i].at - markers[j].at;
            const bool close = m_spotsInPixels ? std::hypot(d.x(), d.y()) <= kCoincidentPixels
                                               : markers[i].at == markers[j].at;
            if (close)
                group[root(j)] = root(i);
        }

    std::vector<qreal> sizes(markers.size());
    for (size_t i = 0; i < markers.size(); ++i)
        sizes[i] = markers[i].natural;
    for (size_t r = 0; r < markers.size(); ++r) {
        if (root(r) != r)
            continue;
        std::vector<size_t> members;
        for (size_t i = 0; i < markers.size(); ++i)
            if (root(i) == r)
                members.push_back(i);
        if (members.size() < 2)
            continue;
        // From the top down, each one a ring larger than the one above it.
        const qreal step = std::clamp((kMaxNestedMarker - markers[members.back()].natural) /
                                          static_cast<qreal>(members.size() - 1),
                                      kMinNestStep, kNestStep);
        for (size_t k = members.size() - 1; k-- > 0;)
            sizes[members[k]] = std::max(markers[members[k]].natural, sizes[members[k + 1]] + step);
        Spot spot;
        spot.at = markers[members.back()].at;
        for (size_t i : members)
            spot.members.push_back(markers[i].member);
        m_spots.push_back(std::move(spot));
    }
    // A baseline nested below others shows as its halo's ring; the others have none. The star
    // is always on top, at its own size.
    for (size_t b = 0; b < m_haloSeries.size(); ++b) {
        QScatterSeries* halo = m_haloSeries[b];
        const auto it = std::find_if(markers.begin(), markers.end(), [&](const Marker& m) {
            return m.member == static_cast<int>(b);
        });
        const size_t i = static_cast<size_t>(it - markers.begin());
        if (it == markers.end() || !(sizes[i] > it->natural)) {
            if (halo->count() > 0)
                halo->clear();
            continue;
        }
        if (halo->markerSize() != sizes[i])
            halo->setMarkerSize(sizes[i]);
        const QPointF value = m_baselineSeries[b]->at(0);
        if (halo->count() != 1 || halo->at(0) != value)
            halo->replace(QList<QPointF>{value});
    }
}

} // namespace autosplit
