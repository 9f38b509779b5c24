#pragma once

#include "widgets/charts/measured_latency.h"

#include "core/metrics/task_metric.h"
#include "core/solve/solution_set.h"
#include "core/util/result.h"

#include <QPointF>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QAbstractAxis;
class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
class QToolButton;
class QXYSeries;

namespace autosplit {

class ChartLegend;
class ChartZoom;
struct ImageCaption;

// The Pareto chart: every feasible candidate of a SolutionSet as a scatter,
// the Pareto front as a line, the selected solution as a star, and each baseline with its own
// marker shape and colour, with a legend. X is the end-to-end latency in ms, or normalised to
// Cloud-Only; Y is the accuracy drop measured on the sample data once candidates are evaluated,
// else the error proxy E (the axis says which). Hovering a point shows its method, split, latency
// breakdown, memory and error; clicking one emits candidateClicked() or baselineClicked().
//
// Baselines often land on one spot (Cloud-Only, Neurosurgeon and DADS/QDMP all sending the input
// up; Edge-Only U8 and U8 both keeping everything on the edge), and the selected star on one of
// them. Markers that would hide each other (centres within half a baseline marker, in pixels of
// the current layout) are nested: each baseline drawn below another at the spot gets a halo, its
// own shape and colour a ring larger than the marker above it, so every one stays visible and
// the legend keeps one marker size; the points stay at their exact values. The tooltip at such a
// spot lists every method there.
//
// A measured drop may rest on part of the samples (a candidate clearly inside or outside the drop
// limit is judged no further): its point is at the drop of the samples judged, with a vertical
// whisker over the interval the drop of the whole set lies in, and the legend explains the
// whisker once.
//
// Large sets stay fast: the candidates are painted as one image per point rather than one
// graphics item each (QXYSeries light markers), and beyond decimationLimit() points the
// candidates off the front are thinned to one per cell of a grid over the plot — the front, the
// selected solution and the baselines are always drawn in full. E spans orders of magnitude
// between 2-bit and 8-bit edges, so its axis is logarithmic by default (E = 0, the float model,
// is drawn one decade below the smallest positive E, at the bottom). Qt Charts is deprecated from
// Qt 6.10 on; this class is the only one that knows about it here, so it can be swapped.
class ParetoChart : public QWidget {
    Q_OBJECT

public:
    enum class YMetric { MeasuredDrop, ErrorProxy };
    static constexpr int kDefaultDecimationLimit = 5000;

    explicit ParetoChart(QWidget* parent = nullptr);
    ~ParetoChart() override;

    // Shows a set; `cloudOnlySeconds` is the reference of the normalised view (<= 0: the set's own
    // Cloud-Only candidate). The selection shown is the set's until setSelected().
    void setSolutionSet(std::shared_ptr<const SolutionSet> set, double cloudOnlySeconds = 0.0);
    const std::shared_ptr<const SolutionSet>& solutionSet() const { return m_set; }
    // Marks candidate `index` (into SolutionSet::candidates) as the selected solution.
    void setSelected(int index);
    int selected() const { return m_selected; }
    // Marks a baseline (by name) as the solution the views show: the star moves to its marker.
    // Empty: the selected candidate is shown. setSelected() and setSolutionSet() clear it.
    void setShownBaseline(const QString& name);
    QString shownBaseline() const { return m_shownBaseline; }

    // What measured drops are in (the session's task metric): names the drop axis in its unit.
    void setDropMetric(MetricKind kind);
    MetricKind dropMetric() const { return m_dropMetric; }
    // The drop axis' title for a metric ("Line accuracy drop (pp)"), translated.
    static QString dropTitle(MetricKind kind);

    void setNormalised(bool normalised);
    bool isNormalised() const { return m_normalised; }
    // Y metric: by default the measured drop when the set has measured candidates, else E;
    // setYMetric() fixes it, clearYMetric() returns to the automatic choice.
    void setYMetric(YMetric metric);
    void clearYMetric();
    YMetric yMetric() const { return m_metric; }
    // Logarithmic E axis (the default); the drop axis is always linear.
    void setLogScale(bool logScale);
    bool isLogScale() const { return m_logScale; }
    // Where E = 0 is drawn on the logarithmic axis.
    double logFloor() const { return m_logFloor; }
    void setDecimationLimit(int points);
    int decimationLimit() const { return m_decimationLimit; }
    double referenceSeconds() const { return m_reference; }

    // The chart's position of a candidate in the current view (x in ms or x Cloud-Only, y in pp
    // or E, E = 0 at logFloor() on the log axis); nullopt when it cannot be plotted (infeasible
    // without a cost, or no measured drop in the measured view).
    std::optional<QPointF> valueOf(const Candidate& candidate) const;
    // Saves the chart as PNG or SVG by the file's extension (chart_export.h) under `caption`,
    // with its whole legend beside it and none of the controls; the SVG has every marker as a
    // vector shape.
    Status saveImage(const QString& path, const ImageCaption& caption);
    Status saveImage(const QString& path);

    // Latencies measured on this computer (Analysis > Measure on This Computer): each measured
    // candidate or baseline gets a hollow marker of its own colour at its measured latency (same
    // y) and a thin line to its predicted point; the legend has one "Measured" entry. Kept across
    // setSolutionSet() (the caller clears them for a new solve).
    void setMeasuredLatencies(const MeasuredLatencies& measured);
    const MeasuredLatencies& measuredLatencies() const { return m_measured; }
    // The hollow markers, one series per measured point, and the lines joining them to their
    // predictions, in the same order.
    const std::vector<QScatterSeries*>& measuredSeries() const { return m_measuredSeries; }
    const std::vector<QLineSeries*>& measuredLinks() const { return m_measuredLinks; }

    // How many samples the drops are measured on, for the tooltips ("on all 32 samples"); 0:
    // unknown, not said.
    void setSampleCount(int count);
    int sampleCount() const { return m_sampleCount; }
    // The whiskers of the drops judged on part of the samples, in the measured-drop view: one
    // two-point series per drawn candidate or baseline, from (x, low) to (x, high) of the whole
    // set's drop (low no less than 0).
    const std::vector<QLineSeries*>& dropIntervalSeries() const { return m_intervalSeries; }

    // While drops are being measured the selection may still change: the star and the summary
    // say it is provisional.
    void setProvisional(bool provisional);
    bool isProvisional() const { return m_provisional; }

    // What the hover tooltip says about a candidate (`label`: its method or baseline name).
    QString tooltipText(const Candidate& candidate, const QString& label) const;
    // What hovering `value` of `series` (one of this chart's) shows: that point's tooltipText(),
    // after a list of every method whose marker sits on the same spot when there are others. A
    // whisker shows its point's.
    QString tooltipAt(const QXYSeries* series, const QPointF& value) const;

    QChartView* chartView() const { return m_view; }
    QChart* chart() const { return m_chart; }
    // The legend beside the plot (Qt Charts' own legend inside the plot is hidden) and the zoom.
    ChartLegend* legend() const { return m_legend; }
    ChartZoom* zoom() const { return m_zoom; }
    QToolButton* resetZoomButton() const { return m_resetZoom; }
    QScatterSeries* candidateSeries() const { return m_candidates; }
    QLineSeries* frontSeries() const { return m_front; }
    QScatterSeries* selectedSeries() const { return m_selectedSeries; }
    // One per baseline of the set, in the set's order (empty series for a baseline that cannot be
    // plotted; its legend entry says why).
    const std::vector<QScatterSeries*>& baselineSeries() const { return m_baselineSeries; }
    // The halo of each baseline, in the same order: its point at a larger size while the baseline
    // is nested below other markers, else empty. Drawn below every baseline, not in the legend.
    const std::vector<QScatterSeries*>& haloSeries() const { return m_haloSeries; }
    // Candidate index of each point of candidateSeries() / frontSeries(), in point order.
    const std::vector<int>& shownCandidates() const { return m_shown; }
    const std::vector<int>& frontCandidates() const { return m_frontIndices; }
    QValueAxis* xAxis() const { return m_xAxis; }
    // A QValueAxis, or a QLogValueAxis for E on the log scale.
    QAbstractAxis* yAxis() const { return m_yAxis; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void candidateClicked(int index);
    void baselineClicked(const QString& name);

private:
    void rebuild();
    void updateLegend();
    void updateSummary();
    void elideSummary();
    void updateAxes();
    bool logAxis() const;
    // Makes the y axis the kind the view needs and attaches every series to it.
    void ensureYAxis();
    void updateSelectedPoint();
    // Remakes the measured markers and links for the current view (pareto_chart_measured.cpp).
    void updateMeasured();
    // Remakes the whiskers of partly judged drops (pareto_chart_intervals.cpp).
    void updateDropIntervals();
    // What hovering whisker `index` shows, and what clicking it picks.
    QString intervalTooltip(size_t index) const;
    void onIntervalClicked(size_t index);
    // Finds the markers that sit on one spot and sizes them to nest (see the class comment).
    void nestCoincidingMarkers();
    int kindOf(const QXYSeries* series) const;
    QString tooltipFor(int kind, const QPointF& value) const;
    void chooseMetric();
    void connectSeries(QXYSeries* series, int kind);
    // Nearest item to a clicked/hovered value, in pixels, among a series' items.
    int nearestOf(const std::vector<int>& indices, const QPointF& value) const;
    void onClicked(int kind, const QPointF& value);
    void onHovered(int kind, const QPointF& value, bool state);
    const Candidate* candidateOf(int kind, const QPointF& value, QString* label) const;

    std::shared_ptr<const SolutionSet> m_set;
    MeasuredLatencies m_measured;
    std::vector<QScatterSeries*> m_measuredSeries;
    std::vector<QLineSeries*> m_measuredLinks;
    std::vector<QLineSeries*> m_intervalSeries;
    // What each whisker belongs to: a candidate's index, or -1 - a baseline's.
    std::vector<int> m_intervalOwners;
    int m_sampleCount = 0;
    double m_reference = 0.0;
    int m_selected = -1;
    QString m_shownBaseline;
    bool m_normalised = false;
    bool m_metricFixed = false;
    MetricKind m_dropMetric = MetricKind::Classification;
    YMetric m_metric = YMetric::ErrorProxy;
    int m_decimationLimit = kDefaultDecimationLimit;
    bool m_logScale = true;
    double m_logFloor = 1e-6;

    QCheckBox* m_normalisedBox = nullptr;
    QComboBox* m_metricBox = nullptr;
    QCheckBox* m_logBox = nullptr;
    QLabel* m_summary = nullptr;
    QToolButton* m_resetZoom = nullptr;
    ChartLegend* m_legend = nullptr;
    ChartZoom* m_zoom = nullptr;
    bool m_provisional = false;
    double m_paddedHeight = 0.0; // the plot height the axes' padding was made for
    int m_zoomUnits = -1;        // the axes' units when the user zoomed (metric, normalised, log)
    size_t m_plotted = 0;
    QString m_summaryText; // m_summary shows it elided to its width
    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QValueAxis* m_xAxis = nullptr;
    QAbstractAxis* m_yAxis = nullptr;
    QScatterSeries* m_candidates = nullptr;
    QLineSeries* m_front = nullptr;
    QScatterSeries* m_selectedSeries = nullptr;
    std::vector<QScatterSeries*> m_baselineSeries;
    std::vector<QScatterSeries*> m_haloSeries;
    std::vector<int> m_shown;
    std::vector<int> m_frontIndices;
    // Spots where markers coincide: each one's baselines (indices into the set's) in drawing
    // order, -1 standing for the selected star (drawn last), and where its top marker is, in
    // pixels (values before the first layout, when only equal values coincide).
    struct Spot {
        std::vector<int> members;
        QPointF at;
    };
    std::vector<Spot> m_spots;
    bool m_spotsInPixels = false;
};

} // namespace autosplit
