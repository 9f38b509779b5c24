#include "core/metrics/task_metric.h"

#include <cmath>
#include <limits>

namespace autosplit {

std::string_view metricName(MetricKind kind) {
    switch (kind) {
    case MetricKind::Classification:
        return "classification";
    case MetricKind::TextRecognition:
        return "text-recognition";
    case MetricKind::TextDetection:
        return "text-detection";
    case MetricKind::Sqnr:
        return "sqnr";
    }
    return "classification";
}

std::optional<MetricKind> parseMetric(std::string_view name) {
    for (MetricKind k : {MetricKind::Classification, MetricKind::TextRecognition,
                         MetricKind::TextDetection, MetricKind::Sqnr})
        if (metricName(k) == name)
            return k;
    return std::nullopt;
}

double sqnrDropPercent(double sqnrDb) {
    return 100.0 * std::pow(10.0, -sqnrDb / 10.0);
}

double sqnrDbOfDrop(double dropPercent) {
    return dropPercent <= 0.0 ? std::numeric_limits<double>::infinity()
                              : -10.0 * std::log10(dropPercent / 100.0);
}

} // namespace autosplit
