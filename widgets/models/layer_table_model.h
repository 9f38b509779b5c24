#pragma once

#include "session/opened_model.h"

#include "core/quant/layer_sensitivity.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace autosplit {

// One row per layer of the optimized graph, in topological order, with what the split analysis
// says about it and about the cut right after it (cut n = layer n: layers 1..n on the edge).
// Display text is formatted with units; SortRole gives the raw number so sorting is numeric.
class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        IndexColumn,
        NameColumn,
        OpColumn,
        OutputShapeColumn,
        ParamsColumn,
        MacsColumn,
        Crossing8Column,
        Crossing4Column,
        PotentialSplitColumn,
        LiCandidateColumn,
        SensitivityColumn,
        ColumnCount
    };
    // Raw value for sorting: qlonglong for numbers (-1 when unknown), QString for text.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit LayerTableModel(QObject* parent = nullptr);

    void setAnalysis(session::OpenedModelPtr model);
    const session::OpenedModelPtr& analysis() const { return m_model; }

    // Eq. (6) criteria of the "potential split" column: the edge part fits memoryLimitBytes at
    // lowestBits and sends fewer bytes than the raw input.
    void setSplitCriteria(qint64 memoryLimitBytes, int lowestBits);
    qint64 memoryLimitBytes() const { return m_memoryLimit; }
    int lowestBits() const { return m_lowestBits; }
    int potentialSplitCount() const;
    // Each layer's measured sensitivity (the drop when it alone is quantized), shown in the
    // sensitivity column; null clears it. Cleared by setAnalysis.
    void setSensitivity(std::shared_ptr<const SensitivityResult> sensitivity);
    const std::shared_ptr<const SensitivityResult>& sensitivity() const { return m_sensitivity; }
    bool isPotentialSplit(int layer) const; // layer is 1-based
    // The graph node a row shows (kNone for a row out of range).
    NodeId nodeOfRow(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Human-readable reason for Li et al.'s rule outcome.
    static QString liRuleText(LiRule rule);

private:
    QVariant displayData(int row, int column) const;
    QVariant sortData(int row, int column) const;
    QVariant toolTip(int row, int column) const;
    QString crossingToolTip(int cut) const;
    const LayerSensitivity* sensitivityOf(int row) const; // null: not measured or nothing quantized
    void recomputePotentialSplits();

    session::OpenedModelPtr m_model;
    qint64 m_memoryLimit = 1024 * 1024;
    int m_lowestBits = 2;
    std::vector<bool> m_potential; // by cut n, size N + 1
    std::shared_ptr<const SensitivityResult> m_sensitivity;
    std::vector<const LayerSensitivity*> m_sensitivityOf; // by row; null when not measured
};

} // namespace autosplit
