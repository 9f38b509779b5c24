// The activation observer: exact running statistics, a reservoir that holds everything until
// full and a uniform, reproducible sample after, ranges from both, and bad input.

#include "core/quant/activation_observer.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <set>

using namespace autosplit;

class TestActivationObserver : public QObject {
    Q_OBJECT

private slots:
    void exactStatisticsAcrossBatches();
    void holdsEverythingUntilFull();
    void sampleIsUniformAndReproducible();
    void rangesFromExtremesAndSample();
    void badInput();
};

void TestActivationObserver::exactStatisticsAcrossBatches() {
    ActivationObserver o("relu1", 8);
    const std::vector<std::vector<float>> batches = {
        {1.0f, 2.0f, -3.0f}, {}, {10.0f, 0.5f}, {-0.25f, 4.0f, 4.0f, 7.0f}};
    double sum = 0;
    double squares = 0;
    int64_t n = 0;
    for (const auto& b : batches) {
        QVERIFY(o.observe(b).ok());
        for (float v : b) {
            sum += v;
            squares += double(v) * v;
            ++n;
        }
    }
    QCOMPARE(o.count(), n);
    QCOMPARE(o.min(), -3.0f);
    QCOMPARE(o.max(), 10.0f);
    QCOMPARE(o.mean(), sum / double(n));
    QCOMPARE(o.meanSquare(), squares / double(n));
    // Tensors too.
    QVERIFY(o.observe(HostTensor::fromFloats({1, 2}, std::vector<float>{-20.0f, 1.0f})).ok());
    QCOMPARE(o.min(), -20.0f);
    QCOMPARE(o.count(), n + 2);
}

void TestActivationObserver::holdsEverythingUntilFull() {
    ActivationObserver o("x", 100);
    std::vector<float> all;
    for (int b = 0; b < 5; ++b) {
        std::vector<float> batch(20);
        std::iota(batch.begin(), batch.end(), float(b * 20));
        QVERIFY(o.observe(batch).ok());
        all.insert(all.end(), batch.begin(), batch.end());
    }
    QCOMPARE(o.sample(), all);
    // One more value: the reservoir stays at capacity.
    QVERIFY(o.observe(std::vector<float>{1000.0f}).ok());
    QCOMPARE(o.sample().size(), size_t(100));
}

void TestActivationObserver::sampleIsUniformAndReproducible() {
    const int64_t n = 1'000'000;
    const size_t k = 10000;
    std::vector<float> stream(static_cast<size_t>(n));
    std::iota(stream.begin(), stream.end(), 0.0f);
    ActivationObserver whole("a", k, 42);
    QVERIFY(whole.observe(stream).ok());
    // The same stream in uneven batches gives the same sample (state is per stream position).
    ActivationObserver pieces("a", k, 42);
    size_t at = 0;
    for (size_t size : {size_t(3), size_t(9996), size_t(1), size_t(123456), size_t(500000)}) {
        QVERIFY(pieces.observe(std::span<const float>(stream).subspan(at, size)).ok());
        at += size;
    }
    QVERIFY(pieces.observe(std::span<const float>(stream).subspan(at)).ok());
    QCOMPARE(pieces.sample(), whole.sample());

    const std::vector<float>& s = whole.sample();
    QCOMPARE(s.size(), k);
    QCOMPARE(std::set<float>(s.begin(), s.end()).size(), k); // each stream index at most once
    // Uniform over the stream: each quarter holds about a quarter (binomial sd ~0.43 %), and the
    // tail past 90 % is represented too.
    for (int q = 0; q < 4; ++q) {
        const auto inQuarter = std::count_if(s.begin(), s.end(), [&](float v) {
            return v >= float(q) * float(n) / 4 && v < float(q + 1) * float(n) / 4;
        });
        QVERIFY2(std::fabs(double(inQuarter) / double(k) - 0.25) < 0.02,
                 qPrintable(QString::number(inQuarter)));
    }
    QVERIFY(std::count_if(s.begin(), s.end(), [&](float v) { return v >= 0.9f * float(n); }) > 800);
    // A different seed gives a different sample.
    ActivationObserver other("a", k, 43);
    QVERIFY(other.observe(stream).ok());
    QVERIFY(other.sample() != whole.sample());
}

void TestActivationObserver::rangesFromExtremesAndSample() {
    std::mt19937 rng(8);
    std::normal_distribution<float> normal(1.0f, 2.0f);
    ActivationObserver o("conv", 4096);
    std::vector<float> all;
    for (int b = 0; b < 20; ++b) {
        std::vector<float> batch(5000);
        for (float& v : batch)
            v = normal(rng);
        if (b == 13)
            batch[77] = 500.0f; // one outlier, almost surely not in the sample
        QVERIFY(o.observe(batch).ok());
        all.insert(all.end(), batch.begin(), batch.end());
    }
    RangeOptions mm;
    auto r = o.range(QuantScheme::activations(8), mm);
    QVERIFY(r.ok());
    QCOMPARE(r->hi, 500.0f);
    QCOMPARE(r->lo, *std::min_element(all.begin(), all.end()));
    // The 99 % point from the sample is near the true one (sort of all values, in the test).
    RangeOptions pc;
    pc.method = RangeMethod::Percentile;
    pc.percentile = 99.0;
    std::vector<float> sorted = all;
    std::sort(sorted.begin(), sorted.end());
    const float true99 = sorted[size_t(0.99 * double(sorted.size() - 1))];
    auto rp = o.range(QuantScheme::activations(8), pc);
    QVERIFY2(std::fabs(rp->hi - true99) < 0.15f,
             qPrintable(QStringLiteral("%1 vs %2").arg(rp->hi).arg(true99)));
    // MSE clipping ignores the lone outlier.
    RangeOptions ms;
    ms.method = RangeMethod::Mse;
    auto rm = o.range(QuantScheme::activations(4), ms);
    QVERIFY(rm->hi < 20.0f);
    auto p = o.params(QuantScheme::activations(4), ms);
    QVERIFY(p.ok());
    QCOMPARE(p->channels(), size_t(1));
}

void TestActivationObserver::badInput() {
    ActivationObserver o("pool3", 16);
    QVERIFY(!o.range(QuantScheme::activations(8), {}).ok());
    QVERIFY(o.observe(std::vector<float>{1.0f, 2.0f}).ok());
    auto s = o.observe(std::vector<float>{3.0f, std::numeric_limits<float>::quiet_NaN()});
    QVERIFY(!s.ok());
    QCOMPARE(QString::fromStdString(s.error().message),
             QStringLiteral("tensor 'pool3' has NaN at element 1; it cannot be quantized"));
    QCOMPARE(o.count(), int64_t(2)); // the failed batch left no trace
    QCOMPARE(o.max(), 2.0f);
    auto t = o.observe(HostTensor::fromInt64s({1}, std::vector<int64_t>{4}));
    QVERIFY(!t.ok());
    QVERIFY(t.error().message.find("pool3") != std::string::npos);
    QVERIFY(!o.observe(std::vector<float>{-std::numeric_limits<float>::infinity()}).ok());
}

QTEST_GUILESS_MAIN(TestActivationObserver)
#include "test_activation_observer.moc"
