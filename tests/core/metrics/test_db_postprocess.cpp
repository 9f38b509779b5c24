// DB post-processing on small probability maps drawn here, with the boxes worked out by hand:
// a blob's contour runs through its border pixels' centres, so a blob of W x H pixels gives a
// (W - 1) x (H - 1) rectangle; unclipping grows it by d = area * 1.5 / perimeter on every side
// (Clipper's round offset: the min-area rectangle of the result is (w + 2d) x (h + 2d), up to the
// rounding of its corners to whole pixels, hence the 1 px tolerance); the box is reported in
// continuous coordinates, half a pixel right and down of the pixel indices.

#include "core/metrics/db_postprocess.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numbers>

using namespace autosplit;

namespace {

struct Map {
    int height = 0;
    int width = 0;
    std::vector<float> values;

    Map(int h, int w) : height(h), width(w), values(static_cast<size_t>(h * w), 0.0f) {}

    // Pixels x0..x1, y0..y1 (inclusive) set to p.
    void fill(int x0, int y0, int x1, int y1, float p) {
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                values[static_cast<size_t>(y * width + x)] = p;
    }

    std::vector<DetectedBox> boxes(const DbOptions& options = {}) const {
        auto r = dbPostProcess(values, height, width, options);
        if (!r)
            qFatal("%s", r.error().message.c_str());
        return r.value();
    }
};

// The smallest or largest x or y of a quad's corners.
double extreme(const Quad& q, double Point2::*axis, bool largest) {
    double v = q.corners[0].*axis;
    for (const Point2& p : q.corners)
        v = largest ? std::max(v, p.*axis) : std::min(v, p.*axis);
    return v;
}
double minX(const Quad& q) {
    return extreme(q, &Point2::x, false);
}
double maxX(const Quad& q) {
    return extreme(q, &Point2::x, true);
}
double minY(const Quad& q) {
    return extreme(q, &Point2::y, false);
}
double maxY(const Quad& q) {
    return extreme(q, &Point2::y, true);
}

double length(const Point2& a, const Point2& b) {
    return std::hypot(b.x - a.x, b.y - a.y);
}

// The unclip distance of a w x h rectangle at ratio 1.5.
double unclipDistance(double w, double h) {
    return w * h * 1.5 / (2.0 * (w + h));
}

} // namespace

class TestDbPostprocess : public QObject {
    Q_OBJECT

private slots:
    // A 20 x 10 blob at pixels x 10..29, y 20..29: contour rectangle from centre (10.5, 20.5) to
    // (29.5, 29.5), 19 x 9, d = 19 * 9 * 1.5 / 56 = 4.58; the box is that rectangle grown by d,
    // corners top-left, top-right, bottom-right, bottom-left.
    void axisAlignedBlob() {
        Map map(48, 48);
        map.fill(10, 20, 29, 29, 0.9f);
        const auto boxes = map.boxes();
        QCOMPARE(boxes.size(), size_t(1));
        const double d = unclipDistance(19, 9);
        QVERIFY(std::abs(d - 4.580357) < 1e-6);
        const Quad& q = boxes[0].quad;
        const Point2 expected[4] = {
            {10.5 - d, 20.5 - d}, {29.5 + d, 20.5 - d}, {29.5 + d, 29.5 + d}, {10.5 - d, 29.5 + d}};
        for (size_t i = 0; i < 4; ++i) {
            QVERIFY2(std::abs(q.corners[i].x - expected[i].x) <= 1.0 &&
                         std::abs(q.corners[i].y - expected[i].y) <= 1.0,
                     qPrintable(QStringLiteral("corner %1 at (%2, %3), expected (%4, %5)")
                                    .arg(i)
                                    .arg(q.corners[i].x)
                                    .arg(q.corners[i].y)
                                    .arg(expected[i].x)
                                    .arg(expected[i].y)));
        }
        // Clipper rounds the grown corners to whole pixels: 10 - 4.58 -> 5, 29 + 4.58 -> 34,
        // 20 - 4.58 -> 15, 29 + 4.58 -> 34; plus half a pixel
        QCOMPARE(minX(q), 5.5);
        QCOMPARE(maxX(q), 34.5);
        QCOMPARE(minY(q), 15.5);
        QCOMPARE(maxY(q), 34.5);
        QVERIFY(std::abs(boxes[0].score - 0.9) < 1e-6);
    }

    // A blob whose mean probability (0.5) is above the pixel threshold (0.3) but below the box
    // threshold (0.6) gives no box; a box threshold of 0.5 keeps it (box_thresh > score drops a
    // box, so a mean equal to the threshold stays).
    void weakBlobBelowBoxThreshold() {
        Map map(32, 32);
        map.fill(4, 4, 23, 13, 0.5f);
        QVERIFY(map.boxes().empty());
        DbOptions lower;
        lower.boxThreshold = 0.5;
        QCOMPARE(map.boxes(lower).size(), size_t(1));
        // probabilities at or below 0.3 are no text at all (compared in float32, as NumPy
        // compares the float32 map: 0.3f is not above 0.3)
        Map faint(32, 32);
        faint.fill(4, 4, 23, 13, 0.3f);
        lower.boxThreshold = 0.0;
        QVERIFY(faint.boxes(lower).empty());
    }

    // A 3 x 3 blob's contour rectangle is 2 x 2: its short side is below min_size 3. A 20 x 4
    // blob (19 x 3) passes min_size; grown by d = 19 * 3 * 1.5 / 44 = 1.94 it is 6.9 px high, at
    // least min_size + 2 = 5; at an unclip ratio of 0.01 it stays 3 high and is dropped then.
    void tinyBlobsAreDropped() {
        Map map(32, 32);
        map.fill(10, 10, 12, 12, 1.0f);
        QVERIFY(map.boxes().empty());
        Map thin(32, 32);
        thin.fill(4, 10, 23, 13, 1.0f);
        const auto kept = thin.boxes();
        QCOMPARE(kept.size(), size_t(1));
        const double d = unclipDistance(19, 3);
        QVERIFY(std::abs((maxY(kept[0].quad) - minY(kept[0].quad)) - (3 + 2 * d)) <= 1.0);
        DbOptions barely;
        barely.unclipRatio = 0.01;
        QVERIFY(thin.boxes(barely).empty());
    }

    // Two blobs, two boxes, each around its own blob; max_candidates 1 looks at one contour only.
    void twoBlobsTwoBoxes() {
        Map map(40, 72);
        map.fill(4, 6, 23, 13, 0.8f);
        map.fill(36, 20, 59, 31, 0.95f);
        auto boxes = map.boxes();
        QCOMPARE(boxes.size(), size_t(2));
        std::sort(boxes.begin(), boxes.end(), [](const DetectedBox& a, const DetectedBox& b) {
            return minX(a.quad) < minX(b.quad);
        });
        const double d1 = unclipDistance(19, 7), d2 = unclipDistance(23, 11);
        QVERIFY(std::abs(minX(boxes[0].quad) - (4.5 - d1)) <= 1.0);
        QVERIFY(std::abs(maxX(boxes[0].quad) - (23.5 + d1)) <= 1.0);
        QVERIFY(std::abs(minY(boxes[0].quad) - (6.5 - d1)) <= 1.0);
        QVERIFY(std::abs(maxY(boxes[0].quad) - (13.5 + d1)) <= 1.0);
        QVERIFY(std::abs(minX(boxes[1].quad) - (36.5 - d2)) <= 1.0);
        QVERIFY(std::abs(maxX(boxes[1].quad) - (59.5 + d2)) <= 1.0);
        QVERIFY(std::abs(minY(boxes[1].quad) - (20.5 - d2)) <= 1.0);
        QVERIFY(std::abs(maxY(boxes[1].quad) - (31.5 + d2)) <= 1.0);
        QVERIFY(std::abs(boxes[0].score - 0.8) < 1e-6);
        QVERIFY(std::abs(boxes[1].score - 0.95) < 1e-6);
        DbOptions one;
        one.maxCandidates = 1;
        QCOMPARE(map.boxes(one).size(), size_t(1));
    }

    // A box growing past the map's edge is clipped to it (0 and the map's width and height):
    // the blob at 1..20 x 1..10 grows to 1 - 4.58 < 0.
    void clippedToTheMap() {
        Map map(24, 40);
        map.fill(1, 1, 20, 10, 1.0f);
        const auto boxes = map.boxes();
        QCOMPARE(boxes.size(), size_t(1));
        QCOMPARE(minX(boxes[0].quad), 0.0);
        QCOMPARE(minY(boxes[0].quad), 0.0);
        const double d = unclipDistance(19, 9);
        QVERIFY(std::abs(maxX(boxes[0].quad) - (20.5 + d)) <= 1.0);
    }

    // A rectangle rotated by 30 degrees, 40 x 12 px around (40, 40) (pixels whose centre is
    // inside): the box is rotated the same way, its first edge (top-left to top-right) going
    // right and down at 30 degrees, and its sides are the blob's grown by 2d, within the
    // rasterization's 2 px.
    void rotatedBlobGivesRotatedBox() {
        Map map(80, 80);
        const double angle = std::numbers::pi / 6.0, cx = 40.0, cy = 40.0;
        const double c = std::cos(angle), s = std::sin(angle);
        for (int y = 0; y < 80; ++y)
            for (int x = 0; x < 80; ++x) {
                const double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                const double u = dx * c + dy * s, v = -dx * s + dy * c;
                if (std::abs(u) < 20.0 && std::abs(v) < 6.0)
                    map.values[static_cast<size_t>(y * 80 + x)] = 0.9f;
            }
        const auto boxes = map.boxes();
        QCOMPARE(boxes.size(), size_t(1));
        const Quad& q = boxes[0].quad;
        const double top =
            std::atan2(q.corners[1].y - q.corners[0].y, q.corners[1].x - q.corners[0].x) * 180.0 /
            std::numbers::pi;
        QVERIFY2(std::abs(top - 30.0) < 3.0, qPrintable(QString::number(top)));
        // the border pixels' centres lie up to a pixel inside the 40 x 12 rectangle: the contour's
        // rectangle is between 39 x 11 and 40 x 12, grown by that size's d, give or take Clipper's
        // rounding
        const double dSmall = unclipDistance(39, 11), dLarge = unclipDistance(40, 12);
        const double longSide = length(q.corners[0], q.corners[1]);
        const double shortSide = length(q.corners[1], q.corners[2]);
        QVERIFY2(longSide >= 39 + 2 * dSmall - 1 && longSide <= 40 + 2 * dLarge + 1,
                 qPrintable(QString::number(longSide)));
        QVERIFY2(shortSide >= 11 + 2 * dSmall - 1 && shortSide <= 12 + 2 * dLarge + 1,
                 qPrintable(QString::number(shortSide)));
        double mx = 0, my = 0;
        for (const Point2& p : q.corners) {
            mx += p.x / 4;
            my += p.y / 4;
        }
        QVERIFY(std::abs(mx - cx) < 1.0 && std::abs(my - cy) < 1.0);
    }

    void emptyMapAndErrors() {
        Map empty(16, 16);
        QVERIFY(empty.boxes().empty());
        std::vector<float> values(10, 0.0f);
        auto wrongSize = dbPostProcess(values, 4, 4);
        QVERIFY(!wrongSize);
        QCOMPARE(QString::fromStdString(wrongSize.error().message),
                 QStringLiteral("text detection: a 4x4 probability map needs 16 values, got 10"));
        // tensors: [1, 1, H, W], [1, H, W] and [H, W] are one image's map; others are not
        QVERIFY(dbPostProcess(HostTensor(DataType::Float, {1, 1, 8, 8})));
        QVERIFY(dbPostProcess(HostTensor(DataType::Float, {8, 8})));
        auto twoChannels = dbPostProcess(HostTensor(DataType::Float, {1, 2, 8, 8}));
        QVERIFY(!twoChannels);
        QCOMPARE(QString::fromStdString(twoChannels.error().message),
                 QStringLiteral("text detection needs one image's float32 probability map, "
                                "[1, 1, H, W]; the output is float32 1x2x8x8"));
        QVERIFY(!dbPostProcess(HostTensor(DataType::Float, {64})));
        QVERIFY(!dbPostProcess(HostTensor(DataType::Int64, {1, 1, 8, 8})));
        DbOptions bad;
        bad.unclipRatio = 0.0;
        QVERIFY(!dbPostProcess(HostTensor(DataType::Float, {1, 1, 8, 8}), bad));
    }
};

QTEST_GUILESS_MAIN(TestDbPostprocess)
#include "test_db_postprocess.moc"
