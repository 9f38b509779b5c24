#pragma once

// How well a text detector finds lines: boxes matched one to one with the truth by polygon IoU,
// precision, recall and their harmonic mean (hmean), the figures ICDAR 2015 and PaddleOCR's
// DetectionIoUEvaluator report.
//
// Per image, every truth box in order takes the first detection (in order) not yet taken whose
// IoU with it is above 0.5; the counts are summed over the images and the ratios taken from the
// sums. Quadrilaterals that are not simple (zero area, crossing edges) are left out on both
// sides, as PaddleOCR does. There are no "don't care" boxes.
//
// A match needs IoU > 0.5, strictly, as PaddleOCR's evaluator and the ICDAR 2015 evaluation
// script have it (the issue wrote >= 0.5): the figures stay comparable with published ones. The
// two differ only for an IoU of exactly one half.
//
// Ratios with nothing to count: a set with neither truth boxes nor detections scores 1 on all
// three figures (nothing to find and nothing found wrongly; this lets a detector judged against
// its own boxes score 100 % on images without text). Otherwise PaddleOCR's combine_results
// rule: precision is 0 without detections, recall 0 without truth boxes, hmean 0 when both
// are 0.

#include "core/metrics/quad.h"

#include "core/util/result.h"

#include <cstddef>
#include <vector>

namespace autosplit {

// Intersection over union of two simple quadrilaterals (convex or not), from Clipper's polygon
// intersection on the corners rounded to 1/65536 px; 0 when either has no area.
double quadIoU(const Quad& a, const Quad& b);

// Above this a detection matches a truth box (strictly, see above).
inline constexpr double kDetectionIoUThreshold = 0.5;

struct TextDetectionScore {
    size_t images = 0;
    size_t groundTruth = 0; // simple truth boxes
    size_t detections = 0;  // simple detected boxes
    size_t matched = 0;

    double precision() const; // matched / detections, in [0, 1]
    double recall() const;    // matched / groundTruth
    double hmean() const;     // 2PR / (P + R)

    TextDetectionScore& operator+=(const TextDetectionScore& other);
};

// One image's counts.
TextDetectionScore scoreImage(const std::vector<Quad>& detected, const std::vector<Quad>& truth);

// Images scored one by one and summed; fails when the image counts differ.
Result<TextDetectionScore> scoreTextDetection(const std::vector<std::vector<Quad>>& detected,
                                              const std::vector<std::vector<Quad>>& truth);

} // namespace autosplit
