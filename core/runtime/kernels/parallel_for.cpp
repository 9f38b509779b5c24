#include "core/runtime/kernels/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AUTOSPLIT_PAUSE() _mm_pause()
#else
#define AUTOSPLIT_PAUSE() std::this_thread::yield()
#endif

namespace autosplit {

namespace {

struct Job {
    const std::function<void(int64_t, int64_t)>* body = nullptr;
    int64_t count = 0, grain = 1, chunks = 0;
    std::atomic<int64_t> next{0}; // next chunk to hand out
    std::atomic<int64_t> done{0}; // chunks finished
    std::atomic<int> helpers{0};  // workers that may still join

    // Runs chunks until none is left.
    void work() {
        for (;;) {
            const int64_t chunk = next.fetch_add(1, std::memory_order_relaxed);
            if (chunk >= chunks)
                return;
            const int64_t begin = chunk * grain;
            (*body)(begin, std::min(count, begin + grain));
            done.fetch_add(1, std::memory_order_release);
        }
    }
};

class WorkerPool {
public:
    static WorkerPool& instance() {
        static WorkerPool* pool =
            new WorkerPool; // never destroyed: workers live as long as the process
        return *pool;
    }

    void run(const std::shared_ptr<Job>& job, int helpers) {
        ensureWorkers(helpers);
        job->helpers.store(helpers, std::memory_order_relaxed);
        {
            std::lock_guard lock(m_mutex);
            m_jobs.push_back(job);
        }
        m_epoch.fetch_add(1, std::memory_order_release);
        m_wake.notify_all();
        job->work();
        {
            std::lock_guard lock(m_mutex);
            m_jobs.erase(std::find(m_jobs.begin(), m_jobs.end(), job));
        }
        // wait only for the chunks workers took
        for (int spins = 0; job->done.load(std::memory_order_acquire) < job->chunks; ++spins) {
            if (spins < 4096)
                AUTOSPLIT_PAUSE();
            else
                std::this_thread::yield();
        }
    }

private:
    void ensureWorkers(int wanted) {
        std::lock_guard lock(m_mutex);
        for (; m_workers < wanted; ++m_workers)
            std::thread([this] { loop(); }).detach();
    }

    // A job that still wants a helper, with the helper slot taken; null if none.
    std::shared_ptr<Job> takeJob() {
        for (const auto& job : m_jobs) {
            int helpers = job->helpers.load(std::memory_order_relaxed);
            while (helpers > 0 && job->next.load(std::memory_order_relaxed) < job->chunks) {
                if (job->helpers.compare_exchange_weak(helpers, helpers - 1))
                    return job;
            }
        }
        return nullptr;
    }

    void loop() {
        uint64_t seen = m_epoch.load(std::memory_order_acquire);
        for (;;) {
            // Spin briefly for the next job (kernels come back to back), then sleep.
            const auto spinUntil = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
            while (m_epoch.load(std::memory_order_acquire) == seen &&
                   std::chrono::steady_clock::now() < spinUntil)
                for (int i = 0; i < 64; ++i)
                    AUTOSPLIT_PAUSE();
            std::shared_ptr<Job> job;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [&] {
                    return m_epoch.load(std::memory_order_acquire) != seen || hasWork();
                });
                seen = m_epoch.load(std::memory_order_acquire);
                job = takeJob();
            }
            if (job)
                job->work();
        }
    }

    bool hasWork() const {
        for (const auto& job : m_jobs)
            if (job->helpers.load(std::memory_order_relaxed) > 0 &&
                job->next.load(std::memory_order_relaxed) < job->chunks)
                return true;
        return false;
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<Job>> m_jobs;
    int m_workers = 0;
    std::atomic<uint64_t> m_epoch{0};
};

} // namespace

void parallelFor(int64_t count, int threads, const std::function<void(int64_t, int64_t)>& body,
                 int64_t grain) {
    if (count <= 0)
        return;
    if (grain <= 0)
        grain = (count + 4 * threads - 1) / (4 * std::max(1, threads));
    grain = std::max<int64_t>(1, grain);
    const int64_t chunks = (count + grain - 1) / grain;
    const int helpers = static_cast<int>(std::min<int64_t>(threads, chunks)) - 1;
    if (helpers <= 0) {
        for (int64_t begin = 0; begin < count; begin += grain)
            body(begin, std::min(count, begin + grain));
        return;
    }
    auto job = std::make_shared<Job>();
    job->body = &body;
    job->count = count;
    job->grain = grain;
    job->chunks = chunks;
    WorkerPool::instance().run(job, helpers);
}

} // namespace autosplit
