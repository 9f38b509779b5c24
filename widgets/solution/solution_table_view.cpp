#include "widgets/solution/solution_table_view.h"

#include "widgets/models/solution_table_model.h"

#include <QHeaderView>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>

namespace autosplit {

SolutionTableView::SolutionTableView(QWidget* parent) : QTableView(parent) {
    setObjectName(QStringLiteral("solutionTable"));
    m_model = new SolutionTableModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SolutionTableModel::SortRole);
    setModel(m_proxy);
    setSortingEnabled(true);
    sortByColumn(-1, Qt::AscendingOrder); // the model's order: the front fastest first
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    verticalHeader()->setVisible(false);
    horizontalHeader()->setStretchLastSection(true);
    connect(this, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (!source.isValid())
            return;
        const auto& row = m_model->rows()[static_cast<size_t>(source.row())];
        if (row.baseline.isEmpty())
            emit candidatePicked(row.candidate);
        else
            emit baselinePicked(row.baseline);
    });
}

void SolutionTableView::setSolutionSet(std::shared_ptr<const SolutionSet> set) {
    m_model->setSolutionSet(std::move(set));
    // Measuring every cell costs milliseconds on each slider step: done only when in sight.
    if (isVisible())
        resizeColumnsToContents();
    else
        m_columnsStale = true;
    selectShown();
}

void SolutionTableView::showEvent(QShowEvent* event) {
    QTableView::showEvent(event);
    if (m_columnsStale) {
        m_columnsStale = false;
        resizeColumnsToContents();
    }
}

void SolutionTableView::setShown(int candidate, const QString& baseline) {
    m_model->setShown(candidate, baseline);
    selectShown();
}

int SolutionTableView::viewRowOf(int candidate, const QString& baseline) const {
    const int row = m_model->rowOf(candidate, baseline);
    return row < 0 ? -1 : m_proxy->mapFromSource(m_model->index(row, 0)).row();
}

void SolutionTableView::selectShown() {
    const int row = m_model->shownRow();
    const QSignalBlocker block(selectionModel());
    if (row < 0) {
        clearSelection();
        return;
    }
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    selectRow(index.row());
    scrollTo(index);
}

} // namespace autosplit
