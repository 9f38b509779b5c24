#pragma once

#include "widgets/charts/measured_latency.h"

#include "core/solve/solution_set.h"

#include "core/util/result.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QBarCategoryAxis;
class QBarSet;
class QCategoryAxis;
class QChart;
class QChartView;
class QComboBox;
class QAbstractBarSeries;
class QLabel;
class QValueAxis;

namespace autosplit {

class ChartZoom;
struct ImageCaption;

// Where the time goes: stacked edge / transmission / cloud bars in ms.
// Two views: the selected solution beside every baseline, or one bar per split point in order —
// for each split n the fastest feasible candidate that puts layers 1..n on the edge, the
// per-candidate view of Li et al.'s Fig. 3 — with the selected split highlighted. Clicking a bar
// emits what it stands for.
class LatencyBreakdownChart : public QWidget {
    Q_OBJECT

public:
    enum class Mode { SelectedAndBaselines, PerSplit };

    // What one bar shows: a candidate (index into SolutionSet::candidates) or a baseline.
    struct Bar {
        QString label;      // in full: "Selected: Auto-Split", "Li et al. (fastest)"
        QString shortLabel; // for a narrow axis: "★ Auto-Split", "Li (fastest)"; as unique
        int candidate = -1;
        QString baseline;      // non-empty for a baseline's bar
        bool measured = false; // the times measured on this computer, not the prediction
    };

    explicit LatencyBreakdownChart(QWidget* parent = nullptr);
    ~LatencyBreakdownChart() override;

    void setSolutionSet(std::shared_ptr<const SolutionSet> set);
    void setSelected(int index);
    int selected() const { return m_selected; }
    // Highlights a baseline's bar (by name) as the solution the views show; empty: the selected
    // candidate's. setSelected() and setSolutionSet() clear it.
    void setShownBaseline(const QString& name);
    QString shownBaseline() const { return m_shownBaseline; }
    // The bar drawn highlighted (index into bars()), or -1.
    int highlightedBar() const { return m_highlighted; }
    void setMode(Mode mode);
    // Latencies measured on this computer: in the baseline view the shown solution gets a
    // "Measured" bar right below its predicted one. Kept across setSolutionSet().
    void setMeasuredLatencies(const MeasuredLatencies& measured);
    const MeasuredLatencies& measuredLatencies() const { return m_measured; }
    // The measured times a bar stands for, if it is a measured bar.
    const MeasuredLatency* measuredOf(const Bar& bar) const;
    Mode mode() const { return m_mode; }

    // The bars in the order of the bar sets' values (in the horizontal view bottom to top, so that
    // the selected solution is on top), and the candidate each one's times come from.
    const std::vector<Bar>& bars() const { return m_bars; }
    const Candidate* candidateOf(const Bar& bar) const;

    QChartView* chartView() const { return m_view; }
    ChartZoom* zoom() const { return m_zoom; }
    // Saves the bars under `caption` as PNG or SVG (chart_export.h), without the controls.
    Status saveImage(const QString& path, const ImageCaption& caption);
    // While drops are measured the selected bar may still change: a note says so.
    void setProvisional(bool provisional);
    bool isProvisional() const { return m_provisional; }
    QLabel* provisionalNote() const { return m_note; }
    QChart* chart() const { return m_chart; }
    // Horizontal stacked bars for the selected solution and baselines, vertical ones per split.
    QAbstractBarSeries* series() const { return m_series; }
    QBarSet* edgeSet() const { return m_edge; }
    QBarSet* transmissionSet() const { return m_transmission; }
    QBarSet* cloudSet() const { return m_cloud; }
    // The bars' axis: their labels in the baseline view; split numbers (every k-th one when there
    // are many) in the per-split view. The other one is nullptr.
    //
    // Both fit the space the chart has once it is laid out (and again on every resize): the
    // baseline view shows the full labels when they fit in the width an axis on the left gets and
    // in the height of a bar, else the short ones, in a smaller font if need be (elided only as
    // a last resort); the per-split view labels every 1st, 2nd, 5th, 10th, ... bar so that no
    // two labels collide. The full name is always in the bar's tooltip.
    QBarCategoryAxis* categoryAxis() const { return m_categories; }
    QCategoryAxis* splitAxis() const { return m_splits; }
    // What the hover tooltip of a bar (index into bars()) says.
    QString tooltipText(int bar) const;

signals:
    void candidateClicked(int index);
    void baselineClicked(const QString& name);

private:
    void rebuild();
    // Chooses the labels and their font for the space the chart's layout gives them.
    void fitLabels();
    void fitCategoryLabels();
    void fitSplitLabels();

    std::shared_ptr<const SolutionSet> m_set;
    MeasuredLatencies m_measured;
    int m_selected = -1;
    QString m_shownBaseline;
    int m_highlighted = -1;
    Mode m_mode = Mode::SelectedAndBaselines;
    std::vector<Bar> m_bars;

    QComboBox* m_modeBox = nullptr;
    QLabel* m_note = nullptr;
    ChartZoom* m_zoom = nullptr;
    bool m_provisional = false;
    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QAbstractBarSeries* m_series = nullptr;
    QBarSet* m_edge = nullptr;
    QBarSet* m_transmission = nullptr;
    QBarSet* m_cloud = nullptr;
    QBarCategoryAxis* m_categories = nullptr;
    QCategoryAxis* m_splits = nullptr;
    QValueAxis* m_valueAxis = nullptr;
    // The per-split view's label of every bar (its split), of which fitSplitLabels() shows some.
    QStringList m_splitLabels;
};

} // namespace autosplit
