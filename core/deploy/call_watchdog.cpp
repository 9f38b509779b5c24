#include "core/deploy/call_watchdog.h"

#include <vector>

namespace autosplit {

CallWatchdog::CallWatchdog() : m_thread([this] { run(); }) {}

CallWatchdog::~CallWatchdog() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

CallWatchdog::Ticket CallWatchdog::add(Clock::time_point deadline, std::weak_ptr<Expirable> call) {
    Ticket ticket;
    bool earliest = false;
    {
        std::lock_guard lock(m_mutex);
        ticket = {deadline, m_next++};
        m_calls.emplace(ticket, std::move(call));
        earliest = m_calls.begin()->first == ticket;
    }
    if (earliest)
        m_wake.notify_all();
    return ticket;
}

void CallWatchdog::remove(const Ticket& ticket) {
    std::lock_guard lock(m_mutex);
    m_calls.erase(ticket);
}

size_t CallWatchdog::waiting() const {
    std::lock_guard lock(m_mutex);
    return m_calls.size();
}

void CallWatchdog::run() {
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (m_calls.empty()) {
            m_wake.wait(lock);
            continue;
        }
        const auto next = m_calls.begin()->first.first;
        if (Clock::now() < next) {
            m_wake.wait_until(lock, next);
            continue;
        }
        // taken out under the lock, told without it: expire() answers the call, which may end it
        // and have it remove itself from here
        std::vector<std::shared_ptr<Expirable>> due;
        const auto now = Clock::now();
        while (!m_calls.empty() && m_calls.begin()->first.first <= now) {
            if (auto call = m_calls.begin()->second.lock())
                due.push_back(std::move(call));
            m_calls.erase(m_calls.begin());
        }
        lock.unlock();
        for (auto& call : due)
            call->expire();
        due.clear();
        lock.lock();
    }
}

} // namespace autosplit
