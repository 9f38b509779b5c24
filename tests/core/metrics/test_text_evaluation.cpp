// A candidate judged by text recognition: a tiny "recogniser" built in code (x -> Gemm with 5 x
// identity -> [1, 3, 4] per-step scores over {blank, a, b, c}) whose inputs are chosen so that
// every figure below is worked out by hand, including a near-tie that 2-bit activations break
// the other way.

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

constexpr int kSteps = 3, kClasses = 4;

std::shared_ptr<const Graph> recogniser() {
    ModelBuilder b(13, 1);
    auto x = b.input("x", {1, kSteps * kClasses});
    std::vector<float> w(kSteps * kClasses * kSteps * kClasses, 0.f);
    for (int i = 0; i < kSteps * kClasses; ++i)
        w[static_cast<size_t>(i * kSteps * kClasses + i)] = 5.f;
    auto weight = b.floats("w", {kSteps * kClasses, kSteps * kClasses}, w);
    auto y = b.node("Gemm", {x, weight}, 1, {{1, kSteps * kClasses}}, "gemm")[0];
    b.setAttr(b.lastNode(), "transB", int64_t(1));
    auto shape = b.int64s("shape", {3}, {1, kSteps, kClasses});
    auto scores = b.node("Reshape", {y, shape}, 1, {{1, kSteps, kClasses}}, "reshape")[0];
    b.output(scores);
    auto imported = importOnnxBytes(b.serialized(), "recogniser", {});
    Graph g = std::move(imported.value().graph);
    (void)optimizeGraph(g, defaultPassNames());
    return std::make_shared<const Graph>(std::move(g));
}

// One sample from the per-step scores wanted after the Gemm (x = scores / 5).
std::vector<HostTensor> sample(const std::vector<std::vector<float>>& steps) {
    std::vector<float> x;
    for (const auto& s : steps)
        for (float v : s)
            x.push_back(v / 5.f);
    return {HostTensor::fromFloats({1, kSteps * kClasses}, x)};
}

} // namespace

class TestTextEvaluation : public QObject {
    Q_OBJECT

private slots:
    void lineAccuracyAndCharacterErrors() {
        const auto graph = recogniser();
        auto executor = Executor::create(graph);
        QVERIFY(executor);
        // classes: blank, a, b, c
        const std::vector<std::vector<HostTensor>> samples = {
            sample({{0, 10, 0, 0}, {10, 0, 0, 0}, {0, 0, 10, 0}}), // a, blank, b -> "ab"
            sample({{0, 0, 0, 10}, {0, 0, 0, 10}, {10, 0, 0, 0}}), // c, c, blank -> "c"
            sample({{0, 9, 10, 0}, {0, 10, 0, 0}, {0, 10, 0, 0}}), // b (10 > 9), a, a -> "ba"
        };
        CalibrationSettings settings;
        settings.bits = {2, 8};
        auto calibration = calibrate(*executor, samples, settings);
        QVERIFY(calibration);
        TaskMetric metric;
        metric.kind = MetricKind::TextRecognition;
        metric.alphabet = std::make_shared<const CtcAlphabet>(ctcAlphabet("a\nb\nc", 4).value());
        SampleTruth truth;
        truth.texts = {"ab", "c", "ba"};

        // 8 bits keep every step's winner: nothing lost
        auto eight =
            evaluate(*executor, *calibration, samples, metric, truth, uniformRequest(1, 8));
        QVERIFY2(eight, eight ? "" : eight.error().message.c_str());
        QCOMPARE(eight->metric, MetricKind::TextRecognition);
        QVERIFY(eight->labelled);
        QCOMPARE(eight->floatScore, 100.0);
        QCOMPARE(eight->quantizedScore, 100.0);
        QCOMPARE(eight->accuracyDropPercent, 0.0);
        QCOMPARE(*eight->floatCharacterErrorRate, 0.0);

        // 2-bit activations over the calibrated [0, 10]: steps of 10/3, so 9 and 10 both become
        // 10 and the tie goes to the lower class, a: the third line reads "a" (b lost). Line
        // accuracy 2/3; one edit over 5 reference characters.
        auto two = evaluate(*executor, *calibration, samples, metric, truth, uniformRequest(1, 2));
        QVERIFY2(two, two ? "" : two.error().message.c_str());
        QCOMPARE(two->floatScore, 100.0);
        QCOMPARE(two->quantizedScore, 200.0 / 3.0);
        QCOMPARE(two->accuracyDropPercent, 100.0 - 200.0 / 3.0);
        QCOMPARE(*two->quantizedCharacterErrorRate, 20.0);

        // wrong truth for the first line: the float model scores 2/3 as well
        truth.texts = {"abc", "c", "ba"};
        auto wrong =
            evaluate(*executor, *calibration, samples, metric, truth, uniformRequest(1, 8));
        QVERIFY(wrong);
        QCOMPARE(wrong->floatScore, 200.0 / 3.0);
        QCOMPARE(*wrong->floatCharacterErrorRate, 100.0 / 6.0); // 1 edit over 3 + 1 + 2

        // without texts the float model's own lines are the reference
        auto unlabelled =
            evaluate(*executor, *calibration, samples, metric, SampleTruth{}, uniformRequest(1, 2));
        QVERIFY(unlabelled);
        QVERIFY(!unlabelled->labelled);
        QCOMPARE(unlabelled->floatScore, 100.0);
        QCOMPARE(unlabelled->quantizedScore, 200.0 / 3.0);

        // a dictionary that does not fit, texts that do not match the samples
        TaskMetric none;
        none.kind = MetricKind::TextRecognition;
        QVERIFY(!evaluate(*executor, *calibration, samples, none, truth, uniformRequest(1, 8)));
        truth.texts = {"ab"};
        QVERIFY(!evaluate(*executor, *calibration, samples, metric, truth, uniformRequest(1, 8)));
    }
};

QTEST_GUILESS_MAIN(TestTextEvaluation)
#include "test_text_evaluation.moc"
