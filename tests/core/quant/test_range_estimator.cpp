// Range choice: percentiles against a sort in the test, and the MSE-optimal clipping against
// min/max, percentile and a brute-force search done here, on heavy-tailed data.

#include "core/quant/quantizer.h"
#include "core/quant/range_estimator.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace autosplit;

namespace {

// The test's own fake quantizer for a range: the textbook formulas, written out again.
double referenceMse(const std::vector<float>& x, Range r, const QuantScheme& s) {
    const double lo = std::min(0.0, double(r.lo));
    const double hi = std::max(0.0, double(r.hi));
    double scale = 0;
    double zp = 0;
    double qmin = 0;
    double qmax = 0;
    if (s.symmetric) {
        qmax = (1 << (s.bits - 1)) - 1;
        qmin = -qmax;
        scale = std::max(-lo, hi) / qmax;
    } else {
        qmax = (1 << s.bits) - 1;
        scale = (hi - lo) / qmax;
        zp = std::nearbyint(-lo / scale);
    }
    double sum = 0;
    for (float v : x) {
        const double q = std::clamp(std::nearbyint(v / scale) + zp, qmin, qmax);
        const double e = v - double(float((q - zp) * scale));
        sum += e * e;
    }
    return sum / double(x.size());
}

double sortedPercentile(std::vector<float> v, double p) {
    std::sort(v.begin(), v.end());
    const double pos = p / 100 * double(v.size() - 1);
    const size_t i = size_t(std::floor(pos));
    if (i + 1 >= v.size())
        return v[i];
    return v[i] + (pos - double(i)) * (double(v[i + 1]) - v[i]);
}

std::vector<float> heavyTailed(size_t n, uint32_t seed, bool positive) {
    // Student's t with 2 degrees of freedom: infinite variance, a few huge outliers.
    std::mt19937 rng(seed);
    std::student_t_distribution<float> t(2.0f);
    std::vector<float> x(n);
    for (float& v : x)
        v = positive ? std::fabs(t(rng)) : t(rng);
    return x;
}

RangeOptions method(RangeMethod m) {
    RangeOptions o;
    o.method = m;
    return o;
}

} // namespace

class TestRangeEstimator : public QObject {
    Q_OBJECT

private slots:
    void percentileMatchesASort();
    void percentileRanges();
    void mseBeatsMinMaxAndPercentileOnHeavyTails();
    void mseIsCloseToABruteForceSearch();
    void mseOnASampleKeepsTheFullRange();
    void perChannelRanges();
    void methodNamesAndOptions();
};

void TestRangeEstimator::percentileMatchesASort() {
    std::vector<float> v(101);
    for (int i = 0; i <= 100; ++i)
        v[size_t(i)] = float(i);
    std::shuffle(v.begin(), v.end(), std::mt19937(1));
    std::vector<float> copy = v;
    QCOMPARE(percentileInPlace(copy, 90.0), 90.0f);
    copy = v;
    QCOMPARE(percentileInPlace(copy, 99.5), 99.5f);
    copy = v;
    QCOMPARE(percentileInPlace(copy, 100.0), 100.0f);
    copy = v;
    QCOMPARE(percentileInPlace(copy, 0.0), 0.0f);
    const std::vector<float> x = heavyTailed(10007, 5, false);
    for (double p : {50.0, 99.0, 99.9, 99.99, 0.01}) {
        std::vector<float> c = x;
        QCOMPARE(percentileInPlace(c, p), float(sortedPercentile(x, p)));
    }
}

void TestRangeEstimator::percentileRanges() {
    const std::vector<float> x = heavyTailed(20000, 9, false);
    auto asym = chooseRange(x, QuantScheme::activations(8), method(RangeMethod::Percentile));
    QCOMPARE(asym->hi, float(sortedPercentile(x, 99.99)));
    QCOMPARE(asym->lo, float(sortedPercentile(x, 100 - 99.99)));
    std::vector<float> magnitudes(x.size());
    std::transform(x.begin(), x.end(), magnitudes.begin(), [](float v) { return std::fabs(v); });
    RangeOptions o = method(RangeMethod::Percentile);
    o.percentile = 99.0;
    auto sym = chooseRange(x, QuantScheme::weights(8, -1), o);
    QCOMPARE(sym->hi, float(sortedPercentile(magnitudes, 99.0)));
    QCOMPARE(sym->lo, -sym->hi);
    auto minmax = chooseRange(x, QuantScheme::activations(8), method(RangeMethod::MinMax));
    QCOMPARE(minmax->lo, *std::min_element(x.begin(), x.end()));
    QCOMPARE(minmax->hi, *std::max_element(x.begin(), x.end()));
}

void TestRangeEstimator::mseBeatsMinMaxAndPercentileOnHeavyTails() {
    for (bool positive : {false, true}) {
        const std::vector<float> x = heavyTailed(50000, positive ? 21 : 22, positive);
        for (const QuantScheme& s : {QuantScheme::activations(2), QuantScheme::activations(4),
                                     QuantScheme::activations(8), QuantScheme::weights(2, -1),
                                     QuantScheme::weights(4, -1), QuantScheme::weights(8, -1)}) {
            const double mm = referenceMse(x, *chooseRange(x, s, method(RangeMethod::MinMax)), s);
            const double pc =
                referenceMse(x, *chooseRange(x, s, method(RangeMethod::Percentile)), s);
            const Range best = *chooseRange(x, s, method(RangeMethod::Mse));
            const double ms = referenceMse(x, best, s);
            const QString what = QStringLiteral("%1 %2: minmax %3 percentile %4 mse %5")
                                     .arg(QString::fromStdString(s.describe()))
                                     .arg(positive ? "one-sided" : "two-sided")
                                     .arg(mm)
                                     .arg(pc)
                                     .arg(ms);
            QVERIFY2(ms <= pc, qPrintable(what));
            QVERIFY2(ms < mm, qPrintable(what)); // the outliers make min/max clearly worse
            // The library's own error for its choice is the test's.
            QCOMPARE(fakeQuantMse(x, *paramsFromRange(s, best)), ms);
        }
    }
}

void TestRangeEstimator::mseIsCloseToABruteForceSearch() {
    const std::vector<float> x = heavyTailed(20000, 33, false);
    for (const QuantScheme& s : {QuantScheme::activations(4), QuantScheme::weights(3, -1)}) {
        const Range base = *chooseRange(x, s, method(RangeMethod::MinMax));
        const double lo = std::min(0.0f, base.lo);
        const double hi = std::max(0.0f, base.hi);
        const double m = std::max(-lo, hi);
        double bruteForce = std::numeric_limits<double>::infinity();
        for (int k = 1; k <= 4000; ++k) {
            const double r = k / 4000.0;
            const Range c = s.symmetric ? Range{float(-r * m), float(r * m)}
                                        : Range{float(r * lo), float(r * hi)};
            bruteForce = std::min(bruteForce, referenceMse(x, c, s));
        }
        const double found = referenceMse(x, *chooseRange(x, s, method(RangeMethod::Mse)), s);
        QVERIFY2(found <= bruteForce * 1.01,
                 qPrintable(QStringLiteral("%1 vs %2").arg(found).arg(bruteForce)));
    }
}

void TestRangeEstimator::mseOnASampleKeepsTheFullRange() {
    // Only a subset is scored; the grid still spans the given extremes.
    const std::vector<float> x = heavyTailed(30000, 44, true);
    RangeOptions o = method(RangeMethod::Mse);
    o.mseSampleLimit = 1000;
    const Range extremes{0.0f, 1000.0f}; // far beyond the data: the search must clip it
    auto r = chooseRange(x, extremes, QuantScheme::activations(4), o);
    QVERIFY(r.ok());
    QVERIFY(r->hi > 0.0f && r->hi < 100.0f);
    auto mm = chooseRange(x, extremes, QuantScheme::activations(4), method(RangeMethod::MinMax));
    QCOMPARE(mm->hi, 1000.0f);
}

void TestRangeEstimator::perChannelRanges() {
    // [3, 4] weight, per row: the scales are the rows' max |w| / qmax, found by the test.
    const std::vector<float> w = {0.1f,  -0.9f, 0.3f, 0.2f, 5.0f, 1.0f,
                                  -1.0f, 0.0f,  0.0f, 0.0f, 0.0f, 0.0f};
    const HostTensor t = HostTensor::fromFloats({3, 4}, w);
    auto p = chooseParams(t, QuantScheme::weights(8, 0), method(RangeMethod::MinMax));
    QVERIFY(p.ok());
    QCOMPARE(p->scale[0], double(0.9f) / 127);
    QCOMPARE(p->scale[1], 5.0 / 127);
    QCOMPARE(p->scale[2], 1.0); // all-zero row
    // Per column (axis 1).
    auto pc = chooseParams(t, QuantScheme::weights(8, 1), method(RangeMethod::MinMax));
    QCOMPARE(pc->channels(), size_t(4));
    QCOMPARE(pc->scale[0], 5.0 / 127);
    QCOMPARE(pc->scale[1], 1.0 / 127);
    // A large per-channel MSE search runs channels in parallel; it must equal channel-by-channel.
    std::vector<float> big = heavyTailed(64 * 300, 55, false);
    const HostTensor bt = HostTensor::fromFloats({64, 300}, big);
    auto all = chooseParams(bt, QuantScheme::weights(4, 0), method(RangeMethod::Mse));
    QVERIFY(all.ok());
    for (int c = 0; c < 64; c += 9) {
        std::vector<float> row(big.begin() + c * 300, big.begin() + (c + 1) * 300);
        auto r = chooseRange(row, QuantScheme::weights(4, 0), method(RangeMethod::Mse));
        QCOMPARE(all->scale[size_t(c)], paramsFromRange(QuantScheme::weights(4, -1), *r)->scale[0]);
    }
}

void TestRangeEstimator::methodNamesAndOptions() {
    for (RangeMethod m : {RangeMethod::MinMax, RangeMethod::Percentile, RangeMethod::Mse})
        QCOMPARE(*parseRangeMethod(rangeMethodName(m)), m);
    QVERIFY(!parseRangeMethod("median"));
    RangeOptions o;
    o.percentile = 0.0;
    QVERIFY(!o.validate().ok());
    o.percentile = 100.5;
    QVERIFY(!o.validate().ok());
    o = {};
    o.mseCandidates = 0;
    QVERIFY(!chooseRange(std::vector<float>{1.0f}, QuantScheme::activations(8), o).ok());
    // Empty data: the empty range, no error.
    auto r =
        chooseRange(std::vector<float>{}, QuantScheme::activations(8), method(RangeMethod::Mse));
    QVERIFY(r.ok());
    QCOMPARE(r->lo, 0.0f);
    QCOMPARE(r->hi, 0.0f);
}

QTEST_GUILESS_MAIN(TestRangeEstimator)
#include "test_range_estimator.moc"
