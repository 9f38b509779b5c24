// Adaptive weight rounding (core/quant/weight_rounding.h): the input moments against sums written
// out here, the descent's result against nearest rounding and against every single flip, and the
// rounding carried through calibration, evaluation and the exported edge model.

#include "core/bundle/split_models.h"
#include "core/bundle/split_plan.h"
#include "core/onnx/onnx_importer.h"
#include "core/quant/calibration.h"
#include "core/quant/evaluation.h"
#include "core/quant/layer_weight.h"
#include "core/quant/weight_rounding.h"
#include "core/runtime/executor.h"
#include "tests/support/model_builder.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace autosplit;
using namespace autosplit::testing;

namespace {

constexpr int64_t kChannels = 3, kSize = 10;

// Edge detectors whose taps nearly cancel, as in PP-OCRv4's recogniser (weight_rounding.h).
const std::vector<float> kDepthwise = {
    0.436f, -2.079f, 0.411f,  -1.914f, -3.915f, -1.622f, 1.485f,  5.975f,  1.225f,  // sum 0.0028
    0.21f,  0.012f,  -0.139f, 0.021f,  4.05f,   -0.527f, -0.103f, -4.136f, 0.612f,  // sum 0.0007
    1.45f,  -2.155f, 0.671f,  5.266f,  -4.306f, -0.927f, 1.304f,  -1.301f, 0.011f}; // sum 0.0124

// x [1,3,10,10] -> depthwise 3x3 Conv (pad 1, bias) -> 1x1 Conv to 4 channels (bias).
std::shared_ptr<const Graph> buildModel() {
    ModelBuilder b(13, 3);
    auto x = b.input("x", {1, kChannels, kSize, kSize});
    auto dw = b.node("Conv",
                     {x, b.floats("dw.weight", {kChannels, 1, 3, 3}, kDepthwise),
                      b.floats("dw.bias", {kChannels}, {0.1f, -0.2f, 0.05f})},
                     1, {{1, kChannels, kSize, kSize}}, "dw")[0];
    b.setAttr(b.lastNode(), "group", kChannels);
    b.setAttr(b.lastNode(), "pads", std::vector<int64_t>{1, 1, 1, 1});
    b.setAttr(b.lastNode(), "kernel_shape", std::vector<int64_t>{3, 3});
    auto pw = b.node("Conv",
                     {dw, b.weight("pw.weight", {4, kChannels, 1, 1}, 0.5f),
                      b.floats("pw.bias", {4}, {0.f, 0.1f, 0.2f, 0.3f})},
                     1, {{1, 4, kSize, kSize}}, "pw")[0];
    b.output(pw);
    auto imported = importOnnxBytes(b.serialized(), "rounding", {});
    if (!imported)
        return nullptr;
    return std::make_shared<const Graph>(std::move(imported.value().graph));
}

// Smooth inputs with an offset: where nearest rounding of cancelling taps hurts most.
std::vector<std::vector<HostTensor>> smoothSamples(int count) {
    std::vector<std::vector<HostTensor>> samples;
    for (int s = 0; s < count; ++s) {
        std::vector<float> v;
        for (int64_t c = 0; c < kChannels; ++c)
            for (int64_t h = 0; h < kSize; ++h)
                for (int64_t w = 0; w < kSize; ++w)
                    v.push_back(3.0f + 2.0f * std::sin(0.3f * h + 0.2f * w + c + 0.7f * s) +
                                0.05f * std::cos(2.1f * h * w + s));
        samples.push_back({HostTensor::fromFloats({1, kChannels, kSize, kSize}, v)});
    }
    return samples;
}

LayerInputMoments momentsOf(const Graph& g, const LayerWeight& w,
                            const std::vector<std::vector<HostTensor>>& samples,
                            const Executor& executor) {
    auto m = LayerInputMoments::of(g, w);
    if (!m)
        qFatal("no moments for the layer");
    for (const auto& sample : samples) {
        if (m->input() == g.inputs()[0]) {
            if (!m->add(g, sample[0]))
                qFatal("moments refused the input");
            continue;
        }
        RunRequest run;
        run.feeds["x"] = sample[0];
        run.fetch = {g.value(m->input()).name};
        const auto out = executor.run(run).value();
        if (!m->add(g, out.at(g.value(m->input()).name)))
            qFatal("moments refused the input");
    }
    return std::move(*m);
}

} // namespace

class TestWeightRounding : public QObject {
    Q_OBJECT

private slots:
    void names() {
        QVERIFY(parseWeightRounding("adaptive") == WeightRounding::Adaptive);
        QVERIFY(parseWeightRounding("nearest") == WeightRounding::Nearest);
        QVERIFY(!parseWeightRounding("adaround"));
        QCOMPARE(weightRoundingName(WeightRounding::Adaptive), std::string_view("adaptive"));
    }

    // MatMul x [1, 3, 2] by B [2, 3]: H is the sum of the three rows' outer products.
    void matMulMomentsAreRowOuterProducts() {
        ModelBuilder b(13, 1);
        auto x = b.input("x", {1, 3, 2});
        auto y = b.node("MatMul", {x, b.weight("w", {2, 3})}, 1, {{1, 3, 3}}, "mm")[0];
        b.output(y);
        auto imported = importOnnxBytes(b.serialized(), "mm", {});
        QVERIFY(imported);
        const Graph& g = imported->graph;
        const auto w = layerWeight(g, 0);
        QVERIFY(w);
        auto m = LayerInputMoments::of(g, *w);
        QVERIFY(m);
        QCOMPARE(m->dimension(), int64_t(2));
        const std::vector<float> rows{1, 2, 3, 4, 5, 6};
        QVERIFY(m->add(g, HostTensor::fromFloats({1, 3, 2}, rows)));
        // rows (1,2), (3,4), (5,6): [[1+9+25, 2+12+30], [.., 4+16+36]]
        QCOMPARE(m->moments(0), (std::vector<double>{35, 44, 44, 56}));
        QCOMPARE(m->vectors(), int64_t(3));
        // an input of another width is refused, naming it
        auto bad = m->add(g, HostTensor::fromFloats({1, 2, 3}, rows));
        QVERIFY(!bad);
        QVERIFY(QString::fromStdString(bad.error().message).contains(QStringLiteral("'x'")));
    }

    // 16 inputs per output channel: the greedy descent, on MatMul's column-major B [K, N].
    void greedyDescentOnLongVectors() {
        constexpr int64_t K = 16, N = 4, Rows = 60;
        ModelBuilder b(13, 9);
        auto x = b.input("x", {1, Rows, K});
        auto y = b.node("MatMul", {x, b.weight("w", {K, N}, 1.0f)}, 1, {{1, Rows, N}}, "mm")[0];
        b.output(y);
        auto imported = importOnnxBytes(b.serialized(), "mm", {});
        QVERIFY(imported);
        const Graph& g = imported->graph;
        const auto w = layerWeight(g, 0);
        QVERIFY(w && w->axis == 1);
        auto m = LayerInputMoments::of(g, *w);
        QVERIFY(m);
        std::vector<float> rows;
        for (int64_t r = 0; r < Rows; ++r)
            for (int64_t k = 0; k < K; ++k)
                rows.push_back(1.5f + std::sin(0.4f * r + 0.3f * k) +
                               0.1f * std::cos(1.7f * r * k));
        QVERIFY(m->add(g, HostTensor::fromFloats({1, Rows, K}, rows)));
        const HostTensor weight = HostTensor::fromConstant(g.value(w->value).initializer);
        const QuantParams params =
            chooseParams(weight, QuantScheme::weights(4, 1), RangeOptions{}).value();
        auto mask = adaptiveRounding(g, *w, params, *m);
        QVERIFY(mask);
        const HostTensor adaptive = fakeQuantizeWeight(g, *w, 4, RangeOptions{}, &*mask).value();
        const double before =
            outputError(g, *w, fakeQuantizeWeight(g, *w, 4, RangeOptions{}).value(), *m);
        const double after = outputError(g, *w, adaptive, *m);
        qInfo("MatMul K=16 at 4 bits: output error %.4g -> %.4g, %lld of %lld flipped", before,
              after, (long long)mask->flippedCount(), (long long)mask->elements);
        QVERIFY(mask->flippedCount() > 0);
        QVERIFY(after < before);
        for (int64_t i = 0; i < weight.elementCount(); ++i) {
            RoundingMask other = *mask;
            other.flip(i);
            const double flipped = outputError(
                g, *w, fakeQuantizeWeight(g, *w, 4, RangeOptions{}, &other).value(), *m);
            QVERIFY2(flipped >= after * (1.0 - 1e-9),
                     qPrintable(QStringLiteral("flipping weight %1 lowers the error").arg(i)));
        }
    }

    // The depthwise conv's patches (zero padding at the borders) against a loop written here.
    void convMomentsArePatchOuterProducts() {
        const auto g = buildModel();
        QVERIFY(g);
        const auto w = layerWeight(*g, 0);
        QVERIFY(w);
        auto m = LayerInputMoments::of(*g, *w);
        QVERIFY(m);
        QCOMPARE(m->groups(), kChannels);
        QCOMPARE(m->dimension(), int64_t(9));
        const HostTensor x = smoothSamples(1)[0][0];
        QVERIFY(m->add(*g, x));
        QCOMPARE(m->vectors(), kSize * kSize); // per group
        for (int64_t c = 0; c < kChannels; ++c) {
            std::vector<double> h(81, 0.0);
            for (int64_t oh = 0; oh < kSize; ++oh)
                for (int64_t ow = 0; ow < kSize; ++ow) {
                    double p[9];
                    for (int64_t k = 0; k < 9; ++k) {
                        const int64_t ih = oh + k / 3 - 1, iw = ow + k % 3 - 1;
                        p[k] = ih < 0 || iw < 0 || ih >= kSize || iw >= kSize
                                   ? 0.0
                                   : x.data<float>()[(c * kSize + ih) * kSize + iw];
                    }
                    for (int u = 0; u < 9; ++u)
                        for (int v = 0; v < 9; ++v)
                            h[static_cast<size_t>(u * 9 + v)] += p[u] * p[v];
                }
            // (a chunk's products are summed in float32)
            for (size_t i = 0; i < h.size(); ++i)
                QVERIFY(std::abs(m->moments(c)[i] - h[i]) <= 1e-5 * std::abs(h[i]) + 1e-6);
        }
    }

    // Never worse than nearest, a local optimum (no single flip lowers the error), and every
    // weight on one of the two grid points around it.
    void descentBeatsNearestAndIsLocallyOptimal() {
        const auto g = buildModel();
        QVERIFY(g);
        auto executor = Executor::create(g);
        QVERIFY(executor);
        const auto w = layerWeight(*g, 0);
        const LayerInputMoments m = momentsOf(*g, *w, smoothSamples(4), *executor);
        const HostTensor weight = HostTensor::fromConstant(g->value(w->value).initializer);
        for (int bits : {4, 6, 8}) {
            const QuantParams params =
                chooseParams(weight, QuantScheme::weights(bits, 0), RangeOptions{}).value();
            auto mask = adaptiveRounding(*g, *w, params, m);
            QVERIFY(mask);
            QVERIFY(mask->flippedCount() > 0);
            const HostTensor nearest = fakeQuantizeWeight(*g, *w, bits, RangeOptions{}).value();
            const HostTensor adaptive =
                fakeQuantizeWeight(*g, *w, bits, RangeOptions{}, &*mask).value();
            const double before = outputError(*g, *w, nearest, m);
            const double after = outputError(*g, *w, adaptive, m);
            qInfo("%d bits: output error %.4g -> %.4g, %lld of %lld weights flipped", bits, before,
                  after, (long long)mask->flippedCount(), (long long)mask->elements);
            QVERIFY(after < 0.5 * before); // cancelling taps: a large gain, not a tie
            // 9 taps: the search tried every choice; so does this loop, channel by channel
            for (int64_t c = 0; c < kChannels; ++c) {
                const double s = params.scale[static_cast<size_t>(c)];
                const auto& h = m.moments(c);
                auto errorOf = [&](const std::vector<double>& q) {
                    double e = 0.0;
                    for (int u = 0; u < 9; ++u)
                        for (int v = 0; v < 9; ++v)
                            e += (q[u] - weight.data<float>()[c * 9 + u]) *
                                 h[static_cast<size_t>(u * 9 + v)] *
                                 (q[v] - weight.data<float>()[c * 9 + v]);
                    return e;
                };
                double least = 1e300;
                for (int choice = 0; choice < 512; ++choice) {
                    std::vector<double> q(9);
                    for (int u = 0; u < 9; ++u) {
                        const double x = weight.data<float>()[c * 9 + u] / s;
                        q[u] = s * std::clamp((choice >> u) & 1 ? std::ceil(x) : std::floor(x),
                                              -double(params.qmax), double(params.qmax));
                    }
                    least = std::min(least, errorOf(q));
                }
                std::vector<double> chosen(9);
                for (int u = 0; u < 9; ++u)
                    chosen[u] = adaptive.data<float>()[c * 9 + u];
                // (float32 weights here against the search's double arithmetic)
                QVERIFY2(errorOf(chosen) <= least * (1.0 + 1e-5) + 1e-9,
                         qPrintable(QStringLiteral("channel %1: %2, best %3")
                                        .arg(c)
                                        .arg(errorOf(chosen))
                                        .arg(least)));
            }
            for (int64_t i = 0; i < weight.elementCount(); ++i) {
                const double s = params.scale[static_cast<size_t>(i / 9)];
                const double steps = adaptive.data<float>()[i] / s - weight.data<float>()[i] / s;
                QVERIFY(std::abs(steps) < 1.0 + 1e-6);
                RoundingMask other = *mask;
                other.flip(i);
                const double flipped = outputError(
                    *g, *w, fakeQuantizeWeight(*g, *w, bits, RangeOptions{}, &other).value(), m);
                QVERIFY2(flipped >= after * (1.0 - 1e-9),
                         qPrintable(QStringLiteral("flipping weight %1 lowers the error").arg(i)));
            }
        }
    }

    // Calibration chooses the masks; the evaluation's output is closer to float than with nearest
    // rounding, and the exported edge model's int8 codes are the evaluation's weights.
    void calibrationEvaluationAndExportAgree() {
        const auto g = buildModel();
        QVERIFY(g);
        auto executor = Executor::create(g);
        QVERIFY(executor);
        const auto samples = smoothSamples(6);
        CalibrationSettings settings;
        settings.bits = {4, 8};
        auto nearest = calibrate(*executor, samples, settings);
        settings.weightRounding = WeightRounding::Adaptive;
        auto adaptive = calibrate(*executor, samples, settings);
        QVERIFY(nearest && adaptive);
        QVERIFY(nearest->weightRounding.empty());
        const std::string dw = g->value(layerWeight(*g, 0)->value).name;
        QVERIFY(adaptive->roundingFor(dw, 4, RangeOptions{}));
        QVERIFY(adaptive->roundingFor(dw, 8, RangeOptions{}));
        QVERIFY(!adaptive->roundingFor(dw, 6, RangeOptions{})); // not in B
        RangeOptions mse;
        mse.method = RangeMethod::Mse;
        QVERIFY(!adaptive->roundingFor(dw, 4, mse)); // another grid
        // D_w is that of the weights as rounded: nearest has the least weight MSE
        QVERIFY(adaptive->table.layers[0].weightMse[0] > nearest->table.layers[0].weightMse[0]);

        // the depthwise weights alone at 4 bits (activations float)
        EvaluationRequest request = uniformRequest(1, 4);
        request.activationBits = {32};
        auto a = evaluate(*executor, *adaptive, samples, {}, request);
        auto n = evaluate(*executor, *nearest, samples, {}, request);
        QVERIFY(a && n);
        qInfo("depthwise weights at 4 bits: output SQNR %.1f dB nearest, %.1f dB adaptive",
              n->outputSqnrDb[0].second, a->outputSqnrDb[0].second);
        QVERIFY(a->outputSqnrDb[0].second > n->outputSqnrDb[0].second + 3.0);

        SplitRequest split;
        split.split = 2;
        split.weightBits = {4, 8};
        split.activationBits = {8, 8};
        auto plan = makeSplitPlan(*g, *adaptive, split);
        QVERIFY(plan);
        QCOMPARE(plan->weightRounding.size(), size_t(2));
        auto edge = edgeGraph(*g, *plan, split.weightRange);
        QVERIFY2(edge, edge ? "" : edge.error().message.c_str());
        for (NodeId id : {NodeId(0), NodeId(1)}) {
            const auto w = layerWeight(*g, id);
            const int bits = split.weightBits[static_cast<size_t>(id)];
            const HostTensor expected =
                fakeQuantizeWeight(*g, *w, bits, RangeOptions{}, &plan->weightRounding.at(id))
                    .value();
            const std::string name = g->value(w->value).name;
            const ValueId codes = edge->findValue(name + "_int8");
            const ValueId scales = edge->findValue(name + "_scale");
            QVERIFY(codes != kNone && scales != kNone);
            const HostTensor c = HostTensor::fromConstant(edge->value(codes).initializer);
            const HostTensor s = HostTensor::fromConstant(edge->value(scales).initializer);
            const int64_t perChannel = c.elementCount() / s.elementCount();
            for (int64_t i = 0; i < c.elementCount(); ++i)
                QCOMPARE(static_cast<float>(c.data<int8_t>()[i]) * s.data<float>()[i / perChannel],
                         expected.data<float>()[i]);
        }
    }
};

QTEST_GUILESS_MAIN(TestWeightRounding)
#include "test_weight_rounding.moc"
