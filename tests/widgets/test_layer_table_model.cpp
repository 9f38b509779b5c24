// LayerTableModel and its filter proxy: the model contract (QAbstractItemModelTester), that each
// cell shows what the analysis says, numeric sorting, filtering and the potential-split column.

#include "tests/widgets/solution_fixture.h"
#include "widgets/models/layer_filter_proxy_model.h"
#include "widgets/models/layer_table_model.h"
#include "widgets/number_format.h"

#include "core/analysis/split_analysis.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "tests/support/model_builder.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

// Runs the same pipeline the engine runs, on a model built in code.
qlonglong sortValue(const QAbstractItemModel& m, int row, int column) {
    return m.index(row, column).data(LayerTableModel::SortRole).toLongLong();
}

QString text(const QAbstractItemModel& m, int row, int column) {
    return m.index(row, column).data(Qt::DisplayRole).toString();
}

} // namespace

class TestLayerTableModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void passesModelTester();
    void cellsShowTheAnalysis();
    void chainNumbersComputedHere();
    void unknownSizesShowQuestionMark();
    void sortsNumerically();
    void filtersByNameOrOp();
    void potentialSplitColumnFollowsCriteria();
    void formatsNumbers();

private:
    session::OpenedModelPtr m_chain;
    session::OpenedModelPtr m_inception;
    session::OpenedModelPtr m_residual;
};

void TestLayerTableModel::initTestCase() {
    // Numbers are formatted in the user's locale; the checks below use US English separators.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    m_chain = analyzeModel(buildChain(4, 8, 16), "chain");
    m_inception = analyzeModel(buildInception(), "inception");
    m_residual = analyzeModel(buildResidualBlock(), "residual");
}

void TestLayerTableModel::passesModelTester() {
    LayerTableModel model;
    LayerFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setAnalysis(m_inception);
    QCOMPARE(model.rowCount(), m_inception->analysis.layerCount());
    QCOMPARE(model.columnCount(), int(LayerTableModel::ColumnCount));
    proxy.sort(LayerTableModel::MacsColumn, Qt::DescendingOrder);
    proxy.setFilterText(QStringLiteral("conv"));
    model.setSplitCriteria(10 * 1024, 4);
    model.setAnalysis(m_residual);
    proxy.setFilterText({});
    model.setAnalysis(nullptr);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(proxy.rowCount(), 0);
}

void TestLayerTableModel::cellsShowTheAnalysis() {
    for (const auto& m : {m_chain, m_inception, m_residual}) {
        LayerTableModel model;
        model.setAnalysis(m);
        const SplitAnalysis& a = m->analysis;
        QCOMPARE(model.rowCount(), a.layerCount());
        QVERIFY(a.layerCount() > 0);
        for (int row = 0; row < a.layerCount(); ++row) {
            const LayerInfo& layer = a.layers[static_cast<size_t>(row)];
            const int cut = row + 1;
            QCOMPARE(text(model, row, LayerTableModel::IndexColumn), QString::number(cut));
            QCOMPARE(text(model, row, LayerTableModel::NameColumn),
                     QString::fromStdString(layer.name));
            QString op = QString::fromStdString(layer.opType);
            if (!layer.activation.empty())
                op += QStringLiteral(" + ") + QString::fromStdString(layer.activation);
            QCOMPARE(text(model, row, LayerTableModel::OpColumn), op);
            QCOMPARE(text(model, row, LayerTableModel::OutputShapeColumn),
                     QString::fromStdString(layer.outputShape.toString()));
            QCOMPARE(sortValue(model, row, LayerTableModel::ParamsColumn), qlonglong(layer.params));
            QCOMPARE(sortValue(model, row, LayerTableModel::MacsColumn),
                     qlonglong(layer.macs.value_or(-1)));
            QCOMPARE(sortValue(model, row, LayerTableModel::Crossing8Column),
                     qlonglong(a.crossingBytes(cut, 8).value_or(-1)));
            QCOMPARE(sortValue(model, row, LayerTableModel::Crossing4Column),
                     qlonglong(a.crossingBytes(cut, 4).value_or(-1)));
            QCOMPARE(text(model, row, LayerTableModel::Crossing8Column),
                     format::bytes(a.crossingBytes(cut, 8)));
            const LiRule rule = a.cuts[static_cast<size_t>(cut)].li;
            QCOMPARE(text(model, row, LayerTableModel::LiCandidateColumn),
                     rule == LiRule::Candidate ? QStringLiteral("✓")
                                               : LayerTableModel::liRuleText(rule));
            const auto align = model.index(row, LayerTableModel::ParamsColumn)
                                   .data(Qt::TextAlignmentRole)
                                   .value<Qt::Alignment>();
            QVERIFY(align & Qt::AlignRight);
            // The crossing tooltip lists every crossing tensor of the cut (up to its limit).
            const QString tip =
                model.index(row, LayerTableModel::Crossing8Column).data(Qt::ToolTipRole).toString();
            const auto& crossing = a.cuts[static_cast<size_t>(cut)].crossing;
            for (size_t i = 0; i < std::min<size_t>(crossing.size(), 12); ++i)
                QVERIFY2(tip.contains(QString::fromStdString(m->graph.value(crossing[i]).name)),
                         qPrintable(tip));
        }
    }
}

// Numbers worked out here from how buildChain builds the model (3x3 convs with bias, 'same'
// padding, 8 channels, 16x16 input), not taken from the analysis.
void TestLayerTableModel::chainNumbersComputedHere() {
    LayerTableModel model;
    model.setAnalysis(m_chain);
    int convs = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (!text(model, row, LayerTableModel::OpColumn).startsWith(QStringLiteral("Conv")))
            continue;
        const qlonglong inChannels = convs == 0 ? 3 : 8;
        QCOMPARE(sortValue(model, row, LayerTableModel::ParamsColumn), 8 * inChannels * 3 * 3 + 8);
        QCOMPARE(text(model, row, LayerTableModel::OutputShapeColumn), QStringLiteral("1x8x16x16"));
        ++convs;
    }
    QCOMPARE(convs, 4);
    // After the last layer only the graph output crosses: 8*16*16 elements.
    const int last = model.rowCount() - 1;
    QCOMPARE(sortValue(model, last, LayerTableModel::Crossing8Column), qlonglong(8 * 16 * 16));
    QCOMPARE(sortValue(model, last, LayerTableModel::Crossing4Column), qlonglong(8 * 16 * 16 / 2));
    QCOMPARE(text(model, last, LayerTableModel::Crossing8Column), QStringLiteral("2.0 KiB"));
    QCOMPARE(text(model, last, LayerTableModel::Crossing4Column), QStringLiteral("1.0 KiB"));
}

void TestLayerTableModel::unknownSizesShowQuestionMark() {
    // A dynamic spatial size without an override: shapes below the input stay unknown.
    ModelBuilder b;
    std::string x = b.dynamicInput("image", {1, 3, -1, -1});
    x = b.relu(b.conv(x, 4, 3));
    x = b.conv(x, 4, 3);
    b.output(x);
    // The builder tracks unknown dims as -1; write them as symbolic dims in the output's type.
    auto* dims = b.model()
                     .mutable_graph()
                     ->mutable_output(0)
                     ->mutable_type()
                     ->mutable_tensor_type()
                     ->mutable_shape()
                     ->mutable_dim();
    for (int i = 0; i < dims->size(); ++i)
        if (dims->Get(i).has_dim_value() && dims->Get(i).dim_value() < 0)
            dims->Mutable(i)->set_dim_param("d" + std::to_string(i));
    const session::OpenedModelPtr m = analyzeModel(b.model(), "dynamic");
    LayerTableModel model;
    model.setAnalysis(m);
    QVERIFY(model.rowCount() > 0);
    for (int row = 0; row < model.rowCount(); ++row) {
        const auto bytes = m->analysis.crossingBytes(row + 1, 8);
        QVERIFY2(!bytes, "a cut with an unknown tensor must not get a size");
        QCOMPARE(text(model, row, LayerTableModel::Crossing8Column), QStringLiteral("?"));
        QCOMPARE(sortValue(model, row, LayerTableModel::Crossing8Column), qlonglong(-1));
        QVERIFY(text(model, row, LayerTableModel::OutputShapeColumn).contains(QLatin1Char('?')));
    }
}

void TestLayerTableModel::sortsNumerically() {
    LayerTableModel model;
    model.setAnalysis(m_inception);
    LayerFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    for (int column : {int(LayerTableModel::ParamsColumn), int(LayerTableModel::MacsColumn),
                       int(LayerTableModel::Crossing8Column), int(LayerTableModel::IndexColumn)}) {
        proxy.sort(column, Qt::DescendingOrder);
        for (int row = 1; row < proxy.rowCount(); ++row)
            QVERIFY(sortValue(proxy, row - 1, column) >= sortValue(proxy, row, column));
        proxy.sort(column, Qt::AscendingOrder);
        for (int row = 1; row < proxy.rowCount(); ++row)
            QVERIFY(sortValue(proxy, row - 1, column) <= sortValue(proxy, row, column));
    }
    // The largest parameter count of the inception model comes first when sorted descending.
    proxy.sort(LayerTableModel::ParamsColumn, Qt::DescendingOrder);
    int64_t largest = 0;
    for (const auto& layer : m_inception->analysis.layers)
        largest = std::max(largest, layer.params);
    QCOMPARE(sortValue(proxy, 0, LayerTableModel::ParamsColumn), qlonglong(largest));
}

void TestLayerTableModel::filtersByNameOrOp() {
    LayerTableModel model;
    model.setAnalysis(m_inception);
    LayerFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    for (const QString& needle : {QStringLiteral("branch"), QStringLiteral("CONV"),
                                  QStringLiteral("maxpool"), QStringLiteral("no such layer")}) {
        proxy.setFilterText(needle);
        int expected = 0;
        for (const auto& layer : m_inception->analysis.layers) {
            const QString name = QString::fromStdString(layer.name);
            const QString op = QString::fromStdString(layer.opType + " " + layer.activation);
            if (name.contains(needle, Qt::CaseInsensitive) ||
                op.contains(needle, Qt::CaseInsensitive))
                ++expected;
        }
        QCOMPARE(proxy.rowCount(), expected);
        for (int row = 0; row < proxy.rowCount(); ++row)
            QVERIFY(
                text(proxy, row, LayerTableModel::NameColumn)
                    .contains(needle, Qt::CaseInsensitive) ||
                text(proxy, row, LayerTableModel::OpColumn).contains(needle, Qt::CaseInsensitive));
    }
    QVERIFY(proxy.rowCount() == 0);
    proxy.setFilterText(QStringLiteral("  "));
    QCOMPARE(proxy.rowCount(), model.rowCount());
}

void TestLayerTableModel::potentialSplitColumnFollowsCriteria() {
    LayerTableModel model;
    model.setAnalysis(m_residual);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const SplitAnalysis& a = m_residual->analysis;
    for (auto [limit, bits] :
         {std::pair<qint64, int>{1 << 30, 2}, {64 * 1024, 4}, {1024, 8}, {1, 2}}) {
        model.setSplitCriteria(limit, bits);
        const std::vector<int> expected = a.potentialSplits(limit, bits);
        const std::set<int> expectedSet(expected.begin(), expected.end());
        QCOMPARE(model.potentialSplitCount(), int(expectedSet.size()));
        for (int row = 0; row < model.rowCount(); ++row) {
            const bool potential = expectedSet.count(row + 1) > 0;
            QCOMPARE(text(model, row, LayerTableModel::PotentialSplitColumn),
                     potential ? QStringLiteral("✓") : QString());
            QCOMPARE(sortValue(model, row, LayerTableModel::PotentialSplitColumn),
                     qlonglong(potential));
        }
    }
    QCOMPARE(changed.count(), 4);
    const QModelIndex topLeft = changed.last().at(0).value<QModelIndex>();
    QCOMPARE(topLeft.column(), int(LayerTableModel::PotentialSplitColumn));
    // Same criteria again: nothing changes, no signal.
    model.setSplitCriteria(1, 2);
    QCOMPARE(changed.count(), 4);
}

void TestLayerTableModel::formatsNumbers() {
    QCOMPARE(format::count(1234567), QStringLiteral("1,234,567"));
    QCOMPARE(format::bytes(int64_t(740)), QStringLiteral("740 bytes"));
    QCOMPARE(format::bytes(int64_t(37786)), QStringLiteral("36.9 KiB"));
    QCOMPARE(format::bytes(std::optional<int64_t>()), QStringLiteral("?"));
    QCOMPARE(format::macs(512), QStringLiteral("512"));
    QCOMPARE(format::macs(4128768), QStringLiteral("4.13 M"));
    QCOMPARE(format::macs(int64_t(41287680)), QStringLiteral("41.3 M"));
    QCOMPARE(format::macs(int64_t(4128768000)), QStringLiteral("4.13 G"));
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(format::count(1234567), QStringLiteral("1.234.567"));
    QCOMPARE(format::bytes(int64_t(37786)), QStringLiteral("36,9 KiB"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

QTEST_MAIN(TestLayerTableModel)
#include "test_layer_table_model.moc"
