// session::JobTracker, which runs every background job of the explorer: results arrive on the
// receiver's thread, only the newest generation's; supersede() drops what running jobs still
// deliver (final and partial results, progress) and cancels them; progress is throttled; jobs of
// one generation all deliver; destroying the tracker waits for its workers.

#include "session/job_tracker.h"

#include <QCoreApplication>
#include <QSemaphore>
#include <QThread>
#include <QtTest>

#include <atomic>

using namespace autosplit;
using namespace autosplit::session;

class TestJobTracker : public QObject {
    Q_OBJECT

private slots:
    void resultOnTheReceiversThread();
    void newestRequestWins();
    void partialResultsAndProgressOfSupersededJobsAreDropped();
    void progressIsThrottled();
    void jobsOfOneGenerationAllDeliver();
    void destructionWaitsForWorkers();
};

void TestJobTracker::resultOnTheReceiversThread() {
    QObject receiver;
    JobTracker jobs(&receiver);
    QThread* worker = nullptr;
    QThread* delivered = nullptr;
    int result = 0;
    jobs.start(
        [&](JobContext&) {
            worker = QThread::currentThread();
            return 42;
        },
        [&](int value) {
            delivered = QThread::currentThread();
            result = value;
        });
    QVERIFY(jobs.isRunning());
    QTRY_COMPARE(result, 42);
    QVERIFY(worker != QThread::currentThread());
    QCOMPARE(delivered, QThread::currentThread());
    QVERIFY(!jobs.isRunning());
}

void TestJobTracker::newestRequestWins() {
    QObject receiver;
    JobTracker jobs(&receiver);
    QSemaphore started, release;
    std::atomic<bool> firstSawCancel = false;
    QStringList delivered;
    jobs.start(
        [&](JobContext& job) {
            started.release();
            release.acquire();
            firstSawCancel = job.isCancelled();
            return QStringLiteral("first");
        },
        [&](const QString& s) { delivered << s; });
    started.acquire();
    jobs.restart([](JobContext&) { return QStringLiteral("second"); },
                 [&](const QString& s) { delivered << s; });
    release.release();
    QTRY_COMPARE(delivered, QStringList{QStringLiteral("second")});
    QVERIFY(jobs.waitForDone(5000));
    QCoreApplication::processEvents();
    QCOMPARE(delivered, QStringList{QStringLiteral("second")});
    QVERIFY(firstSawCancel);
}

void TestJobTracker::partialResultsAndProgressOfSupersededJobsAreDropped() {
    QObject receiver;
    JobTracker jobs(&receiver);
    QList<int> progress;
    jobs.setProgressHandler([&](int permille, int) { progress << permille; });
    QSemaphore posted, release;
    int partial = 0;
    bool done = false;
    jobs.start(
        [&](JobContext& job) {
            job.progress(0.5);
            job.post([&] { ++partial; });
            posted.release();
            release.acquire();
            return 0;
        },
        [&](int) { done = true; });
    posted.acquire();
    jobs.supersede(); // before the queued progress, partial result and result are handled
    release.release();
    QVERIFY(jobs.waitForDone(5000));
    QCoreApplication::processEvents();
    QCOMPARE(partial, 0);
    QVERIFY(progress.isEmpty());
    QVERIFY(!done);
    QVERIFY(!jobs.isRunning());
}

void TestJobTracker::progressIsThrottled() {
    QObject receiver;
    JobTracker jobs(&receiver);
    QList<int> progress;
    jobs.setProgressHandler([&](int permille, int stage) { progress << permille * 10 + stage; });
    bool done = false;
    jobs.start(
        [](JobContext& job) {
            for (int i = 0; i <= 1000; ++i)
                job.progress(i / 1000.0, 1); // a thousand reports in well under 50 ms
            job.progress(0.0, 2);            // a new stage always goes through
            return 0;
        },
        [&](int) { done = true; });
    QTRY_VERIFY(done);
    QVERIFY2(progress.size() <= 4, qPrintable(QString::number(progress.size())));
    QCOMPARE(progress.first(), 0 * 10 + 1);
    QCOMPARE(progress.last(), 0 * 10 + 2);
}

void TestJobTracker::jobsOfOneGenerationAllDeliver() {
    QObject receiver;
    JobTracker jobs(&receiver, 1);
    int sum = 0;
    for (int i = 1; i <= 3; ++i)
        jobs.start([i](JobContext&) { return i; }, [&](int v) { sum += v; });
    QTRY_COMPARE(sum, 6);
    QVERIFY(!jobs.isRunning());
}

void TestJobTracker::destructionWaitsForWorkers() {
    std::atomic<bool> finished = false;
    {
        QObject receiver;
        JobTracker jobs(&receiver);
        jobs.start(
            [&](JobContext& job) {
                while (!job.isCancelled())
                    QThread::msleep(1);
                QThread::msleep(20);
                finished = true;
            },
            [] {});
        QThread::msleep(10);
    }
    QVERIFY(finished);                 // the tracker cancelled the job and waited for it
    QCoreApplication::processEvents(); // nothing is delivered to the gone receiver
}

QTEST_GUILESS_MAIN(TestJobTracker)
#include "test_job_tracker.moc"
