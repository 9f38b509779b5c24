#pragma once

#include <QSortFilterProxyModel>

namespace autosplit {

// Sorts the layer table numerically (LayerTableModel::SortRole) and keeps the rows whose layer
// name or op contains the filter text, case-insensitively.
class LayerFilterProxyModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit LayerFilterProxyModel(QObject* parent = nullptr);

    void setFilterText(const QString& text);
    const QString& filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
};

} // namespace autosplit
