#pragma once

#include "core/solve/solution_set.h"

#include <QTableView>

#include <memory>

class QSortFilterProxyModel;

namespace autosplit {

class SolutionTableModel;

// The Solutions page: the front, the selection and the baselines in one sortable table
// (SolutionTableModel). Clicking a row picks that solution for every view; the row of the
// solution the views show is selected and kept in sight.
class SolutionTableView : public QTableView {
    Q_OBJECT

public:
    explicit SolutionTableView(QWidget* parent = nullptr);

    void setSolutionSet(std::shared_ptr<const SolutionSet> set);
    // What the views show: a candidate, or a baseline when `baseline` is not empty.
    void setShown(int candidate, const QString& baseline = {});
    SolutionTableModel* solutionModel() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    // The view row (after sorting) of a candidate or baseline, or -1.
    int viewRowOf(int candidate, const QString& baseline = {}) const;

protected:
    void showEvent(QShowEvent* event) override;

signals:
    void candidatePicked(int index);
    void baselinePicked(const QString& name);

private:
    void selectShown();

    SolutionTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    bool m_columnsStale = false;
};

} // namespace autosplit
