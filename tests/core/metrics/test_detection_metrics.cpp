// Polygon IoU of quadrilaterals whose overlaps are worked out by hand, and the matching,
// precision, recall and hmean of hand-made detection sets: a duplicate detection, a missed box,
// a false detection, empty images, PaddleOCR's greedy order, and IoU of exactly one half (no
// match: the threshold is strict).

#include "core/metrics/detection_metrics.h"

#include <QtTest>

#include <cmath>

using namespace autosplit;

class TestDetectionMetrics : public QObject {
    Q_OBJECT

private slots:
    void quadGeometry() {
        QCOMPARE(quadArea(axisAlignedQuad(0, 0, 3, 2)), 6.0);
        QVERIFY(isSimpleQuad(axisAlignedQuad(0, 0, 3, 2)));
        // the same corners counter-clockwise: still simple, same area
        const Quad ccw{{Point2{0, 0}, Point2{0, 2}, Point2{3, 2}, Point2{3, 0}}};
        QVERIFY(isSimpleQuad(ccw));
        QCOMPARE(quadArea(ccw), 6.0);
        // a bow tie (edges 1-2 and 3-0 cross), a line, a point
        QVERIFY(!isSimpleQuad(Quad{{Point2{0, 0}, Point2{2, 0}, Point2{0, 2}, Point2{2, 2}}}));
        QVERIFY(!isSimpleQuad(axisAlignedQuad(0, 0, 3, 0)));
        QVERIFY(!isSimpleQuad(axisAlignedQuad(1, 1, 1, 1)));
        // a non-convex dart is simple
        QVERIFY(isSimpleQuad(Quad{{Point2{0, 0}, Point2{4, 2}, Point2{0, 4}, Point2{1, 2}}}));
    }

    void iouByHand() {
        QCOMPARE(quadIoU(axisAlignedQuad(0, 0, 4, 2), axisAlignedQuad(0, 0, 4, 2)), 1.0);
        // corner order and direction do not matter
        const Quad reversed{{Point2{0, 2}, Point2{4, 2}, Point2{4, 0}, Point2{0, 0}}};
        QCOMPARE(quadIoU(axisAlignedQuad(0, 0, 4, 2), reversed), 1.0);
        QCOMPARE(quadIoU(axisAlignedQuad(0, 0, 1, 1), axisAlignedQuad(2, 0, 3, 1)), 0.0);
        // touching along an edge: no area shared
        QCOMPARE(quadIoU(axisAlignedQuad(0, 0, 1, 1), axisAlignedQuad(1, 0, 2, 1)), 0.0);
        // half of each overlaps: 1 / (2 + 2 - 1)
        QCOMPARE(quadIoU(axisAlignedQuad(0, 0, 2, 1), axisAlignedQuad(1, 0, 3, 1)), 1.0 / 3.0);
        // one inside the other: 1 / 4
        QCOMPARE(quadIoU(axisAlignedQuad(0, 0, 2, 2), axisAlignedQuad(0, 0, 1, 1)), 0.25);
        // a diamond inside a 2 x 2 square: area 2 of 4
        const Quad diamond{{Point2{1, 0}, Point2{2, 1}, Point2{1, 2}, Point2{0, 1}}};
        QCOMPARE(quadIoU(axisAlignedQuad(0, 0, 2, 2), diamond), 0.5);
        // the diamond against the square's right half [1, 2] x [0, 2]: they share the triangle
        // (1,0) (2,1) (1,2) of area 1; union 2 + 2 - 1
        QCOMPARE(quadIoU(axisAlignedQuad(1, 0, 2, 2), diamond), 1.0 / 3.0);
        // the 2 x 2 square and the same square turned by 45 degrees about its centre: both have
        // inradius 1, the overlap is the regular octagon of inradius 1, area 8 (sqrt 2 - 1); the
        // union is 4 + 4 - that
        const double r = std::sqrt(2.0);
        const Quad rotated{
            {Point2{1, 1 - r}, Point2{1 + r, 1}, Point2{1, 1 + r}, Point2{1 - r, 1}}};
        const double octagon = 8.0 * (r - 1.0);
        QVERIFY(std::abs(quadIoU(axisAlignedQuad(0, 0, 2, 2), rotated) -
                         octagon / (8.0 - octagon)) < 1e-6);
        // the non-convex dart (area 6) inside the box [0, 4] x [0, 4] (area 16)
        const Quad dart{{Point2{0, 0}, Point2{4, 2}, Point2{0, 4}, Point2{1, 2}}};
        QCOMPARE(quadArea(dart), 6.0);
        QCOMPARE(quadIoU(axisAlignedQuad(0, 0, 4, 4), dart), 6.0 / 16.0);
        // not simple: no IoU
        QCOMPARE(quadIoU(axisAlignedQuad(0, 0, 1, 1), axisAlignedQuad(0, 0, 1, 0)), 0.0);
    }

    // Image 1: truth A, B; detections A' (IoU 0.9 with A), a duplicate A'' of A, and C far away:
    // A' takes A, the duplicate finds A taken and B too far: 1 match of 2 truths, 3 detections.
    // Image 2: nothing on either side. Image 3: a truth box nobody found.
    void duplicateMissedAndEmpty() {
        const Quad a = axisAlignedQuad(0, 0, 10, 2), b = axisAlignedQuad(0, 10, 10, 12);
        const std::vector<std::vector<Quad>> truth = {{a, b}, {}, {axisAlignedQuad(5, 5, 9, 9)}};
        const std::vector<std::vector<Quad>> detected = {{axisAlignedQuad(0, 0, 9, 2),
                                                          axisAlignedQuad(1, 0, 10, 2),
                                                          axisAlignedQuad(30, 30, 40, 32)},
                                                         {},
                                                         {}};
        auto score = scoreTextDetection(detected, truth);
        QVERIFY(score);
        QCOMPARE(score->images, size_t(3));
        QCOMPARE(score->groundTruth, size_t(3));
        QCOMPARE(score->detections, size_t(3));
        QCOMPARE(score->matched, size_t(1));
        QCOMPARE(score->precision(), 1.0 / 3.0);
        QCOMPARE(score->recall(), 1.0 / 3.0);
        QCOMPARE(score->hmean(), 1.0 / 3.0);

        // every truth found once, one false detection: P 3/4, R 1, hmean 6/7
        const std::vector<std::vector<Quad>> better = {
            {axisAlignedQuad(0, 0, 9, 2), b, axisAlignedQuad(30, 30, 40, 32)},
            {},
            {axisAlignedQuad(5, 5, 9, 9)}};
        auto s = scoreTextDetection(better, truth);
        QVERIFY(s);
        QCOMPARE(s->matched, size_t(3));
        QCOMPARE(s->precision(), 0.75);
        QCOMPARE(s->recall(), 1.0);
        QCOMPARE(s->hmean(), 2.0 * 0.75 / 1.75);
    }

    // Truth in order, then detections in order, first come first served (not an optimal
    // assignment): g1 = [0, 10] takes d1 = [2, 12] (IoU 8/12) although d2 = [-2, 8] would do as
    // well, and g2 = [4, 14] is left with d2 (IoU 4/16): one match where two were possible.
    void greedyInPaddleOcrOrder() {
        const Quad g1 = axisAlignedQuad(0, 0, 10, 1), g2 = axisAlignedQuad(4, 0, 14, 1);
        const Quad d1 = axisAlignedQuad(2, 0, 12, 1), d2 = axisAlignedQuad(-2, 0, 8, 1);
        QCOMPARE(quadIoU(g1, d1), 8.0 / 12.0);
        QCOMPARE(quadIoU(g2, d2), 4.0 / 16.0);
        QCOMPARE(scoreImage({d1, d2}, {g1, g2}).matched, size_t(1));
        QCOMPARE(scoreImage({d2, d1}, {g1, g2}).matched, size_t(2));
    }

    // IoU of exactly 0.5 does not match: PaddleOCR's and ICDAR 2015's IoU > 0.5.
    void halfIsNotEnough() {
        const Quad truth = axisAlignedQuad(0, 0, 2, 1);
        QCOMPARE(quadIoU(truth, axisAlignedQuad(0, 0, 1, 1)), 0.5);
        QCOMPARE(scoreImage({axisAlignedQuad(0, 0, 1, 1)}, {truth}).matched, size_t(0));
        QCOMPARE(scoreImage({axisAlignedQuad(0, 0, 1.01, 1)}, {truth}).matched, size_t(1));
        QCOMPARE(kDetectionIoUThreshold, 0.5);
    }

    void cornerCases() {
        // nothing to find and nothing found: 100 % on all three
        TextDetectionScore none = scoreImage({}, {});
        QCOMPARE(none.images, size_t(1));
        QCOMPARE(none.precision(), 1.0);
        QCOMPARE(none.recall(), 1.0);
        QCOMPARE(none.hmean(), 1.0);
        auto noImages = scoreTextDetection({}, {});
        QVERIFY(noImages);
        QCOMPARE(noImages->hmean(), 1.0);
        // only false detections: precision 0 (and recall 0, as PaddleOCR has it), hmean 0
        TextDetectionScore falseOnly = scoreImage({axisAlignedQuad(0, 0, 1, 1)}, {});
        QCOMPARE(falseOnly.precision(), 0.0);
        QCOMPARE(falseOnly.recall(), 0.0);
        QCOMPARE(falseOnly.hmean(), 0.0);
        // only missed truths: recall 0, precision 0, hmean 0
        TextDetectionScore missed = scoreImage({}, {axisAlignedQuad(0, 0, 1, 1)});
        QCOMPARE(missed.recall(), 0.0);
        QCOMPARE(missed.precision(), 0.0);
        QCOMPARE(missed.hmean(), 0.0);
        // a detection that is not a simple quadrilateral is left out, as PaddleOCR does
        TextDetectionScore bowTie =
            scoreImage({Quad{{Point2{0, 0}, Point2{2, 0}, Point2{0, 2}, Point2{2, 2}}},
                        axisAlignedQuad(0, 0, 2, 2)},
                       {axisAlignedQuad(0, 0, 2, 2)});
        QCOMPARE(bowTie.detections, size_t(1));
        QCOMPARE(bowTie.matched, size_t(1));
        // the image counts must agree
        auto mismatch = scoreTextDetection({{}, {}}, {{}});
        QVERIFY(!mismatch);
        QCOMPARE(QString::fromStdString(mismatch.error().message),
                 QStringLiteral("text detection: 2 images of detections for 1 images of truth "
                                "boxes"));
    }
};

QTEST_GUILESS_MAIN(TestDetectionMetrics)
#include "test_detection_metrics.moc"
