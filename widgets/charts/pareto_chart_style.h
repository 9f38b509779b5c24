#pragma once

// What the Pareto chart's two sources (pareto_chart.cpp, pareto_chart_points.cpp) share: its
// series kinds, marker sizes and colours.

#include <QColor>
#include <QScatterSeries>

#include <array>

namespace autosplit::pareto {

enum SeriesKind { kCandidates = 0, kFront = 1, kSelected = 2, kBaseline = 100 };

inline constexpr qreal kCandidateMarker = 7.0;
inline constexpr qreal kBaselineMarker = 13.0;
inline constexpr qreal kSelectedMarker = 20.0;
// Markers closer than this (centres, in pixels) hide each other: more than half of the lower one
// is covered. Each one nested below another is larger by a ring of 3 px on every side, down to
// 2 px when many share a spot, so that the outermost stays near kMaxNestedMarker.
inline constexpr qreal kCoincidentPixels = kBaselineMarker / 2.0;
inline constexpr qreal kNestStep = 6.0;
inline constexpr qreal kMinNestStep = 4.0;
inline constexpr qreal kMaxNestedMarker = 40.0;

inline const QColor kCandidateColor(120, 150, 190, 150);
inline const QColor kFrontColor(30, 30, 30);
inline const QColor kSelectedColor(230, 20, 20);
// The whiskers of drops judged on part of the samples: darker than any marker's fill, so a bar
// reads across the light candidates, and a little transparent where it crosses a marker.
inline const QColor kIntervalColor(40, 40, 40, 190);

// Baseline i gets shape i % 5 and colour i % 10: unique for up to ten baselines, and never the
// selected solution's star.
inline const std::array<QScatterSeries::MarkerShape, 5> kBaselineShapes = {
    QScatterSeries::MarkerShapeRectangle, QScatterSeries::MarkerShapeRotatedRectangle,
    QScatterSeries::MarkerShapeTriangle, QScatterSeries::MarkerShapePentagon,
    QScatterSeries::MarkerShapeCircle};
// No red (the selected star) and no light blue (the candidates).
inline const std::array<QColor, 10> kBaselineColors = {
    QColor(90, 90, 90),   QColor(140, 86, 75),   QColor(44, 160, 44),  QColor(148, 103, 189),
    QColor(31, 119, 180), QColor(227, 119, 194), QColor(23, 190, 207), QColor(188, 189, 34),
    QColor(255, 127, 14), QColor(0, 0, 0)};

} // namespace autosplit::pareto
