#include "widgets/charts/pareto_chart.h"

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
#include <QLegendMarker>
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

namespace {

enum SeriesKind { kCandidates = 0, kFront = 1, kSelected = 2, kBaseline = 100 };

constexpr qreal kCandidateMarker = 7.0;
constexpr qreal kBaselineMarker = 13.0;
constexpr qreal kSelectedMarker = 20.0;
// Markers closer than this (centres, in pixels) hide each other: more than half of the lower one
// is covered. Each one nested below another is larger by a ring of 3 px on every side, down to
// 2 px when many share a spot, so that the outermost stays near kMaxNestedMarker.
constexpr qreal kCoincidentPixels = kBaselineMarker / 2.0;
constexpr qreal kNestStep = 6.0;
constexpr qreal kMinNestStep = 4.0;
constexpr qreal kMaxNestedMarker = 40.0;

const QColor kCandidateColor(120, 150, 190, 150);
const QColor kFrontColor(30, 30, 30);
const QColor kSelectedColor(230, 20, 20);

// Baseline i gets shape i % 5 and colour i % 10: unique for up to ten baselines, and never the
// selected solution's star.
const std::array<QScatterSeries::MarkerShape, 5> kBaselineShapes = {
    QScatterSeries::MarkerShapeRectangle, QScatterSeries::MarkerShapeRotatedRectangle,
    QScatterSeries::MarkerShapeTriangle, QScatterSeries::MarkerShapePentagon,
    QScatterSeries::MarkerShapeCircle};
// No red (the selected star) and no light blue (the candidates).
const std::array<QColor, 10> kBaselineColors = {
    QColor(90, 90, 90),   QColor(140, 86, 75),   QColor(44, 160, 44),  QColor(148, 103, 189),
    QColor(31, 119, 180), QColor(227, 119, 194), QColor(23, 190, 207), QColor(188, 189, 34),
    QColor(255, 127, 14), QColor(0, 0, 0)};

// A tick interval of 1, 2 or 5 times a power of ten giving about `ticks` intervals over `span`.
double niceStep(double span, int ticks) {
    if (!(span > 0.0))
        return 1.0;
    const double raw = span / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / magnitude;
    return (f < 1.5 ? 1.0 : f < 3.0 ? 2.0 : f < 7.0 ? 5.0 : 10.0) * magnitude;
}

// A linear axis tightly around [lo, hi] with round tick values.
void fitValueAxis(QValueAxis* axis, double lo, double hi, bool fromZero, int ticks = 6) {
    double span = hi - lo;
    if (!(span > 0.0))
        span = std::max(std::abs(hi), 1e-9);
    lo -= span * 0.05;
    hi += span * 0.05;
    if (fromZero)
        lo = std::max(lo, 0.0);
    const double step = niceStep(hi - lo, ticks);
    // Fixed ticks while the range and interval change: the axis lays its labels out on every
    // setter, and an old interval over a new range can mean thousands of labels (seconds).
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(lo, hi);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(step);
    axis->setTickType(QValueAxis::TicksDynamic);
    // As many decimals as the step has.
    const int decimals = step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

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
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->legend()->setShowToolTips(true);
    // A dozen entries (candidates, front, selection, nine baselines) fit the dock's height only
    // in a smaller font.
    QFont legendFont = m_chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    m_chart->legend()->setFont(legendFont);
    // Each legend entry shows its series' marker shape, so baselines can be told apart.
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("paretoChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(360, 240);

    m_xAxis = new QValueAxis(m_chart);
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
    // The star is drawn last (on top of the baselines), which would put its legend entry last,
    // the first to be cut when the legend is taller than the dock. An empty twin stands for it
    // third in the legend.
    m_selectedLegend = new QScatterSeries(m_chart);
    m_selectedLegend->setObjectName(QStringLiteral("selectedLegend"));
    m_selectedLegend->setName(m_selectedSeries->name());
    m_selectedLegend->setMarkerShape(QScatterSeries::MarkerShapeStar);
    m_selectedLegend->setMarkerSize(kSelectedMarker);
    m_selectedLegend->setColor(kSelectedColor);
    m_selectedLegend->setBorderColor(Qt::black);
    for (QXYSeries* s :
         {static_cast<QXYSeries*>(m_candidates), static_cast<QXYSeries*>(m_front),
          static_cast<QXYSeries*>(m_selectedLegend), static_cast<QXYSeries*>(m_selectedSeries)}) {
        m_chart->addSeries(s);
        s->attachAxis(m_xAxis);
    }
    connectSeries(m_candidates, kCandidates);
    connectSeries(m_front, kFront);
    connectSeries(m_selectedSeries, kSelected);
    // Which markers hide each other depends on the layout's scale.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] { nestCoincidingMarkers(); });

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_normalisedBox);
    controls->addSpacing(12);
    auto* metricLabel = new QLabel(tr("&Y axis:"), this);
    metricLabel->setBuddy(m_metricBox);
    controls->addWidget(metricLabel);
    controls->addWidget(m_metricBox);
    controls->addWidget(m_logBox);
    controls->addWidget(m_summary, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 0);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);

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
    chooseMetric();
    rebuild();
}

void ParetoChart::setSelected(int index) {
    if (!m_set || index < 0 || index >= static_cast<int>(m_set->candidates.size()))
        index = -1;
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

Status ParetoChart::saveImage(const QString& path) {
    if (!path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        return saveWidgetImage(m_view, path);
    // The light markers would go into an SVG as one embedded bitmap per point; drawn as shapes
    // they stay vectors and the file stays small.
    const QImage marker = m_candidates->lightMarker();
    m_candidates->setLightMarker(QImage());
    const Status saved = saveWidgetImage(m_view, path);
    m_candidates->setLightMarker(marker);
    return saved;
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
                .arg(format::errorProxy(c.error), format::accuracyDrop(c.measuredDrop));
    return text;
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
        for (QScatterSeries* halo : m_haloSeries)
            for (QLegendMarker* marker : m_chart->legend()->markers(halo))
                marker->setVisible(false);
    }
    m_candidates->replace(candidatePoints);
    m_front->replace(frontPoints);
    // The selected star stays on top of the baselines: re-added last.
    m_chart->removeSeries(m_selectedSeries);
    m_chart->addSeries(m_selectedSeries);
    m_selectedSeries->attachAxis(m_xAxis);
    m_selectedSeries->attachAxis(m_yAxis);
    for (QLegendMarker* marker : m_chart->legend()->markers(m_selectedSeries))
        marker->setVisible(false);
    updateSelectedPoint();
    updateAxes();
    nestCoincidingMarkers();

    if (!m_set) {
        m_summaryText.clear();
        m_summary->clear();
    } else {
        QString summary = tr("%1 feasible candidates, %2 on the front")
                              .arg(format::count(static_cast<int64_t>(plotted)))
                              .arg(m_frontIndices.size());
        if (m_shown.size() < plotted)
            summary += QStringLiteral(" (") +
                       tr("%1 drawn").arg(format::count(static_cast<int64_t>(m_shown.size()))) +
                       QStringLiteral(")");
        m_summaryText = summary;
        m_summary->setToolTip(summary);
        elideSummary();
    }
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
    if (m_set && m_selected >= 0)
        if (const auto v = valueOf(m_set->candidates[static_cast<size_t>(m_selected)]))
            points.append(*v);
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
    for (QScatterSeries* s : m_baselineSeries)
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
    const double labelWidth =
        QFontMetricsF(m_xAxis->labelsFont()).horizontalAdvance(QStringLiteral("0000.0")) + 12.0;
    const int xTicks = std::clamp(static_cast<int>(plotWidth / labelWidth), 2, 6);
    fitValueAxis(m_xAxis, xMin, xMax, true, xTicks);
    if (auto* log = qobject_cast<QLogValueAxis*>(m_yAxis)) {
        // Whole decades, with room below the E = 0 row.
        const double lo = std::pow(10.0, std::floor(std::log10(std::max(yMin, m_logFloor))));
        const double hi = std::pow(10.0, std::ceil(std::log10(std::max(yMax, lo * 10.0))));
        log->setRange(lo / 2.0, hi);
    } else if (auto* linear = qobject_cast<QValueAxis*>(m_yAxis)) {
        fitValueAxis(linear, std::min(yMin, 0.0), std::max(yMax, 0.0), false);
    }
    m_xAxis->setTitleText(m_normalised ? tr("Latency (× Cloud-Only)") : tr("Latency (ms)"));
    m_yAxis->setTitleText(m_metric == YMetric::MeasuredDrop ? tr("Accuracy drop (pp)")
                          : logAxis()                       ? tr("Error proxy E (log)")
                                                            : tr("Error proxy E"));
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
            text += QStringLiteral(", ") + format::accuracyDrop(c.measuredDrop);
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
