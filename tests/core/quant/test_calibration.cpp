// Calibration and evaluation on a two-layer perceptron, checked against a quantized forward pass
// written here from the quantization conventions (per-channel symmetric narrow-range weights,
// per-tensor asymmetric unsigned activations, min/max ranges widened to contain 0).

#include "core/graph/half_float.h"
#include "core/onnx/onnx_importer.h"
#include "core/passes/pass_manager.h"
#include "core/quant/calibration.h"
#include "core/quant/evaluation.h"
#include "core/quant/layer_sensitivity.h"
#include "core/runtime/executor.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int kIn = 16, kHidden = 8, kOut = 4, kSamples = 24;

struct Mlp {
    std::shared_ptr<const Graph> graph;
    std::vector<float> w1, b1, w2, b2; // Gemm weights [out, in] (transB = 1)
};

// x[1,16] -> Gemm(8) + Relu -> Gemm(4); Relu fused by the default passes: 2 layers.
Mlp buildMlp() {
    ModelBuilder b(13, 7);
    auto x = b.input("x", {1, kIn});
    auto h = b.relu(b.gemm(x, kHidden, "fc1"), "relu1");
    auto y = b.gemm(h, kOut, "fc2");
    b.output(y);
    Mlp m;
    auto floats = [&](const std::string& name) {
        for (const auto& t : b.model().graph().initializer())
            if (t.name() == name) {
                std::vector<float> v(static_cast<size_t>(t.raw_data().size() / 4));
                std::memcpy(v.data(), t.raw_data().data(), t.raw_data().size());
                return v;
            }
        return std::vector<float>{};
    };
    m.w1 = floats("fc1.weight");
    m.b1 = floats("fc1.bias");
    m.w2 = floats("fc2.weight");
    m.b2 = floats("fc2.bias");
    auto imported = importOnnxBytes(b.serialized(), "mlp", {});
    Graph g = std::move(imported.value().graph);
    auto reports = optimizeGraph(g, defaultPassNames());
    m.graph = std::make_shared<const Graph>(std::move(g));
    return m;
}

std::vector<std::vector<HostTensor>> makeSamples(uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::vector<std::vector<HostTensor>> samples;
    for (int s = 0; s < kSamples; ++s) {
        std::vector<float> v(kIn);
        for (auto& x : v)
            x = normal(rng);
        samples.push_back({HostTensor::fromFloats({1, kIn}, v)});
    }
    return samples;
}

double roundEven(double v) {
    return std::nearbyint(v);
}

// Per-row symmetric narrow-range fake quantization of a [rows, cols] weight.
std::vector<float> quantizeWeight(const std::vector<float>& w, int rows, int bits) {
    const int cols = static_cast<int>(w.size()) / rows;
    const double qmax = std::pow(2.0, bits - 1) - 1;
    std::vector<float> out(w.size());
    for (int r = 0; r < rows; ++r) {
        double m = 0;
        for (int c = 0; c < cols; ++c)
            m = std::max(m, std::fabs(static_cast<double>(w[r * cols + c])));
        const double scale = m > 0 ? m / qmax : 1.0;
        for (int c = 0; c < cols; ++c)
            out[r * cols + c] = static_cast<float>(
                std::clamp(roundEven(w[r * cols + c] / scale), -qmax, qmax) * scale);
    }
    return out;
}

// Per-tensor asymmetric unsigned fake quantization with the range [lo, hi] widened to contain 0.
float quantizeActivation(float x, double lo, double hi, int bits) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    const double qmax = std::pow(2.0, bits) - 1;
    const double scale = hi > lo ? (hi - lo) / qmax : 1.0;
    const double zero = std::clamp(std::nearbyint(-lo / scale), 0.0, qmax);
    const double q = std::clamp(roundEven(x / scale) + zero, 0.0, qmax);
    return static_cast<float>((q - zero) * scale);
}

std::vector<float> dense(const std::vector<float>& x, const std::vector<float>& w,
                         const std::vector<float>& b, bool relu) {
    const size_t out = b.size(), in = x.size();
    std::vector<float> y(out);
    for (size_t o = 0; o < out; ++o) {
        double acc = b[o];
        for (size_t i = 0; i < in; ++i)
            acc += static_cast<double>(w[o * in + i]) * x[i];
        y[o] = static_cast<float>(relu ? std::max(acc, 0.0) : acc);
    }
    return y;
}

} // namespace

class TestCalibration : public QObject {
    Q_OBJECT

private slots:
    void measuresActivationErrors();
    void clipsFeatureMapsButNotTheOutput();
    void evaluatesLikeAQuantizedForwardPass_data();
    void evaluatesLikeAQuantizedForwardPass();
    void reportsLabelledAccuracy();
    void rejectsBadRequests();
    void measuresEachLayerAlone();
    void scoresOutputSqnr();
};

void TestCalibration::measuresActivationErrors() {
    const Mlp m = buildMlp();
    QCOMPARE(m.graph->nodeCount(), size_t(2));
    auto exec = Executor::create(m.graph);
    QVERIFY2(exec.ok(), exec.ok() ? "" : exec.error().message.c_str());
    const auto samples = makeSamples(3);
    CalibrationSettings settings;
    settings.bits = {2, 4, 8};
    std::vector<double> fractions;
    auto result = calibrate(*exec, samples, settings,
                            [&](double f, std::string_view) { fractions.push_back(f); });
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
    QCOMPARE(result->samples, size_t(kSamples));
    QVERIFY(!fractions.empty() && fractions.back() == 1.0);

    // Every layer output of every sample, computed here, then its min/max D_a per bit-width.
    std::vector<std::vector<float>> outputs(2);
    for (const auto& s : samples) {
        const auto x = s[0].toFloats();
        const auto h = dense(x, m.w1, m.b1, true);
        const auto y = dense(h, m.w2, m.b2, false);
        outputs[0].insert(outputs[0].end(), h.begin(), h.end());
        outputs[1].insert(outputs[1].end(), y.begin(), y.end());
    }
    for (size_t layer = 0; layer < 2; ++layer) {
        const auto& values = outputs[layer];
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        const auto& row = result->table.layers[layer];
        QCOMPARE(row.activationMse.size(), size_t(3));
        for (size_t j = 0; j < 3; ++j) {
            double error = 0;
            for (float v : values) {
                const double d = v - quantizeActivation(v, *lo, *hi, settings.bits[j]);
                error += d * d;
            }
            error /= static_cast<double>(values.size());
            QVERIFY2(
                std::fabs(row.activationMse[j] - error) <= 1e-6 * (1 + error),
                (std::to_string(row.activationMse[j]) + " vs " + std::to_string(error)).c_str());
        }
        QVERIFY(row.activationMse[0] > row.activationMse[1] &&
                row.activationMse[1] > row.activationMse[2]);
        QVERIFY(row.weightMse[0] > row.weightMse[1] && row.weightMse[1] > row.weightMse[2]);
        const auto& range = result->activationRanges.at(row.activation);
        QCOMPARE(range.size(), size_t(3));
        QCOMPARE(range[0].lo, std::min(*lo, 0.f));
        QCOMPARE(range[0].hi, std::max(*hi, 0.f));
    }
}

// Percentile clipping narrows the hidden layer's range to the central values, but the graph
// output, the model's answer, keeps its whole min/max range.
void TestCalibration::clipsFeatureMapsButNotTheOutput() {
    const Mlp m = buildMlp();
    auto exec = Executor::create(m.graph);
    QVERIFY(exec.ok());
    const auto samples = makeSamples(3);
    CalibrationSettings settings;
    settings.bits = {8};
    settings.activationRange.method = RangeMethod::Percentile;
    settings.activationRange.percentile = 90.0;
    auto result = calibrate(*exec, samples, settings);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
    std::vector<float> hidden, output;
    for (const auto& s : samples) {
        const auto h = dense(s[0].toFloats(), m.w1, m.b1, true);
        const auto y = dense(h, m.w2, m.b2, false);
        hidden.insert(hidden.end(), h.begin(), h.end());
        output.insert(output.end(), y.begin(), y.end());
    }
    const auto hiddenRange = result->activationRanges.at(result->table.layers[0].activation)[0];
    QVERIFY(hiddenRange.hi < *std::max_element(hidden.begin(), hidden.end()) * 0.99f);
    const auto outputRange = result->activationRanges.at(result->table.layers[1].activation)[0];
    const auto [lo, hi] = std::minmax_element(output.begin(), output.end());
    QCOMPARE(outputRange.lo, std::min(*lo, 0.f));
    QCOMPARE(outputRange.hi, std::max(*hi, 0.f));
}

void TestCalibration::evaluatesLikeAQuantizedForwardPass_data() {
    QTest::addColumn<int>("split");
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("wire"); // the crossing as the bundle sends it (else float32)
    for (int split : {0, 1, 2})
        for (int bits : {2, 4, 8})
            QTest::addRow("split %d at %d bits", split, bits) << split << bits << false;
    // a 4-bit raw input, float16 float crossings
    QTest::addRow("split 0, 4-bit input codes") << 0 << 32 << true;
    QTest::addRow("split 1 in float, float16 crossing") << 1 << 32 << true;
    QTest::addRow("split 2 in float, float16 output") << 2 << 32 << true;
    QTest::addRow("split 1 at 4 bits, wire as sent") << 1 << 4 << true;
}

void TestCalibration::evaluatesLikeAQuantizedForwardPass() {
    QFETCH(int, split);
    QFETCH(int, bits);
    QFETCH(bool, wire);
    const Mlp m = buildMlp();
    auto exec = Executor::create(m.graph);
    QVERIFY2(exec.ok(), exec.ok() ? "" : exec.error().message.c_str());
    const auto samples = makeSamples(5);
    CalibrationSettings settings;
    settings.bits = {2, 4, 8};
    auto calibration = calibrate(*exec, samples, settings);
    QVERIFY(calibration.ok());
    EvaluationRequest request = uniformRequest(split, bits);
    request.rawInputBits = wire ? 4 : 32;
    request.floatBits = wire ? 16 : 32;
    auto result = evaluate(*exec, *calibration, samples, {}, request);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());

    // The same split computed here: edge layers with quantized weights and outputs, cloud in float;
    // on the wire a raw input read on the cloud as 4-bit codes of its range over the samples, a
    // float edge layer's output as float16.
    const bool quantized = bits != 32;
    const int index = quantized ? *calibration->table.bitIndex(bits) : 0;
    const auto& r1 =
        calibration->activationRanges.at(calibration->table.layers[0].activation)[size_t(index)];
    const auto& r2 =
        calibration->activationRanges.at(calibration->table.layers[1].activation)[size_t(index)];
    const auto w1 = split >= 1 && quantized ? quantizeWeight(m.w1, kHidden, bits) : m.w1;
    const auto w2 = split >= 2 && quantized ? quantizeWeight(m.w2, kOut, bits) : m.w2;
    float inputLo = 0.f, inputHi = 0.f;
    for (const auto& s : samples)
        for (float v : s[0].toFloats()) {
            inputLo = std::min(inputLo, v);
            inputHi = std::max(inputHi, v);
        }
    const Range* inputRange = calibration->inputRange("x", 4);
    QVERIFY(inputRange);
    QCOMPARE(inputRange->lo, inputLo);
    QCOMPARE(inputRange->hi, inputHi);
    auto toHalf = [](std::vector<float>& v) {
        for (auto& x : v)
            x = halfToFloat(floatToHalf(x));
    };
    double signal = 0, noise = 0;
    int agree = 0;
    for (const auto& s : samples) {
        auto x = s[0].toFloats();
        const auto yf = dense(dense(x, m.w1, m.b1, true), m.w2, m.b2, false);
        if (wire && split == 0)
            for (auto& v : x)
                v = quantizeActivation(v, inputLo, inputHi, 4);
        auto h = dense(x, w1, m.b1, true);
        if (split >= 1 && quantized)
            for (auto& v : h)
                v = quantizeActivation(v, r1.lo, r1.hi, bits);
        if (split == 1 && wire && !quantized)
            toHalf(h);
        auto y = dense(h, w2, m.b2, false);
        if (split >= 2 && quantized)
            for (auto& v : y)
                v = quantizeActivation(v, r2.lo, r2.hi, bits);
        if (split == 2 && wire && !quantized)
            toHalf(y);
        for (int k = 0; k < kOut; ++k) {
            signal += double(yf[k]) * yf[k];
            noise += double(yf[k] - y[k]) * (yf[k] - y[k]);
        }
        agree += std::max_element(yf.begin(), yf.end()) - yf.begin() ==
                 std::max_element(y.begin(), y.end()) - y.begin();
    }
    const double expectedSqnr =
        noise == 0 ? std::numeric_limits<double>::infinity() : 10 * std::log10(signal / noise);
    QCOMPARE(result->samples, size_t(kSamples));
    QVERIFY(!result->labelled);
    QCOMPARE(result->outputSqnrDb.size(), size_t(1));
    const double sqnr = result->outputSqnrDb[0].second;
    if (std::isinf(expectedSqnr))
        QVERIFY(std::isinf(sqnr));
    else
        QVERIFY2(std::fabs(sqnr - expectedSqnr) < 0.05,
                 (std::to_string(sqnr) + " vs " + std::to_string(expectedSqnr)).c_str());
    QCOMPARE(result->top1Agreement, double(agree) / kSamples);
    QCOMPARE(result->accuracyDropPercent, 100.0 * (1.0 - double(agree) / kSamples));
    if (split == 0 && !wire)
        QCOMPARE(result->accuracyDropPercent, 0.0);
    if (wire && !quantized)
        QVERIFY(!std::isinf(sqnr)); // the wire alone loses something
}

void TestCalibration::reportsLabelledAccuracy() {
    const Mlp m = buildMlp();
    auto exec = Executor::create(m.graph);
    QVERIFY2(exec.ok(), exec.ok() ? "" : exec.error().message.c_str());
    const auto samples = makeSamples(9);
    CalibrationSettings settings;
    settings.bits = {2, 8};
    auto calibration = calibrate(*exec, samples, settings);
    QVERIFY(calibration.ok());
    // labels = the float model's own top-1 for the first half, a wrong class for the rest
    std::vector<int> labels;
    for (size_t s = 0; s < samples.size(); ++s) {
        const auto y = dense(dense(samples[s][0].toFloats(), m.w1, m.b1, true), m.w2, m.b2, false);
        const int top = static_cast<int>(std::max_element(y.begin(), y.end()) - y.begin());
        labels.push_back(s < samples.size() / 2 ? top : (top + 1) % kOut);
    }
    auto result = evaluate(*exec, *calibration, samples, labels, uniformRequest(2, 8));
    QVERIFY(result.ok());
    QVERIFY(result->labelled);
    QCOMPARE(result->floatTop1, 0.5);
    QCOMPARE(result->accuracyDropPercent, 100.0 * (result->floatTop1 - result->quantizedTop1));
}

void TestCalibration::rejectsBadRequests() {
    const Mlp m = buildMlp();
    auto exec = Executor::create(m.graph);
    QVERIFY2(exec.ok(), exec.ok() ? "" : exec.error().message.c_str());
    const auto samples = makeSamples(1);
    CalibrationSettings settings;
    settings.bits = {4, 8};
    auto calibration = calibrate(*exec, samples, settings);
    QVERIFY(calibration.ok());
    auto outside = evaluate(*exec, *calibration, samples, {}, uniformRequest(3, 8));
    QVERIFY(!outside.ok());
    QCOMPARE(outside.error().message, std::string("split 3 is outside 0..2"));
    auto uncalibrated = evaluate(*exec, *calibration, samples, {}, uniformRequest(1, 2));
    QVERIFY(!uncalibrated.ok());
    QVERIFY2(uncalibrated.error().message.find(
                 "2-bit activations were not calibrated (calibrated: 4,8)") != std::string::npos,
             uncalibrated.error().message.c_str());
    const std::vector<int> tooFewLabels{1};
    auto labels = evaluate(*exec, *calibration, samples, tooFewLabels, uniformRequest(1, 8));
    QVERIFY(!labels.ok());
    auto none = calibrate(*exec, std::span<const std::vector<HostTensor>>(), settings);
    QVERIFY(!none.ok());
    QCOMPARE(none.error().message, std::string("calibration needs at least one sample"));
    std::vector<std::vector<HostTensor>> wrongShape{
        {HostTensor::fromFloats({1, 3}, std::vector<float>{1, 2, 3})}};
    auto bad = calibrate(*exec, wrongShape, settings);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message, std::string("sample 1: input 'x': expected shape 1x16, got 1x3"));
    CancellationToken cancel;
    cancel.cancel();
    QVERIFY(!calibrate(*exec, samples, settings, {}, cancel).ok());
}

// Sensitivity: layer k alone quantized is exactly the evaluation of the split at k with every
// other layer in float (weights, activations or both), for each layer asked, in the order asked.
void TestCalibration::measuresEachLayerAlone() {
    const Mlp m = buildMlp();
    auto exec = Executor::create(m.graph);
    QVERIFY(exec.ok());
    const auto samples = makeSamples(5);
    std::vector<int> labels;
    for (int s = 0; s < kSamples; ++s)
        labels.push_back(s % kOut);
    CalibrationSettings settings;
    settings.bits = {2, 8};
    auto calibration = calibrate(*exec, samples, settings);
    QVERIFY(calibration.ok());
    const SampleTruth truth{labels, {}, {}};
    for (const auto& [weights, activations] :
         std::vector<std::pair<bool, bool>>{{true, true}, {true, false}, {false, true}}) {
        LayerSensitivityRequest request;
        request.bits = 2;
        request.weights = weights;
        request.activations = activations;
        request.layers = {2, 1};
        std::vector<double> fractions;
        auto result = layerSensitivity(*exec, *calibration, samples, TaskMetric{}, truth, request,
                                       [&](double f, std::string_view) { fractions.push_back(f); });
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        QCOMPARE(result->layers.size(), size_t(2));
        QCOMPARE(result->layers[0].layer, 2);
        QCOMPARE(result->layers[1].layer, 1);
        QVERIFY(!fractions.empty() && fractions.back() == 1.0);
        for (const LayerSensitivity& l : result->layers) {
            EvaluationRequest alone;
            alone.split = l.layer;
            alone.rawInputBits = 32; // the layer alone: a lossless wire
            alone.floatBits = 32;
            alone.weightBits.assign(static_cast<size_t>(l.layer), 32);
            alone.activationBits.assign(static_cast<size_t>(l.layer), 32);
            if (weights)
                alone.weightBits.back() = 2;
            if (activations)
                alone.activationBits.back() = 2;
            auto direct = evaluate(*exec, *calibration, samples, TaskMetric{}, truth, alone);
            QVERIFY(direct.ok());
            QVERIFY(l.quantized);
            QCOMPARE(l.drop, direct->accuracyDropPercent);
            QCOMPARE(l.quantizedScore, direct->quantizedScore);
            QCOMPARE(l.outputSqnrDb, direct->outputSqnrDb.front().second);
            QCOMPARE(result->floatScore, direct->floatScore);
            QVERIFY(std::isfinite(l.outputSqnrDb)); // 2 bits changes the output
        }
    }
    // at 8 bits the same layers lose less signal than at 2
    LayerSensitivityRequest fine;
    fine.bits = 8;
    LayerSensitivityRequest coarse;
    coarse.bits = 2;
    auto a = layerSensitivity(*exec, *calibration, samples, TaskMetric{}, truth, fine);
    auto b = layerSensitivity(*exec, *calibration, samples, TaskMetric{}, truth, coarse);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a->layers.size(), size_t(2)); // every layer by default
    for (size_t i = 0; i < 2; ++i)
        QVERIFY(a->layers[i].outputSqnrDb > b->layers[i].outputSqnrDb + 20.0);
    // bad requests
    LayerSensitivityRequest outside;
    outside.layers = {3};
    auto e = layerSensitivity(*exec, *calibration, samples, TaskMetric{}, truth, outside);
    QVERIFY(!e.ok());
    QCOMPARE(e.error().message, std::string("sensitivity: layer 3 is outside 1..2"));
    LayerSensitivityRequest nothing;
    nothing.weights = nothing.activations = false;
    QVERIFY(!layerSensitivity(*exec, *calibration, samples, TaskMetric{}, truth, nothing).ok());
    CancellationToken cancel;
    cancel.cancel();
    auto cancelled =
        layerSensitivity(*exec, *calibration, samples, TaskMetric{}, truth, fine, {}, cancel);
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().kind, ErrorKind::Cancelled);
}

// The sqnr metric on a case worked out by hand: x -> Relu, the Relu's output quantized at 2 bits
// over its calibrated range [0, 3] (step 1, zero point 0): 0.5 rounds half to even to 0, the
// rest is exact, so the noise is 0.25 against a signal of 0 + 0.25 + 1 + 9 = 10.25.
void TestCalibration::scoresOutputSqnr() {
    ModelBuilder b(13);
    b.output(b.relu(b.input("x", {1, 4})));
    auto imported = importOnnxBytes(b.serialized(), "relu", {});
    QVERIFY(imported.ok());
    auto graph = std::make_shared<const Graph>(std::move(imported->graph));
    auto exec = Executor::create(graph);
    QVERIFY(exec.ok());
    const std::vector<float> x = {0.f, 0.5f, 1.f, 3.f};
    const std::vector<std::vector<HostTensor>> samples = {{HostTensor::fromFloats({1, 4}, x)}};
    CalibrationSettings settings;
    settings.bits = {2};
    auto calibration = calibrate(*exec, samples, settings);
    QVERIFY(calibration.ok());
    TaskMetric metric;
    metric.kind = MetricKind::Sqnr;
    auto r = evaluate(*exec, *calibration, samples, metric, SampleTruth{}, uniformRequest(1, 2));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->metric, MetricKind::Sqnr);
    QVERIFY(std::fabs(r->accuracyDropPercent - 100.0 * 0.25 / 10.25) < 1e-9);
    QVERIFY(std::fabs(*r->sqnrDb - 10.0 * std::log10(10.25 / 0.25)) < 1e-9);
    QCOMPARE(r->floatScore, 100.0);
    QVERIFY(std::fabs(r->quantizedScore - (100.0 - r->accuracyDropPercent)) < 1e-12);
    // nothing quantized, nothing rounded on the wire: no noise
    EvaluationRequest floatWire = uniformRequest(0, 2);
    floatWire.rawInputBits = 32;
    auto none = evaluate(*exec, *calibration, samples, metric, SampleTruth{}, floatWire);
    QVERIFY(none.ok());
    QCOMPARE(none->accuracyDropPercent, 0.0);
    QVERIFY(std::isinf(*none->sqnrDb));
    // Cloud-Only as deployed: the raw input as 8-bit codes loses a little
    auto cloudOnly =
        evaluate(*exec, *calibration, samples, metric, SampleTruth{}, uniformRequest(0, 2));
    QVERIFY(cloudOnly.ok());
    QVERIFY(cloudOnly->accuracyDropPercent > 0.0 && cloudOnly->accuracyDropPercent < 1.0);
    // the limit's two spellings
    QVERIFY(std::fabs(sqnrDropPercent(20.0) - 1.0) < 1e-12);
    QVERIFY(std::fabs(sqnrDbOfDrop(0.1) - 30.0) < 1e-9);
    QVERIFY(std::isinf(sqnrDbOfDrop(0.0)));
    QCOMPARE(parseMetric("sqnr"), std::optional<MetricKind>(MetricKind::Sqnr));
    QCOMPARE(metricName(MetricKind::Sqnr), std::string_view("sqnr"));
}

QTEST_GUILESS_MAIN(TestCalibration)
#include "test_calibration.moc"
