// A candidate judged by text detection: a tiny "detector" built in code (a 1x1 convolution with
// weight 1: the probability map is the input) on two 32 x 32 maps drawn here, the boxes and
// every figure worked out by hand, including a weak blob that 3-bit activations push below the
// box threshold.
//
// A blob of 20 x 8 pixels at x 4..23 gives a 19 x 7 contour rectangle, grown by
// d = 19 * 7 * 1.5 / 52 = 3.84 and rounded to whole pixels by Clipper: x 4 - 3.84 -> 0 and
// 23 + 3.84 -> 27, so the box spans x 0.5..27.5 (continuous coordinates); rows 4..11 give
// y 0.5..15.5 and rows 18..25 give y 14.5..29.5. The truth boxes [1, 27] x [1, 15] and
// [1, 27] x [15, 29] overlap those by IoU 26 * 14 / (27 * 15) = 0.90.

#include "core/metrics/task_metric.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/quant/evaluation.h"
#include "core/runtime/executor.h"
#include "tests/support/model_builder.h"

#include <QtTest>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kSide = 32;

std::shared_ptr<const Graph> detector() {
    ModelBuilder b(13, 1);
    auto x = b.input("x", {1, 1, kSide, kSide});
    auto w = b.floats("w", {1, 1, 1, 1}, {1.0f});
    auto bias = b.floats("b", {1}, {0.0f});
    auto y = b.node("Conv", {x, w, bias}, 1, {{1, 1, kSide, kSide}}, "conv")[0];
    b.output(y);
    auto imported = importOnnxBytes(b.serialized(), "detector", {});
    Graph g = std::move(imported.value().graph);
    (void)optimizeGraph(g, defaultPassNames());
    return std::make_shared<const Graph>(std::move(g));
}

struct Blob {
    int x0, y0, x1, y1; // pixels, inclusive
    float p;
};

std::vector<HostTensor> sample(const std::vector<Blob>& blobs) {
    std::vector<float> map(kSide * kSide, 0.0f);
    for (const Blob& b : blobs)
        for (int y = b.y0; y <= b.y1; ++y)
            for (int x = b.x0; x <= b.x1; ++x)
                map[static_cast<size_t>(y * kSide + x)] = b.p;
    return {HostTensor::fromFloats({1, 1, kSide, kSide}, map)};
}

} // namespace

class TestTextDetectionEvaluation : public QObject {
    Q_OBJECT

private slots:
    void hmeanPrecisionRecall() {
        const auto graph = detector();
        auto executor = Executor::create(graph);
        QVERIFY(executor);
        const Blob top{4, 4, 23, 11, 1.0f}, bottom{4, 18, 23, 25, 1.0f};
        Blob weak = bottom;
        weak.p = 0.62f;
        // image 1: two lines, the lower one weak; image 2: a line and a false blob below it
        const std::vector<std::vector<HostTensor>> samples = {sample({top, weak}),
                                                              sample({top, bottom})};
        CalibrationSettings settings;
        settings.bits = {3, 8};
        auto calibration = calibrate(*executor, samples, settings);
        QVERIFY(calibration);
        TaskMetric metric;
        metric.kind = MetricKind::TextDetection;
        SampleTruth truth;
        // image 2's second truth box [28, 31] x [2, 30] has no blob: missed
        truth.boxes = {{axisAlignedQuad(1, 1, 27, 15), axisAlignedQuad(1, 15, 27, 29)},
                       {axisAlignedQuad(1, 1, 27, 15), axisAlignedQuad(28, 2, 31, 30)}};

        // float: 4 truths, 4 detections, 3 matches: P = R = hmean = 3/4. 8 bits keep the weak
        // blob (0.62 -> 158/255 = 0.6196 >= 0.6): nothing lost
        auto eight =
            evaluate(*executor, *calibration, samples, metric, truth, uniformRequest(1, 8));
        QVERIFY2(eight, eight ? "" : eight.error().message.c_str());
        QCOMPARE(eight->metric, MetricKind::TextDetection);
        QVERIFY(eight->labelled);
        QCOMPARE(eight->floatScore, 75.0);
        QCOMPARE(eight->quantizedScore, 75.0);
        QCOMPARE(eight->accuracyDropPercent, 0.0);
        QVERIFY(eight->floatDetection && eight->quantizedDetection);
        QCOMPARE(eight->floatDetection->images, size_t(2));
        QCOMPARE(eight->floatDetection->groundTruth, size_t(4));
        QCOMPARE(eight->floatDetection->detections, size_t(4));
        QCOMPARE(eight->floatDetection->matched, size_t(3));
        QVERIFY(!eight->floatCharacterErrorRate);

        // 3-bit activations over the calibrated [0, 1], steps of 1/7: 0.62 -> 4/7 = 0.571, below
        // the box threshold: the weak line is lost. 3 detections, 2 matches: P = 2/3, R = 1/2,
        // hmean = 4/7
        auto three =
            evaluate(*executor, *calibration, samples, metric, truth, uniformRequest(1, 3));
        QVERIFY2(three, three ? "" : three.error().message.c_str());
        QCOMPARE(three->floatScore, 75.0);
        QCOMPARE(three->quantizedDetection->detections, size_t(3));
        QCOMPARE(three->quantizedDetection->matched, size_t(2));
        QCOMPARE(three->quantizedDetection->precision(), 2.0 / 3.0);
        QCOMPARE(three->quantizedDetection->recall(), 0.5);
        QCOMPARE(three->quantizedScore, 400.0 / 7.0);
        QCOMPARE(three->accuracyDropPercent, 75.0 - 400.0 / 7.0);

        // without truth the float model's boxes are the reference: 3 of its 4 boxes found, all
        // 3 detections right: P = 1, R = 3/4, hmean = 6/7
        auto unlabelled =
            evaluate(*executor, *calibration, samples, metric, SampleTruth{}, uniformRequest(1, 3));
        QVERIFY(unlabelled);
        QVERIFY(!unlabelled->labelled);
        QCOMPARE(unlabelled->floatScore, 100.0);
        QCOMPARE(unlabelled->quantizedScore, 600.0 / 7.0);
        QCOMPARE(unlabelled->quantizedDetection->groundTruth, size_t(4));

        // truth for another number of samples
        truth.boxes.pop_back();
        auto wrong =
            evaluate(*executor, *calibration, samples, metric, truth, uniformRequest(1, 8));
        QVERIFY(!wrong);
        QCOMPARE(QString::fromStdString(wrong.error().message),
                 QStringLiteral("evaluation got text boxes for 1 samples, but there are 2"));
    }

    // Images without text on either side score 100 %, against truth or the float model.
    void imagesWithoutText() {
        const auto graph = detector();
        auto executor = Executor::create(graph);
        QVERIFY(executor);
        // one faint pixel (below the 0.3 threshold) gives the calibration a range
        const std::vector<std::vector<HostTensor>> samples = {sample({{0, 0, 0, 0, 0.2f}}),
                                                              sample({})};
        CalibrationSettings settings;
        settings.bits = {8};
        auto calibration = calibrate(*executor, samples, settings);
        QVERIFY(calibration);
        TaskMetric metric;
        metric.kind = MetricKind::TextDetection;
        SampleTruth truth;
        truth.boxes = {{}, {}};
        auto r = evaluate(*executor, *calibration, samples, metric, truth, uniformRequest(1, 8));
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->floatScore, 100.0);
        QCOMPARE(r->quantizedScore, 100.0);
        QCOMPARE(r->accuracyDropPercent, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestTextDetectionEvaluation)
#include "test_text_detection_evaluation.moc"
