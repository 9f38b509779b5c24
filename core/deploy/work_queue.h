#pragma once

// A fixed set of threads taking jobs from a bounded queue: where the cloud runtime runs its
// inferences, off gRPC's own threads (which must not block) and with a limit on how many
// received requests may wait, so a flood is refused at once instead of piling up in memory.
// Part of autosplit_rpc.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace autosplit {

class WorkQueue {
public:
    WorkQueue(int threads, size_t maxWaiting);
    ~WorkQueue(); // runs what is queued, then joins
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;

    // false (and `job` dropped) when `maxWaiting` jobs are already waiting
    bool post(std::function<void()> job);

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    size_t m_maxWaiting;
    bool m_stop = false;
    std::vector<std::thread> m_threads;
};

} // namespace autosplit
