#pragma once

// What "accuracy" means for a model's task, so that a quantized candidate's drop is measured in
// the task's own unit: top-1 of a classifier, the exact-line accuracy of a text recogniser
// (greedy CTC decoding with its dictionary; the character error rate is reported beside it), or
// the hmean of a text detector's boxes (DB post-processing, IoU matching; precision and recall
// beside it), or, for any other model, how much of its output signal quantization turns into
// noise (SQNR: the drop is the noise energy in percent of the signal energy, 100 * 10^(-SQNR/10),
// so a limit of 1 % is an SQNR of at least 20 dB).

#include "core/metrics/ctc_decoder.h"
#include "core/metrics/db_postprocess.h"
#include "core/metrics/text_metrics.h"

#include <memory>
#include <optional>
#include <string_view>

namespace autosplit {

enum class MetricKind { Classification, TextRecognition, TextDetection, Sqnr };

// "classification", "text-recognition", "text-detection", "sqnr".
std::string_view metricName(MetricKind kind);
std::optional<MetricKind> parseMetric(std::string_view name);

// The SQNR metric's drop (noise energy in percent of the signal) for an SQNR in dB, and back.
double sqnrDropPercent(double sqnrDb);
double sqnrDbOfDrop(double dropPercent);

struct TaskMetric {
    MetricKind kind = MetricKind::Classification;
    std::shared_ptr<const CtcAlphabet> alphabet; // TextRecognition: the recogniser's dictionary
    DbOptions detection;  // TextDetection: how boxes are read from the probability map
    TextComparison lines; // TextRecognition: how a read line is compared with its reference
};

} // namespace autosplit
