#include "core/metrics/db_postprocess.h"

#include <clipper.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace autosplit {

namespace {

// A minimum-area rectangle's corners in PaddleOCR's order (get_mini_boxes): sorted by x
// (stably, as Python's sorted), then of the two left corners the upper one first, of the two
// right ones the upper one second: top-left, top-right, bottom-right, bottom-left for a box
// that is not steeply rotated.
struct MiniBox {
    std::array<cv::Point2f, 4> corners;
    float shortSide = 0.0f;
};

template <typename PointT> MiniBox miniBox(const std::vector<PointT>& points) {
    const cv::RotatedRect rect = cv::minAreaRect(points);
    std::array<cv::Point2f, 4> p;
    rect.points(p.data());
    std::stable_sort(p.begin(), p.end(),
                     [](const cv::Point2f& a, const cv::Point2f& b) { return a.x < b.x; });
    const auto [first, fourth] = p[1].y > p[0].y ? std::pair{0, 1} : std::pair{1, 0};
    const auto [second, third] = p[3].y > p[2].y ? std::pair{2, 3} : std::pair{3, 2};
    return {{p[first], p[second], p[third], p[fourth]},
            std::min(rect.size.width, rect.size.height)};
}

// box_score_fast: the mean probability over the box's polygon, rasterized by fillPoly into a
// mask over the box's bounding rectangle (clamped to the map). The corners are moved to the
// mask's origin in float and truncated to integers, as NumPy's astype(np.int32) does.
double boxScore(const cv::Mat& map, const std::array<cv::Point2f, 4>& box) {
    float minX = box[0].x, maxX = box[0].x, minY = box[0].y, maxY = box[0].y;
    for (const cv::Point2f& p : box) {
        minX = std::min(minX, p.x);
        maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y);
        maxY = std::max(maxY, p.y);
    }
    const int xmin = std::clamp(static_cast<int>(std::floor(minX)), 0, map.cols - 1);
    const int xmax = std::clamp(static_cast<int>(std::ceil(maxX)), 0, map.cols - 1);
    const int ymin = std::clamp(static_cast<int>(std::floor(minY)), 0, map.rows - 1);
    const int ymax = std::clamp(static_cast<int>(std::ceil(maxY)), 0, map.rows - 1);
    cv::Mat mask = cv::Mat::zeros(ymax - ymin + 1, xmax - xmin + 1, CV_8U);
    std::vector<cv::Point> polygon;
    for (const cv::Point2f& p : box)
        polygon.emplace_back(static_cast<int>(p.x - static_cast<float>(xmin)),
                             static_cast<int>(p.y - static_cast<float>(ymin)));
    cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{polygon}, cv::Scalar(1));
    return cv::mean(map(cv::Range(ymin, ymax + 1), cv::Range(xmin, xmax + 1)), mask)[0];
}

// unclip: the box grown by area * ratio / perimeter (shapely's area and length of the float
// corners) with Clipper's round offset. pyclipper turns the float corners into Clipper's
// integers the way Python's int() does, truncating toward zero; its defaults are Clipper's
// (miter limit 2, arc tolerance 0.25).
std::vector<cv::Point> unclip(const std::array<cv::Point2f, 4>& box, double ratio) {
    double twiceArea = 0.0, perimeter = 0.0;
    for (size_t i = 0; i < box.size(); ++i) {
        const double x0 = box[i].x, y0 = box[i].y;
        const double x1 = box[(i + 1) % 4].x, y1 = box[(i + 1) % 4].y;
        twiceArea += x0 * y1 - x1 * y0;
        perimeter += std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
    }
    const double distance = std::abs(twiceArea) / 2.0 * ratio / perimeter;
    ClipperLib::Path path;
    for (const cv::Point2f& p : box)
        path.emplace_back(static_cast<ClipperLib::cInt>(p.x), static_cast<ClipperLib::cInt>(p.y));
    ClipperLib::ClipperOffset offset;
    offset.AddPath(path, ClipperLib::jtRound, ClipperLib::etClosedPolygon);
    ClipperLib::Paths grown;
    offset.Execute(grown, distance);
    // PaddleOCR boxes the points of every resulting path together (reshape(-1, 1, 2)); a
    // rectangle grows into exactly one
    std::vector<cv::Point> points;
    for (const ClipperLib::Path& p : grown)
        for (const ClipperLib::IntPoint& q : p)
            points.emplace_back(static_cast<int>(q.X), static_cast<int>(q.Y));
    return points;
}

Status checkOptions(const DbOptions& o) {
    if (!std::isfinite(o.threshold) || !std::isfinite(o.boxThreshold))
        return Error{"text detection: the thresholds must be finite numbers"};
    if (!(o.unclipRatio > 0.0) || !std::isfinite(o.unclipRatio))
        return Error{"text detection: the unclip ratio must be a positive number"};
    if (o.maxCandidates < 0 || o.minSize < 0)
        return Error{"text detection: max candidates and min size must not be negative"};
    return Status::success();
}

} // namespace

Result<std::vector<DetectedBox>> dbPostProcess(std::span<const float> map, int height, int width,
                                               const DbOptions& options) {
    if (height < 1 || width < 1 ||
        map.size() != static_cast<size_t>(height) * static_cast<size_t>(width))
        return Error{
            "text detection: a " + std::to_string(height) + "x" + std::to_string(width) +
            " probability map needs " +
            std::to_string(static_cast<long long>(std::max(height, 0)) * std::max(width, 0)) +
            " values, got " + std::to_string(map.size())};
    if (Status s = checkOptions(options); !s)
        return s.error();
    // OpenCV only reads the map
    const cv::Mat probability(height, width, CV_32F, const_cast<float*>(map.data()));
    // NumPy compares the float32 map with the threshold as a float32 (pred > 0.3)
    const float threshold = static_cast<float>(options.threshold);
    cv::Mat bitmap(height, width, CV_8U);
    for (int y = 0; y < height; ++y) {
        const float* row = probability.ptr<float>(y);
        uint8_t* out = bitmap.ptr<uint8_t>(y);
        for (int x = 0; x < width; ++x)
            out[x] = row[x] > threshold ? 255 : 0;
    }
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(bitmap, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);

    std::vector<DetectedBox> boxes;
    const size_t candidates = std::min(contours.size(), static_cast<size_t>(options.maxCandidates));
    for (size_t c = 0; c < candidates; ++c) {
        const MiniBox box = miniBox(contours[c]);
        if (box.shortSide < static_cast<float>(options.minSize))
            continue;
        const double score = boxScore(probability, box.corners);
        if (options.boxThreshold > score)
            continue;
        const std::vector<cv::Point> grown = unclip(box.corners, options.unclipRatio);
        if (grown.empty())
            continue;
        const MiniBox final = miniBox(grown);
        if (final.shortSide < static_cast<float>(options.minSize + 2))
            continue;
        DetectedBox detected;
        detected.score = score;
        for (size_t i = 0; i < 4; ++i) {
            // pixel index (centre) -> continuous coordinate, kept on the map
            detected.quad.corners[i] = {std::clamp(static_cast<double>(final.corners[i].x) + 0.5,
                                                   0.0, static_cast<double>(width)),
                                        std::clamp(static_cast<double>(final.corners[i].y) + 0.5,
                                                   0.0, static_cast<double>(height))};
        }
        boxes.push_back(detected);
    }
    return boxes;
}

Result<std::vector<DetectedBox>> dbPostProcess(const HostTensor& map, const DbOptions& options) {
    const std::vector<int64_t>& d = map.dims();
    const size_t rank = d.size();
    const bool shaped = rank >= 2 && rank <= 4 &&
                        std::all_of(d.begin(), d.end() - 2, [](int64_t v) { return v == 1; });
    constexpr int64_t kMaxSide = std::numeric_limits<int>::max();
    if (map.dtype() != DataType::Float || !shaped || d[rank - 2] < 1 || d[rank - 1] < 1 ||
        d[rank - 2] > kMaxSide || d[rank - 1] > kMaxSide)
        return Error{"text detection needs one image's float32 probability map, [1, 1, H, W]; "
                     "the output is " +
                     map.describe()};
    return dbPostProcess(map.span<float>(), static_cast<int>(d[rank - 2]),
                         static_cast<int>(d[rank - 1]), options);
}

} // namespace autosplit
