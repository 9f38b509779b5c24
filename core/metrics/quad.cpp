#include "core/metrics/quad.h"

#include <algorithm>
#include <cmath>

namespace autosplit {

namespace {

// > 0 when c is left of a -> b (counter-clockwise on screen with y down: clockwise), 0 on the line.
double cross(const Point2& a, const Point2& b, const Point2& c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool onSegment(const Point2& a, const Point2& b, const Point2& p) {
    return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
           p.y <= std::max(a.y, b.y);
}

// Closed segments: touching counts, as a polygon touching itself is not simple either.
bool segmentsMeet(const Point2& a, const Point2& b, const Point2& c, const Point2& d) {
    const double d1 = cross(c, d, a), d2 = cross(c, d, b);
    const double d3 = cross(a, b, c), d4 = cross(a, b, d);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        return true;
    return (d1 == 0 && onSegment(c, d, a)) || (d2 == 0 && onSegment(c, d, b)) ||
           (d3 == 0 && onSegment(a, b, c)) || (d4 == 0 && onSegment(a, b, d));
}

} // namespace

Quad axisAlignedQuad(double x0, double y0, double x1, double y1) {
    return Quad{{Point2{x0, y0}, Point2{x1, y0}, Point2{x1, y1}, Point2{x0, y1}}};
}

double quadArea(const Quad& quad) {
    double twice = 0.0;
    for (size_t i = 0; i < 4; ++i) {
        const Point2& p = quad.corners[i];
        const Point2& q = quad.corners[(i + 1) % 4];
        twice += p.x * q.y - q.x * p.y;
    }
    return std::abs(twice) / 2.0;
}

bool isSimpleQuad(const Quad& quad) {
    const auto& c = quad.corners;
    for (const Point2& p : c)
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            return false;
    // adjacent edges share a corner; only the opposite ones may not meet
    return quadArea(quad) > 0.0 && !segmentsMeet(c[0], c[1], c[2], c[3]) &&
           !segmentsMeet(c[1], c[2], c[3], c[0]);
}

} // namespace autosplit
