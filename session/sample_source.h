#pragma once

// Where a model's sample inputs come from and how they are calibrated: what the explorer's
// Sample Data dialog sets, the solve engine calibrates with and an exploration file keeps.

#include "core/metrics/task_metric.h"
#include "core/quant/range_estimator.h"
#include "core/quant/weight_rounding.h"

#include <QString>

namespace autosplit::session {

// Where a model's sample inputs come from.
struct SampleSource {
    // A folder, a sample file or a labels CSV (SampleSet::open). Empty: the embedded sample data
    // for the embedded sample model, and no samples for any other model.
    QString path;
    // Preprocessing of image samples (core/data/preprocess_spec.h). Empty: the embedded data's
    // own spec for the embedded data, else images at the model input's size, scaled to [0, 1].
    QString preprocessSpec;
    // What a candidate's drop is measured in (the command line's --metric): top-1 by default;
    // a text recogniser's line accuracy needs its dictionary file, a text detector's hmean the
    // samples' boxes.csv. Ignored for the embedded data, which has its own.
    MetricKind metric = MetricKind::Classification;
    QString dictionary{};
    // Text recognition: a line must match its spaces too (--count-spaces); by default they are
    // ignored, as PaddleOCR's accuracy ignores them.
    bool countSpaces = false;
    // How calibration picks ranges (the command line's --weight-range, --activation-range,
    // --percentile), whether channel ranges are equalized first (--equalize; the embedded data
    // always is) and whether a cached calibration may be used (--no-cache).
    RangeMethod weightRange = RangeMethod::MinMax;
    RangeMethod activationRange = RangeMethod::MinMax;
    double percentile = 99.99;
    // How weights meet their grid (--weight-rounding); the embedded data has its own choice.
    WeightRounding weightRounding = WeightRounding::Nearest;
    bool equalize = false;
    bool useCache = true;

    bool operator==(const SampleSource&) const = default;
};

} // namespace autosplit::session
