#include "core/deploy/work_queue.h"

#include <algorithm>

namespace autosplit {

WorkQueue::WorkQueue(int threads, size_t maxWaiting) : m_maxWaiting(maxWaiting) {
    for (int i = 0; i < std::max(1, threads); ++i)
        m_threads.emplace_back([this] { run(); });
}

WorkQueue::~WorkQueue() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (auto& t : m_threads)
        t.join();
}

bool WorkQueue::post(std::function<void()> job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_jobs.size() >= m_maxWaiting)
            return false;
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
    return true;
}

void WorkQueue::run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_jobs.empty())
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job();
    }
}

} // namespace autosplit
