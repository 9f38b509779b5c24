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
    return value ? countText(*value) : QStringLiteral("?");
}

QString size(const std::optional<int64_t>& bytes) {
    return bytes ? bytesText(double(*bytes)) : QStringLiteral("?");
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

// Li et al.'s rule in a few letters, so that the column needs no wrapping.
QString liText(LiRule rule) {
    switch (rule) {
    case LiRule::Candidate:
        return QStringLiteral("yes");
    case LiRule::InsideBranch:
        return QStringLiteral("branch");
    case LiRule::AcrossShortcut:
        return QStringLiteral("shortcut");
    case LiRule::NonParametric:
        return QStringLiteral("non-param");
    case LiRule::Boundary:
        return QStringLiteral("boundary");
    }
    return QStringLiteral("?");
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

// Each layer on both devices as the solver costs it: the systolic array's compute cycles and
// utilisation (SCALE-Sim's closed forms; "-" on a roofline device), and the compute and memory
// time (a layer takes the larger).
QString formatDeviceTable(const AnalyzeReport& r) {
    using Align = TextTable::Align;
    TextTable table;
    table.addColumn(QStringLiteral("#"), Align::Right);
    table.addColumn(QStringLiteral("op"), Align::Left, true, 10);
    for (const QString& side : {QStringLiteral("edge"), QStringLiteral("cloud")}) {
        table.addColumn(side + QStringLiteral(" cycles"), Align::Right);
        table.addColumn(QStringLiteral("util"), Align::Right);
        table.addColumn(QStringLiteral("comp ms"), Align::Right);
        table.addColumn(QStringLiteral("mem ms"), Align::Right);
    }
    auto cells = [](const LayerTime& t, QStringList& row) {
        row << (t.cycles > 0 ? countText(static_cast<int64_t>(t.cycles)) : QStringLiteral("-"))
            << (t.cycles > 0
                    ? QString::number(100.0 * t.utilisation, 'f', t.utilisation < 0.1 ? 1 : 0) +
                          QLatin1Char('%')
                    : QStringLiteral("-"))
            << QString::number(t.computeSeconds * 1e3, 'f', 3)
            << QString::number(t.memorySeconds * 1e3, 'f', 3);
    };
    double edgeTotal = 0.0, cloudTotal = 0.0;
    for (size_t i = 0; i < r.edgeTimes.size(); ++i) {
        const LayerInfo& l = r.analysis.layers[i];
        QStringList row{QString::number(i + 1), str(l.opType)};
        cells(r.edgeTimes[i], row);
        cells(r.cloudTimes[i], row);
        table.addRow(row);
        edgeTotal += r.edgeTimes[i].seconds;
        cloudTotal += r.cloudTimes[i].seconds;
    }
    return QStringLiteral("\nDevice model: edge %1 at %2 bits, cloud %3\n")
               .arg(r.edgeDevice)
               .arg(r.edgeBits)
               .arg(r.cloudDevice) +
           table.toString() +
           wrapText(QStringLiteral("cycles: the systolic array's compute cycles (SCALE-Sim's "
                                   "closed forms for the device's dataflow), util: MACs per "
                                   "cycle and PE; comp/mem ms: compute and off-chip memory time, "
                                   "a layer taking the larger. All layers: edge %1 ms, cloud %2 "
                                   "ms.")
                        .arg(QString::number(edgeTotal * 1e3, 'f', 2),
                             QString::number(cloudTotal * 1e3, 'f', 2)),
                    kReportWidth);
}

QString formatTextReport(const AnalyzeReport& r) {
    const SplitAnalysis& a = r.analysis;
    const Graph& graph = *r.graph;
    const QString lowest = QString::number(r.lowestBits);
    const std::vector<int> splits = a.potentialSplits(r.memoryLimitBytes, r.lowestBits);
    const auto memory = a.edgeMemoryProfile(r.lowestBits);

    TextTable table;
    using Align = TextTable::Align;
    // Names, ops and shapes wrap within their columns so that the numbers stay in 100 columns.
    table.addColumn(QStringLiteral("#"), Align::Right);
    table.addColumn(QStringLiteral("layer"), Align::Left, true, 9);
    table.addColumn(QStringLiteral("op"), Align::Left, true, 9);
    table.addColumn(QStringLiteral("output"), Align::Left, true, 7);
    table.addColumn(QStringLiteral("params"), Align::Right);
    table.addColumn(QStringLiteral("MACs"), Align::Right);
    table.addColumn(QStringLiteral("n"), Align::Right);
    table.addColumn(QStringLiteral("cross@8b"), Align::Right);
    table.addColumn(QStringLiteral("cross@4b"), Align::Right);
    table.addColumn(QStringLiteral("mem@") + lowest + QLatin1Char('b'), Align::Right);
    table.addColumn(QStringLiteral("eq.6"), Align::Left);
    table.addColumn(QStringLiteral("Li"), Align::Left);

    const CutInfo& input = a.cuts.front();
    table.addRow({QStringLiteral("0"), QStringLiteral("(input)"), QStringLiteral("-"),
                  inputShapes(graph), QStringLiteral("-"), QStringLiteral("-"),
                  QString::number(input.crossing.size()), size(a.crossingBytes(0, 8)),
                  size(a.crossingBytes(0, 4)), size(memory.front()), QStringLiteral("-"),
                  liText(input.li)});
    for (int n = 1; n <= a.layerCount(); ++n) {
        const LayerInfo& layer = a.layers[static_cast<size_t>(n - 1)];
        const CutInfo& cut = a.cuts[static_cast<size_t>(n)];
        table.addRow({QString::number(n), str(layer.name), opText(layer),
                      str(layer.outputShape.toString()), countText(layer.params), count(layer.macs),
                      QString::number(cut.crossing.size()), size(a.crossingBytes(n, 8)),
                      size(a.crossingBytes(n, 4)), size(memory[static_cast<size_t>(n)]),
                      potentialText(r, n, splits, memory), liText(cut.li)});
    }

    QString text = table.toString();
    text += QLatin1Char('\n') +
            wrapText(QStringLiteral(
                         "Row # is layer # and the cut after it (0: the raw input, Cloud-Only). "
                         "Counts in k = 10^3 and M = 10^6, sizes in binary units (KiB = 2^10 B); "
                         "? = unknown. n: tensors crossing the cut; cross@8b/@4b: their size with "
                         "edge activations at 8/4 bits; mem@%1b: edge memory (weights + peak "
                         "activation working set) at %1 bits; eq.6: a potential split by eq. (6) "
                         "at the memory limit and lowest bit-width; Li: Li et al.'s candidate "
                         "rule, yes or why not (branch: inside a branch with a live brother; "
                         "shortcut: across a residual shortcut; non-param: a non-parametric "
                         "layer, merged into the one before).")
                         .arg(lowest));

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
            exactBytesText(a.prefixWeightBytes.empty() ? 0 : a.prefixWeightBytes.back()) +
            QStringLiteral(" stored)"));
    if (const auto macs = a.totalMacs())
        rows.emplace_back(QStringLiteral("MACs"), groupDigits(*macs));
    else
        rows.emplace_back(QStringLiteral("MACs"),
                          groupDigits(a.knownMacs()) + QStringLiteral(" known; ") +
                              countOf(a.unknownMacLayers(), "layer", "layers") +
                              QStringLiteral(" unknown"));
    rows.emplace_back(
        QStringLiteral("raw input"),
        (a.rawInputSizeKnown ? exactBytesText(a.rawInputBytes) : QStringLiteral("?")) +
            QStringLiteral(" at ") + QString::number(a.options.rawInputBits) +
            QStringLiteral(" bits per element"));
    QString potential = countOf(static_cast<int64_t>(splits.size()), "cut", "cuts") +
                        QStringLiteral(" at ") + exactBytesText(r.memoryLimitBytes) +
                        QStringLiteral(", ") + lowest + QStringLiteral("-bit lowest");
    if (!splits.empty())
        potential += QStringLiteral(": ") + formatCutList(splits);
    rows.emplace_back(QStringLiteral("potential splits"), potential);
    const std::vector<int> candidates = a.liCandidates();
    rows.emplace_back(
        QStringLiteral("Li candidates"),
        countOf(static_cast<int64_t>(candidates.size()), "cut", "cuts") +
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
                           ? countOf(static_cast<int64_t>(p.changes.size()), "change", "changes")
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
    const int indent = int(labelWidth) + 4;
    for (const auto& [label, value] : rows)
        text +=
            wrapText(QStringLiteral("  ") +
                         QString(label + QLatin1Char(':')).leftJustified(labelWidth + 2) + value,
                     kReportWidth, indent);
    for (const std::string& w : r.warnings)
        text += wrapText(QStringLiteral("  warning: ") + str(w), kReportWidth, 11);
    if (!r.edgeTimes.empty())
        text += formatDeviceTable(r);
    return text;
}

} // namespace autosplit::cli
