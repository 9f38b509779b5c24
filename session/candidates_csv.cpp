#include "session/candidates_csv.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QStringList>

#include <algorithm>
#include <vector>

namespace autosplit {

QString outcomeOf(const Candidate& c, int layers) {
    if (c.edgeLayerCount() == 0)
        return QStringLiteral("Cloud-Only");
    if (c.isPrefix() && c.split == layers)
        return QStringLiteral("Edge-Only");
    return QStringLiteral("SPLIT");
}

QString candidatesCsv(const SolutionSet& set, int layers) {
    const double reference = cloudOnlySeconds(set);
    QString text = QStringLiteral(
        "kind,method,outcome,split,feasible,pareto,selected,latency_s,normalised,edge_s,"
        "transmission_s,cloud_s,edge_memory_bytes,edge_weight_bytes,transmitted_bytes,error,"
        "measured_drop_pp,drop_low,drop_high,drop_samples\n");
    std::vector<bool> onFront(set.candidates.size(), false);
    for (int i : set.paretoFront)
        if (i >= 0 && static_cast<size_t>(i) < onFront.size())
            onFront[static_cast<size_t>(i)] = true;
    auto line = [&](const QString& kind, const QString& method, const Candidate& c, bool pareto,
                    bool selected) {
        const bool partial = c.measuredDrop && c.dropEvidence && !c.dropEvidence->isFinal();
        const QStringList cells{
            kind,
            method,
            outcomeOf(c, layers),
            QString::number(c.split),
            c.feasible ? QStringLiteral("1") : QStringLiteral("0"),
            pareto ? QStringLiteral("1") : QStringLiteral("0"),
            selected ? QStringLiteral("1") : QStringLiteral("0"),
            QString::number(c.totalSeconds, 'g', 9),
            reference > 0 ? QString::number(c.totalSeconds / reference, 'g', 6) : QString(),
            QString::number(c.edgeSeconds, 'g', 9),
            QString::number(c.transmissionSeconds, 'g', 9),
            QString::number(c.cloudSeconds, 'g', 9),
            QString::number(c.edgeMemoryBytes),
            QString::number(c.edgeWeightBytes),
            QString::number(c.transmittedBytes),
            QString::number(c.error, 'g', 9),
            c.measuredDrop ? QString::number(*c.measuredDrop, 'g', 6) : QString(),
            partial ? QString::number(std::max(0.0, c.dropEvidence->low), 'g', 6) : QString(),
            partial ? QString::number(c.dropEvidence->high, 'g', 6) : QString(),
            partial ? QString::number(c.dropEvidence->samples) : QString()};
        text += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    };
    for (size_t i = 0; i < set.candidates.size(); ++i) {
        const Candidate& c = set.candidates[i];
        line(QStringLiteral("candidate"), QString::fromLatin1(methodName(c.method).data()), c,
             onFront[i], static_cast<int>(i) == set.selected);
    }
    for (const Baseline& b : set.baselines) {
        QString name = QString::fromStdString(b.name);
        name.replace(QLatin1Char(','), QLatin1Char(';'));
        line(QStringLiteral("baseline"), name, b.candidate, false, false);
    }
    return text;
}

Status writeCandidatesCsv(const SolutionSet& set, int layers, const QString& path) {
    QSaveFile file(path);
    const QByteArray bytes = candidatesCsv(set, layers).toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error{QString(QFileInfo(path).fileName() + QStringLiteral(": cannot be written (") +
                             file.errorString() + QStringLiteral(")"))
                         .toStdString(),
                     ErrorKind::Io};
    return Status::success();
}

} // namespace autosplit
