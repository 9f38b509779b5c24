#pragma once

#include "core/solve/solution_set.h"

#include <QAbstractTableModel>
#include <QString>

#include <memory>
#include <vector>

namespace autosplit {

// The solutions worth comparing side by side, one row each: the Pareto front (by measured drop
// once candidates are measured, else by E), the solver's selection wherever it lies, and every
// baseline. A row is a way to pick a solution (the views follow), and the row of the solution
// the views show is marked. Display text carries units; SortRole gives raw numbers.
class SolutionTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        SolutionColumn,
        SplitColumn,
        TotalColumn,
        EdgeColumn,
        TransmissionColumn,
        CloudColumn,
        MemoryColumn,
        SentColumn,
        BitsColumn,
        ErrorColumn,
        DropColumn,
        NoteColumn,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;

    // A candidate (index into SolutionSet::candidates) or a baseline (by name).
    struct Row {
        int candidate = -1;
        QString baseline;
    };

    explicit SolutionTableModel(QObject* parent = nullptr);

    void setSolutionSet(std::shared_ptr<const SolutionSet> set);
    // What the views show: a candidate, or a baseline when `baseline` is not empty. A candidate
    // not listed (off the front) is added as a row of its own.
    void setShown(int candidate, const QString& baseline = {});
    const std::vector<Row>& rows() const { return m_rows; }
    // The row of a candidate or baseline, or -1.
    int rowOf(int candidate, const QString& baseline = {}) const;
    int shownRow() const { return rowOf(m_shownCandidate, m_shownBaseline); }
    // The solution a row stands for (null for a row out of range or an unknown baseline).
    const Candidate* candidateOf(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString labelOf(const Row& row) const;

    std::shared_ptr<const SolutionSet> m_set;
    std::vector<Row> m_rows;
    int m_shownCandidate = -1;
    QString m_shownBaseline;
};

} // namespace autosplit
