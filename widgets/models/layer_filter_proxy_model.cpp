#include "widgets/models/layer_filter_proxy_model.h"

#include "widgets/models/layer_table_model.h"

namespace autosplit {

LayerFilterProxyModel::LayerFilterProxyModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(LayerTableModel::SortRole);
}

void LayerFilterProxyModel::setFilterText(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

bool LayerFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (m_text.isEmpty())
        return true;
    for (int column : {LayerTableModel::NameColumn, LayerTableModel::OpColumn}) {
        const QModelIndex index = sourceModel()->index(sourceRow, column, sourceParent);
        if (index.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace autosplit
