#include "app/cli/solution_report.h"

#include "app/cli/text_table.h"

#include "app/cli/units.h"
#include "session/candidates_csv.h"

#include <QJsonArray>

#include <cmath>

namespace autosplit::cli {

namespace {

QString dropText(const Candidate& c) {
    return c.measuredDrop ? QString::number(*c.measuredDrop, 'f', 2) : QStringLiteral("-");
}

QString errorText(double e) {
    return QString::number(e, 'g', 4);
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
    QString line = QStringLiteral("edge %1, cloud %2, uplink %3")
                       .arg(s.edgeName, s.cloudName, rateText(s.uplink.bitsPerSecond));
    if (s.uplink.roundTripSeconds > 0)
        line += QStringLiteral(" + %1 ms round trip").arg(msText(s.uplink.roundTripSeconds));
    if (s.uplink.overheadBytesPerMessage > 0)
        line += QStringLiteral(" + %1 B per message").arg(s.uplink.overheadBytesPerMessage);
    line += QStringLiteral(", memory %1, B {%2}")
                .arg(bytesText(double(set.constraints.edgeMemoryBytes)), bits);
    if (set.constraints.maxAccuracyDrop)
        line += QStringLiteral(", max drop %1 pp").arg(*set.constraints.maxAccuracyDrop);
    if (set.constraints.maxError)
        line += QStringLiteral(", max error %1").arg(errorText(*set.constraints.maxError));
    return line;
}

} // namespace

QString solutionText(const SolveSession& s, const SolutionSet& set) {
    const int layers = s.analysis.layerCount();
    const double reference = cloudOnlySeconds(set);
    const Candidate& c = set.selectedCandidate();
    QString text;
    QTextStream out(&text);
    out << "model:      " << s.modelPath << " (" << layers << " layers after optimization)\n";
    out << "set-up:     " << constraintsLine(s, set) << "\n\n";
    out << "Selected: " << QString::fromLatin1(methodName(c.method).data()) << ", "
        << outcomeOf(c, layers) << ", split " << c.split << " of " << layers << '\n';
    if (!set.selectionReason.empty())
        out << "  why:          " << qstr(set.selectionReason) << '\n';
    out << "  latency:      " << msText(c.totalSeconds) << " ms = edge " << msText(c.edgeSeconds)
        << " + transmission " << msText(c.transmissionSeconds) << " + cloud "
        << msText(c.cloudSeconds) << " ms (" << normalised(c.totalSeconds, reference)
        << " of Cloud-Only's " << msText(reference) << " ms)\n";
    out << "  edge memory:  " << bytesText(double(c.edgeMemoryBytes)) << " of "
        << bytesText(double(set.constraints.edgeMemoryBytes)) << " (weights "
        << bytesText(double(c.edgeWeightBytes)) << ", peak activations "
        << bytesText(double(c.peakActivationBytes)) << ")\n";
    out << "  error E:      " << errorText(c.error) << '\n';
    out << "  accuracy drop: "
        << (c.measuredDrop
                ? QString::number(*c.measuredDrop, 'f', 2) + QStringLiteral(" pp (measured on ") +
                      QString::number(s.setup.samples.size()) + QStringLiteral(" samples)")
                : QStringLiteral("not evaluated"))
        << '\n';
    out << "  transmitted:  " << groupDigits(c.transmittedBytes) << " bytes\n";
    if (!c.crossing.empty()) {
        TextTable crossing;
        crossing.addColumn(QStringLiteral("crossing tensor"), TextTable::Align::Left);
        crossing.addColumn(QStringLiteral("shape"), TextTable::Align::Left);
        crossing.addColumn(QStringLiteral("bits"), TextTable::Align::Right);
        crossing.addColumn(QStringLiteral("bytes"), TextTable::Align::Right);
        for (ValueId v : c.crossing) {
            const int64_t bytes = crossingBytes(s, set, c, v);
            crossing.addRow({qstr(s.setup.graph->value(v).name),
                             qstr(s.setup.graph->value(v).shape.toString()),
                             QString::number(crossingBits(s, set, c, v)),
                             bytes < 0 ? QStringLiteral("unknown") : groupDigits(bytes)});
        }
        out << '\n' << crossing.toString();
    }
    if (c.edgeLayerCount() > 0 && c.isPrefix()) {
        TextTable bits;
        bits.addColumn(QStringLiteral("#"), TextTable::Align::Right);
        bits.addColumn(QStringLiteral("edge layer"), TextTable::Align::Left);
        bits.addColumn(QStringLiteral("op"), TextTable::Align::Left);
        bits.addColumn(QStringLiteral("w bits"), TextTable::Align::Right);
        bits.addColumn(QStringLiteral("a bits"), TextTable::Align::Right);
        for (int i = 1; i <= c.split; ++i) {
            const LayerInfo& l = s.analysis.layers[static_cast<size_t>(i - 1)];
            const int w = c.floatEdge ? set.constraints.floatBits : c.bits.weight(i);
            const int a = c.floatEdge ? set.constraints.floatBits : c.bits.activation(i);
            const bool hasWeight =
                !s.calibration.table.layers[static_cast<size_t>(i - 1)].weight.empty();
            bits.addRow({QString::number(i), qstr(l.name), qstr(l.opType),
                         hasWeight ? QString::number(w) : QStringLiteral("-"), QString::number(a)});
        }
        out << '\n' << bits.toString();
    }

    TextTable front;
    for (const char* h : {"method", "outcome", "split", "latency ms", "vs cloud", "edge ms",
                          "tx ms", "cloud ms", "memory", "error E", "drop pp"})
        front.addColumn(QString::fromLatin1(h),
                        QString::fromLatin1(h) == QLatin1String("method") ||
                                QString::fromLatin1(h) == QLatin1String("outcome")
                            ? TextTable::Align::Left
                            : TextTable::Align::Right);
    auto row = [&](const QString& name, const Candidate& x) {
        return QStringList{name,
                           x.feasible ? outcomeOf(x, layers) : QStringLiteral("infeasible"),
                           QString::number(x.split),
                           msText(x.totalSeconds),
                           normalised(x.totalSeconds, reference),
                           msText(x.edgeSeconds),
                           msText(x.transmissionSeconds),
                           msText(x.cloudSeconds),
                           bytesText(double(x.edgeMemoryBytes)),
                           errorText(x.error),
                           dropText(x)};
    };
    for (int index : set.paretoFront) {
        const Candidate& x = set.candidates[static_cast<size_t>(index)];
        front.addRow(row(QString::fromLatin1(methodName(x.method).data()) +
                             (index == set.selected ? QStringLiteral(" *") : QString()),
                         x));
    }
    out << "\nPareto front in (latency, error), " << set.paretoFront.size() << " of "
        << set.candidates.size() << " candidates (* = selected):\n"
        << front.toString();

    TextTable baselines;
    for (const char* h : {"baseline", "outcome", "split", "latency ms", "vs cloud", "edge ms",
                          "tx ms", "cloud ms", "memory", "error E", "drop pp", "note"})
        baselines.addColumn(QString::fromLatin1(h),
                            QString::fromLatin1(h) == QLatin1String("baseline") ||
                                    QString::fromLatin1(h) == QLatin1String("outcome") ||
                                    QString::fromLatin1(h) == QLatin1String("note")
                                ? TextTable::Align::Left
                                : TextTable::Align::Right);
    for (const Baseline& b : set.baselines) {
        QStringList cells = row(qstr(b.name), b.candidate);
        QString note = qstr(b.candidate.feasible ? b.note : b.candidate.reason);
        if (b.believedSeconds)
            note = QStringLiteral("believes %1 ms; ").arg(msText(*b.believedSeconds)) + note;
        cells << note;
        baselines.addRow(cells);
    }
    out << "\nBaselines on the same cost model:\n" << baselines.toString();
    for (const auto& w : set.warnings)
        out << "warning: " << qstr(w) << '\n';
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
