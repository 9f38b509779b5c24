#include "core/metrics/task_metric.h"

namespace autosplit {

std::string_view metricName(MetricKind kind) {
    switch (kind) {
    case MetricKind::Classification:
        return "classification";
    case MetricKind::TextRecognition:
        return "text-recognition";
    case MetricKind::TextDetection:
        return "text-detection";
    }
    return "classification";
}

std::optional<MetricKind> parseMetric(std::string_view name) {
    for (MetricKind k :
         {MetricKind::Classification, MetricKind::TextRecognition, MetricKind::TextDetection})
        if (metricName(k) == name)
            return k;
    return std::nullopt;
}

} // namespace autosplit
