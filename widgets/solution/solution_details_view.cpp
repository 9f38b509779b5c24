#include "widgets/solution/solution_details_view.h"

#include "widgets/number_format.h"
#include "widgets/solution/solution_text.h"

#include "session/candidates_csv.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace autosplit {

namespace {

constexpr int kBarSteps = 1000;

// The name column takes the spare width; the numbers stay as wide as they need.
QTableWidget* makeTable(QWidget* parent, const QStringList& headers, const QString& objectName,
                        int stretchColumn) {
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
    table->setWordWrap(false);
    // Long tensor and layer names lose their middle, not the end that tells them apart.
    table->setTextElideMode(Qt::ElideMiddle);
    return table;
}

QTableWidgetItem* textItem(const QString& text) {
    return new QTableWidgetItem(text);
}

// Right-aligned, sorting by the number.
QTableWidgetItem* numberItem(const QString& text, double value) {
    auto* item = new QTableWidgetItem(text);
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

SolutionDetailsView::SolutionDetailsView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("solutionDetails"));
    auto label = [this](const QString& name) {
        auto* l = new QLabel(this);
        l->setObjectName(name);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
        return l;
    };
    m_title = label(QStringLiteral("detailsTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_split = label(QStringLiteral("detailsSplit"));
    m_latency = label(QStringLiteral("detailsLatency"));
    m_error = label(QStringLiteral("detailsError"));
    m_drop = label(QStringLiteral("detailsDrop"));
    m_modelSize = label(QStringLiteral("detailsModelSize"));
    m_sent = label(QStringLiteral("detailsSent"));
    m_reason = label(QStringLiteral("detailsReason"));
    m_reason->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_notes = label(QStringLiteral("detailsNotes"));
    m_notes->setStyleSheet(QStringLiteral("color: #5f6368; font-style: italic;"));
    m_memoryBar = new QProgressBar(this);
    m_memoryBar->setObjectName(QStringLiteral("detailsMemoryBar"));
    m_memoryBar->setRange(0, kBarSteps);
    m_memoryBar->setTextVisible(true);
    // The bar says how full; what fills it goes beneath, so neither is clipped in a narrow dock.
    m_memoryParts = label(QStringLiteral("detailsMemoryParts"));
    auto* memory = new QWidget(this);
    auto* memoryLayout = new QVBoxLayout(memory);
    memoryLayout->setContentsMargins(0, 0, 0, 0);
    memoryLayout->setSpacing(2);
    memoryLayout->addWidget(m_memoryBar);
    memoryLayout->addWidget(m_memoryParts);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Solution:"), m_title);
    form->addRow(tr("Split:"), m_split);
    form->addRow(tr("Latency:"), m_latency);
    form->addRow(tr("Error E:"), m_error);
    form->addRow(tr("Accuracy drop:"), m_drop);
    form->addRow(tr("Edge model:"), m_modelSize);
    form->addRow(tr("Edge memory:"), memory);
    form->addRow(tr("Sent:"), m_sent);
    form->addRow(m_reason);
    form->addRow(m_notes);

    m_crossing =
        makeTable(this, {tr("Tensor"), tr("Shape"), tr("Produced by"), tr("Bits"), tr("Bytes")},
                  QStringLiteral("crossingTable"), 0);
    m_bits = makeTable(
        this, {tr("Layer"), tr("Name"), tr("Op"), tr("Weight bits"), tr("Activation bits")},
        QStringLiteral("bitsTable"), 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Tensors sent to the cloud:"), this));
    layout->addWidget(m_crossing, 1);
    layout->addWidget(new QLabel(tr("Edge layers and their bit-widths:"), this));
    layout->addWidget(m_bits, 2);
    refresh();
}

void SolutionDetailsView::setModel(session::OpenedModelPtr model) {
    m_model = std::move(model);
    refresh();
}

void SolutionDetailsView::setSolutionSet(std::shared_ptr<const SolutionSet> set) {
    m_set = std::move(set);
    m_candidate = nullptr;
    if (m_set)
        setSelected(m_set->selected);
    else
        refresh();
}

void SolutionDetailsView::setSelected(int index) {
    if (!m_set || index < 0 || index >= static_cast<int>(m_set->candidates.size())) {
        showCandidate(nullptr, {});
        return;
    }
    const Candidate& c = m_set->candidates[static_cast<size_t>(index)];
    QString title = format::methodLabel(c.method) + QStringLiteral(" #") + QString::number(index);
    if (index == m_set->selected)
        title += QStringLiteral(" — ") + (m_evaluating ? tr("provisional, drops being measured")
                                                       : tr("selected by the solver"));
    showCandidate(&c, title);
}

void SolutionDetailsView::showBaseline(const QString& name) {
    const Baseline* b = m_set ? m_set->baseline(name.toStdString()) : nullptr;
    showCandidate(b ? &b->candidate : nullptr, tr("Baseline %1").arg(name));
}

void SolutionDetailsView::setSampleCount(int count) {
    if (count == m_sampleCount)
        return;
    m_sampleCount = count;
    refresh();
}

void SolutionDetailsView::setEvaluating(bool evaluating) {
    m_evaluating = evaluating;
    // the title says whether the solver's pick is final
    if (m_set && m_candidate >= m_set->candidates.data() &&
        m_candidate < m_set->candidates.data() + m_set->candidates.size())
        setSelected(static_cast<int>(m_candidate - m_set->candidates.data()));
    else
        refresh();
}

int SolutionDetailsView::crossingBits(const SplitAnalysis& analysis, const SolutionSet& set,
                                      const Candidate& c, ValueId v) {
    const ValueFacts& f = analysis.values[static_cast<size_t>(v)];
    if (f.fixedBits > 0)
        return f.fixedBits;
    if (c.floatEdge)
        return set.constraints.floatBits;
    return c.bits.activation(f.producedAt);
}

int64_t SolutionDetailsView::crossingBytes(const SplitAnalysis& analysis, const SolutionSet& set,
                                           const Candidate& c, ValueId v) {
    const ValueFacts& f = analysis.values[static_cast<size_t>(v)];
    return f.elements ? (*f.elements * crossingBits(analysis, set, c, v) + 7) / 8 : -1;
}

void SolutionDetailsView::showCandidate(const Candidate* candidate, const QString& title) {
    m_candidate = candidate;
    m_titleText = title;
    refresh();
}

void SolutionDetailsView::refresh() {
    m_crossing->setRowCount(0);
    m_bits->setRowCount(0);
    const Candidate* c = m_candidate;
    if (!c || !m_set) {
        for (QLabel* l : {m_title, m_split, m_latency, m_error, m_drop, m_modelSize, m_memoryParts,
                          m_sent, m_reason, m_notes})
            l->clear();
        m_title->setText(tr("No solution"));
        m_memoryBar->setValue(0);
        m_memoryBar->setFormat(QString());
        return;
    }
    const SplitAnalysis* analysis = m_model ? &m_model->analysis : nullptr;
    const Graph* graph = m_model ? &m_model->graph : nullptr;
    const int layers = analysis ? analysis->layerCount() : 0;
    auto layerName = [&](int layer) {
        return analysis && layer >= 1 && layer <= layers
                   ? QString::fromStdString(analysis->layers[static_cast<size_t>(layer) - 1].name)
                   : QString();
    };

    m_title->setText(m_titleText);
    if (c->edgeLayerCount() == 0)
        m_split->setText(tr("0 — everything on the cloud, the raw input is sent"));
    else if (c->isPrefix() && c->split == layers)
        m_split->setText(tr("%1 of %1 — everything on the edge").arg(c->split));
    else if (c->isPrefix())
        m_split->setText(tr("after layer %1 (%2): %1 of %3 layers on the edge")
                             .arg(c->split)
                             .arg(layerName(c->split))
                             .arg(layers > 0 ? QString::number(layers) : format::unknown()));
    else
        m_split->setText(tr("%1 edge layers, not a prefix of the layer order (last: layer %2, %3)")
                             .arg(c->edgeLayerCount())
                             .arg(c->split)
                             .arg(layerName(c->split)));

    const double reference = cloudOnlySeconds(*m_set);
    QString latency =
        tr("%1 = edge %2 + transmission %3 + cloud %4")
            .arg(format::milliseconds(c->totalSeconds), format::milliseconds(c->edgeSeconds),
                 format::milliseconds(c->transmissionSeconds),
                 format::milliseconds(c->cloudSeconds));
    if (reference > 0.0)
        latency +=
            QStringLiteral(" (") +
            tr("%1 × Cloud-Only").arg(QLocale().toString(c->totalSeconds / reference, 'f', 3)) +
            QStringLiteral(")");
    m_latency->setText(latency);
    QString error = format::errorProxy(c->error);
    if (c->floatEdge || c->edgeLayerCount() == 0)
        error += QStringLiteral(" ") + tr("(no quantization)");
    m_error->setText(error);
    m_drop->setToolTip(QString());
    if (format::isPartlyJudged(*c)) {
        // where the interval places it against the limit, which is why judging stopped
        const Candidate::DropEvidence& e = *c->dropEvidence;
        const std::optional<double> limit = m_set->constraints.maxAccuracyDrop;
        QString text = format::candidateDropInFull(*c, m_sampleCount);
        if (limit)
            text += QStringLiteral(": ") + (e.high <= *limit ? tr("within the %1 limit")
                                            : e.low > *limit
                                                ? tr("beyond the %1 limit")
                                                : tr("not yet placed against the %1 limit"))
                                               .arg(format::accuracyDrop(*limit));
        m_drop->setText(text);
        m_drop->setToolTip(
            tr("Judged on part of the samples: the drop on all of them lies in this interval at "
               "the confidence of early decisions. A selection is always confirmed on every "
               "sample."));
    } else if (c->measuredDrop && m_sampleCount > 0)
        m_drop->setText(format::candidateDropInFull(*c, m_sampleCount));
    else if (c->measuredDrop)
        m_drop->setText(format::accuracyDrop(c->measuredDrop) + QStringLiteral(" ") +
                        tr("(measured on the sample data)"));
    else if (c->edgeLayerCount() == 0)
        m_drop->setText(tr("none (the float model runs on the cloud)"));
    else
        m_drop->setText(m_evaluating ? tr("evaluating…") : tr("not evaluated"));

    QString size = format::bytes(c->edgeWeightBytes) + QStringLiteral(" ") + tr("of weights") +
                   QStringLiteral(", ") + format::bitsSummary(*c, m_set->constraints.floatBits);
    if (analysis && c->isPrefix() && c->split >= 1 && c->split <= layers)
        size +=
            QStringLiteral(" (") +
            tr("%1 as stored in the model")
                .arg(format::bytes(analysis->prefixWeightBytes[static_cast<size_t>(c->split)])) +
            QStringLiteral(")");
    m_modelSize->setText(size);

    const int64_t limit = m_set->constraints.edgeMemoryBytes;
    const double fraction =
        limit > 0 ? static_cast<double>(c->edgeMemoryBytes) / static_cast<double>(limit) : 0.0;
    m_memoryBar->setValue(
        std::clamp(static_cast<int>(std::lround(fraction * kBarSteps)), 0, kBarSteps));
    m_memoryBar->setFormat(tr("%1 of %2 (%3%)")
                               .arg(format::bytes(c->edgeMemoryBytes), format::bytes(limit),
                                    QLocale().toString(fraction * 100.0, 'f', 1)));
    m_memoryParts->setText(
        tr("weights %1 + peak activations %2")
            .arg(format::bytes(c->edgeWeightBytes), format::bytes(c->peakActivationBytes)));
    m_memoryBar->setStyleSheet(fraction > 1.0
                                   ? QStringLiteral("QProgressBar::chunk { background: #c62828; }")
                                   : QString());
    if (c->transmittedBytes <= 0)
        m_sent->setText(tr("nothing"));
    else if (c->crossing.size() == 1)
        m_sent->setText(tr("%1 in one tensor").arg(format::bytes(c->transmittedBytes)));
    else
        m_sent->setText(tr("%1 in %2 tensors")
                            .arg(format::bytes(c->transmittedBytes),
                                 QLocale().toString(int(c->crossing.size()))));
    m_reason->setText(c->feasible ? QString()
                                  : tr("Infeasible: %1").arg(QString::fromStdString(c->reason)));
    m_reason->setVisible(!c->feasible);
    // What the solver said about the whole set (e.g. activation errors not calibrated yet).
    QStringList notes;
    for (const std::string& warning : m_set->warnings)
        notes.append(QString::fromStdString(warning));
    m_notes->setText(notes.join(QLatin1Char('\n')));
    m_notes->setVisible(!notes.isEmpty());

    // The crossing tensors.
    if (analysis && graph) {
        m_crossing->setRowCount(static_cast<int>(c->crossing.size()));
        int row = 0;
        for (ValueId v : c->crossing) {
            if (v < 0 || static_cast<size_t>(v) >= analysis->values.size())
                continue;
            const Value& value = graph->value(v);
            const ValueFacts& facts = analysis->values[static_cast<size_t>(v)];
            const int bits = crossingBits(*analysis, *m_set, *c, v);
            const int64_t bytes = crossingBytes(*analysis, *m_set, *c, v);
            const QString producer =
                facts.producedAt == 0
                    ? tr("graph input")
                    : tr("layer %1 (%2)").arg(facts.producedAt).arg(layerName(facts.producedAt));
            m_crossing->setItem(row, 0, textItem(QString::fromStdString(value.name)));
            m_crossing->setItem(row, 1, textItem(QString::fromStdString(value.shape.toString())));
            m_crossing->setItem(row, 2, textItem(producer));
            m_crossing->setItem(row, 3, numberItem(QString::number(bits), bits));
            m_crossing->setItem(row, 4,
                                numberItem(bytes >= 0 ? format::bytes(bytes) : format::unknown(),
                                           static_cast<double>(bytes)));
            ++row;
        }
        m_crossing->setRowCount(row);
        m_crossing->horizontalScrollBar()->setValue(0);
    }

    // Edge layers with their widths.
    std::vector<int> edge = c->edgeLayers;
    if (c->isPrefix())
        for (int i = 1; i <= c->split; ++i)
            edge.push_back(i);
    m_bits->setRowCount(static_cast<int>(edge.size()));
    int row = 0;
    for (int layer : edge) {
        const LayerInfo* info = analysis && layer >= 1 && layer <= layers
                                    ? &analysis->layers[static_cast<size_t>(layer) - 1]
                                    : nullptr;
        const bool hasWeights = info && info->params > 0;
        const int floatBits = m_set->constraints.floatBits;
        const int w = c->floatEdge ? floatBits : c->bits.weight(layer);
        const int a = c->floatEdge ? floatBits : c->bits.activation(layer);
        m_bits->setItem(row, 0, numberItem(QString::number(layer), layer));
        m_bits->setItem(row, 1, textItem(info ? QString::fromStdString(info->name) : QString()));
        m_bits->setItem(row, 2, textItem(info ? QString::fromStdString(info->opType) : QString()));
        m_bits->setItem(
            row, 3,
            numberItem(hasWeights ? QString::number(w) : QStringLiteral("–"), hasWeights ? w : 0));
        m_bits->setItem(row, 4, numberItem(QString::number(a), a));
        ++row;
    }
}

} // namespace autosplit
