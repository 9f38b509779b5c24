#pragma once

// What "accuracy" means for a model's task, so that a quantized candidate's drop is measured in
// the task's own unit: top-1 of a classifier, the exact-line accuracy of a text recogniser
// (greedy CTC decoding with its dictionary; the character error rate is reported beside it), or
// the hmean of a text detector's boxes (DB post-processing, IoU matching; precision and recall
// beside it).

#include "core/metrics/ctc_decoder.h"
#include "core/metrics/db_postprocess.h"

#include <memory>
#include <optional>
#include <string_view>

namespace autosplit {

enum class MetricKind { Classification, TextRecognition, TextDetection };

// "classification", "text-recognition", "text-detection".
std::string_view metricName(MetricKind kind);
std::optional<MetricKind> parseMetric(std::string_view name);

struct TaskMetric {
    MetricKind kind = MetricKind::Classification;
    std::shared_ptr<const CtcAlphabet> alphabet; // TextRecognition: the recogniser's dictionary
    DbOptions detection; // TextDetection: how boxes are read from the probability map
};

} // namespace autosplit
