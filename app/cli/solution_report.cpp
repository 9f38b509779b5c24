#include "app/cli/solution_report.h"

#include "app/cli/text_table.h"
#include "app/cli/units.h"

#include "session/candidates_csv.h"

#include <QJsonArray>

#include <cmath>

namespace autosplit::cli {

namespace {

// A drop judged on part of the samples shows the interval of the whole set's and the count.
QString dropText(const Candidate& c) {
    if (!c.measuredDrop)
        return QStringLiteral("-");
    if (c.dropEvidence && !c.dropEvidence->isFinal())
        return QStringLiteral("%1..%2 (%3/%4)")
            .arg(QString::number(std::max(0.0, c.dropEvidence->low), 'f', 1),
                 QString::number(c.dropEvidence->high, 'f', 1))
            .arg(c.dropEvidence->samples)
            .arg(c.dropEvidence->total);
    return QString::number(*c.measuredDrop, 'f', 2);
}

// Three digits, as the sizes: E spans orders of magnitude, its fourth digit says nothing.
QString errorText(double e) {
    return QString::number(e, 'g', 3);
}

// Bits a crossing tensor travels at in candidate c.
int crossingBits(const SolveSession& s, const SolutionSet& set, const Candidate& c, ValueId v) {
    const ValueFacts& f = s.analysis.values[static_cast<size_t>(v)];
    if (f.fixedBits > 0)
        return f.fixedBits;
    if (c.floatEdge)
        return set.constraints.floatBits;
    return c.bits.activation(f.producedAt);
}

int64_t crossingBytes(const SolveSession& s, const SolutionSet& set, const Candidate& c,
                      ValueId v) {
    const ValueFacts& f = s.analysis.values[static_cast<size_t>(v)];
    return f.elements ? (*f.elements * crossingBits(s, set, c, v) + 7) / 8 : -1;
}

QString normalised(double seconds, double reference) {
    return reference > 0 ? QString::number(seconds / reference, 'f', 3) : QStringLiteral("-");
}

QString constraintsLine(const SolveSession& s, const SolutionSet& set) {
    QString bits;
    for (int b : set.bits)
        bits += (bits.isEmpty() ? QString() : QStringLiteral(",")) + QString::number(b);
    QString line =
        QStringLiteral("edge %1, cloud %2, memory %3, B {%4}")
            .arg(s.edgeName, s.cloudName, exactBytesText(set.constraints.edgeMemoryBytes), bits);
    if (set.constraints.maxAccuracyDrop)
        line += QStringLiteral(", max drop %1 pp").arg(*set.constraints.maxAccuracyDrop);
    if (set.constraints.maxError)
        line += QStringLiteral(", max error %1").arg(errorText(*set.constraints.maxError));
    return line;
}

// The network the solve used and every figure of it, stated even when zero, so that a run
// without --network (the paper's set-up) is not mistaken for the explorer's default 3G.
QString networkLine(const SolveSession& s) {
    QStringList overrides;
    if (s.settings.uplinkBitsPerSecond)
        overrides << QStringLiteral("--uplink");
    if (s.settings.roundTripSeconds)
        overrides << QStringLiteral("--rtt");
    if (s.settings.overheadBytesPerMessage)
        overrides << QStringLiteral("--overhead");
    QString name = s.networkName.isEmpty()
                       ? (overrides.isEmpty() ? QStringLiteral("none given (the paper's set-up)")
                                              : QStringLiteral("none given"))
                       : s.networkName;
    if (!s.networkName.isEmpty() && !overrides.isEmpty())
        name += QStringLiteral(" with ") + overrides.join(QStringLiteral(", "));
    const Uplink& u = s.uplink;
    QString line = QStringLiteral("%1: uplink %2, ").arg(name, rateText(u.bitsPerSecond));
    line += u.roundTripSeconds > 0
                ? QStringLiteral("round trip %1 ms").arg(msText(u.roundTripSeconds))
                : QStringLiteral("no round trip");
    line +=
        u.overheadBytesPerMessage > 0
            ? QStringLiteral(", %1 per message").arg(bytesText(double(u.overheadBytesPerMessage)))
            : QStringLiteral(", no per-message overhead");
    return line;
}

// Where the candidate runs, without repeating its method: "layers 1-24 of 77 on the edge".
QString placementText(const Candidate& c, int layers) {
    const int onEdge = c.edgeLayerCount();
    if (onEdge == 0)
        return QStringLiteral("every layer on the cloud");
    if (c.isPrefix() && c.split == layers)
        return QStringLiteral("all %1 on the edge").arg(countOf(layers, "layer", "layers"));
    if (c.isPrefix())
        return onEdge == 1
                   ? QStringLiteral("layer 1 of %1 on the edge").arg(layers)
                   : QStringLiteral("layers 1-%1 of %2 on the edge").arg(onEdge).arg(layers);
    return QStringLiteral("%1 of %2 layers on the edge (a partition, not a prefix)")
        .arg(onEdge)
        .arg(layers);
}

// The selection's name: the method, and the placement unless the method already says it
// (Cloud-Only, Edge-Only U8).
QString selectedTitle(const Candidate& c, int layers) {
    if (c.method == Method::CloudOnly)
        return QStringLiteral("Cloud-Only (") + placementText(c, layers) + QLatin1Char(')');
    if (c.method == Method::EdgeOnlyU8)
        return QStringLiteral("Edge-Only U8 (") + placementText(c, layers) +
               QStringLiteral(", 8-bit)");
    return QString::fromLatin1(methodName(c.method).data()) + QStringLiteral(", ") +
           placementText(c, layers);
}

// One labelled line of the selection's summary, wrapped under its value.
QString labelled(const char* label, const QString& value) {
    constexpr int kLabelWidth = 17;
    const QString head = QStringLiteral("  ") + QString::fromLatin1(label) + QLatin1Char(':');
    return wrapText(head.leftJustified(kLabelWidth) + value, kReportWidth, kLabelWidth);
}

// The latency and cost columns the front and the baselines share; an infeasible candidate has
// no latency worth printing, only the memory that did not fit.
void addCostColumns(TextTable& table) {
    for (const char* h : {"split", "total ms", "ratio", "edge ms", "tx ms", "cloud ms", "memory",
                          "error E", "drop pp"})
        table.addColumn(QString::fromLatin1(h), TextTable::Align::Right);
}

QStringList costCells(const Candidate& x, double reference) {
    const QString none = QStringLiteral("-");
    if (!x.feasible)
        return {QString::number(x.split),
                none,
                none,
                none,
                none,
                none,
                x.edgeMemoryBytes > 0 ? bytesText(double(x.edgeMemoryBytes)) : none,
                none,
                none};
    return {QString::number(x.split),
            msText(x.totalSeconds),
            normalised(x.totalSeconds, reference),
            msText(x.edgeSeconds),
            msText(x.transmissionSeconds),
            msText(x.cloudSeconds),
            bytesText(double(x.edgeMemoryBytes)),
            errorText(x.error),
            dropText(x)};
}

} // namespace

QString randomInputsNote(size_t samples) {
    return QStringLiteral("the accuracy drops were measured on %1; drops on random inputs say "
                          "nothing about task accuracy (give --samples for that)")
        .arg(countOf(static_cast<int64_t>(samples), "random input", "random inputs"));
}

QString randomInputsWarning(size_t samples) {
    return wrapText(QStringLiteral("warning: ") + randomInputsNote(samples), kReportWidth, 9);
}

QString runTimeLine(double seconds) {
    return QStringLiteral("total run time: ") + durationText(seconds) + QLatin1Char('\n');
}

QString solutionText(const SolveSession& s, const SolutionSet& set, bool randomInputs) {
    const int layers = s.analysis.layerCount();
    const double reference = cloudOnlySeconds(set);
    const Candidate& c = set.selectedCandidate();
    QString text;
    QTextStream out(&text);
    out << wrapText(QStringLiteral("model:   ") + s.modelPath + QStringLiteral(" (") +
                        countOf(layers, "layer", "layers") + QStringLiteral(" after optimization)"),
                    kReportWidth, 9);
    out << wrapText(QStringLiteral("set-up:  ") + constraintsLine(s, set), kReportWidth, 9);
    out << wrapText(QStringLiteral("network: ") + networkLine(s), kReportWidth, 9);
    if (!s.sampleSource.isEmpty())
        out << wrapText(QStringLiteral("samples: ") + s.sampleSource, kReportWidth, 9);
    out << '\n';
    out << wrapText(QStringLiteral("Selected: ") + selectedTitle(c, layers), kReportWidth, 10);
    if (!set.selectionReason.empty())
        out << labelled("why", qstr(set.selectionReason));
    out << labelled("latency",
                    QStringLiteral("%1 ms = edge %2 + transmission %3 + cloud %4 ms (%5 of "
                                   "Cloud-Only's %6 ms)")
                        .arg(msText(c.totalSeconds), msText(c.edgeSeconds),
                             msText(c.transmissionSeconds), msText(c.cloudSeconds),
                             normalised(c.totalSeconds, reference), msText(reference)));
    out << labelled("edge memory", QStringLiteral("%1 of %2 (weights %3, peak activations %4)")
                                       .arg(exactBytesText(c.edgeMemoryBytes),
                                            bytesText(double(set.constraints.edgeMemoryBytes)),
                                            bytesText(double(c.edgeWeightBytes)),
                                            bytesText(double(c.peakActivationBytes))));
    out << labelled("error E", errorText(c.error));
    const bool partial = c.measuredDrop && c.dropEvidence && !c.dropEvidence->isFinal();
    out << labelled(
        "accuracy drop",
        !c.measuredDrop ? QStringLiteral("not evaluated")
        : partial       ? QStringLiteral("%1 to %2 pp on all samples (%3 of %4 judged, %5 pp on "
                                               "those)")
                        .arg(QString::number(std::max(0.0, c.dropEvidence->low), 'f', 2),
                             QString::number(c.dropEvidence->high, 'f', 2))
                        .arg(c.dropEvidence->samples)
                        .arg(c.dropEvidence->total)
                        .arg(QString::number(*c.measuredDrop, 'f', 2))
                  : QString::number(*c.measuredDrop, 'f', 2) + QStringLiteral(" pp (measured on ") +
                        countOf(static_cast<int64_t>(s.setup.samples.size()), "sample", "samples") +
                        QLatin1Char(')'));
    out << labelled("transmitted", exactBytesText(c.transmittedBytes));
    if (!c.crossing.empty()) {
        TextTable crossing;
        crossing.addColumn(QStringLiteral("crossing tensor"), TextTable::Align::Left, true, 16);
        crossing.addColumn(QStringLiteral("shape"), TextTable::Align::Left, true, 12);
        crossing.addColumn(QStringLiteral("bits"), TextTable::Align::Right);
        crossing.addColumn(QStringLiteral("size"), TextTable::Align::Right);
        for (ValueId v : c.crossing) {
            const int64_t bytes = crossingBytes(s, set, c, v);
            crossing.addRow({qstr(s.setup.graph->value(v).name),
                             qstr(s.setup.graph->value(v).shape.toString()),
                             QString::number(crossingBits(s, set, c, v)),
                             bytes < 0 ? QStringLiteral("unknown") : bytesText(double(bytes))});
        }
        out << '\n' << crossing.toString();
    }
    if (c.edgeLayerCount() > 0 && c.isPrefix()) {
        // Runs of layers with the same widths, one row each (a 103-layer edge took 103 rows);
        // --json has every layer.
        TextTable bits;
        bits.addColumn(QStringLiteral("edge layers"), TextTable::Align::Left);
        bits.addColumn(QStringLiteral("first"), TextTable::Align::Left, true, 16);
        bits.addColumn(QStringLiteral("last"), TextTable::Align::Left, true, 16);
        bits.addColumn(QStringLiteral("w bits"), TextTable::Align::Right);
        bits.addColumn(QStringLiteral("a bits"), TextTable::Align::Right);
        auto widths = [&](int i) {
            const int w = c.floatEdge ? set.constraints.floatBits : c.bits.weight(i);
            const int a = c.floatEdge ? set.constraints.floatBits : c.bits.activation(i);
            const bool hasWeight =
                !s.calibration.table.layers[static_cast<size_t>(i - 1)].weight.empty();
            return std::pair(hasWeight ? QString::number(w) : QStringLiteral("-"),
                             QString::number(a));
        };
        auto name = [&](int i) { return qstr(s.analysis.layers[static_cast<size_t>(i - 1)].name); };
        for (int first = 1; first <= c.split;) {
            const auto run = widths(first);
            int last = first;
            // a layer without weights ("-") joins a run of the same activation width
            while (last < c.split) {
                const auto next = widths(last + 1);
                if (next.second != run.second ||
                    (next.first != run.first && next.first != QStringLiteral("-")))
                    break;
                ++last;
            }
            bits.addRow({first == last ? QString::number(first)
                                       : QStringLiteral("%1-%2").arg(first).arg(last),
                         name(first), first == last ? QString() : name(last), run.first,
                         run.second});
            first = last + 1;
        }
        out << '\n' << bits.toString();
    }

    TextTable front;
    front.addColumn(QStringLiteral("method"), TextTable::Align::Left, true, 10);
    addCostColumns(front);
    int infeasibleOnFront = 0;
    for (int index : set.paretoFront) {
        const Candidate& x = set.candidates[static_cast<size_t>(index)];
        if (!x.feasible) {
            ++infeasibleOnFront;
            continue;
        }
        front.addRow(QStringList{QString::fromLatin1(methodName(x.method).data()) +
                                 (index == set.selected ? QStringLiteral(" *") : QString())} +
                     costCells(x, reference));
    }
    const int64_t shown = static_cast<int64_t>(set.paretoFront.size()) - infeasibleOnFront;
    QString heading =
        QStringLiteral("Pareto front in (latency, error): ") + groupDigits(shown) +
        QStringLiteral(" of ") +
        countOf(static_cast<int64_t>(set.candidates.size()), "candidate", "candidates");
    if (infeasibleOnFront > 0)
        heading += QStringLiteral(" (") +
                   countOf(infeasibleOnFront, "infeasible one", "infeasible ones") +
                   QStringLiteral(" left out)");
    heading += QStringLiteral(" (* = selected, ratio: to Cloud-Only):");
    out << '\n' << wrapText(heading) << front.toString();

    TextTable baselines;
    baselines.addColumn(QStringLiteral("baseline"), TextTable::Align::Left, true, 10);
    addCostColumns(baselines);
    QString notes;
    for (const Baseline& b : set.baselines) {
        baselines.addRow(QStringList{qstr(b.name)} + costCells(b.candidate, reference));
        QString note = b.candidate.feasible
                           ? qstr(b.note)
                           : QStringLiteral("infeasible: ") + qstr(b.candidate.reason);
        if (b.candidate.feasible && b.believedSeconds)
            note = QStringLiteral("believes %1 ms; ").arg(msText(*b.believedSeconds)) + note;
        if (!note.isEmpty())
            notes += wrapText(QStringLiteral("  ") + qstr(b.name) + QStringLiteral(": ") + note,
                              kReportWidth, 4);
    }
    out << "\nBaselines on the same cost model (- = infeasible):\n" << baselines.toString();
    if (!notes.isEmpty())
        out << '\n' << notes;
    const bool anyWarning = !set.warnings.empty() || randomInputs;
    if (anyWarning)
        out << '\n';
    for (const auto& w : set.warnings)
        out << wrapText(QStringLiteral("warning: ") + qstr(w), kReportWidth, 9);
    if (randomInputs)
        out << randomInputsWarning(s.setup.samples.size());
    out.flush();
    return text;
}

namespace {

QJsonObject candidateJson(const SolveSession& s, const SolutionSet& set, const Candidate& c) {
    QJsonObject o;
    o[QStringLiteral("method")] = QString::fromLatin1(methodName(c.method).data());
    o[QStringLiteral("outcome")] = outcomeOf(c, s.analysis.layerCount());
    o[QStringLiteral("split")] = c.split;
    if (!c.isPrefix()) {
        QJsonArray edge;
        for (int l : c.edgeLayers)
            edge.append(l);
        o[QStringLiteral("edgeLayers")] = edge;
    }
    o[QStringLiteral("feasible")] = c.feasible;
    if (!c.reason.empty())
        o[QStringLiteral("reason")] = qstr(c.reason);
    o[QStringLiteral("latencySeconds")] = c.totalSeconds;
    o[QStringLiteral("edgeSeconds")] = c.edgeSeconds;
    o[QStringLiteral("transmissionSeconds")] = c.transmissionSeconds;
    o[QStringLiteral("cloudSeconds")] = c.cloudSeconds;
    o[QStringLiteral("edgeMemoryBytes")] = static_cast<qint64>(c.edgeMemoryBytes);
    o[QStringLiteral("edgeWeightBytes")] = static_cast<qint64>(c.edgeWeightBytes);
    o[QStringLiteral("peakActivationBytes")] = static_cast<qint64>(c.peakActivationBytes);
    o[QStringLiteral("transmittedBytes")] = static_cast<qint64>(c.transmittedBytes);
    o[QStringLiteral("error")] = c.error;
    o[QStringLiteral("measuredDropPercent")] =
        c.measuredDrop ? QJsonValue(*c.measuredDrop) : QJsonValue();
    if (c.measuredDrop && c.dropEvidence && !c.dropEvidence->isFinal()) {
        // judged on part of the samples: the whole set's drop lies in [low, high]
        QJsonObject e;
        e[QStringLiteral("samples")] = c.dropEvidence->samples;
        e[QStringLiteral("of")] = c.dropEvidence->total;
        e[QStringLiteral("lowPercent")] = c.dropEvidence->low;
        e[QStringLiteral("highPercent")] = c.dropEvidence->high;
        o[QStringLiteral("dropJudgedOn")] = e;
    }
    o[QStringLiteral("floatEdge")] = c.floatEdge;
    QJsonArray w, a;
    if (c.isPrefix())
        for (int i = 1; i <= c.split; ++i) {
            w.append(c.floatEdge ? set.constraints.floatBits : c.bits.weight(i));
            a.append(c.floatEdge ? set.constraints.floatBits : c.bits.activation(i));
        }
    o[QStringLiteral("weightBits")] = w;
    o[QStringLiteral("activationBits")] = a;
    QJsonArray crossing;
    for (ValueId v : c.crossing) {
        QJsonObject t;
        const Value& value = s.setup.graph->value(v);
        t[QStringLiteral("name")] = qstr(value.name);
        QJsonArray dims;
        for (int64_t d : value.shape.dims)
            dims.append(static_cast<qint64>(d));
        t[QStringLiteral("shape")] = dims;
        t[QStringLiteral("bits")] = crossingBits(s, set, c, v);
        t[QStringLiteral("bytes")] = static_cast<qint64>(crossingBytes(s, set, c, v));
        crossing.append(t);
    }
    o[QStringLiteral("crossing")] = crossing;
    return o;
}

} // namespace

QJsonObject solutionJson(const SolveSession& s, const SolutionSet& set) {
    QJsonObject root;
    root[QStringLiteral("model")] = s.modelPath;
    root[QStringLiteral("layers")] = s.analysis.layerCount();
    QJsonObject setup;
    setup[QStringLiteral("edge")] = s.edgeName;
    setup[QStringLiteral("cloud")] = s.cloudName;
    if (!s.networkName.isEmpty())
        setup[QStringLiteral("network")] = s.networkName;
    setup[QStringLiteral("uplinkBitsPerSecond")] = s.uplink.bitsPerSecond;
    setup[QStringLiteral("roundTripSeconds")] = s.uplink.roundTripSeconds;
    setup[QStringLiteral("overheadBytesPerMessage")] =
        static_cast<qint64>(s.uplink.overheadBytesPerMessage);
    if (!s.settings.measuredLatencies.isEmpty())
        setup[QStringLiteral("measuredLatencies")] = s.settings.measuredLatencies;
    setup[QStringLiteral("rawInputBits")] = s.settings.rawInputBits;
    setup[QStringLiteral("outputsOnEdge")] = s.settings.outputsOnEdge;
    setup[QStringLiteral("edgeMemoryBytes")] = static_cast<qint64>(set.constraints.edgeMemoryBytes);
    setup[QStringLiteral("maxDropPercent")] = set.constraints.maxAccuracyDrop
                                                  ? QJsonValue(*set.constraints.maxAccuracyDrop)
                                                  : QJsonValue();
    setup[QStringLiteral("maxError")] =
        set.constraints.maxError ? QJsonValue(*set.constraints.maxError) : QJsonValue();
    QJsonArray bits;
    for (int b : set.bits)
        bits.append(b);
    setup[QStringLiteral("bits")] = bits;
    setup[QStringLiteral("samples")] = static_cast<qint64>(s.setup.samples.size());
    root[QStringLiteral("setup")] = setup;
    if (s.canMeasure() && set.constraints.maxAccuracyDrop) {
        const EvaluationEngineStats e = s.evaluationStats();
        QJsonObject evaluation;
        evaluation[QStringLiteral("mode")] =
            s.fullEvaluation ? QStringLiteral("full") : QStringLiteral("engine");
        evaluation[QStringLiteral("confidence")] = s.engineOptions.confidence;
        evaluation[QStringLiteral("referenceRuns")] = static_cast<qint64>(e.referenceRuns);
        evaluation[QStringLiteral("referencesLoaded")] = static_cast<qint64>(e.referencesLoaded);
        evaluation[QStringLiteral("sampleRuns")] = static_cast<qint64>(e.sampleRuns);
        evaluation[QStringLiteral("layersRun")] = static_cast<qint64>(e.layersRun);
        evaluation[QStringLiteral("layersReused")] = static_cast<qint64>(e.layersReused);
        evaluation[QStringLiteral("samplesJudged")] = static_cast<qint64>(e.samplesJudged);
        evaluation[QStringLiteral("samplesOfAll")] = static_cast<qint64>(e.samplesOfAll);
        root[QStringLiteral("evaluation")] = evaluation;
    }
    root[QStringLiteral("cloudOnlySeconds")] = cloudOnlySeconds(set);
    root[QStringLiteral("selected")] = candidateJson(s, set, set.selectedCandidate());
    root[QStringLiteral("selectionReason")] = qstr(set.selectionReason);
    QJsonArray front;
    for (int index : set.paretoFront)
        front.append(candidateJson(s, set, set.candidates[static_cast<size_t>(index)]));
    root[QStringLiteral("paretoFront")] = front;
    root[QStringLiteral("candidateCount")] = static_cast<qint64>(set.candidates.size());
    QJsonArray baselines;
    for (const Baseline& b : set.baselines) {
        QJsonObject o = candidateJson(s, set, b.candidate);
        o[QStringLiteral("name")] = qstr(b.name);
        o[QStringLiteral("note")] = qstr(b.note);
        if (b.believedSeconds)
            o[QStringLiteral("believedSeconds")] = *b.believedSeconds;
        baselines.append(o);
    }
    root[QStringLiteral("baselines")] = baselines;
    QJsonArray splits;
    for (int n : set.potentialSplits)
        splits.append(n);
    root[QStringLiteral("potentialSplits")] = splits;
    QJsonArray warnings;
    for (const auto& w : set.warnings)
        warnings.append(qstr(w));
    root[QStringLiteral("warnings")] = warnings;
    return root;
}

QString candidatesCsv(const SolveSession& s, const SolutionSet& set) {
    return autosplit::candidatesCsv(set, s.analysis.layerCount());
}

} // namespace autosplit::cli
