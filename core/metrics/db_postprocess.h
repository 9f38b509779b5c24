#pragma once

// Text boxes from a DB (Differentiable Binarization) detector's probability map, as PaddleOCR's
// DBPostProcess finds them with box_type 'quad' and score_mode 'fast': the map thresholded, the
// regions' outer contours (OpenCV's findContours), each contour's minimum-area rectangle scored
// by the mean probability inside it, kept when that mean reaches box_thresh, grown by the
// unclip distance (area * unclip_ratio / perimeter, Clipper's round offset, the library pyclipper
// wraps) and boxed again by a minimum-area rectangle. The defaults are PP-OCRv4's inference
// settings (det_db_thresh 0.3, det_db_box_thresh 0.6, det_db_unclip_ratio 1.5).
//
// Boxes come in the map's continuous pixel coordinates (core/metrics/quad.h): PaddleOCR's
// numbers, which are OpenCV's pixel indices (a contour point is a pixel's centre), plus half a
// pixel, then clipped to the map. PaddleOCR would go on to scale them to the source image and
// round them to whole pixels; here the truth is brought into the map's coordinates instead
// (core/data/preprocess_spec.h: inputScale).

#include "core/metrics/quad.h"

#include "core/runtime/host_tensor.h"
#include "core/util/result.h"

#include <span>
#include <vector>

namespace autosplit {

struct DbOptions {
    double threshold = 0.3;    // a pixel is text when its probability is above this
    double boxThreshold = 0.6; // a box is kept when its mean probability is at least this
    int maxCandidates = 1000;  // contours looked at, in findContours' order
    double unclipRatio = 1.5;
    int minSize = 3; // a rectangle's shorter side must reach this (minSize + 2 after unclipping)
};

struct DetectedBox {
    Quad quad;
    double score = 0.0; // mean probability inside the box before unclipping
};

// The boxes of a height x width probability map (row-major). Fails when the sizes do not match
// the span or an option is out of range.
Result<std::vector<DetectedBox>> dbPostProcess(std::span<const float> map, int height, int width,
                                               const DbOptions& options = {});

// The same for one image's float32 map, [1, 1, H, W] (the detector's output), [1, H, W] or
// [H, W]; any other shape or type is an error naming it.
Result<std::vector<DetectedBox>> dbPostProcess(const HostTensor& map,
                                               const DbOptions& options = {});

} // namespace autosplit
