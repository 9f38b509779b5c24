// Drop intervals from part of the samples: the hypergeometric count interval against tails summed
// from binomial coefficients here, the certain bounds, and the coverage the stated confidence
// promises, checked by drawing many sample sets and judging them in random orders.

#include "core/quant/drop_interval.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

using namespace autosplit;

class TestDropInterval : public QObject {
    Q_OBJECT

private slots:
    void changedCountBoundsAreTheExactHypergeometricInterval() {
        // the tails computed here from binomial coefficients, for every case of a small set
        auto choose = [](int n, int r) {
            if (r < 0 || r > n)
                return 0.0;
            double c = 1.0;
            for (int i = 1; i <= r; ++i)
                c = c * (n - r + i) / i;
            return c;
        };
        const int total = 20;
        for (double confidence : {0.8, 0.95})
            for (int judged = 1; judged < total; judged += 3)
                for (int changed = 0; changed <= judged; ++changed) {
                    int low = total + 1, high = -1;
                    for (int t = 0; t <= total; ++t) {
                        double atMost = 0.0, atLeast = 0.0, all = choose(total, judged);
                        for (int x = 0; x <= judged; ++x) {
                            const double p = choose(t, x) * choose(total - t, judged - x) / all;
                            atMost += x <= changed ? p : 0.0;
                            atLeast += x >= changed ? p : 0.0;
                        }
                        const double tail = (1.0 - confidence) / 2.0;
                        if (atMost >= tail - 1e-12 && atLeast >= tail - 1e-12 &&
                            atMost + atLeast > 0.0 && t >= changed &&
                            t - changed <= total - judged) {
                            low = std::min(low, t);
                            high = std::max(high, t);
                        }
                    }
                    const CountBounds c = changedCountBounds(changed, judged, total, confidence);
                    QVERIFY2(c.low == low && c.high == high,
                             qPrintable(QString("%1 of %2 at %3: [%4, %5], expected [%6, %7]")
                                            .arg(changed)
                                            .arg(judged)
                                            .arg(confidence)
                                            .arg(c.low)
                                            .arg(c.high)
                                            .arg(low)
                                            .arg(high)));
                }
        // everything judged: the count itself
        const CountBounds all = changedCountBounds(4, total, total, 0.99);
        QVERIFY(all.low == 4 && all.high == 4);
    }

    void answerIntervalIsExactOnceEverySampleIsJudged() {
        std::vector<AnswerEffect> judged(20);
        for (int i = 0; i < 20; i += 7)
            judged[size_t(i)] = {true, 5.0};
        const AnswerBounds b{5.0, 5.0, true};
        const DropInterval d = answerDropInterval(judged, 20, b, 0.99);
        QCOMPARE(d.low, 15.0);
        QCOMPARE(d.high, 15.0);
        QVERIFY(d.mayAccept);
        QCOMPARE(verdictOf(d, 15.0), DropVerdict::Within);
        QCOMPARE(verdictOf(d, 14.9), DropVerdict::Beyond);
    }

    void answerIntervalStaysWithinTheCertainBounds() {
        // 3 judged of 32, none changed: certainly 0 .. 29 changes to come
        std::vector<AnswerEffect> judged(3);
        const double share = 100.0 / 32;
        const DropInterval agreement = answerDropInterval(judged, 32, {share, share, true}, 0.99);
        QCOMPARE(agreement.low, 0.0);
        QVERIFY(agreement.high > 0.0 && agreement.high <= 29 * share + 1e-9);
        // two changes judged, each adding a share: at least that much, certainly
        judged[0] = {true, share};
        judged[2] = {true, share};
        const DropInterval two = answerDropInterval(judged, 32, {share, share, true}, 0.99);
        QVERIFY(two.low >= 2 * share);
        QCOMPARE(verdictOf(two, 5.0), DropVerdict::Beyond); // 6.25 % > 5 % whatever follows
        // labelled: a change may also take a share away
        const DropInterval labelled = answerDropInterval(judged, 32, {share, share, false}, 0.99);
        QVERIFY(labelled.low < 2 * share);
        QVERIFY(labelled.low >= 2 * share - 29 * share - 1e-9);
    }

    void answerIntervalCoversTheWholeSetsDrop() {
        // Sample sets of 32 with a change rate around the limit, judged in random orders after
        // 4..31 samples: the interval must hold the whole set's drop at least as often as the
        // confidence says (the exact interval is conservative).
        std::mt19937 rng(7);
        const int total = 32;
        const double share = 100.0 / total, confidence = 0.9;
        int trials = 0, covered = 0;
        for (int set = 0; set < 400; ++set) {
            const double rate = std::uniform_real_distribution<double>(0.0, 0.3)(rng);
            std::vector<AnswerEffect> all(total);
            double drop = 0.0;
            for (AnswerEffect& e : all)
                if (std::bernoulli_distribution(rate)(rng)) {
                    e = {true, share};
                    drop += share;
                }
            std::shuffle(all.begin(), all.end(), rng);
            for (int k = 4; k < total; k += 3) {
                const DropInterval d = answerDropInterval(std::span(all).first(size_t(k)), total,
                                                          {share, share, true}, confidence);
                ++trials;
                covered += d.low <= drop + 1e-9 && drop <= d.high + 1e-9;
            }
        }
        QVERIFY2(covered >= confidence * trials,
                 qPrintable(QString("covered %1 of %2").arg(covered).arg(trials)));
    }

    void ratioIntervalCoversAndNeverAcceptsEarly() {
        // SQNR-like: per-sample noise and signal energies; the drop is 100 * noise / signal
        std::mt19937 rng(11);
        const int total = 64;
        const double confidence = 0.95;
        int trials = 0, covered = 0;
        for (int set = 0; set < 300; ++set) {
            std::vector<RatioTerms> all(total);
            std::lognormal_distribution<double> signal(0.0, 0.5);
            const double level = std::uniform_real_distribution<double>(0.005, 0.05)(rng);
            double a = 0.0, b = 0.0;
            for (RatioTerms& t : all) {
                t.denominator = signal(rng);
                t.numerator =
                    t.denominator * level * std::lognormal_distribution<double>(0.0, 0.3)(rng);
                a += t.numerator;
                b += t.denominator;
            }
            const double drop = 100.0 * a / b;
            for (int k = 8; k < total; k += 8) {
                const DropInterval d =
                    ratioDropInterval(std::span(all).first(size_t(k)), total, 0.0, 1.0, confidence);
                QVERIFY(!d.mayAccept);
                QVERIFY(verdictOf(d, 1e9) != DropVerdict::Within);
                ++trials;
                covered += d.low <= drop && drop <= d.high;
            }
            const DropInterval whole = ratioDropInterval(all, total, 0.0, 1.0, confidence);
            QVERIFY(whole.mayAccept);
            QVERIFY(std::abs(whole.low - drop) < 1e-9 && whole.high == whole.low);
        }
        // the normal interval is approximate: allow a few points below the nominal level
        QVERIFY2(covered >= (confidence - 0.04) * trials,
                 qPrintable(QString("covered %1 of %2").arg(covered).arg(trials)));
    }

    void ratioIntervalOfANegativeSignIsOrdered() {
        // a labelled detector: offset (the float hmean) minus 100 * the quantized hmean's ratio
        std::vector<RatioTerms> judged{{8, 10}, {9, 10}, {7, 10}, {10, 10}};
        const DropInterval d = ratioDropInterval(judged, 40, 90.0, -1.0, 0.95);
        QVERIFY(d.low < d.high);
        QVERIFY(d.low < 90.0 - 85.0 && d.high > 90.0 - 85.0); // around 90 - 100 * 34 / 40
    }
};

QTEST_GUILESS_MAIN(TestDropInterval)
#include "test_drop_interval.moc"
