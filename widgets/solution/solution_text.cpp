#include "widgets/solution/solution_text.h"

#include "widgets/constraints/unit_spin_box.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace autosplit::format {

namespace {

// lupdate files the tr() calls of this namespace under its name, so the lookup uses it too.
QString tr(const char* text) {
    return QCoreApplication::translate("autosplit::format", text);
}

// "4" or "2–8" for the widths of the edge layers.
QString widthRange(const std::vector<int>& widths) {
    if (widths.empty())
        return QStringLiteral("–");
    const auto [lo, hi] = std::minmax_element(widths.begin(), widths.end());
    if (*lo == *hi)
        return QString::number(*lo);
    return QString::number(*lo) + QChar(u'–') + QString::number(*hi);
}

} // namespace

QString methodLabel(Method method) {
    switch (method) {
    case Method::CloudOnly:
        return tr("Cloud-Only");
    case Method::EdgeOnlyU8:
        return tr("Edge-Only U8");
    case Method::AutoSplit:
        return tr("Auto-Split");
    case Method::AutoSplitUniform:
        return tr("Auto-Split (uniform)");
    case Method::U8:
        return tr("U8");
    case Method::Neurosurgeon:
        return tr("Neurosurgeon");
    case Method::Qdmp:
        return tr("DADS/QDMP");
    case Method::QdmpE:
        return tr("QDMP_E");
    case Method::QdmpEU4:
        return tr("QDMP_E + U4");
    case Method::LiFastest:
        return tr("Li et al. (fastest)");
    case Method::LiPrivate:
        return tr("Li et al. (most private)");
    case Method::Assignment:
        return tr("Assignment");
    }
    return QString::fromLatin1(methodName(method).data());
}

QString shortMethodLabel(Method method) {
    switch (method) {
    case Method::AutoSplitUniform:
        return tr("Auto-Split (unif.)");
    case Method::QdmpEU4:
        return tr("QDMP_E+U4");
    case Method::LiFastest:
        return tr("Li (fastest)");
    case Method::LiPrivate:
        return tr("Li (private)");
    default:
        return methodLabel(method); // short already
    }
}

QString milliseconds(double seconds) {
    const double ms = seconds * 1000.0;
    const int decimals = std::abs(ms) >= 10.0 ? 1 : std::abs(ms) >= 1.0 ? 2 : 3;
    return QLocale().toString(ms, 'f', decimals) + QStringLiteral(" ms");
}

QString bitRate(double bitsPerSecond) {
    return UnitSpinBox::format(UnitSpinBox::Quantity::BitRate, bitsPerSecond);
}

QString errorProxy(double error) {
    return QLocale().toString(error, 'g', 3);
}

QString accuracyDrop(const std::optional<double>& percentPoints) {
    if (!percentPoints)
        return tr("not evaluated");
    return tr("%1 pp").arg(QLocale().toString(*percentPoints, 'f', 2));
}

bool isPartlyJudged(const Candidate& c) {
    return c.measuredDrop && c.dropEvidence && !c.dropEvidence->isFinal();
}

QString candidateDrop(const Candidate& c) {
    if (!isPartlyJudged(c))
        return accuracyDrop(c.measuredDrop);
    const Candidate::DropEvidence& e = *c.dropEvidence;
    // the interval's low end can dip below 0 for a metric that can gain; a drop does not
    return tr("%1–%2 pp (%3 of %4 samples)")
        .arg(QLocale().toString(std::max(0.0, e.low), 'f', 1), QLocale().toString(e.high, 'f', 1),
             QLocale().toString(e.samples), QLocale().toString(e.total));
}

QString candidateDropInFull(const Candidate& c, int sampleCount) {
    if (!isPartlyJudged(c)) {
        if (!c.measuredDrop || sampleCount <= 0)
            return accuracyDrop(c.measuredDrop);
        return tr("%1 pp on all %2 samples")
            .arg(QLocale().toString(*c.measuredDrop, 'f', 2), QLocale().toString(sampleCount));
    }
    const Candidate::DropEvidence& e = *c.dropEvidence;
    return tr("%1–%2 pp (%3 of %4 samples; %5 pp on those)")
        .arg(QLocale().toString(std::max(0.0, e.low), 'f', 1), QLocale().toString(e.high, 'f', 1),
             QLocale().toString(e.samples), QLocale().toString(e.total),
             QLocale().toString(*c.measuredDrop, 'f', 2));
}

QString bitsSummary(const Candidate& c, int floatBits) {
    if (c.edgeLayerCount() == 0)
        return tr("none (everything on the cloud)");
    if (c.floatEdge)
        return tr("float, %1-bit").arg(floatBits);
    const QString text = QStringLiteral("W%1 A%2").arg(widthRange(c.bits.weights()),
                                                       widthRange(c.bits.activations()));
    if (c.bits.isUniform())
        return text + QChar(u' ') + tr("(uniform)");
    return text;
}

} // namespace autosplit::format
