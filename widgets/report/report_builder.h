#pragma once

#include "session/opened_model.h"
#include "session/sample_source.h"
#include "session/solve_settings.h"
#include "widgets/solution/solution_set_ptr.h"

#include "core/cost/uplink.h"
#include "core/metrics/task_metric.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QImage>
#include <QString>

#include <memory>
#include <optional>

class QTextDocument;

namespace autosplit {

// Everything a report says, gathered from the window when it is exported.
struct ReportContent {
    session::OpenedModelPtr model;
    SolutionSetPtr solution;
    // What the views show: a candidate of `solution` (by index) or a baseline (by name).
    int shownCandidate = -1;
    QString shownBaseline;
    session::SolveSettings settings;
    Uplink uplink; // the rate, round trip and overhead the solution was solved with
    // Samples: where they came from and how they were calibrated; none: judged on E only.
    std::optional<session::SampleSource> samples;
    QString sampleDescription; // "16 samples from folder …" or the embedded data's name
    bool dropsMeasured = false;
    MetricKind metric = MetricKind::Classification;
    QImage paretoChart;
    QImage breakdownChart;
    QImage graphAroundCut;
    QDateTime created = QDateTime::currentDateTime();
};

// One report for a customer about the solution the explorer shows: the model and its hash,
// the constraints, the solution (split, edge and cloud layers, bits per edge layer, latency
// breakdown, memory, bytes sent, drop or E), the Pareto and breakdown charts, the graph around
// the cut, every baseline and the assumptions behind the figures. One HTML text feeds both
// outputs: the HTML file embeds its images as PNG data URIs, the PDF is that text laid out on
// A4 pages by QTextDocument with the images as its resources. Files are written whole or not at
// all.
class ReportBuilder {
    Q_DECLARE_TR_FUNCTIONS(autosplit::ReportBuilder)

public:
    explicit ReportBuilder(ReportContent content);
    ~ReportBuilder();

    // The report as a self-contained HTML document (images as data URIs).
    QString html() const;
    // The report laid out for printing, its images as resources.
    std::unique_ptr<QTextDocument> document() const;

    // By the suffix: ".pdf" a PDF, anything else HTML. Errors are one line naming the file.
    Status write(const QString& path) const;
    Status writeHtml(const QString& path) const;
    Status writePdf(const QString& path) const;

private:
    enum class Images { Embedded, Resources };
    QString body(Images images) const;
    QString imageTag(const QImage& image, const QString& name, const QString& alt,
                     Images images) const;
    QString constraintsSection() const;
    QString solutionSection() const;
    QString baselinesSection() const;
    QString assumptionsSection() const;
    // The solution the views show (null when the set has none).
    const Candidate* shown() const;
    QString solutionName(const Candidate& c) const;
    QString edgeBitsText(const Candidate& c) const;

    ReportContent m_content;
};

} // namespace autosplit
