#pragma once

// Background jobs for a QObject that wants their results on its own thread — the explorer's
// engine (open, calibrate, solve, evaluate) and the graph view's layouts. One pattern in one
// place, as hotspot's JobTracker: each job runs on the tracker's worker pool with a cancellation
// token and a generation number; supersede() cancels every running job and bumps the generation,
// so whatever a superseded job still produces — progress, partial or final results — is
// dropped on arrival and listeners only ever see the newest request's outcome. Progress is
// throttled on the worker (at most one report per 50 ms, and only when the bar moves or the
// stage changes) and delivered on the receiver's thread. Destroying the tracker cancels its jobs
// and waits for them, so nothing arrives afterwards.

#include "core/util/progress.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace autosplit::session {

class JobTracker;

// What a job's work function gets: its token, throttled progress and a way to hand over partial
// results. Lives on the worker thread for the job's duration.
class JobContext {
public:
    const CancellationToken& cancel() const { return m_cancel; }
    bool isCancelled() const { return m_cancel.isCancelled(); }
    // `fraction` in [0, 1] of the job; `stage` is the receiver's own code for what runs.
    void progress(double fraction, int stage = 0);
    // The core's callback shape, for passing straight to core functions; `stage` as above.
    ProgressCallback progressCallback(int stage = 0, double from = 0.0, double to = 1.0);
    // Runs `f` on the receiver's thread if the job is still current when it gets there.
    void post(std::function<void()> f);

private:
    friend class JobTracker;
    JobContext(JobTracker* tracker, quint64 generation, CancellationToken cancel)
        : m_tracker(tracker), m_generation(generation), m_cancel(std::move(cancel)) {
        m_sinceLast.start();
    }
    JobTracker* m_tracker;
    quint64 m_generation;
    CancellationToken m_cancel;
    QElapsedTimer m_sinceLast;
    int m_permille = -1;
    int m_stage = -1;
};

class JobTracker {
public:
    using ProgressHandler = std::function<void(int permille, int stage)>;

    // Results go to `receiver`'s thread. `maxThreads`: jobs that may run at once (a superseded
    // job winding down to its next cancellation check counts).
    explicit JobTracker(QObject* receiver, int maxThreads = 2);
    ~JobTracker();
    JobTracker(const JobTracker&) = delete;
    JobTracker& operator=(const JobTracker&) = delete;

    // Called on the receiver's thread with the current jobs' throttled progress.
    void setProgressHandler(ProgressHandler handler) { m_progress = std::move(handler); }

    // Runs `work(JobContext&)` on a worker; `done(result)` follows on the receiver's thread
    // unless the job was superseded meanwhile. Jobs started within one generation all count.
    template <typename Work, typename Done> void start(Work work, Done done);
    // supersede() and start(): the usual "newest request wins".
    template <typename Work, typename Done> void restart(Work work, Done done) {
        supersede();
        start(std::move(work), std::move(done));
    }

    // Cancels the running jobs; their results are dropped.
    void supersede();
    // Whether a job of the current generation has not delivered yet.
    bool isRunning() const { return m_running > 0; }
    quint64 generation() const { return m_generation; }
    bool isCurrent(quint64 generation) const { return generation == m_generation; }
    // Blocks until no worker runs any more (superseded ones too); for tests and shutdown.
    bool waitForDone(int msecs = -1) { return m_pool.waitForDone(msecs); }

private:
    friend class JobContext;
    void deliverProgress(quint64 generation, int permille, int stage);
    void jobEnded(quint64 generation);
    void postToReceiver(quint64 generation, std::function<void()> f);

    QPointer<QObject> m_receiver;
    QThreadPool m_pool;
    quint64 m_generation = 0;
    CancellationToken m_cancel;
    int m_running = 0;
    ProgressHandler m_progress;
};

template <typename Work, typename Done> void JobTracker::start(Work work, Done done) {
    using Output = std::invoke_result_t<Work&, JobContext&>;
    const quint64 generation = m_generation;
    const CancellationToken cancel = m_cancel;
    ++m_running;
    m_pool.start(
        [this, generation, cancel, work = std::move(work), done = std::move(done)]() mutable {
            JobContext context(this, generation, cancel);
            if (cancel.isCancelled()) {
                postToReceiver(generation, [this, generation] { jobEnded(generation); });
                return; // superseded before it started
            }
            if constexpr (std::is_void_v<Output>) {
                work(context);
                postToReceiver(generation, [this, generation, done = std::move(done)]() mutable {
                    jobEnded(generation);
                    done();
                });
            } else {
                auto output = std::make_shared<Output>(work(context));
                postToReceiver(generation,
                               [this, generation, output, done = std::move(done)]() mutable {
                                   jobEnded(generation);
                                   done(std::move(*output));
                               });
            }
        });
}

} // namespace autosplit::session
