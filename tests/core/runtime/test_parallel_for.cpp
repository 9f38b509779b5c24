// parallelFor, the kernels' loop over a worker pool: every index runs exactly once for any count,
// grain and thread count, nested and concurrent calls work, and one thread means the caller alone.

#include "core/runtime/kernels/parallel_for.h"

#include <QtTest>

#include <atomic>
#include <numeric>
#include <set>
#include <thread>
#include <vector>

using namespace autosplit;

class TestParallelFor : public QObject {
    Q_OBJECT

private slots:
    void coversEveryIndexOnce();
    void singleThreadRunsInTheCaller();
    void nestedCalls();
    void concurrentCallers();
};

void TestParallelFor::coversEveryIndexOnce() {
    for (int threads : {1, 2, 3, 8})
        for (int64_t count : {0, 1, 2, 7, 100, 1000})
            for (int64_t grain : {0, 1, 3, 64}) {
                std::vector<std::atomic<int>> hits(static_cast<size_t>(count));
                std::atomic<int> badChunks{0};
                parallelFor(
                    count, threads,
                    [&](int64_t begin, int64_t end) {
                        if (begin >= end || (grain > 0 && end - begin > grain))
                            ++badChunks;
                        for (int64_t i = begin; i < end; ++i)
                            ++hits[static_cast<size_t>(i)];
                    },
                    grain);
                QCOMPARE(badChunks.load(), 0);
                for (int64_t i = 0; i < count; ++i)
                    QCOMPARE(hits[static_cast<size_t>(i)].load(), 1);
            }
}

void TestParallelFor::singleThreadRunsInTheCaller() {
    std::set<std::thread::id> ids;
    parallelFor(
        100, 1, [&](int64_t, int64_t) { ids.insert(std::this_thread::get_id()); }, 1);
    QCOMPARE(ids.size(), size_t(1));
    QCOMPARE(*ids.begin(), std::this_thread::get_id());
}

void TestParallelFor::nestedCalls() {
    std::atomic<int64_t> sum{0};
    parallelFor(
        16, 2,
        [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i)
                parallelFor(
                    100, 2,
                    [&](int64_t b, int64_t e) {
                        for (int64_t j = b; j < e; ++j)
                            sum += i * 100 + j;
                    },
                    7);
        },
        1);
    // sum over i < 16, j < 100 of (100 i + j)
    QCOMPARE(sum.load(), int64_t(100 * 100 * (15 * 16 / 2) + 16 * (99 * 100 / 2)));
}

void TestParallelFor::concurrentCallers() {
    std::vector<int64_t> results(4, 0);
    std::vector<std::thread> callers;
    for (size_t c = 0; c < results.size(); ++c)
        callers.emplace_back([&, c] {
            for (int round = 0; round < 50; ++round) {
                std::atomic<int64_t> sum{0};
                parallelFor(1000, 2, [&](int64_t b, int64_t e) {
                    int64_t local = 0;
                    for (int64_t i = b; i < e; ++i)
                        local += i;
                    sum += local;
                });
                results[c] += sum.load();
            }
        });
    for (auto& t : callers)
        t.join();
    for (int64_t r : results)
        QCOMPARE(r, int64_t(50) * (999 * 1000 / 2));
}

QTEST_GUILESS_MAIN(TestParallelFor)
#include "test_parallel_for.moc"
