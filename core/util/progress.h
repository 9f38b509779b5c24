#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string_view>

namespace autosplit {

// Reports progress of long work as a fraction in [0, 1] with a short stage name.
using ProgressCallback = std::function<void(double fraction, std::string_view stage)>;

// Shared flag a caller sets to ask long work to stop at its next check point.
// Copies share the flag, so the GUI can keep one and hand another to a worker thread.
class CancellationToken {
public:
    CancellationToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

inline void reportProgress(const ProgressCallback& progress, double fraction,
                           std::string_view stage) {
    if (progress)
        progress(fraction, stage);
}

} // namespace autosplit
