#include "session/job_tracker.h"

#include <QMetaObject>
#include <QThread>

#include <algorithm>

namespace autosplit::session {

namespace {

constexpr qint64 kProgressIntervalMs = 50;

} // namespace

void JobContext::progress(double fraction, int stage) {
    const int permille = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000.0);
    if (stage == m_stage && (permille <= m_permille || m_sinceLast.elapsed() < kProgressIntervalMs))
        return;
    m_permille = permille;
    m_stage = stage;
    m_sinceLast.restart();
    JobTracker* tracker = m_tracker;
    const quint64 generation = m_generation;
    tracker->postToReceiver(generation, [tracker, generation, permille, stage] {
        tracker->deliverProgress(generation, permille, stage);
    });
}

ProgressCallback JobContext::progressCallback(int stage, double from, double to) {
    return [this, stage, from, to](double f, std::string_view) {
        progress(from + (to - from) * f, stage);
    };
}

void JobContext::post(std::function<void()> f) {
    JobTracker* tracker = m_tracker;
    const quint64 generation = m_generation;
    tracker->postToReceiver(generation, [tracker, generation, f = std::move(f)] {
        if (tracker->isCurrent(generation))
            f();
    });
}

JobTracker::JobTracker(QObject* receiver, int maxThreads) : m_receiver(receiver) {
    m_pool.setMaxThreadCount(std::max(maxThreads, 1));
}

JobTracker::~JobTracker() {
    supersede();
    // Workers post to the receiver; once they are done, Qt discards what is still queued for it
    // when the receiver goes (the tracker is its member), and stale generations drop the rest.
    m_pool.waitForDone();
}

void JobTracker::supersede() {
    m_cancel.cancel(); // the running jobs stop at their next check
    m_cancel = CancellationToken();
    ++m_generation;
    m_running = 0;
}

void JobTracker::postToReceiver(quint64 generation, std::function<void()> f) {
    QObject* receiver = m_receiver.data();
    if (!receiver)
        return;
    QMetaObject::invokeMethod(
        receiver,
        [this, generation, f = std::move(f)] {
            if (isCurrent(generation))
                f();
        },
        Qt::QueuedConnection);
}

void JobTracker::deliverProgress(quint64 generation, int permille, int stage) {
    if (isCurrent(generation) && m_progress)
        m_progress(permille, stage);
}

void JobTracker::jobEnded(quint64 generation) {
    if (isCurrent(generation) && m_running > 0)
        --m_running;
}

} // namespace autosplit::session
