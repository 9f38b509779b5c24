// Uniform affine quantizers: codes worked out by hand, round trips, per-channel layout, every
// supported bit-width against the uniform-noise law, degenerate ranges and bad input.

#include "core/quant/quant_error.h"
#include "core/quant/quantizer.h"
#include "core/quant/range_estimator.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace autosplit;

namespace {

HostTensor tensor(std::vector<int64_t> dims, const std::vector<float>& v) {
    return HostTensor::fromFloats(std::move(dims), v);
}

double meanSquaredDifference(const std::vector<float>& a, std::span<const float> b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i)
        s += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
    return s / double(a.size());
}

} // namespace

class TestQuantizer : public QObject {
    Q_OBJECT

private slots:
    void codeRanges();
    void asymmetricCodesByHand();
    void symmetricCodesByHandRoundHalfToEven();
    void signedAsymmetricCodesByHand();
    void roundTrips();
    void perChannelLayoutByHand();
    void perChannelBeatsPerTensorOnOneLargeChannel();
    void errorFallsWithBitsAsTheUniformNoiseLaw();
    void zeroRangeAndConstantTensorsAreExact();
    void nanAndInfAreErrors();
    void activationsOfAQuantizedRunSaturate();
    void badSchemesAndTensorsAreErrors();
    void fakeQuantizeReturnsANewTensor();
    void sqnrAndMse();
};

void TestQuantizer::codeRanges() {
    for (int b : {2, 3, 4, 5, 6, 7, 8, 16}) {
        QVERIFY(isSupportedBitWidth(b));
        const QuantScheme w = QuantScheme::weights(b, 0);
        QCOMPARE(w.qmax(), (1 << (b - 1)) - 1);
        QCOMPARE(w.qmin(), -((1 << (b - 1)) - 1));
        const QuantScheme a = QuantScheme::activations(b);
        QCOMPARE(a.qmin(), 0);
        QCOMPARE(a.qmax(), (1 << b) - 1);
    }
    for (int b : {0, 1, 9, 12, 32})
        QVERIFY(!isSupportedBitWidth(b));
    QCOMPARE(QuantScheme::weights(2, 0).qmin(), -1); // ternary
    QCOMPARE(QuantScheme::weights(2, 0).qmax(), 1);
}

void TestQuantizer::asymmetricCodesByHand() {
    // 8-bit unsigned over [-1, 3]: scale = 4/255, zero point = round(0 - (-1) / (4/255)) =
    // round(63.75) = 64. Codes: -1 -> round(-63.75) + 64 = 0; 0 -> 64; 1 -> round(63.75) + 64 =
    // 128; 3 -> round(191.25) + 64 = 255; 0.5 -> round(31.875) + 64 = 96; 5 and -2 clamp to 255, 0.
    auto p = paramsFromRange(QuantScheme::activations(8), {-1.0f, 3.0f});
    QVERIFY(p.ok());
    QCOMPARE(p->zeroPoint[0], 64);
    QCOMPARE(p->scale[0], 4.0 / 255.0);
    const std::vector<float> x = {-1.0f, 0.0f, 1.0f, 3.0f, 0.5f, 5.0f, -2.0f};
    auto q = quantize(x, *p);
    QVERIFY(q.ok());
    QCOMPARE(*q, (std::vector<int32_t>{0, 64, 128, 255, 96, 255, 0}));
    const std::vector<float> back = dequantize(*q, *p);
    QCOMPARE(back[1], 0.0f); // zero is exact
    QCOMPARE(back[2], float((128 - 64) * (4.0 / 255.0)));
    QCOMPARE(back[3], float((255 - 64) * (4.0 / 255.0)));

    // 2-bit unsigned over [0, 3]: scale 1, zero point 0; 1.5 -> 2 (tie to even), 2.5 -> 2, 0.5 ->
    // 0.
    auto p2 = paramsFromRange(QuantScheme::activations(2), {0.0f, 3.0f});
    QCOMPARE(p2->scale[0], 1.0);
    QCOMPARE(*quantize(std::vector<float>{1.5f, 2.5f, 0.5f, 3.4f, 3.6f}, *p2),
             (std::vector<int32_t>{2, 2, 0, 3, 3}));
}

void TestQuantizer::symmetricCodesByHandRoundHalfToEven() {
    // 4-bit signed symmetric, max |w| = 0.875 = 7 * 0.125: scale 0.125 exactly, codes -7..7.
    // 0.3125 / 0.125 = 2.5 -> 2 (even), 0.4375 -> 3.5 -> 4, -0.3125 -> -2, 0.1875 -> 1.5 -> 2.
    auto p = paramsFromRange(QuantScheme::weights(4, -1), {-0.5f, 0.875f});
    QVERIFY(p.ok());
    QCOMPARE(p->scale[0], 0.125);
    QCOMPARE(p->zeroPoint[0], 0);
    const std::vector<float> w = {0.3125f, 0.4375f, -0.3125f, 0.1875f, 0.875f,
                                  -0.875f, 2.0f,    -2.0f,    0.0f};
    QCOMPARE(*quantize(w, *p), (std::vector<int32_t>{2, 4, -2, 2, 7, -7, 7, -7, 0}));
    const std::vector<float> fq = *fakeQuantize(w, *p);
    QCOMPARE(fq, (std::vector<float>{0.25f, 0.5f, -0.25f, 0.25f, 0.875f, -0.875f, 0.875f, -0.875f,
                                     0.0f}));
}

void TestQuantizer::signedAsymmetricCodesByHand() {
    // 8-bit signed asymmetric over [-1, 3]: scale 4/255, zero point = round(-128 + 63.75) = -64.
    QuantScheme s;
    s.bits = 8;
    s.isSigned = true;
    auto p = paramsFromRange(s, {-1.0f, 3.0f});
    QVERIFY(p.ok());
    QCOMPARE(p->qmin, -128);
    QCOMPARE(p->qmax, 127);
    QCOMPARE(p->zeroPoint[0], -64);
    QCOMPARE(*quantize(std::vector<float>{-1.0f, 0.0f, 3.0f}, *p),
             (std::vector<int32_t>{-128, -64, 127}));
}

void TestQuantizer::roundTrips() {
    std::mt19937 rng(3);
    std::normal_distribution<float> normal(0.2f, 1.0f);
    std::vector<float> x(4000);
    for (float& v : x)
        v = normal(rng);
    for (int b : {2, 4, 8, 16}) {
        const QuantScheme scheme = QuantScheme::activations(b);
        auto range = chooseRange(x, scheme, {});
        auto p = paramsFromRange(scheme, *range);
        QVERIFY(p.ok());
        auto q = quantize(x, *p);
        const std::vector<float> deq = dequantize(*q, *p);
        QCOMPARE(deq, *fakeQuantize(x, *p));
        // Within the range every value is within half a step of its reconstruction.
        for (size_t i = 0; i < x.size(); ++i)
            QVERIFY(std::fabs(x[i] - deq[i]) <= p->scale[0] / 2 * (1 + 1e-6) + 1e-7);
        // Codes are fixed points: quantize(dequantize(q)) == q for every code.
        std::vector<int32_t> all;
        for (int32_t c = p->qmin; c <= p->qmax; ++c)
            all.push_back(c);
        QCOMPARE(*quantize(dequantize(all, *p), *p), all);
        // Fake quantization is idempotent.
        QCOMPARE(*fakeQuantize(deq, *p), deq);
    }
    // Tensors: quantize -> dequantize equals fakeQuantize, per channel too.
    const HostTensor t = tensor(
        {2, 3, 2}, {0.1f, -0.4f, 0.9f, 1.7f, -2.2f, 0.0f, 0.3f, 0.33f, -0.01f, 4.0f, 0.5f, -0.5f});
    auto p = chooseParams(t, QuantScheme::weights(3, 1), {});
    QVERIFY(p.ok());
    auto codes = quantize(t, *p);
    QVERIFY(codes.ok());
    QCOMPARE(codes->dtype(), DataType::Int32);
    QCOMPARE(dequantize(*codes, *p)->toFloats(), fakeQuantize(t, *p)->toFloats());
}

void TestQuantizer::perChannelLayoutByHand() {
    // dims [2, 2, 2], axis 1: channel 0 holds elements 0,1,4,5, channel 1 holds 2,3,6,7.
    // Channel 0 max |x| = 3 -> 2-bit ternary scale 3; channel 1 max |x| = 0.5 -> scale 0.5.
    const HostTensor t = tensor({2, 2, 2}, {1.0f, -3.0f, 0.2f, 0.5f, 1.6f, 0.0f, -0.3f, 0.24f});
    auto p = chooseParams(t, QuantScheme::weights(2, 1), {});
    QVERIFY(p.ok());
    QCOMPARE(p->channels(), size_t(2));
    QCOMPARE(p->scale[0], 3.0);
    QCOMPARE(p->scale[1], 0.5);
    // codes: 1/3 -> 0, -1, 1.6/3 = 0.53 -> 1, 0 -> 0 ; 0.4 -> 0, 1, -0.6 -> -1, 0.48 -> 0
    QCOMPARE(quantize(t, *p)->toInt64s(), (std::vector<int64_t>{0, -1, 0, 1, 1, 0, -1, 0}));
    // Axis 0 for the same tensor: rows of 4.
    auto p0 = chooseParams(t, QuantScheme::weights(2, 0), {});
    QCOMPARE(p0->scale[0], 3.0);
    QCOMPARE(p0->scale[1], double(1.6f));
}

void TestQuantizer::perChannelBeatsPerTensorOnOneLargeChannel() {
    // A conv weight [8, 4, 3, 3] whose channel 5 is 100x larger than the others.
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 0.05f);
    std::vector<float> w(8 * 36);
    for (size_t i = 0; i < w.size(); ++i)
        w[i] = normal(rng) * (i / 36 == 5 ? 100.0f : 1.0f);
    const HostTensor t = tensor({8, 4, 3, 3}, w);
    for (int b : {4, 8}) {
        auto perChannel = fakeQuantize(t, QuantScheme::weights(b, 0), RangeOptions{});
        auto perTensor = fakeQuantize(t, QuantScheme::weights(b, -1), RangeOptions{});
        QVERIFY(perChannel.ok() && perTensor.ok());
        const double mc = meanSquaredDifference(w, perChannel->span<float>());
        const double mt = meanSquaredDifference(w, perTensor->span<float>());
        QVERIFY2(
            mc < mt,
            qPrintable(
                QStringLiteral("%1 bits: per-channel %2 per-tensor %3").arg(b).arg(mc).arg(mt)));
        // The large channel's error is the same both ways; the small channels' error shrinks by
        // far more than 10x, because per tensor their step is set by the large channel.
        double smallChannel = 0;
        double smallTensor = 0;
        for (size_t i = 0; i < w.size(); ++i)
            if (i / 36 != 5) {
                smallChannel += std::pow(double(w[i]) - perChannel->span<float>()[i], 2);
                smallTensor += std::pow(double(w[i]) - perTensor->span<float>()[i], 2);
            }
        QVERIFY2(smallChannel * 10 < smallTensor,
                 qPrintable(QStringLiteral("%1 vs %2").arg(smallChannel).arg(smallTensor)));
    }
}

void TestQuantizer::errorFallsWithBitsAsTheUniformNoiseLaw() {
    // Uniform data on [0, 4): the quantization error is uniform on half a step, so
    // MSE ~= step^2 / 12 with step = 4 / (2^b - 1) (activation scheme, range [0, 4)).
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> uniform(0.0f, 4.0f);
    std::vector<float> x(200000);
    for (float& v : x)
        v = uniform(rng);
    double previous = std::numeric_limits<double>::infinity();
    for (int b : {2, 3, 4, 5, 6, 7, 8, 16}) {
        auto range = chooseRange(x, QuantScheme::activations(b), {});
        auto p = paramsFromRange(QuantScheme::activations(b), *range);
        const double m = meanSquaredDifference(x, *fakeQuantize(x, *p));
        const double step = double(range->hi) / ((1 << b) - 1);
        const double law = step * step / 12;
        QVERIFY2(m < previous, qPrintable(QStringLiteral("bits %1").arg(b)));
        previous = m;
        if (b < 16)
            QVERIFY2(std::fabs(m / law - 1) < 0.05,
                     qPrintable(QStringLiteral("bits %1: mse %2 law %3").arg(b).arg(m).arg(law)));
        else
            QVERIFY(m < 1e-9); // float32 rounding of the reconstruction is the floor here
    }
}

void TestQuantizer::zeroRangeAndConstantTensorsAreExact() {
    const std::vector<float> zeros(10, 0.0f);
    for (const QuantScheme& s :
         {QuantScheme::activations(4), QuantScheme::weights(2, -1), QuantScheme::activations(16)}) {
        auto range = chooseRange(zeros, s, {});
        QVERIFY(range.ok());
        auto p = paramsFromRange(s, *range);
        QVERIFY(p.ok());
        QVERIFY(std::isfinite(p->scale[0]) && p->scale[0] > 0);
        QCOMPARE(*fakeQuantize(zeros, *p), zeros);
    }
    for (float c : {0.3f, -0.3f, 1e-20f, 123456.7f, -7.1e10f}) {
        const std::vector<float> constant(17, c);
        for (RangeMethod m : {RangeMethod::MinMax, RangeMethod::Percentile, RangeMethod::Mse})
            for (const QuantScheme& s :
                 {QuantScheme::activations(2), QuantScheme::activations(8),
                  QuantScheme::weights(2, -1), QuantScheme::weights(8, -1)}) {
                RangeOptions o;
                o.method = m;
                auto range = chooseRange(constant, s, o);
                QVERIFY(range.ok());
                auto fq = fakeQuantize(constant, *paramsFromRange(s, *range));
                QVERIFY(fq.ok());
                QVERIFY2(*fq == constant, qPrintable(QStringLiteral("%1 %2 %3 -> %4")
                                                         .arg(c)
                                                         .arg(QString::fromStdString(s.describe()))
                                                         .arg(int(m))
                                                         .arg((*fq)[0])));
            }
    }
    // Per channel: a zero channel and a constant channel next to an ordinary one.
    const HostTensor t = tensor({3, 2}, {0.0f, 0.0f, 0.7f, 0.7f, 0.5f, -0.25f});
    auto fq = fakeQuantize(t, QuantScheme::weights(3, 0), RangeOptions{});
    QVERIFY(fq.ok());
    QCOMPARE(fq->toFloats(),
             (std::vector<float>{0.0f, 0.0f, 0.7f, 0.7f, 0.5f,
                                 float(std::nearbyint(-0.25 / (0.5 / 3.0)) * (0.5 / 3.0))}));
}

// A quantized run may overflow (a division by a quantized zero): its activations still get codes,
// +-inf the range ends and NaN the zero point, as a deployed QuantizeLinear would.
void TestQuantizer::activationsOfAQuantizedRunSaturate() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    auto p = paramsFromRange(QuantScheme::activations(8), {-1.0f, 3.0f}); // scale 4/255, zp 64
    QVERIFY(p.ok());
    const HostTensor t = tensor({6}, {inf, -inf, nan, 0.5f, 7.0f, -2.0f});
    auto q = fakeQuantizeSaturating(t, *p, "x");
    QVERIFY2(q.ok(), q.ok() ? "" : q.error().message.c_str());
    const auto v = q->toFloats();
    const float scale = 4.0f / 255.0f;
    QCOMPARE(v[0], static_cast<float>(255 - 64) * scale); // the top code
    QCOMPARE(v[1], static_cast<float>(0 - 64) * scale);   // the bottom code
    QCOMPARE(v[2], 0.0f);                                 // the zero point
    // finite values exactly as fakeQuantize gives them, clamped alike
    auto finite = fakeQuantize(tensor({3}, {0.5f, 7.0f, -2.0f}), *p, "x");
    QVERIFY(finite.ok());
    const auto f = finite->toFloats();
    QCOMPARE(v[3], f[0]);
    QCOMPARE(v[4], f[1]);
    QCOMPARE(v[5], f[2]);
    QCOMPARE(v[4], v[0]);
}

void TestQuantizer::nanAndInfAreErrors() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    auto p = paramsFromRange(QuantScheme::activations(8), {0.0f, 1.0f});
    auto q = quantize(std::vector<float>{0.1f, 0.2f, nan}, *p, "conv1");
    QVERIFY(!q.ok());
    QCOMPARE(QString::fromStdString(q.error().message),
             QStringLiteral("tensor 'conv1' has NaN at element 2; it cannot be quantized"));
    auto f = fakeQuantize(std::vector<float>{inf}, *p, "x");
    QVERIFY(!f.ok());
    QVERIFY(f.error().message.find("infinite") != std::string::npos);
    const HostTensor t = tensor({2}, {1.0f, -inf});
    QVERIFY(!fakeQuantize(t, *p, "y").ok());
    QVERIFY(!fakeQuantize(t, QuantScheme::activations(8), RangeOptions{}, "y").ok());
    QVERIFY(!chooseParams(t, QuantScheme::weights(8, 0), {}, "y").ok());
    for (RangeMethod m : {RangeMethod::MinMax, RangeMethod::Percentile, RangeMethod::Mse}) {
        RangeOptions o;
        o.method = m;
        auto r = chooseRange(std::vector<float>{1.0f, nan}, QuantScheme::activations(8), o, "z");
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.find("'z'") != std::string::npos);
    }
    QVERIFY(!paramsFromRange(QuantScheme::activations(8), {0.0f, inf}).ok());
    QVERIFY(!paramsFromRange(QuantScheme::activations(8), {nan, 1.0f}).ok());
    QVERIFY(!paramsFromRange(QuantScheme::activations(8), {2.0f, 1.0f}).ok());
    QVERIFY(!mse(std::vector<float>{nan}, std::vector<float>{0.0f}).ok());
}

void TestQuantizer::badSchemesAndTensorsAreErrors() {
    QCOMPARE(QString::fromStdString(
                 paramsFromRange(QuantScheme::activations(9), {0, 1}).error().message),
             QStringLiteral("bit-width 9 is not supported (use 2..8 or 16)"));
    QVERIFY(!paramsFromRange(QuantScheme::weights(1, 0), {0, 1}).ok());
    QuantScheme unsignedSymmetric = QuantScheme::activations(8);
    unsignedSymmetric.symmetric = true;
    QVERIFY(!validateScheme(unsignedSymmetric).ok());
    const HostTensor ints = HostTensor::fromInt64s({2}, std::vector<int64_t>{1, 2});
    auto r = fakeQuantize(ints, QuantScheme::activations(8), RangeOptions{}, "idx");
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.find("int64") != std::string::npos);
    // Axis out of range, channel count mismatch, per-channel params on a span.
    const HostTensor t = tensor({2, 3}, {1, 2, 3, 4, 5, 6});
    QVERIFY(!chooseParams(t, QuantScheme::weights(8, 2), {}).ok());
    auto p = chooseParams(t, QuantScheme::weights(8, 0), {});
    QVERIFY(!fakeQuantize(t.reshaped({3, 2}), *p).ok());
    QVERIFY(!quantize(std::vector<float>{1.0f}, *p).ok());
}

void TestQuantizer::fakeQuantizeReturnsANewTensor() {
    const HostTensor t = tensor({4}, {0.11f, 0.52f, -0.73f, 0.94f});
    const std::vector<float> before = t.toFloats();
    auto fq = fakeQuantize(t, QuantScheme::activations(2), RangeOptions{});
    QVERIFY(fq.ok());
    QCOMPARE(t.toFloats(), before);
    QVERIFY(fq->bytes() != t.bytes());
    QVERIFY(fq->toFloats() != before);
}

void TestQuantizer::sqnrAndMse() {
    const std::vector<float> a = {1.0f, -2.0f, 2.0f};
    const std::vector<float> b = {1.0f, -2.0f, 1.0f};
    QCOMPARE(*mse(a, b), 1.0 / 3.0);
    QCOMPARE(*sqnrDb(a, b), 10.0 * std::log10(9.0 / 1.0));
    QVERIFY(std::isinf(*sqnrDb(a, a)) && *sqnrDb(a, a) > 0);
    QVERIFY(!mse(a, std::vector<float>{1.0f}).ok());
    QVERIFY(!sqnrDb(tensor({3}, a), tensor({1, 3}, b)).ok());
    QCOMPARE(*mse(tensor({3}, a), tensor({3}, b)), 1.0 / 3.0);
}

QTEST_GUILESS_MAIN(TestQuantizer)
#include "test_quantizer.moc"
