#include "widgets/models/layer_table_model.h"

#include "widgets/number_format.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>
#include <cmath>
#include <limits>

namespace autosplit {

namespace {

constexpr int kMaxTensorsInToolTip = 12;

qlonglong orMinusOne(const std::optional<int64_t>& v) {
    return v ? static_cast<qlonglong>(*v) : -1;
}

bool isNumeric(int column) {
    switch (column) {
    case LayerTableModel::IndexColumn:
    case LayerTableModel::ParamsColumn:
    case LayerTableModel::MacsColumn:
    case LayerTableModel::Crossing8Column:
    case LayerTableModel::Crossing4Column:
    case LayerTableModel::SensitivityColumn:
        return true;
    default:
        return false;
    }
}

} // namespace

LayerTableModel::LayerTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void LayerTableModel::setAnalysis(session::OpenedModelPtr model) {
    beginResetModel();
    m_model = std::move(model);
    m_sensitivity.reset();
    m_sensitivityOf.clear();
    recomputePotentialSplits();
    endResetModel();
}

void LayerTableModel::setSensitivity(std::shared_ptr<const SensitivityResult> sensitivity) {
    m_sensitivity = std::move(sensitivity);
    m_sensitivityOf.assign(static_cast<size_t>(rowCount()), nullptr);
    if (m_sensitivity)
        for (const LayerSensitivity& l : m_sensitivity->layers)
            if (l.layer >= 1 && l.layer <= rowCount())
                m_sensitivityOf[static_cast<size_t>(l.layer - 1)] = &l;
    if (rowCount() > 0)
        emit dataChanged(index(0, SensitivityColumn), index(rowCount() - 1, SensitivityColumn));
    emit headerDataChanged(Qt::Horizontal, SensitivityColumn, SensitivityColumn);
}

const LayerSensitivity* LayerTableModel::sensitivityOf(int row) const {
    if (row < 0 || static_cast<size_t>(row) >= m_sensitivityOf.size())
        return nullptr;
    const LayerSensitivity* l = m_sensitivityOf[static_cast<size_t>(row)];
    return l && l->quantized ? l : nullptr;
}

void LayerTableModel::setSplitCriteria(qint64 memoryLimitBytes, int lowestBits) {
    if (memoryLimitBytes == m_memoryLimit && lowestBits == m_lowestBits)
        return;
    m_memoryLimit = memoryLimitBytes;
    m_lowestBits = lowestBits;
    recomputePotentialSplits();
    if (rowCount() > 0)
        emit dataChanged(index(0, PotentialSplitColumn),
                         index(rowCount() - 1, PotentialSplitColumn));
}

void LayerTableModel::recomputePotentialSplits() {
    m_potential.clear();
    if (!m_model)
        return;
    m_potential.assign(static_cast<size_t>(m_model->analysis.layerCount()) + 1, false);
    for (int n : m_model->analysis.potentialSplits(m_memoryLimit, m_lowestBits))
        if (n >= 0 && static_cast<size_t>(n) < m_potential.size())
            m_potential[static_cast<size_t>(n)] = true;
}

NodeId LayerTableModel::nodeOfRow(int row) const {
    if (!m_model || row < 0 || row >= static_cast<int>(m_model->analysis.layers.size()))
        return kNone;
    return m_model->analysis.layers[static_cast<size_t>(row)].node;
}

int LayerTableModel::potentialSplitCount() const {
    return static_cast<int>(std::count(m_potential.begin(), m_potential.end(), true));
}

bool LayerTableModel::isPotentialSplit(int layer) const {
    return layer >= 0 && static_cast<size_t>(layer) < m_potential.size() &&
           m_potential[static_cast<size_t>(layer)];
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_model)
        return 0;
    return m_model->analysis.layerCount();
}

int LayerTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, column);
    case SortRole:
        return sortData(row, column);
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::TextAlignmentRole:
        if (isNumeric(column))
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (column == PotentialSplitColumn || column == LiCandidateColumn)
            return QVariant::fromValue(Qt::AlignHCenter | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole: {
        const auto& cut = m_model->analysis.cuts.at(static_cast<size_t>(row) + 1);
        if (column == PotentialSplitColumn && isPotentialSplit(row + 1))
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        if (column == LiCandidateColumn && cut.li == LiRule::Candidate)
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        if (column == LiCandidateColumn)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    }
    case Qt::FontRole:
        if (column == PotentialSplitColumn || column == LiCandidateColumn) {
            QFont font;
            font.setBold(true);
            if (column == LiCandidateColumn &&
                m_model->analysis.cuts.at(static_cast<size_t>(row) + 1).li != LiRule::Candidate)
                font.setBold(false);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant LayerTableModel::displayData(int row, int column) const {
    const SplitAnalysis& a = m_model->analysis;
    const LayerInfo& layer = a.layers.at(static_cast<size_t>(row));
    const int cut = row + 1;
    switch (column) {
    case IndexColumn:
        return format::count(cut);
    case NameColumn:
        return QString::fromStdString(layer.name);
    case OpColumn:
        if (layer.activation.empty())
            return QString::fromStdString(layer.opType);
        return QStringLiteral("%1 + %2").arg(QString::fromStdString(layer.opType),
                                             QString::fromStdString(layer.activation));
    case OutputShapeColumn:
        return QString::fromStdString(layer.outputShape.toString());
    case ParamsColumn:
        return layer.params == 0 ? QString() : format::count(layer.params);
    case MacsColumn:
        return format::macs(layer.macs);
    case Crossing8Column:
        return format::bytes(a.crossingBytes(cut, 8));
    case Crossing4Column:
        return format::bytes(a.crossingBytes(cut, 4));
    case PotentialSplitColumn:
        return isPotentialSplit(cut) ? QStringLiteral("✓") : QString();
    case LiCandidateColumn: {
        const LiRule rule = a.cuts.at(static_cast<size_t>(cut)).li;
        return rule == LiRule::Candidate ? QStringLiteral("✓") : liRuleText(rule);
    }
    case SensitivityColumn:
        if (const LayerSensitivity* l = sensitivityOf(row))
            return m_sensitivity->metric == MetricKind::Sqnr
                       ? tr("%1 %").arg(QLocale().toString(l->drop, 'f', 2))
                       : tr("%1 pp").arg(QLocale().toString(l->drop, 'f', 1));
        return {};
    default:
        return {};
    }
}

QVariant LayerTableModel::sortData(int row, int column) const {
    const SplitAnalysis& a = m_model->analysis;
    const LayerInfo& layer = a.layers.at(static_cast<size_t>(row));
    const int cut = row + 1;
    switch (column) {
    case IndexColumn:
        return qlonglong(cut);
    case NameColumn:
        return QString::fromStdString(layer.name);
    case OpColumn:
        return displayData(row, column);
    case OutputShapeColumn:
        return orMinusOne(layer.outputElements);
    case ParamsColumn:
        return qlonglong(layer.params);
    case MacsColumn:
        return orMinusOne(layer.macs);
    case Crossing8Column:
        return orMinusOne(a.crossingBytes(cut, 8));
    case Crossing4Column:
        return orMinusOne(a.crossingBytes(cut, 4));
    case PotentialSplitColumn:
        return qlonglong(isPotentialSplit(cut) ? 1 : 0);
    case LiCandidateColumn:
        return qlonglong(static_cast<int>(a.cuts.at(static_cast<size_t>(cut)).li));
    case SensitivityColumn:
        // unmeasured rows sort below every measured one
        if (const LayerSensitivity* l = sensitivityOf(row))
            return l->drop;
        return -std::numeric_limits<double>::infinity();
    default:
        return {};
    }
}

QVariant LayerTableModel::toolTip(int row, int column) const {
    const SplitAnalysis& a = m_model->analysis;
    const LayerInfo& layer = a.layers.at(static_cast<size_t>(row));
    const int cut = row + 1;
    switch (column) {
    case NameColumn:
        return QString::fromStdString(layer.name);
    case OpColumn: {
        const Node& node = m_model->graph.node(layer.node);
        if (node.folded.empty())
            return {};
        QStringList names;
        for (const auto& name : node.folded)
            names << QString::fromStdString(name);
        return tr("Folded into this layer: %1").arg(names.join(QStringLiteral(", ")));
    }
    case OutputShapeColumn:
        if (!layer.outputElements)
            return tr(
                "The output shape is not fully known; give the input shape with --input-shape.");
        return tr("%1 elements").arg(format::count(*layer.outputElements));
    case MacsColumn:
        if (!layer.macs)
            return tr("Unknown: a shape this layer needs is not known.");
        return tr("%1 multiply-accumulates").arg(format::count(*layer.macs));
    case Crossing8Column:
    case Crossing4Column:
        return crossingToolTip(cut);
    case PotentialSplitColumn: {
        const auto memory = a.edgeMemoryBytes(cut, m_lowestBits);
        const auto crossing = a.crossingBytes(cut, m_lowestBits);
        return tr("Split after this layer at %1 bits: edge memory %2 (limit %3), sends %4 "
                  "(raw input %5).")
            .arg(m_lowestBits)
            .arg(format::bytes(memory), format::bytes(m_memoryLimit), format::bytes(crossing),
                 format::bytes(a.rawInputBytes));
    }
    case LiCandidateColumn:
        switch (a.cuts.at(static_cast<size_t>(cut)).li) {
        case LiRule::Candidate:
            return tr("A candidate partition point under Li et al.'s rule.");
        case LiRule::InsideBranch:
            return tr(
                "Not a candidate: the cut is inside a branch whose brother branch is still live.");
        case LiRule::AcrossShortcut:
            return tr("Not a candidate: a residual shortcut crosses the cut.");
        case LiRule::NonParametric:
            return tr("Not a candidate: this non-parametric layer is merged into the previous "
                      "parametric layer.");
        case LiRule::Boundary:
            return tr("The cloud-only boundary.");
        }
        return {};
    case SensitivityColumn:
        if (const LayerSensitivity* l = sensitivityOf(row))
            return tr("Quantized alone to %1 bits (the rest in float): score %2 instead of %3, "
                      "output SQNR %4 dB.")
                .arg(m_sensitivity->bits)
                .arg(QLocale().toString(l->quantizedScore, 'f', 2),
                     QLocale().toString(m_sensitivity->floatScore, 'f', 2),
                     std::isfinite(l->outputSqnrDb) ? QLocale().toString(l->outputSqnrDb, 'f', 1)
                                                    : QStringLiteral("∞"));
        return m_sensitivity ? tr("Nothing to quantize in this layer.")
                             : tr("Not measured yet: Analysis > Measure Layer Sensitivity.");
    default:
        return {};
    }
}

QString LayerTableModel::crossingToolTip(int cut) const {
    const CutInfo& info = m_model->analysis.cuts.at(static_cast<size_t>(cut));
    QStringList lines;
    lines << tr("Tensors crossing the cut after this layer: %1")
                 .arg(static_cast<int>(info.crossing.size()));
    int shown = 0;
    for (ValueId id : info.crossing) {
        if (shown++ == kMaxTensorsInToolTip) {
            lines << tr("… and %1 more")
                         .arg(static_cast<int>(info.crossing.size()) - kMaxTensorsInToolTip);
            break;
        }
        const Value& value = m_model->graph.value(id);
        QString line = QStringLiteral("  %1  %2")
                           .arg(QString::fromStdString(value.name),
                                QString::fromStdString(value.shape.toString()));
        if (value.isGraphInput)
            line += QStringLiteral("  ") + tr("(raw input)");
        lines << line;
    }
    if (!info.sizeKnown)
        lines << tr("The size of at least one of them is unknown.");
    return lines.join(QChar(u'\n'));
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        // Two-line headers keep the numeric columns as narrow as their numbers.
        switch (section) {
        case IndexColumn:
            return tr("#");
        case NameColumn:
            return tr("Layer");
        case OpColumn:
            return tr("Op");
        case OutputShapeColumn:
            return tr("Output\nshape");
        case ParamsColumn:
            return tr("Params");
        case MacsColumn:
            return tr("MACs");
        case Crossing8Column:
            return tr("Sent at\n8 bit");
        case Crossing4Column:
            return tr("Sent at\n4 bit");
        case PotentialSplitColumn:
            return tr("Potential\nsplit");
        case LiCandidateColumn:
            return tr("Li\ncandidate");
        case SensitivityColumn:
            return m_sensitivity ? tr("Drop alone\nat %1 bit").arg(m_sensitivity->bits)
                                 : tr("Drop\nalone");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case IndexColumn:
            return tr("Position in the topological order; a split after layer n puts layers 1..n "
                      "on the edge.");
        case NameColumn:
            return tr("Node name in the optimized graph.");
        case OpColumn:
            return tr("Operator, with the activation fused into it.");
        case OutputShapeColumn:
            return tr("Shape of the layer's first output.");
        case ParamsColumn:
            return tr("Constant (weight) elements of the layer.");
        case MacsColumn:
            return tr("Multiply-accumulate operations.");
        case Crossing8Column:
            return tr("Bytes sent to the cloud when splitting after this layer, edge activations "
                      "at 8 bits (skip connections and raw inputs included).");
        case Crossing4Column:
            return tr("Bytes sent to the cloud when splitting after this layer, edge activations "
                      "at 4 bits.");
        case PotentialSplitColumn:
            return tr("Eq. (6) of Auto-Split: the edge part fits the memory limit at the lowest "
                      "bit-width and sends less than the raw input.");
        case LiCandidateColumn:
            return tr("Li et al.'s candidate rule: no split inside a branch or across a shortcut; "
                      "non-parametric layers merge into the previous parametric one.");
        case SensitivityColumn:
            return tr("Sensitivity: the accuracy drop, in the task metric's unit, when only this "
                      "layer's weights and output are quantized and the rest stays float "
                      "(Analysis > Measure Layer Sensitivity).");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue((isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft) |
                                   Qt::AlignVCenter);
    return {};
}

QString LayerTableModel::liRuleText(LiRule rule) {
    switch (rule) {
    case LiRule::Candidate:
        return tr("candidate");
    case LiRule::InsideBranch:
        return tr("inside branch");
    case LiRule::AcrossShortcut:
        return tr("across shortcut");
    case LiRule::NonParametric:
        return tr("merged");
    case LiRule::Boundary:
        return tr("boundary");
    }
    return {};
}

} // namespace autosplit
