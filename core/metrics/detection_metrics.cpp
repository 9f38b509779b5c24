#include "core/metrics/detection_metrics.h"

#include <clipper.hpp>

#include <cmath>
#include <string>

namespace autosplit {

namespace {

// Clipper works on integers: 1/65536 px keeps IoUs exact to far below what matters, and
// coordinates up to 16,000 px within the range where Clipper needs no 128-bit arithmetic.
constexpr double kScale = 65536.0;

ClipperLib::Path toPath(const Quad& quad) {
    ClipperLib::Path path;
    for (const Point2& p : quad.corners)
        path.emplace_back(static_cast<ClipperLib::cInt>(std::llround(p.x * kScale)),
                          static_cast<ClipperLib::cInt>(std::llround(p.y * kScale)));
    return path;
}

double area(const ClipperLib::Paths& paths) {
    double sum = 0.0; // holes count negative, outer paths positive
    for (const ClipperLib::Path& p : paths)
        sum += ClipperLib::Area(p);
    return std::abs(sum);
}

double ratio(size_t part, size_t whole) {
    return static_cast<double>(part) / static_cast<double>(whole);
}

} // namespace

double quadIoU(const Quad& a, const Quad& b) {
    if (!isSimpleQuad(a) || !isSimpleQuad(b))
        return 0.0;
    const ClipperLib::Path pa = toPath(a), pb = toPath(b);
    // areas of the rounded corners too, so that a box against itself is exactly 1
    const double areaA = std::abs(ClipperLib::Area(pa)), areaB = std::abs(ClipperLib::Area(pb));
    if (areaA == 0.0 || areaB == 0.0)
        return 0.0;
    ClipperLib::Clipper clipper;
    ClipperLib::Paths intersection;
    try {
        clipper.AddPath(pa, ClipperLib::ptSubject, true);
        clipper.AddPath(pb, ClipperLib::ptClip, true);
        clipper.Execute(ClipperLib::ctIntersection, intersection, ClipperLib::pftNonZero,
                        ClipperLib::pftNonZero);
    } catch (const ClipperLib::clipperException&) {
        return 0.0; // coordinates beyond Clipper's range: no box is that large
    }
    const double shared = area(intersection);
    return shared / (areaA + areaB - shared);
}

double TextDetectionScore::precision() const {
    if (groundTruth == 0 && detections == 0)
        return 1.0;
    return detections == 0 ? 0.0 : ratio(matched, detections);
}

double TextDetectionScore::recall() const {
    if (groundTruth == 0 && detections == 0)
        return 1.0;
    return groundTruth == 0 ? 0.0 : ratio(matched, groundTruth);
}

double TextDetectionScore::hmean() const {
    const double p = precision(), r = recall();
    return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

TextDetectionScore& TextDetectionScore::operator+=(const TextDetectionScore& other) {
    images += other.images;
    groundTruth += other.groundTruth;
    detections += other.detections;
    matched += other.matched;
    return *this;
}

TextDetectionScore scoreImage(const std::vector<Quad>& detected, const std::vector<Quad>& truth) {
    std::vector<const Quad*> gt, det;
    for (const Quad& q : truth)
        if (isSimpleQuad(q))
            gt.push_back(&q);
    for (const Quad& q : detected)
        if (isSimpleQuad(q))
            det.push_back(&q);
    TextDetectionScore score;
    score.images = 1;
    score.groundTruth = gt.size();
    score.detections = det.size();
    std::vector<bool> taken(det.size(), false);
    for (const Quad* g : gt)
        for (size_t d = 0; d < det.size(); ++d)
            if (!taken[d] && quadIoU(*det[d], *g) > kDetectionIoUThreshold) {
                taken[d] = true;
                ++score.matched;
                break;
            }
    return score;
}

Result<TextDetectionScore> scoreTextDetection(const std::vector<std::vector<Quad>>& detected,
                                              const std::vector<std::vector<Quad>>& truth) {
    if (detected.size() != truth.size())
        return Error{"text detection: " + std::to_string(detected.size()) +
                     " images of detections for " + std::to_string(truth.size()) +
                     " images of truth boxes"};
    TextDetectionScore total;
    for (size_t i = 0; i < truth.size(); ++i)
        total += scoreImage(detected[i], truth[i]);
    return total;
}

} // namespace autosplit
