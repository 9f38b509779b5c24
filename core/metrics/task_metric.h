#pragma once

// What "accuracy" means for a model's task, so that a quantized candidate's drop is measured in
// the task's own unit: top-1 of a classifier, or the exact-line accuracy of a text recogniser
// (greedy CTC decoding with its dictionary; the character error rate is reported beside it).

#include "core/metrics/ctc_decoder.h"

#include <memory>
#include <optional>
#include <string_view>

namespace autosplit {

enum class MetricKind { Classification, TextRecognition };

// "classification", "text-recognition".
std::string_view metricName(MetricKind kind);
std::optional<MetricKind> parseMetric(std::string_view name);

struct TaskMetric {
    MetricKind kind = MetricKind::Classification;
    std::shared_ptr<const CtcAlphabet> alphabet; // TextRecognition: the recogniser's dictionary
};

} // namespace autosplit
