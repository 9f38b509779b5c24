#include "widgets/charts/latency_breakdown_chart.h"
#include "widgets/charts/axis_ticks.h"
#include "widgets/charts/chart_export.h"
#include "widgets/charts/chart_zoom.h"

#include "widgets/solution/solution_text.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegend>
#include <QSignalBlocker>
#include <QStackedBarSeries>
#include <QTextDocument>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace autosplit {

namespace {

const QColor kEdgeColor(76, 120, 168);
const QColor kTransmissionColor(245, 133, 24);
const QColor kCloudColor(84, 162, 75);
// Split labels on the per-split axis, at most.
constexpr int kMaxSplitLabels = 24;
// Qt Charts gives the axes on one side of the plot at most 40 % of the chart's width and truncates
// their labels beyond it; less its label padding and the text item's margins, with room to spare.
constexpr double kSideAxisShare = 0.38;
constexpr double kSideAxisReserve = 16.0;
// Horizontal room between two split labels.
constexpr double kSplitLabelGap = 10.0;
// Label fonts tried, as a fraction of the chart theme's; below 70 % text gets hard to read.
constexpr std::array<double, 4> kFontScales = {1.0, 0.9, 0.8, 0.7};

QFont scaled(QFont font, double factor) {
    if (font.pointSizeF() > 0.0)
        font.setPointSizeF(font.pointSizeF() * factor);
    else if (font.pixelSize() > 0)
        font.setPixelSize(std::max(1, static_cast<int>(std::lround(font.pixelSize() * factor))));
    return font;
}

// The size Qt Charts gives an axis label: a rich-text item with a half-pixel margin (it decides
// by this size whether a label collides with the one before and hides it).
QSizeF labelSize(const QFont& font, const QString& label) {
    QTextDocument document;
    document.setDocumentMargin(0.5);
    document.setDefaultFont(font);
    document.setHtml(label);
    return document.size();
}

QSizeF largestLabel(const QFont& font, const QStringList& labels) {
    QSizeF size;
    for (const QString& label : labels)
        size = size.expandedTo(labelSize(font, label));
    return size;
}

// 1, 2, 5, 10, 20, 50, ...: the smallest at least `n`.
int niceEvery(int n) {
    int magnitude = 1;
    while (true) {
        for (int f : {1, 2, 5})
            if (f * magnitude >= n)
                return f * magnitude;
        magnitude *= 10;
    }
}

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

    m_zoom = new ChartZoom(m_view);
    connect(m_zoom, &ChartZoom::resetRequested, this, [this] { rebuild(); });
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("breakdownNote"));
    m_note->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* controls = new QHBoxLayout;
    auto* label = new QLabel(tr("&Show:"), this);
    label->setBuddy(m_modeBox);
    controls->addWidget(label);
    controls->addWidget(m_modeBox);
    controls->addWidget(m_note, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);

    connect(m_modeBox, &QComboBox::activated, this, [this](int index) {
        setMode(index == 0 ? Mode::SelectedAndBaselines : Mode::PerSplit);
    });
    // The labels follow the space the layout gives them. They are chosen by the chart's width
    // and the plot's height (bar labels) or width (split labels), which they do not change
    // themselves (bar labels only move the plot's left edge), so this settles after one round.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] { fitLabels(); });
    rebuild();
}

LatencyBreakdownChart::~LatencyBreakdownChart() = default;

Status LatencyBreakdownChart::saveImage(const QString& path, const ImageCaption& caption) {
    return saveViewImage(m_view, path, caption);
}

void LatencyBreakdownChart::setProvisional(bool provisional) {
    m_provisional = provisional;
    m_note->setText(provisional ? tr("★ provisional") : QString());
    // whole while shown: the mode box gives way, not the word that says the star may move
    m_note->setMinimumWidth(
        provisional ? m_note->fontMetrics().horizontalAdvance(m_note->text()) + 6 : 0);
    m_note->setToolTip(provisional ? tr("Accuracy drops are being measured: the selected "
                                        "solution (★) may still change")
                                   : QString());
}

void LatencyBreakdownChart::setSolutionSet(std::shared_ptr<const SolutionSet> set) {
    m_set = std::move(set);
    m_selected = m_set ? m_set->selected : -1;
    m_shownBaseline.clear();
    rebuild();
}

void LatencyBreakdownChart::setSelected(int index) {
    if (!m_set || index < 0 || index >= static_cast<int>(m_set->candidates.size()))
        index = -1;
    if (index == m_selected && m_shownBaseline.isEmpty())
        return;
    m_selected = index;
    m_shownBaseline.clear();
    rebuild();
}

void LatencyBreakdownChart::setShownBaseline(const QString& name) {
    if (name == m_shownBaseline)
        return;
    m_shownBaseline = name;
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
            // The star is the selected solution's marker on the Pareto chart too.
            m_bars.push_back({tr("Selected: %1").arg(format::methodLabel(c.method)),
                              tr("★ %1").arg(format::shortMethodLabel(c.method)),
                              m_selected,
                              {}});
        }
        for (const Baseline& b : m_set->baselines) {
            // A baseline without an answer has no times to show; an infeasible one has.
            if (!b.candidate.feasible && !(b.candidate.totalSeconds > 0.0))
                continue;
            // Shown in the user's language; b.name stays the baseline's identity.
            QString label = format::methodLabel(b.candidate.method);
            QString shortLabel = format::shortMethodLabel(b.candidate.method);
            if (!b.candidate.feasible) {
                label += QStringLiteral(" ") + tr("(infeasible)");
                shortLabel = tr("%1 ✗", "an infeasible baseline's short label").arg(shortLabel);
            }
            m_bars.push_back({label, shortLabel, -1, QString::fromStdString(b.name)});
        }
        // the measured bar of what the views show, right after (below) its predicted one
        for (size_t i = 0; i < m_bars.size(); ++i) {
            const bool shown = m_shownBaseline.isEmpty()
                                   ? m_bars[i].candidate == m_selected && m_selected >= 0
                                   : m_bars[i].baseline == m_shownBaseline;
            Bar measured = m_bars[i];
            measured.measured = true;
            if (!shown || !measuredOf(measured))
                continue;
            measured.label = tr("Measured: %1").arg(m_bars[i].label);
            measured.shortLabel = tr("Measured");
            m_bars.insert(m_bars.begin() + static_cast<std::ptrdiff_t>(i) + 1, measured);
            break;
        }
        std::reverse(m_bars.begin(), m_bars.end()); // bottom to top: the selected one on top
        // the bar of what every view shows: a picked baseline's, else the selection's
        for (size_t i = 0; i < m_bars.size(); ++i)
            if (!m_bars[i].measured &&
                (m_shownBaseline.isEmpty() ? m_bars[i].candidate == m_selected && m_selected >= 0
                                           : m_bars[i].baseline == m_shownBaseline))
                highlighted = static_cast<int>(i);
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
        const Baseline* shown =
            m_shownBaseline.isEmpty() ? nullptr : m_set->baseline(m_shownBaseline.toStdString());
        const int selectedSplit = shown ? shown->candidate.split
                                  : m_selected >= 0
                                      ? m_set->candidates[static_cast<size_t>(m_selected)].split
                                      : -1;
        for (const auto& [split, index] : fastest) {
            if (split == selectedSplit)
                highlighted = static_cast<int>(m_bars.size());
            m_bars.push_back({QString::number(split), QString::number(split), index, {}});
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
    m_splitLabels.clear();
    double longest = 0.0;
    for (const Bar& bar : m_bars) {
        const Candidate* c = candidateOf(bar);
        MeasuredLatency t{c->edgeSeconds, c->transmissionSeconds, c->cloudSeconds, c->totalSeconds};
        if (const MeasuredLatency* m = measuredOf(bar))
            t = *m;
        m_edge->append(t.edgeSeconds * 1000.0);
        m_transmission->append(t.transmissionSeconds * 1000.0);
        m_cloud->append(t.cloudSeconds * 1000.0);
        longest =
            std::max(longest, (t.edgeSeconds + t.transmissionSeconds + t.cloudSeconds) * 1000.0);
        categories.append(bar.label);
    }
    for (QBarSet* set : {m_edge, m_transmission, m_cloud}) {
        set->setBorderColor(set->color().darker(130));
        set->setSelectedColor(set->color().darker(170));
        if (highlighted >= 0)
            set->selectBar(highlighted);
        m_highlighted = highlighted;
        m_series->append(set);
    }
    m_chart->addSeries(m_series);

    m_valueAxis = new QValueAxis;
    m_valueAxis->setTitleText(tr("Latency (ms)"));
    // Bars start at 0: room at the far end only. As many ticks as whole labels fit side by
    // side (they were elided to "100…120…" in a narrow dock).
    m_valueAxis->setTruncateLabels(false);
    const double axisLength =
        horizontal ? (m_chart->plotArea().width() > 0.0 ? m_chart->plotArea().width() : 360.0)
                   : (m_chart->plotArea().height() > 0.0 ? m_chart->plotArea().height() : 240.0);
    setRoundTicks(m_valueAxis, 0.0, longest > 0.0 ? longest * 1.05 : 1.0,
                  ticksThatFit(m_valueAxis, axisLength, horizontal));
    // The last tick's label is centred on the plot's edge: the margin holds its other half
    // (it was cut to "3" for 3000).
    const int half = static_cast<int>(
        QFontMetricsF(m_valueAxis->labelsFont())
                .horizontalAdvance(QLocale::c().toString(m_valueAxis->max(), 'f', 0)) /
            2.0 +
        4.0);
    if (const QMargins margins(4, 4, horizontal ? std::max(4, half) : 4, 4);
        margins != m_chart->margins())
        m_chart->setMargins(margins);
    m_zoom->forget(); // new bars, new axes
    m_categories = nullptr;
    m_splits = nullptr;
    QAbstractAxis* barAxis = nullptr;
    if (horizontal) {
        m_categories = new QBarCategoryAxis;
        // fitCategoryLabels() makes them fit. Qt's own truncation is no help here: it cuts a
        // label to "..." whenever the axis' height shared among its labels, less padding, is
        // under a line, however wide the space beside it (a 300 px high dock).
        m_categories->setTruncateLabels(false);
        m_categories->append(categories);
        barAxis = m_categories;
        m_chart->addAxis(m_categories, Qt::AlignLeft);
        m_chart->addAxis(m_valueAxis, Qt::AlignBottom);
    } else {
        // Bars sit at 0, 1, 2, ...; fitSplitLabels() labels every k-th one.
        m_splits = new QCategoryAxis;
        m_splits->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        m_splitLabels = categories;
        const int count = static_cast<int>(categories.size());
        m_splits->setRange(-0.5, std::max(count, 1) - 0.5);
        m_splits->setTitleText(tr("Split after layer n (the fastest candidate of each split)"));
        m_splits->setGridLineVisible(false);
        barAxis = m_splits;
        m_chart->addAxis(m_splits, Qt::AlignBottom);
        m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    }
    m_series->attachAxis(barAxis);
    m_series->attachAxis(m_valueAxis);
    fitLabels();

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
    // Only when shown: a hidden chart has no size yet to lay out in (and no paint to spare).
    if (m_view->isVisible()) {
        if (QGraphicsLayout* layout = m_chart->layout())
            layout->activate();
        if (QGraphicsLayout* layout = m_chart->legend()->layout())
            layout->activate();
    }
}

void LatencyBreakdownChart::setMeasuredLatencies(const MeasuredLatencies& measured) {
    m_measured = measured;
    rebuild();
}

const MeasuredLatency* LatencyBreakdownChart::measuredOf(const Bar& bar) const {
    if (!bar.measured)
        return nullptr;
    if (!bar.baseline.isEmpty()) {
        auto it = m_measured.baselines.find(bar.baseline.toStdString());
        return it == m_measured.baselines.end() ? nullptr : &it->second;
    }
    auto it = m_measured.candidates.find(bar.candidate);
    return it == m_measured.candidates.end() ? nullptr : &it->second;
}

QString LatencyBreakdownChart::tooltipText(int bar) const {
    if (bar < 0 || static_cast<size_t>(bar) >= m_bars.size())
        return {};
    const Candidate* c = candidateOf(m_bars[static_cast<size_t>(bar)]);
    if (!c)
        return {};
    QString text = QStringLiteral("<b>%1</b><br>")
                       .arg(m_bars[static_cast<size_t>(bar)].label.toHtmlEscaped()) +
                   tr("%1, split after layer %2").arg(format::methodLabel(c->method)).arg(c->split);
    if (!c->feasible)
        text +=
            QStringLiteral("<br><i>%1</i>")
                .arg(tr("infeasible: %1").arg(QString::fromStdString(c->reason)).toHtmlEscaped());
    if (const MeasuredLatency* m = measuredOf(m_bars[static_cast<size_t>(bar)]))
        return text + QStringLiteral("<br>") +
               tr("Measured on this computer %1 = edge %2 + transmission %3 + cloud %4")
                   .arg(format::milliseconds(m->totalSeconds), format::milliseconds(m->edgeSeconds),
                        format::milliseconds(m->transmissionSeconds),
                        format::milliseconds(m->cloudSeconds)) +
               QStringLiteral("<br>") +
               tr("Predicted %1").arg(format::milliseconds(c->totalSeconds));
    return text + QStringLiteral("<br>") +
           tr("Latency %1 = edge %2 + transmission %3 + cloud %4")
               .arg(format::milliseconds(c->totalSeconds), format::milliseconds(c->edgeSeconds),
                    format::milliseconds(c->transmissionSeconds),
                    format::milliseconds(c->cloudSeconds));
}

void LatencyBreakdownChart::fitLabels() {
    if (m_categories)
        fitCategoryLabels();
    else if (m_splits)
        fitSplitLabels();
}

void LatencyBreakdownChart::fitCategoryLabels() {
    QStringList full, brief;
    for (const Bar& bar : m_bars) {
        full.append(bar.label);
        brief.append(bar.shortLabel);
    }
    // The theme's label font; the value axis keeps it.
    const QFont base = m_valueAxis->labelsFont();
    QStringList labels = full;
    QFont font = base;
    const QRectF plot = m_chart->plotArea();
    const double chartWidth = m_chart->size().width();
    // Before the first layout there is no space to fit to: the full labels, as they are.
    if (!m_bars.empty() && plot.height() >= 1.0 && chartWidth >= 1.0) {
        const double rowHeight = plot.height() / static_cast<double>(m_bars.size());
        const double budget = kSideAxisShare * chartWidth - kSideAxisReserve;
        bool fitted = false;
        // The full labels in (nearly) the theme's font, else the short ones, smaller if need be.
        for (const QStringList* set : {&full, &brief}) {
            for (double factor : kFontScales) {
                if (set == &full && factor < 0.9)
                    break;
                const QFont candidate = scaled(base, factor);
                const QSizeF largest = largestLabel(candidate, *set);
                // Label positions are whole pixels: a pixel to spare between rows.
                if (largest.height() + 1.0 <= rowHeight && largest.width() <= budget) {
                    labels = *set;
                    font = candidate;
                    fitted = true;
                    break;
                }
            }
            if (fitted)
                break;
        }
        if (!fitted) {
            // The smallest font and the short labels, elided to the width: the axis takes any
            // label only once, so elided ones that collide are told apart by invisible marks.
            font = scaled(base, kFontScales.back());
            const QFontMetricsF metrics(font);
            labels.clear();
            std::set<QString> seen;
            for (const QString& label : brief) {
                QString elided = metrics.elidedText(label, Qt::ElideRight, std::max(budget, 1.0));
                while (!seen.insert(elided).second)
                    elided += QChar(0x200B); // zero-width space
                labels.append(elided);
            }
        }
    }
    if (m_categories->labelsFont() != font)
        m_categories->setLabelsFont(font);
    if (m_categories->categories() != labels)
        m_categories->setCategories(labels);
}

void LatencyBreakdownChart::fitSplitLabels() {
    const int count = static_cast<int>(m_splitLabels.size());
    int every = std::max(1, (count + kMaxSplitLabels - 1) / kMaxSplitLabels);
    const double plotWidth = m_chart->plotArea().width();
    if (count > 0 && plotWidth >= 1.0) {
        // Adjacent labels are `every` bars apart; each needs its width and a gap.
        const double slot =
            largestLabel(m_splits->labelsFont(), m_splitLabels).width() + kSplitLabelGap;
        every = std::max(every, static_cast<int>(std::ceil(slot * count / plotWidth)));
    }
    every = niceEvery(every);
    QStringList wanted;
    for (int k = 0; k < count; k += every)
        wanted.append(m_splitLabels[k]);
    if (m_splits->categoriesLabels() == wanted)
        return;
    for (const QString& label : m_splits->categoriesLabels())
        m_splits->remove(label);
    for (int k = 0; k < count; k += every)
        m_splits->append(m_splitLabels[k], k);
    m_splits->setRange(-0.5, std::max(count, 1) - 0.5);
}

} // namespace autosplit
