#pragma once

// A text box: four corners, as ICDAR 2015 and PaddleOCR's detectors give them (clockwise on
// screen from the text's top-left corner for truth; any order of a simple quadrilateral for
// detections).
//
// Coordinates are continuous pixel coordinates of the image or map they belong to: x grows to the
// right, y downwards, (0, 0) is the top-left corner of the top-left pixel, so pixel (i, j) covers
// [i, i + 1] x [j, j + 1] and its centre is (i + 0.5, j + 0.5). Truth files, the mapping through
// the preprocessing and the detector's post-processing all use this one convention.

#include <array>

namespace autosplit {

struct Point2 {
    double x = 0.0;
    double y = 0.0;

    friend bool operator==(const Point2&, const Point2&) = default;
};

struct Quad {
    std::array<Point2, 4> corners;

    friend bool operator==(const Quad&, const Quad&) = default;
};

// The axis-aligned box [x0, x1] x [y0, y1], corners clockwise on screen from the top-left.
Quad axisAlignedQuad(double x0, double y0, double x1, double y1);

// The enclosed area (the shoelace formula's magnitude; meaningful for a simple quadrilateral).
double quadArea(const Quad& quad);

// Whether the corners make a simple quadrilateral: a positive area and no edge crossing the
// opposite one. What PaddleOCR's evaluator (shapely's is_valid and is_simple) requires of a box.
bool isSimpleQuad(const Quad& quad);

} // namespace autosplit
