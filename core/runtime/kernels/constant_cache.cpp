#include "constant_cache.h"

namespace autosplit {

ConstantCache& ConstantCache::instance() {
    static ConstantCache* cache = new ConstantCache; // never destroyed: kernels may run during exit
    return *cache;
}

std::shared_ptr<const void> ConstantCache::find(const std::shared_ptr<const Tensor>& constant,
                                                const std::string& kind) {
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find({constant.get(), kind});
    if (it == m_entries.end())
        return nullptr;
    // the same address may now hold a different tensor: the stored one must still be alive
    if (it->second.constant.lock() != constant) {
        m_bytes -= it->second.bytes;
        m_entries.erase(it);
        return nullptr;
    }
    return it->second.value;
}

void ConstantCache::insert(const std::shared_ptr<const Tensor>& constant, const std::string& kind,
                           std::shared_ptr<const void> value, size_t bytes) {
    std::lock_guard lock(m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->second.constant.expired()) {
            m_bytes -= it->second.bytes;
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    if (bytes > kMaxBytes)
        return;
    if (m_bytes + bytes > kMaxBytes) {
        m_entries.clear();
        m_bytes = 0;
    }
    auto [it, inserted] = m_entries.try_emplace({constant.get(), kind});
    if (!inserted)
        m_bytes -= it->second.bytes; // another run packed the same constant meanwhile
    it->second = Entry{constant, std::move(value), bytes};
    m_bytes += bytes;
}

size_t ConstantCache::bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

} // namespace autosplit
