// The DADS/QDMP min-cut (core/solve/min_cut.*, Boost's max-flow) against brute force over every
// subset of layers of small random DAGs: the cut's partition is closed under producers and
// costs exactly the least any closed set costs.

#include "core/solve/min_cut.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace autosplit;

namespace {

CutProblem randomProblem(std::mt19937& rng, int layers) {
    std::uniform_real_distribution<double> seconds(0.0, 1.0), chance(0.0, 1.0);
    CutProblem p;
    for (int i = 0; i < layers; ++i) {
        // edge sometimes cheaper, sometimes dearer than cloud
        p.edgeSeconds.push_back(seconds(rng));
        p.cloudSeconds.push_back(seconds(rng));
    }
    // graph inputs read by some early layers
    for (int k = 0; k < 2; ++k) {
        CutTensor t;
        t.producer = 0;
        for (int c = 1; c <= layers; ++c)
            if (c == 1 || chance(rng) < 0.2)
                t.consumers.push_back(c);
        t.seconds = 2.0 * seconds(rng);
        p.tensors.push_back(t);
    }
    for (int i = 1; i <= layers; ++i) {
        CutTensor t;
        t.producer = i;
        for (int c = i + 1; c <= layers; ++c)
            if (chance(rng) < 0.3)
                t.consumers.push_back(c);
        t.gathered = i == layers || chance(rng) < 0.1;
        t.seconds = seconds(rng);
        p.tensors.push_back(t);
    }
    return p;
}

double bruteForce(const CutProblem& p) {
    const int n = static_cast<int>(p.edgeSeconds.size());
    double best = std::numeric_limits<double>::infinity();
    for (int mask = 0; mask < (1 << n); ++mask) {
        std::vector<bool> on(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            on[static_cast<size_t>(i)] = (mask >> i) & 1;
        best = std::min(best, partitionSeconds(p, on));
    }
    return best;
}

std::vector<bool> membership(const CutPartition& c, int layers) {
    std::vector<bool> on(static_cast<size_t>(layers), false);
    for (int l : c.edgeLayers)
        on[static_cast<size_t>(l) - 1] = true;
    return on;
}

} // namespace

class TestMinCut : public QObject {
    Q_OBJECT

private slots:
    void matchesBruteForceOnRandomDags() {
        std::mt19937 rng(12);
        int nonPrefix = 0;
        for (int trial = 0; trial < 300; ++trial) {
            const int layers = 1 + trial % 10;
            const CutProblem p = randomProblem(rng, layers);
            const CutPartition cut = minCutPartition(p);
            const double expected = bruteForce(p);
            QVERIFY(std::isfinite(cut.seconds)); // closed under producers
            QVERIFY(std::is_sorted(cut.edgeLayers.begin(), cut.edgeLayers.end()));
            QCOMPARE(cut.seconds, partitionSeconds(p, membership(cut, layers)));
            QVERIFY2(std::abs(cut.seconds - expected) <= 1e-9 * std::max(1.0, expected),
                     qPrintable(QString("trial %1: cut %2, brute force %3")
                                    .arg(trial)
                                    .arg(cut.seconds)
                                    .arg(expected)));
            if (!cut.edgeLayers.empty() &&
                cut.edgeLayers.back() != static_cast<int>(cut.edgeLayers.size()))
                ++nonPrefix;
        }
        QVERIFY(nonPrefix > 0);
        qInfo("300 random DAGs: min-cut equals brute force; %d optimal edge sets were not a prefix",
              nonPrefix);
    }

    void partitionCostCountsEachTensorOnce() {
        // layer 1 feeds layers 2 and 3 on the cloud: its output is sent once
        CutProblem p;
        p.edgeSeconds = {1, 10, 10};
        p.cloudSeconds = {5, 1, 1};
        p.tensors = {
            {0, {1}, false, 3.0}, {1, {2, 3}, false, 2.0}, {2, {}, true, 0.5}, {3, {}, true, 0.5}};
        QCOMPARE(partitionSeconds(p, {true, false, false}), 1.0 + 1 + 1 + 2.0);
        QCOMPARE(partitionSeconds(p, {false, false, false}), 5.0 + 1 + 1 + 3.0);
        // an edge layer reading a cloud layer's output is not a valid partition
        QVERIFY(std::isinf(partitionSeconds(p, {false, true, false})));
        const CutPartition cut = minCutPartition(p);
        QCOMPARE(cut.edgeLayers, std::vector<int>{1});
        QCOMPARE(cut.seconds, 5.0);
    }

    void optimumNeedNotBeAPrefix() {
        // 1: heavy layer on the raw input (cloud is much faster); 2: a cheap layer that shrinks
        // a second input; 3: joins both. Best: only layer 2 on the edge, not a prefix of 1,2,3.
        CutProblem p;
        p.edgeSeconds = {10, 0.1, 5};
        p.cloudSeconds = {1, 1, 1};
        p.tensors = {{0, {1}, false, 0.5},
                     {0, {2}, false, 4.0},
                     {1, {3}, false, 0.5},
                     {2, {3}, false, 0.2},
                     {3, {}, true, 0.1}};
        const CutPartition cut = minCutPartition(p);
        QCOMPARE(cut.edgeLayers, std::vector<int>{2});
        QCOMPARE(cut.seconds, bruteForce(p));
    }
};

QTEST_GUILESS_MAIN(TestMinCut)
#include "test_min_cut.moc"
