#include "app/cli/analyze_report.h"

#include "app/cli/text_table.h"

#include <algorithm>
#include <optional>

namespace autosplit::cli {

namespace {

QString str(const std::string& s) {
    return QString::fromStdString(s);
}

QString count(const std::optional<int64_t>& value) {
    return value ? groupDigits(*value) : QStringLiteral("?");
}

QString opText(const LayerInfo& layer) {
    QString op = str(layer.opType);
    if (!layer.activation.empty())
        op += QLatin1Char('+') + str(layer.activation);
    return op;
}

// Raw inputs of cut 0, e.g. "1x3x224x224"; several are joined by ", ".
QString inputShapes(const Graph& graph) {
    QStringList shapes;
    for (ValueId id : graph.inputs())
        if (!graph.value(id).isConstant())
            shapes << str(graph.value(id).shape.toString());
    return shapes.join(QLatin1String(", "));
}

// "yes", "no", or "?" when the memory or the crossing bytes at the lowest bit-width are unknown.
QString potentialText(const AnalyzeReport& r, int n, const std::vector<int>& splits,
                      const std::vector<std::optional<int64_t>>& memory) {
    if (std::binary_search(splits.begin(), splits.end(), n))
        return QStringLiteral("yes");
    const SplitAnalysis& a = r.analysis;
    if (!a.crossingBytes(0, r.lowestBits) || !a.crossingBytes(n, r.lowestBits) ||
        !memory[static_cast<size_t>(n)])
        return QStringLiteral("?");
    return QStringLiteral("no");
}

QString plural(int64_t n, const char* one, const char* many) {
    return groupDigits(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

} // namespace

QString formatCutList(const std::vector<int>& cuts) {
    QStringList parts;
    for (size_t i = 0; i < cuts.size();) {
        size_t j = i;
        while (j + 1 < cuts.size() && cuts[j + 1] == cuts[j] + 1)
            ++j;
        if (j == i)
            parts << QString::number(cuts[i]);
        else
            parts << QString::number(cuts[i]) + QLatin1Char('-') + QString::number(cuts[j]);
        i = j + 1;
    }
    return parts.join(QLatin1String(", "));
}

QString formatTextReport(const AnalyzeReport& r) {
    const SplitAnalysis& a = r.analysis;
    const Graph& graph = *r.graph;
    const QString lowest = QString::number(r.lowestBits);
    const std::vector<int> splits = a.potentialSplits(r.memoryLimitBytes, r.lowestBits);
    const auto memory = a.edgeMemoryProfile(r.lowestBits);

    TextTable table;
    using Align = TextTable::Align;
    table.addColumn(QStringLiteral("#"), Align::Right);
    table.addColumn(QStringLiteral("layer"), Align::Left);
    table.addColumn(QStringLiteral("op"), Align::Left);
    table.addColumn(QStringLiteral("output"), Align::Left);
    table.addColumn(QStringLiteral("params"), Align::Right);
    table.addColumn(QStringLiteral("MACs"), Align::Right);
    table.addColumn(QStringLiteral("tensors"), Align::Right);
    table.addColumn(QStringLiteral("cross@8b"), Align::Right);
    table.addColumn(QStringLiteral("cross@4b"), Align::Right);
    table.addColumn(QStringLiteral("mem@") + lowest + QLatin1Char('b'), Align::Right);
    table.addColumn(QStringLiteral("potential"), Align::Left);
    table.addColumn(QStringLiteral("Li"), Align::Left);

    const CutInfo& input = a.cuts.front();
    table.addRow({QStringLiteral("0"), QStringLiteral("(input)"), QStringLiteral("-"),
                  inputShapes(graph), QStringLiteral("-"), QStringLiteral("-"),
                  QString::number(input.crossing.size()), count(a.crossingBytes(0, 8)),
                  count(a.crossingBytes(0, 4)), count(memory.front()), QStringLiteral("-"),
                  str(std::string(liRuleName(input.li)))});
    for (int n = 1; n <= a.layerCount(); ++n) {
        const LayerInfo& layer = a.layers[static_cast<size_t>(n - 1)];
        const CutInfo& cut = a.cuts[static_cast<size_t>(n)];
        table.addRow({QString::number(n), str(layer.name), opText(layer),
                      str(layer.outputShape.toString()), groupDigits(layer.params),
                      count(layer.macs), QString::number(cut.crossing.size()),
                      count(a.crossingBytes(n, 8)), count(a.crossingBytes(n, 4)),
                      count(memory[static_cast<size_t>(n)]), potentialText(r, n, splits, memory),
                      str(std::string(liRuleName(cut.li)))});
    }

    QString text = table.toString();
    text +=
        QStringLiteral(
            "\nRow n is layer n and the cut after it (n = 0: the raw input, Cloud-Only). Sizes in "
            "bytes; ? = unknown.\n"
            "tensors: tensors crossing the cut; cross@8b/@4b: their bytes with edge activations at "
            "8/4 bits;\n"
            "mem@") +
        lowest + QStringLiteral("b: edge memory (weights + peak activation working set) at ") +
        lowest +
        QStringLiteral(" bits;\n"
                       "potential: eq. (6) at the memory limit and lowest bit-width; Li: Li et "
                       "al.'s candidate rule.\n");

    // Summary, labels aligned.
    std::vector<std::pair<QString, QString>> rows;
    QString model = r.modelFileName;
    if (!graph.name.empty())
        model += QStringLiteral(" (graph '") + str(graph.name) + QStringLiteral("')");
    rows.emplace_back(QStringLiteral("model"), model);
    rows.emplace_back(QStringLiteral("layers"), groupDigits(a.layerCount()));
    rows.emplace_back(
        QStringLiteral("parameters"),
        groupDigits(a.totalParams()) + QStringLiteral(" (") +
            groupDigits(a.prefixWeightBytes.empty() ? 0 : a.prefixWeightBytes.back()) +
            QStringLiteral(" bytes stored)"));
    if (const auto macs = a.totalMacs())
        rows.emplace_back(QStringLiteral("MACs"), groupDigits(*macs));
    else
        rows.emplace_back(QStringLiteral("MACs"),
                          groupDigits(a.knownMacs()) + QStringLiteral(" known; ") +
                              plural(a.unknownMacLayers(), "layer", "layers") +
                              QStringLiteral(" unknown"));
    rows.emplace_back(QStringLiteral("raw input"),
                      (a.rawInputSizeKnown ? groupDigits(a.rawInputBytes) : QStringLiteral("?")) +
                          QStringLiteral(" bytes at ") + QString::number(a.options.rawInputBits) +
                          QStringLiteral(" bits per element"));
    QString potential = plural(static_cast<int64_t>(splits.size()), "cut", "cuts") +
                        QStringLiteral(" at ") + groupDigits(r.memoryLimitBytes) +
                        QStringLiteral(" bytes, ") + lowest + QStringLiteral("-bit lowest");
    if (!splits.empty())
        potential += QStringLiteral(": ") + formatCutList(splits);
    rows.emplace_back(QStringLiteral("potential splits"), potential);
    const std::vector<int> candidates = a.liCandidates();
    rows.emplace_back(
        QStringLiteral("Li candidates"),
        plural(static_cast<int64_t>(candidates.size()), "cut", "cuts") +
            (candidates.empty() ? QString() : QStringLiteral(": ") + formatCutList(candidates)));
    rows.emplace_back(QStringLiteral("graph outputs"), a.options.outputsConsumedOnEdge
                                                           ? QStringLiteral("consumed on the edge")
                                                           : QStringLiteral("sent to the cloud"));
    QStringList passes;
    if (!r.optimized)
        passes << QStringLiteral("none (--no-optimize)");
    for (const PassReport& p : r.passReports)
        passes << str(p.pass) + QStringLiteral(" (") +
                      (p.modified
                           ? plural(static_cast<int64_t>(p.changes.size()), "change", "changes")
                           : QStringLiteral("no change")) +
                      QLatin1Char(')');
    if (passes.isEmpty())
        passes << QStringLiteral("none");
    rows.emplace_back(QStringLiteral("passes"), passes.join(QLatin1String(", ")));
    rows.emplace_back(QStringLiteral("warnings"),
                      r.warnings.empty() ? QStringLiteral("none")
                                         : groupDigits(static_cast<int64_t>(r.warnings.size())));

    qsizetype labelWidth = 0;
    for (const auto& [label, value] : rows)
        labelWidth = std::max(labelWidth, label.size());
    text += QStringLiteral("\nSummary\n");
    for (const auto& [label, value] : rows)
        text += QStringLiteral("  ") +
                QString(label + QLatin1Char(':')).leftJustified(labelWidth + 2) + value +
                QLatin1Char('\n');
    for (const std::string& w : r.warnings)
        text += QStringLiteral("  warning: ") + str(w) + QLatin1Char('\n');
    return text;
}

} // namespace autosplit::cli
