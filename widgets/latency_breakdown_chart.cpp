#include "latency_breakdown_chart.h"

#include "solution_text.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegend>
#include <QSignalBlocker>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <map>

namespace autosplit {

namespace {

const QColor kEdgeColor(76, 120, 168);
const QColor kTransmissionColor(245, 133, 24);
const QColor kCloudColor(84, 162, 75);
// Split labels on the per-split axis, at most.
constexpr int kMaxSplitLabels = 24;

} // namespace

LatencyBreakdownChart::LatencyBreakdownChart(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("latencyBreakdownChart"));
    m_modeBox = new QComboBox(this);
    m_modeBox->setObjectName(QStringLiteral("breakdownMode"));
    m_modeBox->addItem(tr("Selected solution and baselines"));
    m_modeBox->addItem(tr("Every split point"));

    m_chart = new QChart;
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("breakdownChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(360, 240);

    auto* controls = new QHBoxLayout;
    auto* label = new QLabel(tr("&Show:"), this);
    label->setBuddy(m_modeBox);
    controls->addWidget(label);
    controls->addWidget(m_modeBox);
    controls->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);

    connect(m_modeBox, &QComboBox::activated, this, [this](int index) {
        setMode(index == 0 ? Mode::SelectedAndBaselines : Mode::PerSplit);
    });
    rebuild();
}

LatencyBreakdownChart::~LatencyBreakdownChart() = default;

void LatencyBreakdownChart::setSolutionSet(std::shared_ptr<const SolutionSet> set) {
    m_set = std::move(set);
    m_selected = m_set ? m_set->selected : -1;
    rebuild();
}

void LatencyBreakdownChart::setSelected(int index) {
    if (!m_set || index < 0 || index >= static_cast<int>(m_set->candidates.size()))
        index = -1;
    if (index == m_selected)
        return;
    m_selected = index;
    rebuild();
}

void LatencyBreakdownChart::setMode(Mode mode) {
    {
        const QSignalBlocker block(m_modeBox);
        m_modeBox->setCurrentIndex(mode == Mode::SelectedAndBaselines ? 0 : 1);
    }
    if (mode == m_mode)
        return;
    m_mode = mode;
    rebuild();
}

const Candidate* LatencyBreakdownChart::candidateOf(const Bar& bar) const {
    if (!m_set)
        return nullptr;
    if (!bar.baseline.isEmpty()) {
        const Baseline* b = m_set->baseline(bar.baseline.toStdString());
        return b ? &b->candidate : nullptr;
    }
    if (bar.candidate < 0 || bar.candidate >= static_cast<int>(m_set->candidates.size()))
        return nullptr;
    return &m_set->candidates[static_cast<size_t>(bar.candidate)];
}

void LatencyBreakdownChart::rebuild() {
    m_bars.clear();
    int highlighted = -1;
    if (m_set && m_mode == Mode::SelectedAndBaselines) {
        if (m_selected >= 0) {
            const Candidate& c = m_set->candidates[static_cast<size_t>(m_selected)];
            m_bars.push_back(
                {tr("Selected: %1").arg(format::methodLabel(c.method)), m_selected, {}});
        }
        for (const Baseline& b : m_set->baselines) {
            // A baseline without an answer has no times to show; an infeasible one has.
            if (!b.candidate.feasible && !(b.candidate.totalSeconds > 0.0))
                continue;
            QString label = QString::fromStdString(b.name);
            if (!b.candidate.feasible)
                label += QStringLiteral(" ") + tr("(infeasible)");
            m_bars.push_back({label, -1, QString::fromStdString(b.name)});
        }
        std::reverse(m_bars.begin(), m_bars.end()); // bottom to top: the selected one on top
    } else if (m_set) {
        // The fastest feasible prefix candidate per split, in split order.
        std::map<int, int> fastest;
        for (size_t i = 0; i < m_set->candidates.size(); ++i) {
            const Candidate& c = m_set->candidates[i];
            if (!c.feasible || !c.isPrefix())
                continue;
            auto [it, added] = fastest.emplace(c.split, static_cast<int>(i));
            if (!added &&
                c.totalSeconds < m_set->candidates[static_cast<size_t>(it->second)].totalSeconds)
                it->second = static_cast<int>(i);
        }
        const int selectedSplit =
            m_selected >= 0 ? m_set->candidates[static_cast<size_t>(m_selected)].split : -1;
        for (const auto& [split, index] : fastest) {
            if (split == selectedSplit)
                highlighted = static_cast<int>(m_bars.size());
            m_bars.push_back({QString::number(split), index, {}});
        }
    }

    // Series, sets and axes are remade: a few hundred bars at most, and the orientation changes
    // with the mode.
    m_chart->removeAllSeries();
    for (QAbstractAxis* axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    const bool horizontal = m_mode == Mode::SelectedAndBaselines;
    if (horizontal)
        m_series = new QHorizontalStackedBarSeries;
    else
        m_series = new QStackedBarSeries;
    m_series->setBarWidth(horizontal ? 0.6 : 0.8);
    m_edge = new QBarSet(tr("Edge"));
    m_transmission = new QBarSet(tr("Transmission"));
    m_cloud = new QBarSet(tr("Cloud"));
    m_edge->setColor(kEdgeColor);
    m_transmission->setColor(kTransmissionColor);
    m_cloud->setColor(kCloudColor);
    QStringList categories;
    double longest = 0.0;
    for (const Bar& bar : m_bars) {
        const Candidate* c = candidateOf(bar);
        m_edge->append(c->edgeSeconds * 1000.0);
        m_transmission->append(c->transmissionSeconds * 1000.0);
        m_cloud->append(c->cloudSeconds * 1000.0);
        longest =
            std::max(longest, (c->edgeSeconds + c->transmissionSeconds + c->cloudSeconds) * 1000.0);
        categories.append(bar.label);
    }
    for (QBarSet* set : {m_edge, m_transmission, m_cloud}) {
        set->setBorderColor(set->color().darker(130));
        set->setSelectedColor(set->color().darker(170));
        if (highlighted >= 0)
            set->selectBar(highlighted);
        m_series->append(set);
    }
    m_chart->addSeries(m_series);

    m_valueAxis = new QValueAxis;
    m_valueAxis->setTitleText(tr("Latency (ms)"));
    m_valueAxis->setRange(0.0, longest > 0.0 ? longest * 1.05 : 1.0);
    m_valueAxis->applyNiceNumbers();
    m_valueAxis->setLabelFormat(QStringLiteral("%g"));
    m_categories = nullptr;
    m_splits = nullptr;
    QAbstractAxis* barAxis = nullptr;
    if (horizontal) {
        m_categories = new QBarCategoryAxis;
        m_categories->append(categories);
        barAxis = m_categories;
        m_chart->addAxis(m_categories, Qt::AlignLeft);
        m_chart->addAxis(m_valueAxis, Qt::AlignBottom);
    } else {
        // Bars sit at 0, 1, 2, ...; a label on every k-th one keeps a long model readable.
        m_splits = new QCategoryAxis;
        m_splits->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        const int count = static_cast<int>(categories.size());
        const int every = std::max(1, (count + kMaxSplitLabels - 1) / kMaxSplitLabels);
        for (int k = 0; k < count; k += every)
            m_splits->append(categories[k], k);
        m_splits->setRange(-0.5, std::max(count, 1) - 0.5);
        m_splits->setTitleText(tr("Split after layer n (the fastest candidate of each split)"));
        m_splits->setGridLineVisible(false);
        barAxis = m_splits;
        m_chart->addAxis(m_splits, Qt::AlignBottom);
        m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    }
    m_series->attachAxis(barAxis);
    m_series->attachAxis(m_valueAxis);

    connect(m_series, &QAbstractBarSeries::clicked, this, [this](int index, QBarSet*) {
        if (index < 0 || static_cast<size_t>(index) >= m_bars.size())
            return;
        const Bar& bar = m_bars[static_cast<size_t>(index)];
        if (!bar.baseline.isEmpty())
            emit baselineClicked(bar.baseline);
        else
            emit candidateClicked(bar.candidate);
    });
    connect(m_series, &QAbstractBarSeries::hovered, this, [this](bool status, int index, QBarSet*) {
        if (status)
            QToolTip::showText(QCursor::pos(), tooltipText(index), m_view);
        else
            QToolTip::hideText();
    });
    // Laid out now rather than on Qt Charts' posted LayoutRequest: otherwise the next paint
    // shows the new bars in the old layout and a second paint follows the layout.
    if (QGraphicsLayout* layout = m_chart->layout())
        layout->activate();
    if (QGraphicsLayout* layout = m_chart->legend()->layout())
        layout->activate();
}

QString LatencyBreakdownChart::tooltipText(int bar) const {
    if (bar < 0 || static_cast<size_t>(bar) >= m_bars.size())
        return {};
    const Candidate* c = candidateOf(m_bars[static_cast<size_t>(bar)]);
    if (!c)
        return {};
    return QStringLiteral("<b>%1</b><br>")
               .arg(m_bars[static_cast<size_t>(bar)].label.toHtmlEscaped()) +
           tr("%1, split after layer %2").arg(format::methodLabel(c->method)).arg(c->split) +
           QStringLiteral("<br>") +
           tr("Latency %1 = edge %2 + transmission %3 + cloud %4")
               .arg(format::milliseconds(c->totalSeconds), format::milliseconds(c->edgeSeconds),
                    format::milliseconds(c->transmissionSeconds),
                    format::milliseconds(c->cloudSeconds));
}

} // namespace autosplit
