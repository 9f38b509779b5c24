#include "session/split_validation.h"

#include "session/bundle_export.h"

#include "core/bundle/bundle_reader.h"

#include <QDir>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <tuple>

namespace autosplit::session {

namespace {

// What makes two candidates the same deployment: the edge layers and their widths.
using AssignmentKey = std::tuple<int, std::vector<int>, bool, std::vector<int>>;

AssignmentKey keyOf(const Candidate& c) {
    std::vector<int> widths;
    if (!c.floatEdge)
        for (int layer = 1; layer <= c.split; ++layer)
            if (c.onEdge(layer)) {
                widths.push_back(c.bits.weight(layer));
                widths.push_back(c.bits.activation(layer));
            }
    return {c.split, c.edgeLayers, c.floatEdge, widths};
}

std::string rowLabel(const Candidate& c) {
    switch (c.method) {
    case Method::CloudOnly:
        return "Cloud-Only";
    case Method::EdgeOnlyU8:
        return "Edge-Only U8";
    case Method::AutoSplit:
    case Method::AutoSplitUniform:
        return "Auto-Split";
    default:
        return std::string(methodName(c.method));
    }
}

// The first sample, or one input of the model's shape from a fixed seed: the kernels' time does
// not depend on the values.
Result<TensorMap> validationInputs(const SolveSession& session, std::string& source) {
    const Graph& graph = *session.setup.graph;
    TensorMap inputs;
    const auto& ids = graph.inputs();
    if (!session.setup.samples.empty()) {
        const auto& first = session.setup.samples.front();
        for (size_t i = 0; i < ids.size() && i < first.size(); ++i)
            inputs[graph.value(ids[i]).name] = first[i];
        source = "sample 1 of " + std::to_string(session.setup.samples.size());
        return inputs;
    }
    std::mt19937 random(20211);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (ValueId id : ids) {
        const Value& v = graph.value(id);
        if (!v.shape.elementCount())
            return Error{"input '" + v.name + "' has shape " + v.shape.toString() +
                         "; give samples to validate a model with open input dimensions"};
        if (v.dtype != DataType::Float)
            return Error{"input '" + v.name + "' is " + std::string(nameOf(v.dtype)) +
                         "; give samples to validate a model with non-float inputs"};
        HostTensor t(v.dtype, v.shape.dims);
        for (float& x : t.mutableSpan<float>())
            x = uniform(random);
        inputs[v.name] = std::move(t);
    }
    source = "a random input (no samples)";
    return inputs;
}

} // namespace

double ValidationRow::totalError() const {
    const double predicted = candidate.totalSeconds;
    return predicted > 0.0 ? (measured.totalSeconds - predicted) / predicted : 0.0;
}

int ValidationReport::withinTolerance() const {
    return static_cast<int>(std::count_if(rows.begin(), rows.end(), [&](const ValidationRow& r) {
        return std::abs(r.totalError()) <= tolerance;
    }));
}

int ValidationReport::predictedFastest() const {
    int best = -1;
    for (int i = 0; i < static_cast<int>(rows.size()); ++i)
        if (best < 0 ||
            rows[size_t(i)].candidate.totalSeconds < rows[size_t(best)].candidate.totalSeconds)
            best = i;
    return best;
}

int ValidationReport::measuredFastest() const {
    int best = -1;
    for (int i = 0; i < static_cast<int>(rows.size()); ++i)
        if (best < 0 ||
            rows[size_t(i)].measured.totalSeconds < rows[size_t(best)].measured.totalSeconds)
            best = i;
    return best;
}

bool ValidationReport::fastestAgrees() const {
    const int p = predictedFastest(), m = measuredFastest();
    if (p < 0 || m < 0)
        return false;
    return rows[size_t(p)].measured.totalSeconds <=
           rows[size_t(m)].measured.totalSeconds * (1.0 + fastestTolerance);
}

std::vector<ValidationRow> validationRows(const SolutionSet& set,
                                          const ValidationOptions& options) {
    std::vector<ValidationRow> rows;
    std::map<AssignmentKey, size_t> seen;
    auto add = [&](const Candidate& c, int index, const std::string& label, bool baseline) {
        if (!c.feasible)
            return;
        const AssignmentKey key = keyOf(c);
        if (auto it = seen.find(key); it != seen.end()) {
            ValidationRow& row = rows[it->second];
            if (row.label.find(label) == std::string::npos)
                row.label += " = " + label;
            if (baseline)
                row.baselines.push_back(label);
            return;
        }
        seen.emplace(key, rows.size());
        ValidationRow row;
        row.label = label;
        row.candidate = c;
        row.candidateIndex = index;
        if (baseline)
            row.baselines.push_back(label);
        rows.push_back(std::move(row));
    };
    const std::vector<int>& front = set.measuredFront.empty() ? set.paretoFront : set.measuredFront;
    int fronts = 0;
    for (int index : front) {
        if (options.maxCandidates > 0 && fronts >= options.maxCandidates)
            break;
        const size_t before = rows.size();
        add(set.candidates[size_t(index)], index, rowLabel(set.candidates[size_t(index)]), false);
        fronts += rows.size() > before ? 1 : 0;
    }
    // the selection and what the caller shows, measured even off the front or past the limit
    std::vector<int> always = options.alsoCandidates;
    always.push_back(set.selected);
    for (int index : always)
        if (index >= 0 && static_cast<size_t>(index) < set.candidates.size())
            add(set.candidates[size_t(index)], index, rowLabel(set.candidates[size_t(index)]),
                false);
    if (options.baselines)
        for (const Baseline& b : set.baselines) {
            if (options.maxCandidates > 0 && int(rows.size()) >= options.maxCandidates &&
                !seen.count(keyOf(b.candidate)))
                continue;
            add(b.candidate, -1, b.name, true);
        }
    for (size_t i = 0; i < set.candidates.size(); ++i)
        if (set.candidates[i].feasible)
            if (auto it = seen.find(keyOf(set.candidates[i])); it != seen.end())
                rows[it->second].sameCandidates.push_back(static_cast<int>(i));
    std::stable_sort(rows.begin(), rows.end(), [](const ValidationRow& a, const ValidationRow& b) {
        return a.candidate.totalSeconds < b.candidate.totalSeconds;
    });
    return rows;
}

Status validateValidationOptions(const ValidationOptions& options) {
    BundleTimingOptions timing;
    timing.uplink = options.uplink;
    timing.repeats = options.repeats;
    timing.warmupRuns = options.warmupRuns;
    if (auto valid = validateBundleTimingOptions(timing); !valid)
        return valid;
    if (options.maxCandidates < 0)
        return Error{"max candidates: must not be negative"};
    if (!(options.tolerance > 0.0) || !(options.fastestTolerance >= 0.0))
        return Error{"tolerance: must be positive"};
    return Status::success();
}

Result<ValidationReport> validateSolution(const SolveSession& session, const SolutionSet& set,
                                          const ValidationOptions& options,
                                          const ProgressCallback& progress,
                                          const CancellationToken& cancel) {
    if (auto valid = validateValidationOptions(options); !valid)
        return valid.error();
    ValidationReport report;
    report.tolerance = options.tolerance;
    report.fastestTolerance = options.fastestTolerance;
    report.rows = validationRows(set, options);
    if (report.rows.empty())
        return Error{"the solution has no feasible candidate to measure"};
    auto inputs = validationInputs(session, report.inputSource);
    if (!inputs)
        return inputs.error();
    QTemporaryDir temp;
    if (!temp.isValid())
        return Error{"cannot create a temporary folder for the bundles: " +
                         temp.errorString().toStdString(),
                     ErrorKind::Io};
    BundleTimingOptions timing;
    timing.uplink = options.uplink;
    timing.repeats = options.repeats;
    timing.warmupRuns = options.warmupRuns;
    timing.threads = options.threads;
    const double share = 1.0 / static_cast<double>(report.rows.size());
    for (size_t i = 0; i < report.rows.size(); ++i) {
        ValidationRow& row = report.rows[i];
        const std::string name = row.label + " (split " + std::to_string(row.candidate.split) + ")";
        const double base = static_cast<double>(i) * share;
        const std::string stage = "measuring " + name;
        reportProgress(progress, base, stage);
        BundleExportOptions exportOptions;
        exportOptions.uplink = options.uplink;
        exportOptions.constraints = set.constraints;
        const QString dir = temp.filePath(QStringLiteral("candidate-%1").arg(i + 1));
        auto exported = exportBundle(session, row.candidate, dir, exportOptions, {}, cancel);
        if (!exported)
            return exported.error().kind == ErrorKind::Cancelled
                       ? exported.error()
                       : exported.error().prefixed(name + ": ");
        auto bundle = readBundle(dir.toStdString());
        if (!bundle)
            return bundle.error().prefixed(name + ": ");
        auto measured = timeBundle(
            *bundle, *inputs, timing,
            [&](double f, std::string_view) { reportProgress(progress, base + share * f, stage); },
            cancel);
        if (!measured)
            return measured.error().kind == ErrorKind::Cancelled
                       ? measured.error()
                       : measured.error().prefixed(name + ": ");
        row.measured = *measured;
        QDir(dir).removeRecursively();
    }
    reportProgress(progress, 1.0, "measured");
    return report;
}

} // namespace autosplit::session
