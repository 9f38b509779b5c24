#include "widgets/charts/pareto_chart.h"
#include "widgets/charts/pareto_chart_style.h"

#include "widgets/charts/axis_ticks.h"
#include "widgets/charts/chart_export.h"
#include "widgets/charts/chart_legend.h"
#include "widgets/charts/chart_zoom.h"
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
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace autosplit {

namespace {

using namespace pareto;

// The candidates are drawn as this image at each point (no graphics item per point).
QImage candidateMarkerImage() {
    const int size = static_cast<int>(kCandidateMarker) * 2;
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(kCandidateColor.darker(140), 1.5));
    painter.setBrush(kCandidateColor);
    painter.drawEllipse(QRectF(1.5, 1.5, size - 3.0, size - 3.0));
    return image;
}

} // namespace

ParetoChart::ParetoChart(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("paretoChart"));
    // Short control texts: the chart shares the bottom dock with the latency breakdown.
    m_normalisedBox = new QCheckBox(tr("× &Cloud-Only"), this);
    m_normalisedBox->setObjectName(QStringLiteral("normalisedBox"));
    m_normalisedBox->setToolTip(tr("Latency as a multiple of Cloud-Only's"));
    m_metricBox = new QComboBox(this);
    m_metricBox->setObjectName(QStringLiteral("metricBox"));
    m_metricBox->addItem(tr("Accuracy drop (measured)"));
    m_metricBox->addItem(tr("Error proxy E"));
    m_metricBox->setToolTip(tr("Vertical axis: the accuracy drop measured on the sample data, or "
                               "the error proxy E that orders candidates before evaluation"));
    m_logBox = new QCheckBox(tr("&Log scale"), this);
    m_logBox->setObjectName(QStringLiteral("logScaleBox"));
    m_logBox->setChecked(m_logScale);
    m_logBox->setToolTip(tr("Logarithmic error axis; E = 0 (no quantization) is drawn at the "
                            "bottom"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("paretoSummary"));
    // It gives way (clipped, whole in its tooltip) rather than widen the dock.
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_summary->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_summary->installEventFilter(this);

    m_chart = new QChart;
    // room for half the selected star beyond the outermost point
    m_chart->setMargins(QMargins(4, 4, 8, 4));
    // The legend is a list beside the plot (ChartLegend): inside it, a dozen entries took the
    // plot's room and were cut at every dock size.
    m_chart->legend()->hide();
    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("paretoChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(240, 200);
    m_legend = new ChartLegend(this);
    m_legend->setObjectName(QStringLiteral("paretoLegend"));
    connect(m_legend, &ChartLegend::entryClicked, this, [this](const QString& key) {
        if (key == QLatin1String("@selected")) {
            if (m_set)
                emit candidateClicked(m_set->selected);
        } else {
            emit baselineClicked(key);
        }
    });
    m_zoom = new ChartZoom(m_view);
    m_resetZoom = new QToolButton(this);
    m_resetZoom->setObjectName(QStringLiteral("resetZoomButton"));
    m_resetZoom->setText(tr("Reset &Zoom"));
    m_resetZoom->setVisible(false); // shown while zoomed
    m_resetZoom->setToolTip(tr("Show every point again (double click, or 0). The wheel zooms at "
                               "the pointer, a drag zooms to a rectangle, a right or middle "
                               "drag pans."));
    m_resetZoom->setAutoRaise(true);
    m_resetZoom->setEnabled(false);
    connect(m_resetZoom, &QToolButton::clicked, m_zoom, &ChartZoom::reset);
    connect(m_zoom, &ChartZoom::resetRequested, this, [this] {
        updateAxes();
        nestCoincidingMarkers();
    });
    connect(m_zoom, &ChartZoom::zoomChanged, this, [this](bool zoomed) {
        m_resetZoom->setEnabled(zoomed);
        m_resetZoom->setVisible(zoomed);
        if (zoomed)
            m_zoomUnits =
                static_cast<int>(m_metric) * 4 + (m_normalised ? 2 : 0) + (logAxis() ? 1 : 0);
        nestCoincidingMarkers();
    });

    m_xAxis = new QValueAxis(m_chart);
    m_xAxis->setTruncateLabels(false);
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);

    m_candidates = new QScatterSeries(m_chart);
    m_candidates->setName(tr("Candidates"));
    m_candidates->setMarkerSize(kCandidateMarker);
    m_candidates->setColor(kCandidateColor);
    m_candidates->setBorderColor(kCandidateColor.darker(140));
    m_candidates->setLightMarker(candidateMarkerImage());
    m_front = new QLineSeries(m_chart);
    m_front->setName(tr("Pareto front"));
    m_front->setPen(QPen(kFrontColor, 2.0));
    m_front->setPointsVisible(true);
    m_front->setMarkerSize(6.0);
    m_selectedSeries = new QScatterSeries(m_chart);
    m_selectedSeries->setName(tr("Selected"));
    m_selectedSeries->setMarkerShape(QScatterSeries::MarkerShapeStar);
    m_selectedSeries->setMarkerSize(kSelectedMarker);
    m_selectedSeries->setColor(kSelectedColor);
    m_selectedSeries->setBorderColor(Qt::black);
    for (QXYSeries* s : {static_cast<QXYSeries*>(m_candidates), static_cast<QXYSeries*>(m_front),
                         static_cast<QXYSeries*>(m_selectedSeries)}) {
        m_chart->addSeries(s);
        s->attachAxis(m_xAxis);
    }
    connectSeries(m_candidates, kCandidates);
    connectSeries(m_front, kFront);
    connectSeries(m_selectedSeries, kSelected);
    // Which markers hide each other depends on the layout's scale.
    connect(m_chart, &QChart::plotAreaChanged, this, [this](const QRectF& area) {
        // the star's room is in pixels: a plot of another size needs other padding
        if (!m_zoom->isZoomed() && area.height() > 0.0 &&
            std::abs(area.height() - m_paddedHeight) > 2.0 && m_set)
            updateAxes();
        nestCoincidingMarkers();
    });

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_normalisedBox);
    controls->addSpacing(12);
    auto* metricLabel = new QLabel(tr("&Y axis:"), this);
    metricLabel->setBuddy(m_metricBox);
    controls->addWidget(metricLabel);
    controls->addWidget(m_metricBox);
    controls->addWidget(m_logBox);
    controls->addWidget(m_summary, 1);
    m_legend->addHeaderWidget(m_resetZoom);
    auto* plotAndLegend = new QHBoxLayout;
    plotAndLegend->setSpacing(2);
    plotAndLegend->addWidget(m_view, 1);
    plotAndLegend->addWidget(m_legend);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 0);
    layout->addLayout(controls);
    layout->addLayout(plotAndLegend, 1);

    connect(m_normalisedBox, &QCheckBox::toggled, this, &ParetoChart::setNormalised);
    connect(m_logBox, &QCheckBox::toggled, this, &ParetoChart::setLogScale);
    connect(m_metricBox, &QComboBox::activated, this, [this](int index) {
        setYMetric(index == 0 ? YMetric::MeasuredDrop : YMetric::ErrorProxy);
    });
    chooseMetric();
    rebuild();
}

ParetoChart::~ParetoChart() = default;

void ParetoChart::setSolutionSet(std::shared_ptr<const SolutionSet> set, double cloudOnlySeconds) {
    m_set = std::move(set);
    m_reference = cloudOnlySeconds > 0.0 ? cloudOnlySeconds
                  : m_set                ? autosplit::cloudOnlySeconds(*m_set)
                                         : 0.0;
    m_selected = m_set ? m_set->selected : -1;
    m_shownBaseline.clear();
    chooseMetric();
    rebuild();
}

void ParetoChart::setShownBaseline(const QString& name) {
    if (name == m_shownBaseline)
        return;
    m_shownBaseline = name;
    updateSelectedPoint();
    nestCoincidingMarkers();
}

void ParetoChart::setSelected(int index) {
    if (!m_set || index < 0 || index >= static_cast<int>(m_set->candidates.size()))
        index = -1;
    if (!m_shownBaseline.isEmpty()) {
        m_shownBaseline.clear();
        if (index == m_selected) {
            updateSelectedPoint();
            nestCoincidingMarkers();
            return;
        }
    }
    if (index == m_selected)
        return;
    const bool wasShown =
        m_selected < 0 || std::find(m_shown.begin(), m_shown.end(), m_selected) != m_shown.end();
    const bool isShown =
        index < 0 || std::find(m_shown.begin(), m_shown.end(), index) != m_shown.end();
    m_selected = index;
    // Decimation keeps the selected point among the candidates: a new one may need a rebuild.
    if (wasShown && isShown) {
        updateSelectedPoint();
        nestCoincidingMarkers();
    } else {
        rebuild();
    }
}

void ParetoChart::setDropMetric(MetricKind kind) {
    if (kind == m_dropMetric)
        return;
    m_dropMetric = kind;
    rebuild();
}

QString ParetoChart::dropTitle(MetricKind kind) {
    switch (kind) {
    case MetricKind::TextRecognition:
        return tr("Line accuracy drop (pp)");
    case MetricKind::TextDetection:
        return tr("Hmean drop (pp)");
    case MetricKind::Sqnr:
        return tr("Output noise (% of signal)");
    case MetricKind::Classification:
        break;
    }
    return tr("Top-1 drop (pp)");
}

void ParetoChart::setNormalised(bool normalised) {
    if (normalised == m_normalised)
        return;
    m_normalised = normalised;
    {
        const QSignalBlocker block(m_normalisedBox);
        m_normalisedBox->setChecked(normalised);
    }
    rebuild();
}

void ParetoChart::setYMetric(YMetric metric) {
    m_metricFixed = true;
    if (metric == m_metric)
        return;
    m_metric = metric;
    chooseMetric();
    rebuild();
}

void ParetoChart::clearYMetric() {
    m_metricFixed = false;
    chooseMetric();
    rebuild();
}

void ParetoChart::setLogScale(bool logScale) {
    if (logScale == m_logScale)
        return;
    m_logScale = logScale;
    {
        const QSignalBlocker block(m_logBox);
        m_logBox->setChecked(logScale);
    }
    rebuild();
}

bool ParetoChart::logAxis() const {
    return m_logScale && m_metric == YMetric::ErrorProxy;
}

void ParetoChart::ensureYAxis() {
    const bool wantLog = logAxis();
    if (m_yAxis && (qobject_cast<QLogValueAxis*>(m_yAxis) != nullptr) == wantLog)
        return;
    if (m_yAxis) {
        m_chart->removeAxis(m_yAxis);
        delete m_yAxis;
    }
    if (wantLog) {
        auto* axis = new QLogValueAxis(m_chart);
        axis->setBase(10.0);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setMinorTickCount(0);
        m_yAxis = axis;
    } else {
        m_yAxis = new QValueAxis(m_chart);
    }
    // Labels whole: Qt elides them to "..." in a narrow chart, where an axis of numbers that
    // cannot be read says nothing.
    m_yAxis->setTruncateLabels(false);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    for (QAbstractSeries* s : m_chart->series()) {
        // The kept series still hold the old metric's points (drops of 0 pp, which a log axis
        // rejects with a warning per point); rebuild() refills them.
        if (auto* xy = qobject_cast<QXYSeries*>(s))
            xy->clear();
        s->attachAxis(m_yAxis);
    }
}

bool ParetoChart::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_summary && event->type() == QEvent::Resize)
        elideSummary();
    return QWidget::eventFilter(watched, event);
}

void ParetoChart::elideSummary() {
    m_summary->setText(
        m_summary->fontMetrics().elidedText(m_summaryText, Qt::ElideRight, m_summary->width()));
}

void ParetoChart::setDecimationLimit(int points) {
    m_decimationLimit = std::max(points, 0);
    rebuild();
}

void ParetoChart::chooseMetric() {
    if (!m_metricFixed)
        m_metric =
            m_set && !m_set->measuredFront.empty() ? YMetric::MeasuredDrop : YMetric::ErrorProxy;
    const QSignalBlocker block(m_metricBox);
    m_metricBox->setCurrentIndex(m_metric == YMetric::MeasuredDrop ? 0 : 1);
    m_logBox->setEnabled(m_metric == YMetric::ErrorProxy);
}

void ParetoChart::rebuild() {
    // Baseline series (and their halos) are made per set; the others are kept and refilled.
    for (const auto* list : {&m_haloSeries, &m_baselineSeries})
        for (QScatterSeries* s : *list) {
            m_chart->removeSeries(s);
            delete s;
        }
    m_baselineSeries.clear();
    m_haloSeries.clear();
    m_spots.clear();
    m_shown.clear();
    m_frontIndices.clear();
    ensureYAxis();
    // E = 0 goes one decade below the smallest positive E of anything drawn.
    double smallest = std::numeric_limits<double>::max();
    if (m_set) {
        for (const Candidate& c : m_set->candidates)
            if (c.feasible && c.error > 0.0)
                smallest = std::min(smallest, c.error);
        for (const Baseline& b : m_set->baselines)
            if (b.candidate.error > 0.0)
                smallest = std::min(smallest, b.candidate.error);
    }
    m_logFloor = smallest < std::numeric_limits<double>::max()
                     ? std::pow(10.0, std::floor(std::log10(smallest)) - 1.0)
                     : 1e-6;

    QList<QPointF> candidatePoints, frontPoints;
    size_t plotted = 0;
    if (m_set) {
        const auto& cs = m_set->candidates;
        // Every plottable feasible candidate; the front and the selected one are kept whatever
        // the decimation does.
        std::vector<char> keep(cs.size(), 0);
        std::vector<int> others;
        const std::vector<int>& front =
            m_metric == YMetric::MeasuredDrop ? m_set->measuredFront : m_set->paretoFront;
        for (int i : front)
            if (i >= 0 && static_cast<size_t>(i) < cs.size() &&
                valueOf(cs[static_cast<size_t>(i)])) {
                m_frontIndices.push_back(i);
                keep[static_cast<size_t>(i)] = 1;
            }
        if (m_selected >= 0 && cs[static_cast<size_t>(m_selected)].feasible &&
            valueOf(cs[static_cast<size_t>(m_selected)]))
            keep[static_cast<size_t>(m_selected)] = 1;
        double xMin = std::numeric_limits<double>::max(), xMax = -xMin, yMin = xMin, yMax = -xMin;
        for (size_t i = 0; i < cs.size(); ++i) {
            if (!cs[i].feasible)
                continue;
            const auto v = valueOf(cs[i]);
            if (!v)
                continue;
            ++plotted;
            xMin = std::min(xMin, v->x());
            xMax = std::max(xMax, v->x());
            yMin = std::min(yMin, v->y());
            yMax = std::max(yMax, v->y());
            if (!keep[i])
                others.push_back(static_cast<int>(i));
        }
        const size_t kept = static_cast<size_t>(std::count(keep.begin(), keep.end(), 1));
        const size_t limit = static_cast<size_t>(m_decimationLimit);
        if (kept + others.size() > limit) {
            // One candidate per cell of a grid with at most (limit - kept) cells, 4:3 like the
            // plot: what is drawn looks the same, the count is bounded.
            const double budget = limit > kept ? static_cast<double>(limit - kept) : 0.0;
            const int cols = std::max(1, static_cast<int>(std::sqrt(budget * 4.0 / 3.0)));
            const int rows = std::max(1, static_cast<int>(budget / cols));
            std::unordered_map<int64_t, int> cells;
            const double w = xMax > xMin ? xMax - xMin : 1.0, h = yMax > yMin ? yMax - yMin : 1.0;
            for (int i : others) {
                if (budget < 1.0)
                    break;
                const QPointF v = *valueOf(cs[static_cast<size_t>(i)]);
                const int cx = std::min(cols - 1, static_cast<int>((v.x() - xMin) / w * cols));
                const int cy = std::min(rows - 1, static_cast<int>((v.y() - yMin) / h * rows));
                if (cells.emplace(static_cast<int64_t>(cy) * cols + cx, i).second)
                    keep[static_cast<size_t>(i)] = 1;
            }
        } else {
            for (int i : others)
                keep[static_cast<size_t>(i)] = 1;
        }
        for (size_t i = 0; i < cs.size(); ++i)
            if (keep[i]) {
                m_shown.push_back(static_cast<int>(i));
                candidatePoints.append(*valueOf(cs[i]));
            }
        for (int i : m_frontIndices)
            frontPoints.append(*valueOf(cs[static_cast<size_t>(i)]));

        for (size_t b = 0; b < m_set->baselines.size(); ++b) {
            const Baseline& baseline = m_set->baselines[b];
            auto* series = new QScatterSeries(m_chart);
            const QColor color = kBaselineColors[b % kBaselineColors.size()];
            series->setMarkerShape(kBaselineShapes[b % kBaselineShapes.size()]);
            series->setMarkerSize(kBaselineMarker);
            series->setColor(color);
            series->setBorderColor(color.darker(150));
            // Shown in the user's language; baseline.name stays its identity.
            QString name = format::methodLabel(baseline.candidate.method);
            if (const auto v = valueOf(baseline.candidate)) {
                series->append(*v);
                if (!baseline.candidate.feasible) {
                    // Drawn hollow: the cost is real but the answer breaks a limit.
                    series->setBrush(Qt::NoBrush);
                    series->setPen(QPen(color, 2.0));
                    name += QStringLiteral(" ") + tr("(infeasible)");
                }
            } else {
                name += QStringLiteral(" ") +
                        (baseline.candidate.feasible || baseline.candidate.totalSeconds > 0.0
                             ? tr("(not evaluated)")
                             : tr("(no answer)"));
            }
            series->setName(name);
            m_baselineSeries.push_back(series);
        }
        // The halos first, so that every one is drawn below every baseline marker; each one the
        // shape, fill and outline of its baseline, kept out of the legend.
        for (size_t b = 0; b < m_baselineSeries.size(); ++b) {
            const QScatterSeries* series = m_baselineSeries[b];
            auto* halo = new QScatterSeries(m_chart);
            halo->setName(series->name());
            halo->setMarkerShape(series->markerShape());
            halo->setBrush(series->brush());
            halo->setPen(series->pen());
            m_haloSeries.push_back(halo);
        }
        for (const auto* list : {&m_haloSeries, &m_baselineSeries})
            for (size_t b = 0; b < list->size(); ++b) {
                QScatterSeries* series = (*list)[b];
                m_chart->addSeries(series);
                series->attachAxis(m_xAxis);
                series->attachAxis(m_yAxis);
                connectSeries(series, kBaseline + static_cast<int>(b));
            }
    }
    m_candidates->replace(candidatePoints);
    m_front->replace(frontPoints);
    // The selected star stays on top of the baselines: re-added last.
    m_chart->removeSeries(m_selectedSeries);
    m_chart->addSeries(m_selectedSeries);
    m_selectedSeries->attachAxis(m_xAxis);
    m_selectedSeries->attachAxis(m_yAxis);
    updateSelectedPoint();
    updateMeasured();
    updateDropIntervals();
    if (!m_intervalSeries.empty()) {
        // Lines stack in the order they were added: the front goes above the whiskers, so that
        // a click or hover on a front point where a whisker crosses it is the point's.
        m_chart->removeSeries(m_front);
        m_chart->addSeries(m_front);
        m_front->attachAxis(m_xAxis);
        m_front->attachAxis(m_yAxis);
    }
    updateAxes();
    nestCoincidingMarkers();

    m_plotted = plotted;
    updateSummary();
    updateLegend();
    // Laid out now rather than on Qt Charts' posted LayoutRequest: otherwise the next paint
    // shows the new points with the old axes and legend, and a second paint follows the layout.
    // Only when shown: a hidden chart has no size yet to lay out in (and no paint to spare).
    if (m_view->isVisible()) {
        if (QGraphicsLayout* layout = m_chart->layout())
            layout->activate();
        if (QGraphicsLayout* layout = m_chart->legend()->layout())
            layout->activate();
    }
}

void ParetoChart::updateSelectedPoint() {
    QList<QPointF> points;
    const Baseline* baseline = m_set && !m_shownBaseline.isEmpty()
                                   ? m_set->baseline(m_shownBaseline.toStdString())
                                   : nullptr;
    if (baseline) {
        if (const auto v = valueOf(baseline->candidate))
            points.append(*v);
    } else if (m_set && m_selected >= 0) {
        if (const auto v = valueOf(m_set->candidates[static_cast<size_t>(m_selected)]))
            points.append(*v);
    }
    m_selectedSeries->replace(points);
}

void ParetoChart::updateAxes() {
    double xMin = std::numeric_limits<double>::max(), xMax = -xMin;
    double yMin = xMin, yMax = -xMin;
    auto take = [&](const QList<QPointF>& points) {
        for (const QPointF& p : points) {
            xMin = std::min(xMin, p.x());
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
    };
    take(m_candidates->points());
    take(m_selectedSeries->points());
    for (const auto* list : {&m_baselineSeries, &m_measuredSeries})
        for (QScatterSeries* s : *list)
            take(s->points());
    // the whole interval in sight: a bar cut at the plot's edge would understate it
    for (QLineSeries* s : m_intervalSeries)
        take(s->points());
    if (xMin > xMax) { // nothing drawn
        xMin = 0.0;
        xMax = 1.0;
        yMin = 0.0;
        yMax = 1.0;
    }
    // As many intervals as labels fit side by side (a narrow dock would elide them all).
    const double plotWidth =
        m_chart->plotArea().width() > 0.0 ? m_chart->plotArea().width() : 400.0;
    const int xTicks = ticksThatFit(m_xAxis, plotWidth, true);
    // Room for half the selected star beyond the outermost points, so it is never clipped.
    const double plotHeight =
        m_chart->plotArea().height() > 0.0 ? m_chart->plotArea().height() : 240.0;
    const double starRoom = kSelectedMarker / 2.0 + 3.0;
    m_paddedHeight = plotHeight;
    fitValueAxis(m_xAxis, xMin, xMax, true, xTicks, std::max(0.05, starRoom / plotWidth));
    if (auto* log = qobject_cast<QLogValueAxis*>(m_yAxis)) {
        // Whole decades, with room below the E = 0 row and above the largest E.
        const double lo = std::pow(10.0, std::floor(std::log10(std::max(yMin, m_logFloor))));
        const double hi = std::pow(10.0, std::ceil(std::log10(std::max(yMax * 1.6, lo * 10.0))));
        log->setRange(lo / 2.0, hi);
    } else if (auto* linear = qobject_cast<QValueAxis*>(m_yAxis)) {
        fitValueAxis(linear, std::min(yMin, 0.0), std::max(yMax, 0.0), false, 6,
                     std::max(0.05, starRoom / plotHeight));
    }
    // A zoom in other units (another metric, scale or normalisation) means nothing here.
    const int units = static_cast<int>(m_metric) * 4 + (m_normalised ? 2 : 0) + (logAxis() ? 1 : 0);
    if (m_zoom->isZoomed() && units != m_zoomUnits)
        m_zoom->forget();
    if (m_zoom->isZoomed())
        m_zoom->reapply();
    m_xAxis->setTitleText(m_normalised ? tr("Latency (× Cloud-Only)") : tr("Latency (ms)"));
    m_yAxis->setTitleText(m_metric == YMetric::MeasuredDrop ? dropTitle(m_dropMetric)
                          : logAxis()                       ? tr("Error proxy E (log)")
                                                            : tr("Error proxy E"));
}

} // namespace autosplit
