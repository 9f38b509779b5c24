#pragma once

// Deadlines for calls that wait on their peer: one thread that tells each registered call when its
// time is up, so a client that sends half a request and then nothing does not hold the call (and
// the bytes it sent) forever. Calls are held weakly: one that ended before its deadline is simply
// skipped. Part of autosplit_rpc.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace autosplit {

class Expirable {
public:
    virtual ~Expirable() = default;
    // The deadline passed; called on the watchdog's thread, without its lock held.
    virtual void expire() = 0;
};

class CallWatchdog {
public:
    using Clock = std::chrono::steady_clock;
    using Ticket = std::pair<Clock::time_point, uint64_t>;

    CallWatchdog();
    ~CallWatchdog(); // stops the thread; calls still registered never expire
    CallWatchdog(const CallWatchdog&) = delete;
    CallWatchdog& operator=(const CallWatchdog&) = delete;

    Ticket add(Clock::time_point deadline, std::weak_ptr<Expirable> call);
    // The call no longer waits. Its expire() may still be running or about to run on the
    // watchdog's thread; the call decides by its own state whether that still matters.
    void remove(const Ticket& ticket);
    size_t waiting() const;

private:
    void run();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::map<Ticket, std::weak_ptr<Expirable>> m_calls;
    uint64_t m_next = 0;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace autosplit
