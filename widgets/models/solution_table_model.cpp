#include "widgets/models/solution_table_model.h"

#include "widgets/number_format.h"
#include "widgets/solution/solution_text.h"

#include <QBrush>
#include <QFont>
#include <QPalette>

#include <algorithm>
#include <set>

namespace autosplit {

SolutionTableModel::SolutionTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SolutionTableModel::setSolutionSet(std::shared_ptr<const SolutionSet> set) {
    beginResetModel();
    m_set = std::move(set);
    m_rows.clear();
    m_shownBaseline.clear();
    m_shownCandidate = m_set ? m_set->selected : -1;
    if (m_set) {
        // the front the chart draws: by measured drop once there are any, else by E
        const std::vector<int>& front =
            m_set->measuredFront.empty() ? m_set->paretoFront : m_set->measuredFront;
        std::set<int> listed;
        for (int i : front)
            if (i >= 0 && static_cast<size_t>(i) < m_set->candidates.size() &&
                listed.insert(i).second)
                m_rows.push_back({i, {}});
        if (m_set->selected >= 0 && listed.insert(m_set->selected).second)
            m_rows.push_back({m_set->selected, {}});
        // fastest first, as the chart reads from left to right
        std::stable_sort(m_rows.begin(), m_rows.end(), [&](const Row& a, const Row& b) {
            return m_set->candidates[static_cast<size_t>(a.candidate)].totalSeconds <
                   m_set->candidates[static_cast<size_t>(b.candidate)].totalSeconds;
        });
        for (const Baseline& b : m_set->baselines)
            m_rows.push_back({-1, QString::fromStdString(b.name)});
    }
    endResetModel();
}

void SolutionTableModel::setShown(int candidate, const QString& baseline) {
    // a candidate picked off the front (in the other metric's view, or a bar of the per-split
    // breakdown) gets a row of its own, so that the table shows it too
    if (m_set && baseline.isEmpty() && candidate >= 0 &&
        candidate < static_cast<int>(m_set->candidates.size()) && rowOf(candidate) < 0) {
        int at = 0;
        while (at < static_cast<int>(m_rows.size()) &&
               m_rows[static_cast<size_t>(at)].baseline.isEmpty())
            ++at;
        beginInsertRows({}, at, at);
        m_rows.insert(m_rows.begin() + at, Row{candidate, {}});
        endInsertRows();
    }
    const int before = shownRow();
    m_shownCandidate = baseline.isEmpty() ? candidate : -1;
    m_shownBaseline = baseline;
    const int after = shownRow();
    for (int row : {before, after})
        if (row >= 0)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int SolutionTableModel::rowOf(int candidate, const QString& baseline) const {
    for (size_t r = 0; r < m_rows.size(); ++r) {
        const Row& row = m_rows[r];
        if (baseline.isEmpty() ? row.baseline.isEmpty() && row.candidate == candidate
                               : row.baseline == baseline)
            return static_cast<int>(r);
    }
    return -1;
}

const Candidate* SolutionTableModel::candidateOf(int row) const {
    if (!m_set || row < 0 || static_cast<size_t>(row) >= m_rows.size())
        return nullptr;
    const Row& r = m_rows[static_cast<size_t>(row)];
    if (r.baseline.isEmpty())
        return &m_set->candidates[static_cast<size_t>(r.candidate)];
    const Baseline* b = m_set->baseline(r.baseline.toStdString());
    return b ? &b->candidate : nullptr;
}

int SolutionTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SolutionTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SolutionTableModel::labelOf(const Row& row) const {
    if (!row.baseline.isEmpty()) {
        const Baseline* b = m_set->baseline(row.baseline.toStdString());
        return b ? tr("%1 (baseline)").arg(format::methodLabel(b->candidate.method)) : row.baseline;
    }
    const Candidate& c = m_set->candidates[static_cast<size_t>(row.candidate)];
    QString label =
        format::methodLabel(c.method) + QStringLiteral(" #") + QString::number(row.candidate);
    if (row.candidate == m_set->selected)
        label = QStringLiteral("★ ") + label;
    return label;
}

QVariant SolutionTableModel::data(const QModelIndex& index, int role) const {
    const Candidate* c = candidateOf(index.row());
    if (!index.isValid() || !c)
        return {};
    const Row& row = m_rows[static_cast<size_t>(index.row())];
    const bool shown = index.row() == shownRow();
    const bool hasCost = c->feasible || c->totalSeconds > 0.0;
    if (role == Qt::FontRole && shown) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::BackgroundRole && shown)
        return QPalette().brush(QPalette::Highlight).color().lighter(170);
    if (role == Qt::ToolTipRole && index.column() == SolutionColumn)
        return shown ? tr("Shown in every view") : tr("Click to show this solution in every view");
    if (role == Qt::TextAlignmentRole)
        return index.column() == SolutionColumn || index.column() == NoteColumn ||
                       index.column() == BitsColumn
                   ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const bool display = role == Qt::DisplayRole;
    if (!display && role != SortRole)
        return {};
    auto seconds = [&](double s) -> QVariant {
        if (!hasCost)
            return display ? QVariant(QStringLiteral("–")) : QVariant(-1.0);
        return display ? QVariant(format::milliseconds(s)) : QVariant(s);
    };
    switch (index.column()) {
    case SolutionColumn:
        return display ? QVariant(labelOf(row))
                       : QVariant(row.baseline.isEmpty() ? QString() : row.baseline);
    case SplitColumn:
        if (!c->isPrefix())
            return display ? QVariant(tr("%1 layers").arg(c->edgeLayerCount()))
                           : QVariant(c->edgeLayerCount());
        return c->split;
    case TotalColumn:
        return seconds(c->totalSeconds);
    case EdgeColumn:
        return seconds(c->edgeSeconds);
    case TransmissionColumn:
        return seconds(c->transmissionSeconds);
    case CloudColumn:
        return seconds(c->cloudSeconds);
    case MemoryColumn:
        return display ? QVariant(format::bytes(c->edgeMemoryBytes))
                       : QVariant(qlonglong(c->edgeMemoryBytes));
    case SentColumn:
        return display ? QVariant(format::bytes(c->transmittedBytes))
                       : QVariant(qlonglong(c->transmittedBytes));
    case BitsColumn:
        return format::bitsSummary(*c, m_set->constraints.floatBits);
    case ErrorColumn:
        return display ? QVariant(format::errorProxy(c->error)) : QVariant(c->error);
    case DropColumn:
        if (!c->measuredDrop)
            return display ? QVariant(QStringLiteral("–")) : QVariant(1e300);
        // sorted by the drop on the samples judged, which the chart plots too
        return display ? QVariant(format::candidateDrop(*c)) : QVariant(*c->measuredDrop);
    case NoteColumn: {
        if (!c->feasible)
            return tr("infeasible");
        if (row.baseline.isEmpty() && row.candidate == m_set->selected)
            return tr("selected by the solver");
        return QString();
    }
    default:
        return {};
    }
}

QVariant SolutionTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == DropColumn)
        return tr("Accuracy drop measured on the sample data, in percentage points; a range and "
                  "the samples judged for a drop judged on part of them");
    if (role == Qt::ToolTipRole && section == ErrorColumn)
        return tr("The error proxy E: the sum of the edge layers' weight and activation "
                  "quantization errors");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SolutionColumn:
        return tr("Solution");
    case SplitColumn:
        return tr("Split");
    case TotalColumn:
        return tr("Latency");
    case EdgeColumn:
        return tr("Edge");
    case TransmissionColumn:
        return tr("Transmission");
    case CloudColumn:
        return tr("Cloud");
    case MemoryColumn:
        return tr("Edge memory");
    case SentColumn:
        return tr("Sent");
    case BitsColumn:
        return tr("Bit-widths");
    case ErrorColumn:
        return tr("E");
    case DropColumn:
        return tr("Drop");
    case NoteColumn:
        return tr("Note");
    default:
        return {};
    }
}

} // namespace autosplit
