#pragma once

// The task metric a model is judged by, checked against the model before any sample runs: a text
// detector's first output must be one probability map per image, a recogniser's last output
// dimension its classes, which its dictionary must name. What the command line's --metric and
// --dictionary and the explorer's sample-data settings share.

#include "core/graph/graph.h"
#include "core/metrics/task_metric.h"
#include "core/util/result.h"

#include <QString>

#include <memory>

namespace autosplit::session {

// Whether `graph`'s outputs are what `kind` reads; the error says what they are instead.
Status checkMetricFits(MetricKind kind, const Graph& graph);

// The recogniser's alphabet from the dictionary file at `path` (a Qt resource path works too),
// one line per class after the CTC blank, checked against the model's class count.
Result<std::shared_ptr<const CtcAlphabet>> loadDictionary(const QString& path, const Graph& graph);

// checkMetricFits, then (text recognition) loadDictionary: the metric ready to evaluate with.
Result<TaskMetric> taskMetricFor(MetricKind kind, const Graph& graph,
                                 const QString& dictionaryPath = {});

} // namespace autosplit::session
